"""The jobs list's filters, for the portal and the API alike (jobs.selectors.job_list)."""

from __future__ import annotations

import django_filters

from companies.filters import CompanyFilterSet, TextSearchFilter
from jobs.models import JobDescription, JobStatus


class JobFilter(CompanyFilterSet):
    search = TextSearchFilter(
        fields=("title", "description", "location"),
        listing=("skills_required",),
        help_text="Text in title, description or location, or a required skill",
    )
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    aliases = {"q": "search"}

    class Meta:
        model = JobDescription
        fields: list[str] = []
