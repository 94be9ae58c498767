"""The interviews list's filters, for the portal and the API alike (interviews.selectors.interview_list)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import User
from companies.filters import CompanyFilterSet, FlagFilter
from interviews.models import Interview, InterviewStatus
from jobs.models import JobDescription
from resumes.models import Resume

# The portal's "Show" choice: whose interviews, and whether past ones too.
SCOPES = {"mine": "Upcoming for me", "company": "Upcoming for the company", "all": "All, including past"}


class MomentField(forms.Field):
    """An ISO 8601 date-time (UTC without an offset) or a date; as an end bound, a date
    includes that whole day."""

    def __init__(self, *, end: bool = False, **kwargs: Any) -> None:
        self.end = end
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        if value in (None, ""):
            return None
        text = str(value).strip()
        moment = parse_datetime(text) if "T" in text or " " in text else None
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            raise ValidationError("Give a date (2026-11-02) or a date-time (2026-11-02T09:00:00Z).", code="invalid")
        return datetime.combine(day + timedelta(days=1) if self.end else day, time.min, tzinfo=UTC)


@extend_schema_field(OpenApiTypes.STR)
class MomentFilter(django_filters.Filter):
    field_class = MomentField


class InterviewerField(forms.ModelChoiceField):
    """A user of the company by id, or `me`: whoever asks."""

    def __init__(self, *args: Any, me: Any = None, **kwargs: Any) -> None:
        self.me = me
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value == "me" and self.me is not None:
            return self.me
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.STR)
class InterviewerFilter(django_filters.ModelChoiceFilter):
    field_class = InterviewerField


class InterviewFilter(CompanyFilterSet):
    job = django_filters.ModelChoiceFilter(
        queryset=JobDescription.objects.all(), help_text="Only this job's interviews"
    )
    resume = django_filters.ModelChoiceFilter(
        queryset=Resume.objects.all(), help_text="Only this candidate's interviews (`candidate` is the same)"
    )
    interviewer = InterviewerFilter(
        field_name="interviewers", queryset=User.objects.all(), help_text="A user id, or `me`"
    )
    status = django_filters.ChoiceFilter(choices=InterviewStatus.choices)
    upcoming = FlagFilter(method="filter_upcoming", help_text="Only scheduled interviews that have not ended")
    scope = django_filters.ChoiceFilter(
        choices=list(SCOPES.items()),
        method="filter_scope",
        help_text="The portal's views: `mine` (upcoming, yours), `company` (upcoming), `all` (latest first)",
    )

    aliases = {"candidate": "resume"}

    class Meta:
        model = Interview
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["interviewer"].extra["me"] = self.user

    def filter_upcoming(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        from interviews.selectors import upcoming_only

        return upcoming_only(queryset) if value else queryset

    def filter_scope(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from interviews.selectors import upcoming_only

        if value == "all":
            return queryset.order_by("-scheduled_at", "-id")
        if value == "mine":
            queryset = queryset.filter(interviewers=self.user) if self.user is not None else queryset.none()
        return upcoming_only(queryset)


# `from` and `to` are the API's names, and `from` is a Python keyword: declared here.
InterviewFilter.base_filters["from"] = MomentFilter(
    field_name="scheduled_at",
    lookup_expr="gte",
    help_text="Starting at or after this date or date-time (ISO 8601, UTC if no offset)",
)
InterviewFilter.base_filters["to"] = MomentFilter(
    field_name="scheduled_at",
    lookup_expr="lt",
    end=True,
    help_text="Starting before this date-time, or on or before this date",
)
