"""Read queries of interviews shared by the portal, the API and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, QuerySet, Value
from django.utils import timezone

from interviews.models import Interview, InterviewFeedback, InterviewStatus
from interviews.services import MAX_DURATION


def _ends_at():
    return ExpressionWrapper(
        F("scheduled_at") + ExpressionWrapper(F("duration_minutes") * Value(timedelta(minutes=1)), output_field=DurationField()),
        output_field=DateTimeField(),
    )


def _with_related(interviews: QuerySet[Interview]) -> QuerySet[Interview]:
    return (
        interviews.select_related("resume", "job", "created_by", "rescheduled_to")
        .prefetch_related("interviewers")
        .defer(
            "resume__content", "resume__embedding", "resume__sections", "resume__extracted_skills",
            "job__description", "job__requirements", "job__embedding",
        )
    )


def interview_list(
    *,
    company,
    job=None,
    resume=None,
    interviewer=None,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str = "",
    upcoming: bool = False,
) -> QuerySet[Interview]:
    """A company's interviews, soonest first, narrowed by any of the filters.

    `start`/`end` bound the start time (`start` inclusive, `end` exclusive);
    `upcoming` keeps scheduled interviews that have not ended yet.
    """
    interviews = Interview.objects.for_company(company)
    if job is not None:
        interviews = interviews.filter(job=job)
    if resume is not None:
        interviews = interviews.filter(resume=resume)
    if interviewer is not None:
        interviews = interviews.filter(interviewers=interviewer)
    if start is not None:
        interviews = interviews.filter(scheduled_at__gte=start)
    if end is not None:
        interviews = interviews.filter(scheduled_at__lt=end)
    if status:
        interviews = interviews.filter(status=status)
    if upcoming:
        interviews = interviews.filter(status=InterviewStatus.SCHEDULED).alias(ends=_ends_at()).filter(
            ends__gt=timezone.now()
        )
    return _with_related(interviews).order_by("scheduled_at", "id")


def upcoming_for_user(*, user) -> QuerySet[Interview]:
    return interview_list(company=user.company, interviewer=user, upcoming=True)


def resume_interviews(*, company, resume) -> QuerySet[Interview]:
    """A candidate's interviews, latest first: the candidate page lists history too."""
    return interview_list(company=company, resume=resume).order_by("-scheduled_at", "-id")


def interview_get(*, company, pk) -> Interview:
    from companies.tenancy import get_for_company_or_404

    return get_for_company_or_404(_with_related(Interview.objects.all()), company, pk=pk)


@dataclass(frozen=True)
class Conflict:
    interviewer: object
    other: Interview

    def __str__(self) -> str:
        other = self.other
        start = other.local_start
        return (
            f"{self.interviewer} already has an interview {start:%a %b %d, %H:%M} {start.tzname()}"
            f"–{(start + timedelta(minutes=other.duration_minutes)):%H:%M} with {other.resume.display_name}."
        )


def interview_conflicts(*, interview: Interview) -> list[Conflict]:
    """Scheduled interviews that overlap this one for any of its interviewers (a warning, not a rule)."""
    if interview.status != InterviewStatus.SCHEDULED:
        return []
    people = list(interview.interviewers.all())
    if not people:
        return []
    # Nothing longer than MAX_DURATION exists, so only starts in this window can overlap.
    others = (
        Interview.objects.for_company(interview.company_id)
        .filter(
            status=InterviewStatus.SCHEDULED,
            interviewers__in=people,
            scheduled_at__lt=interview.ends_at,
            scheduled_at__gt=interview.scheduled_at - timedelta(minutes=MAX_DURATION),
        )
        .exclude(pk=interview.pk)
        .alias(ends=_ends_at())
        .filter(ends__gt=interview.scheduled_at)
        .select_related("resume")
        .prefetch_related("interviewers")
        .distinct()
        .order_by("scheduled_at")
    )
    conflicts = []
    ids = {person.pk for person in people}
    for other in others:
        for person in other.interviewers.all():
            if person.pk in ids:
                conflicts.append(Conflict(interviewer=person, other=other))
    return conflicts


def feedback_list(*, interview: Interview) -> QuerySet[InterviewFeedback]:
    return InterviewFeedback.objects.for_company(interview.company_id).filter(interview=interview).select_related(
        "interviewer"
    ).order_by("created_at")


def preferred_timezone(*, user, default: str = "UTC") -> str:
    """The zone this user planned their last interview in: the likely one for the next."""
    last = (
        Interview.objects.for_company(getattr(user, "company_id", None))
        .filter(created_by=user)
        .order_by("-created_at")
        .values_list("timezone", flat=True)
        .first()
    )
    return last or default
