"""The talent pool's filters, for the portal and the API alike (resumes.selectors.resume_list)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from companies.filters import CompanyFilterSet, TextSearchFilter
from resumes.models import Resume, ResumeStatus


class ResumeFilter(CompanyFilterSet):
    search = TextSearchFilter(
        fields=("candidate_name", "email", "original_filename", "location"),
        listing=("skill_names",),
        help_text="Name, email, file name or location, or a skill",
    )
    status = django_filters.ChoiceFilter(choices=ResumeStatus.choices)
    skill = django_filters.CharFilter(
        method="filter_skill", max_length=200, help_text="Only candidates with this skill (any case)"
    )

    aliases = {"q": "search"}

    class Meta:
        model = Resume
        fields: list[str] = []

    def filter_skill(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from resumes.selectors import has_skill_ci

        return queryset.filter(has_skill_ci(value.strip())) if value.strip() else queryset
