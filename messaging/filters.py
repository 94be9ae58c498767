"""The email templates list's filters (messaging.selectors.template_list)."""

from __future__ import annotations

import django_filters

from companies.filters import CompanyFilterSet
from messaging.models import EmailTemplate, TemplateKind


class EmailTemplateFilter(CompanyFilterSet):
    kind = django_filters.ChoiceFilter(choices=TemplateKind.choices)

    class Meta:
        model = EmailTemplate
        fields: list[str] = []
