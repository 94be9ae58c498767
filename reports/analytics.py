"""Recruiting analytics for one company: read queries shared by the dashboard and the API.

It reads jobs, matches, candidacies and their stage changes, and interviews together, so it lives in
reports, at the top layer (which knows every app), rather than in any one of them.
"""

from __future__ import annotations

import statistics
from collections import Counter, deque
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, DurationField, ExpressionWrapper, F, FloatField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Floor, Least
from django.utils import timezone

from companies.models import Company
from interviews.models import Interview, InterviewStatus
from jobs.models import JobDescription, JobStatus
from matching.models import MatchResult, MatchSource
from matching.selectors import with_candidacy
from pipeline.models import Candidacy, Stage, StageChange, StageKind
from pipeline.selectors import pipeline_stages
from pipeline.status import CandidateStatus, kinds_of, status_of
from resumes.models import Resume

# A Company or its primary key (a job's company_id): the queries here need only the id.
CompanyRef = Company | UUID

FUNNEL_STATUSES = [
    CandidateStatus.PENDING,
    CandidateStatus.MAYBE,
    CandidateStatus.SHORTLISTED,
    CandidateStatus.REJECTED,
]
SCORE_BUCKETS = 10  # 0-10, 10-20, ... 90-100
FUNNEL_JOBS = 20
TOP_MISSING = 10


def _candidates(company: CompanyRef, job: JobDescription | None = None) -> QuerySet[MatchResult]:
    # A job's candidates are the ones uploaded for it or added to it, as in its
    # ranked list; talent-pool suggestions are not applicants.
    matches = MatchResult.objects.for_company(company).exclude(source=MatchSource.SUGGESTED)
    return matches.filter(job=job) if job is not None else matches


def week_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday, in the site's time zone."""
    local = timezone.localtime(now or timezone.now())
    start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=7)


def interviews_this_week(company: CompanyRef, *, now: datetime | None = None) -> int:
    start, end = week_bounds(now)
    return (
        Interview.objects.for_company(company)
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .exclude(status__in=[InterviewStatus.CANCELLED, InterviewStatus.RESCHEDULED])
        .count()
    )


def time_to_first_shortlist(company: CompanyRef, job: JobDescription | None = None) -> dict[str, Any]:
    """Median time from a candidate's upload to their first shortlisting (per job they were shortlisted for)."""
    first = (
        StageChange.objects.filter(
            candidacy__job_id=OuterRef("job_id"),
            candidacy__resume_id=OuterRef("resume_id"),
            to_stage__kind__in=kinds_of(CandidateStatus.SHORTLISTED),
        )
        .order_by("at")
        .values("at")[:1]
    )
    durations = (
        _candidates(company, job)
        .annotate(first_shortlisted=Subquery(first))
        .filter(first_shortlisted__isnull=False)
        .annotate(
            waited=ExpressionWrapper(F("first_shortlisted") - F("resume__created_at"), output_field=DurationField())
        )
        .values_list("waited", flat=True)
    )
    seconds = [max(0.0, waited.total_seconds()) for waited in durations]
    return {
        "median_hours": round(statistics.median(seconds) / 3600, 1) if seconds else None,
        "shortlisted": len(seconds),
    }


def _status_counts(matches: QuerySet[MatchResult]) -> Counter[tuple[Any, str]]:
    """(job id, status) -> candidates, from the kinds of their stages (none yet: pending)."""
    counts: Counter[tuple[Any, str]] = Counter()
    rows = with_candidacy(matches).values_list("job_id", "stage_kind").annotate(n=Count("id")).order_by()  # type: ignore[misc]
    for job_id, kind, n in rows:
        counts[(job_id, status_of(kind))] += n
    return counts


def funnel_counts(matches: QuerySet[MatchResult]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for (_, status), n in _status_counts(matches).items():
        counts[status] += n
    return {status: counts.get(status, 0) for status in FUNNEL_STATUSES}


def jobs_funnel(company: CompanyRef) -> list[dict[str, Any]]:
    """Candidates per status for the company's open jobs (most recent first)."""
    jobs = list(
        JobDescription.objects.for_company(company)
        .filter(status=JobStatus.OPEN)
        .annotate(n_interviewed=Count("interviews__resume", distinct=True))
        .order_by("-created_at")[:FUNNEL_JOBS]
    )
    counts = _status_counts(_candidates(company).filter(job__in=[job.pk for job in jobs]))
    rows = []
    for job in jobs:
        by_status = {status: counts.get((job.pk, status), 0) for status in FUNNEL_STATUSES}
        rows.append(
            {
                "job_id": job.pk,
                "title": job.title,
                "candidates": sum(by_status.values()),
                "by_status": by_status,
                "interviewed": job.n_interviewed,
            }
        )
    return rows


# --- The pipeline: stage conversion, time in stage, time to hire ----------------------

PROGRESS_KINDS = (StageKind.APPLIED, StageKind.SCREEN, StageKind.ACTIVE, StageKind.HIRED)


def _median_hours(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) / 3600, 1) if seconds else None


def _add_stays(stays: dict[Any, list[float]], moves: list[tuple[Any, Any, datetime]]) -> None:
    """The finished stays of one candidacy's history (from, to, at; oldest first): a stay
    in a stage ends when a move leaves that stage. After a merge a candidacy carries two
    histories side by side, so each move out of a stage ends the earliest stay still
    open there rather than whatever came just before it."""
    open_since: dict[Any, deque[datetime]] = {}
    for from_stage_id, to_stage_id, at in moves:
        entered = open_since.get(from_stage_id)
        if entered and from_stage_id in stays:
            stays[from_stage_id].append((at - entered.popleft()).total_seconds())
        open_since.setdefault(to_stage_id, deque()).append(at)


