"""The public job list's filters (careers.selectors.filtered_jobs): the same machinery
as the portal's lists, so a value it cannot read is named rather than ignored."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from companies.filters import CompanyFilterSet, FlagFilter
from jobs.models import JobDescription, Workplace


class CareersJobFilter(CompanyFilterSet):
    location = django_filters.CharFilter(field_name="location", lookup_expr="iexact", max_length=200)
    department = django_filters.CharFilter(field_name="department", lookup_expr="iexact", max_length=100)
    remote = FlagFilter(method="filter_remote", help_text="Only remote jobs")

    class Meta:
        model = JobDescription
        fields: list[str] = []

    def filter_remote(self, queryset: QuerySet[JobDescription], name: str, value: bool) -> QuerySet[JobDescription]:
        return queryset.filter(workplace=Workplace.REMOTE) if value else queryset
