"""The jobs list's filters, for the portal and the API alike (jobs.selectors.job_list)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from companies.filters import CompanyFilterSet
from jobs.models import JobDescription, JobStatus


class JobFilter(CompanyFilterSet):
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Text in title, description or location, or a required skill"
    )
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    aliases = {"q": "search"}

    class Meta:
        model = JobDescription
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(location__icontains=value)
            | Q(skills_required__contains=[value])
        )
