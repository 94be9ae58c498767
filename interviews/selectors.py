"""Read queries of interviews shared by the portal, the API and the timeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from companies.filters import filtered
from companies.roles import can
from interviews.filters import InterviewFilter
from interviews.models import (
    Competency,
    CompetencyRating,
    Interview,
    InterviewFeedback,
    InterviewStatus,
    Recommendation,
    ScorecardRating,
)
from interviews.services import MAX_DURATION, competencies_prefill
from jobs.models import JobDescription


def _ends_at():
    return ExpressionWrapper(
        F("scheduled_at")
        + ExpressionWrapper(F("duration_minutes") * Value(timedelta(minutes=1)), output_field=DurationField()),
        output_field=DateTimeField(),
    )


def _with_related(interviews: QuerySet[Interview]) -> QuerySet[Interview]:
    return (
        interviews.select_related("resume", "job", "created_by", "rescheduled_to")
        .prefetch_related("interviewers")
        .defer(
            "resume__content",
            "resume__embedding",
            "resume__sections",
            "resume__extracted_skills",
            "job__description",
            "job__requirements",
            "job__embedding",
        )
    )


def interview_list(
    *,
    company,
    filters: Mapping[str, Any] | None = None,
    user=None,
    job=None,
    resume=None,
    interviewer=None,
    start: datetime | None = None,
    end: datetime | None = None,
    status: str = "",
    upcoming: bool = False,
) -> QuerySet[Interview]:
    """A company's interviews, soonest first, narrowed by the list's parameters in
    `filters` (InterviewFilter; `user` is who asks, for `interviewer=me`) or by any of
    the keyword filters callers in the code use. A parameter it cannot read raises
    ValidationError.

    `start`/`end` bound the start time (`start` inclusive, `end` exclusive);
    `upcoming` keeps scheduled interviews that have not ended yet.
    """
    interviews: QuerySet[Interview] = Interview.objects.for_company(company)
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
        interviews = upcoming_only(interviews)
    interviews = _with_related(interviews).order_by("scheduled_at", "id")
    return filtered(InterviewFilter, filters, interviews, company=company, user=user)


def upcoming_only(interviews: QuerySet[Interview]) -> QuerySet[Interview]:
    """Scheduled interviews that have not ended yet."""
    return interviews.filter(status=InterviewStatus.SCHEDULED).alias(ends=_ends_at()).filter(ends__gt=timezone.now())


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


def feedback_visible_to(feedback: QuerySet[InterviewFeedback], *, user) -> QuerySet[InterviewFeedback]:
    """The scorecards of `feedback` that `user` may read (see companies.roles): all of them
    for administrators and recruiters; otherwise their own, and the others of a
    candidate and job once they have submitted their own for that candidate and job."""
    if can(user, "read_all_scorecards"):
        return feedback
    company_id = getattr(user, "company_id", None)
    if company_id is None:
        return feedback.none()
    own = InterviewFeedback.objects.filter(
        company_id=company_id,
        interviewer_id=user.pk,
        job_id=OuterRef("job_id"),
        resume_id=OuterRef("resume_id"),
    )
    return feedback.filter(Q(interviewer_id=user.pk) | Exists(own))


def _with_ratings(feedback: QuerySet[InterviewFeedback]) -> QuerySet[InterviewFeedback]:
    return feedback.select_related("interviewer").prefetch_related(
        Prefetch("ratings", ScorecardRating.objects.select_related("competency"))
    )


def feedback_list(*, interview: Interview, user) -> QuerySet[InterviewFeedback]:
    """The interview's scorecards that `user` may read, first submitted first."""
    feedback = InterviewFeedback.objects.for_company(interview.company_id).filter(interview=interview)
    return _with_ratings(feedback_visible_to(feedback, user=user)).order_by("created_at")


def feedback_hidden_count(*, interview: Interview, user) -> int:
    """How many of the interview's scorecards `user` may not read yet (a count is no opinion)."""
    feedback = InterviewFeedback.objects.for_company(interview.company_id).filter(interview=interview)
    return feedback.count() - feedback_visible_to(feedback, user=user).count()


def competency_list(*, job, include_archived: bool = False) -> list[Competency]:
    """The job's competencies in order; a job that never had any gets its required skills."""
    competencies_prefill(job=job)
    competencies = Competency.objects.for_company(job.company_id).filter(job=job)
    if not include_archived:
        competencies = competencies.filter(archived_at__isnull=True)
    return list(competencies.order_by("position", "name"))


@dataclass(frozen=True)
class CompetencySummary:
    competency: Competency
    average: float | None  # over the scorecards that assessed it, 1 (strong no) to 4 (strong yes)
    counts: list[tuple[str, int]]  # (label, scorecards), strong no first
    not_assessed: int

    @property
    def assessed(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass(frozen=True)
class ScorecardSummary:
    """One job's scorecards of a candidate, as `user` may see them."""

    job: object
    submitted: int
    visible: bool  # False: the user must submit their own first; only `submitted` is shown
    competencies: list[CompetencySummary]
    recommendations: list[tuple[str, str, int]]  # (value, label, scorecards), strong no first
    scorecards: list[InterviewFeedback]


RECOMMENDATION_ORDER = [Recommendation.STRONG_NO, Recommendation.NO, Recommendation.YES, Recommendation.STRONG_YES]


def scorecard_summaries(*, company, resume, user) -> list[ScorecardSummary]:
    """Per job the candidate was interviewed or scored for: the average and distribution
    of each competency's ratings and the count of each overall recommendation.
    A job whose scorecards the user may not read yet shows only how many there are."""
    every = InterviewFeedback.objects.for_company(company).filter(resume=resume)
    visible = {
        f.pk: f
        for f in _with_ratings(feedback_visible_to(every, user=user))
        .select_related("job", "interview")
        .order_by("created_at")
    }
    submitted: dict = {}
    for job_id in every.values_list("job_id", flat=True):
        submitted[job_id] = submitted.get(job_id, 0) + 1
    job_ids = set(submitted) | set(
        Interview.objects.for_company(company).filter(resume=resume).values_list("job_id", flat=True)
    )
    jobs = (
        JobDescription.objects.for_company(company)
        .filter(pk__in=job_ids)
        .only("id", "title", "company_id", "skills_required")
        .order_by("title")
    )
    summaries = []
    for job in jobs:
        scorecards = [f for f in visible.values() if f.job_id == job.pk]
        if not scorecards:
            # None yet, or none this user may read yet: only the count is shown.
            count = submitted.get(job.pk, 0)
            summaries.append(
                ScorecardSummary(job, count, visible=not count, competencies=[], recommendations=[], scorecards=[])
            )
            continue
        rated: dict = {}
        for feedback in scorecards:
            for item in feedback.ratings.all():
                rated.setdefault(item.competency_id, (item.competency, []))[1].append(item.rating)
        lines = competency_list(job=job)
        lines += [competency for key, (competency, _) in rated.items() if key not in {c.pk for c in lines}]
        competencies = []
        for competency in lines:
            values = rated.get(competency.pk, (competency, []))[1]
            competencies.append(
                CompetencySummary(
                    competency=competency,
                    average=round(sum(values) / len(values), 2) if values else None,
                    counts=[(choice.label, values.count(choice.value)) for choice in CompetencyRating],
                    not_assessed=len(scorecards) - len(values),
                )
            )
        recommendations = [
            (choice.value, choice.label, sum(1 for f in scorecards if f.recommendation == choice))
            for choice in RECOMMENDATION_ORDER
        ]
        summaries.append(ScorecardSummary(job, len(scorecards), True, competencies, recommendations, scorecards))
    return summaries


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
