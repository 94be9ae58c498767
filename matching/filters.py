"""A job's candidates' filters: one reading of them for the ranked list, the board,
both exports, the bulk actions' "all that match" and GET /api/v1/jobs/{id}/candidates
(matching.selectors.ranked_candidates applies them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from companies.filters import CompanyFilterSet, FlagFilter, TextSearchFilter, UUIDListFilter
from matching import skills
from matching.models import MatchResult, MatchSource
from pipeline.models import Stage
from pipeline.status import CandidateStatus, kinds_of
from resumes.selectors import has_skill_ci

SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "score": ("-match_score",),
    "similarity": ("-similarity_score",),
    "skills": ("-skills_score",),
    "experience": (F("experience_score").desc(nulls_last=True),),
    "name": ("resume__candidate_name",),
    "recent": ("-resume__created_at",),
    "status": (F("stage_position").asc(nulls_first=True), "-match_score"),
}


def sorted_by(matches: QuerySet[MatchResult], sort: str) -> QuerySet[MatchResult]:
    # The resume id last: a stable order for pages and exports among equal scores.
    return matches.order_by(*SORTS[sort], "resume_id")


class SkillsFilter(django_filters.CharFilter):
    """Rows whose resume shows every skill named (comma-separated), each under any of its
    aliases: a job's matches, or its candidacies (pipeline.selectors.unscored_candidacies)."""

    def filter(self, qs: QuerySet, value: str | None) -> QuerySet:
        for skill in (part.strip() for part in (value or "").split(",")):
            if skill:
                qs = qs.filter(has_skill_ci(skills.canonical_skill(skill) or skill, prefix="resume__"))
        return qs


class CandidateFilter(CompanyFilterSet):
    """Filters of a queryset of a job's matches annotated by selectors.with_candidacy."""

    status = django_filters.ChoiceFilter(
        choices=CandidateStatus.choices,
        method="filter_status",
        help_text="The API status the candidate's stage reads as (`pending` includes suggestions)",
    )
    stage = extend_schema_field(OpenApiTypes.UUID)(
        django_filters.ModelChoiceFilter(
            queryset=Stage.objects.all(),
            method="filter_stage",
            help_text="Only candidates in this stage (its id)",
        )
    )
    min_score = django_filters.NumberFilter(
        field_name="match_score", lookup_expr="gte", help_text="Only candidates scoring at least this (0–100)"
    )
    skill = SkillsFilter(max_length=200, help_text="Only candidates with these skills, comma-separated (aliases count)")
    q = TextSearchFilter(
        fields=("resume__candidate_name", "resume__current_title", "resume__email", "resume__original_filename"),
        max_length=100,
        help_text="Only candidates whose name, current title or email contains this",
    )
    meets_gates = FlagFilter(method="filter_meets_gates", help_text="Only candidates meeting every must-have")
    resume = UUIDListFilter(field_name="resume", help_text="Only these candidates (resume ids; repeat the parameter)")
    all_matching = FlagFilter(
        method="filter_nothing", help_text="Every candidate the filters match: `resume` is ignored"
    )
    include_suggested = FlagFilter(method="filter_nothing", help_text="Add talent-pool suggestions")
    sort = django_filters.ChoiceFilter(choices=[(key, key) for key in SORTS], method="filter_sort")

    class Meta:
        model = MatchResult
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[MatchResult]) -> QuerySet[MatchResult]:
        data = self.form.cleaned_data
        if not data.get("include_suggested"):
            # Talent-pool suggestions are not candidates until a recruiter adds them.
            queryset = queryset.exclude(source=MatchSource.SUGGESTED)
        if data.get("all_matching"):
            data["resume"] = []  # the whole filtered list is meant, not the ticked few
        return super().filter_queryset(queryset)

    def filter_nothing(self, queryset: QuerySet[MatchResult], name: str, value: bool) -> QuerySet[MatchResult]:
        return queryset  # read by filter_queryset

    def filter_status(self, queryset: QuerySet[MatchResult], name: str, value: str) -> QuerySet[MatchResult]:
        in_status = Q(stage_kind__in=kinds_of(value))
        # "pending" is also every candidate without a candidacy yet (suggestions).
        return queryset.filter(
            in_status | Q(candidacy_id__isnull=True) if value == CandidateStatus.PENDING else in_status
        )

    def filter_stage(self, queryset: QuerySet[MatchResult], name: str, value: Stage) -> QuerySet[MatchResult]:
        return queryset.filter(stage_id=value.pk)  # type: ignore[misc]  # with_candidacy's annotation

    def filter_meets_gates(self, queryset: QuerySet[MatchResult], name: str, value: bool) -> QuerySet[MatchResult]:
        return queryset.filter(meets_all_gates=True) if value else queryset

    def filter_sort(self, queryset: QuerySet[MatchResult], name: str, value: str) -> QuerySet[MatchResult]:
        return sorted_by(queryset, value)


def candidate_filter_values(data: Mapping[str, Any] | None, *, company: Any) -> dict[str, Any]:
    """CandidateFilter's reading of `data` as plain values, for rows that are not match
    rows: the board's candidates without a score yet (pipeline.selectors). Raises
    ValidationError for what the FilterSet refuses."""
    filterset = CandidateFilter(data if data is not None else {}, MatchResult.objects.none(), company=company)
    if not filterset.is_valid():
        raise ValidationError(filterset.form.errors.as_data())
    values = filterset.form.cleaned_data
    return {
        "status": values["status"] or "",
        "stage": values["stage"].pk if values["stage"] else None,
        "min_score": float(values["min_score"]) if values["min_score"] is not None else None,
        "skill": values["skill"] or "",
        "text": values["q"] or "",
        "meets_gates": bool(values["meets_gates"]),
        "resume_ids": [] if values["all_matching"] else list(values["resume"]),
        "sort": values["sort"] or "score",
    }


# The filters a link keeps (the tab switch, the exports, the address bar): not the
# selection, nor whether suggestions are added.
LISTED = ("status", "stage", "min_score", "skill", "q", "meets_gates", "sort")
