"""The shared links list's filters (sharing.selectors.shared_link_list)."""

from __future__ import annotations

import django_filters

from companies.filters import CompanyFilterSet
from resumes.models import Resume
from sharing.models import SharedLink


class SharedLinkFilter(CompanyFilterSet):
    resume = django_filters.ModelChoiceFilter(queryset=Resume.objects.all(), help_text="Only this candidate's links")

    class Meta:
        model = SharedLink
        fields: list[str] = []