def pipeline_stats(company: CompanyRef, job: JobDescription | None = None) -> dict[str, Any]:
    """How candidates move through a pipeline, from the stage history.

    Per stage of the pipeline (the job's, or for the company the company's own,
    over the jobs that use it): how many candidates are in it now, how many ever
    reached it or a later progress stage, the share of the previous stage's that
    did (conversion), and the median time spent in it (finished stays only: a
    candidate still there has not finished). Time to hire: arrival to first
    entering a hired stage, median, over every job of the scope.
    """
    company_id = company.pk if isinstance(company, Company) else company
    if job is not None:
        stages = pipeline_stages(job=job)
        candidacies = Candidacy.objects.filter(company_id=company_id, job=job)
    else:
        stages = list(Stage.objects.filter(company_id=company_id, job__isnull=True))
        candidacies = Candidacy.objects.filter(company_id=company_id, stage__job__isnull=True)
    stage_ids = {stage.pk for stage in stages}
    position = {stage.pk: stage.position for stage in stages}
    kind = {stage.pk: stage.kind for stage in stages}

    history: dict[Any, list[tuple[Any, Any, datetime]]] = {}
    rows = (
        StageChange.objects.filter(company_id=company_id, candidacy__in=candidacies)
        .order_by("candidacy_id", "at")
        .values_list("candidacy_id", "from_stage_id", "to_stage_id", "at")
    )
    for candidacy_id, from_stage_id, to_stage_id, at in rows.iterator(chunk_size=5000):
        history.setdefault(candidacy_id, []).append((from_stage_id, to_stage_id, at))

    stays: dict[Any, list[float]] = {stage_id: [] for stage_id in stage_ids}
    reached_positions = []  # per candidacy: the furthest progress stage it ever entered
    hire_seconds = []
    for moves in history.values():
        _add_stays(stays, moves)
        changes = [(to_stage_id, at) for _, to_stage_id, at in moves]
        progress = [position[s] for s, _ in changes if s in position and kind[s] in PROGRESS_KINDS]
        if progress:
            reached_positions.append(max(progress))
        hired_at = next((at for s, at in changes if kind.get(s) == StageKind.HIRED), None)
        if hired_at is not None:
            hire_seconds.append(max(0.0, (hired_at - changes[0][1]).total_seconds()))
    current = dict(candidacies.values_list("stage_id").annotate(n=Count("id")).order_by())

    result, previous = [], None
    for stage in stages:
        is_progress = stage.kind in PROGRESS_KINDS
        reached = sum(1 for p in reached_positions if p >= stage.position) if is_progress else None
        result.append(
            {
                "stage_id": stage.pk,
                "name": stage.name,
                "kind": stage.kind,
                "current": current.get(stage.pk, 0),
                "reached": reached,
                "conversion": round(reached / previous, 3) if reached is not None and previous else None,
                "median_hours_in_stage": _median_hours(stays[stage.pk]),
                "stays": len(stays[stage.pk]),
            }
        )
        if is_progress:
            previous = reached
    return {
        "stages": result,
        "time_to_hire": {
            "median_days": round(statistics.median(hire_seconds) / 86400, 1) if hire_seconds else None,
            "hired": len(hire_seconds),
        },
    }


def overview(company: CompanyRef, *, now: datetime | None = None) -> dict[str, Any]:
    return {
        "pipeline": pipeline_stats(company),
        "open_jobs": JobDescription.objects.for_company(company).filter(status=JobStatus.OPEN).count(),
        "candidates": Resume.objects.for_company(company).filter(merged_into__isnull=True).count(),
        "interviews_this_week": interviews_this_week(company, now=now),
        "time_to_first_shortlist": time_to_first_shortlist(company),
        "funnel": jobs_funnel(company),
    }


def score_distribution(job: JobDescription) -> list[dict[str, Any]]:
    """How many of a job's candidates score in each tenth of 0–100."""
    bucket = Least(
        Floor(F("match_score") / Value(100.0 / SCORE_BUCKETS)),
        Value(float(SCORE_BUCKETS - 1)),
        output_field=FloatField(),
    )
    counts: dict[float, int] = dict(
        _candidates(job.company_id, job)
        .annotate(bucket=bucket)
        .values_list("bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    width = 100 // SCORE_BUCKETS
    return [
        # FLOOR answers a float; 3.0 and 3 are the same dict key.
        {"low": index * width, "high": (index + 1) * width, "count": counts.get(index, 0)}
        for index in range(SCORE_BUCKETS)
    ]


def missing_skills(job: JobDescription, *, limit: int = TOP_MISSING) -> list[dict[str, Any]]:
    """The required skills most often missing among a job's candidates, with the share missing each."""
    candidates = _candidates(job.company_id, job)
    total = candidates.count()
    counter: Counter[str] = Counter()
    for skills in (
        candidates.exclude(missing_skills=[]).values_list("missing_skills", flat=True).iterator(chunk_size=2000)
    ):
        counter.update(set(skills))
    return [
        {"skill": skill, "missing": count, "share": round(count / total, 3) if total else 0.0}
        for skill, count in counter.most_common(limit)
    ]


def job_analytics(job: JobDescription) -> dict[str, Any]:
    candidates = _candidates(job.company_id, job)
    return {
        "job_id": job.pk,
        "title": job.title,
        "candidates": candidates.count(),
        "by_status": funnel_counts(candidates),
        "interviewed": Interview.objects.filter(job=job).values("resume").distinct().count(),
        "time_to_first_shortlist": time_to_first_shortlist(job.company_id, job),
        "score_distribution": score_distribution(job),
        "missing_skills": missing_skills(job),
        "pipeline": pipeline_stats(job.company_id, job),
    }
