"""Reads for the public careers pages: only a published site's open jobs, ever."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Field, Q, QuerySet
from django.utils import timezone

from careers.adverse_impact import ImpactTable, RankingShare
from careers.filters import CareersJobFilter
from careers.models import Application, ApplicationStatus, CareersSite, ScreeningQuestion, SelfIdentification
from companies.filters import filtered
from jobs.models import JobDescription, JobStatus
from resumes.models import Resume

if TYPE_CHECKING:
    from pipeline.models import Stage


@dataclass
class Facets:
    locations: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


def site_by_slug(*, slug: str) -> CareersSite | None:
    return CareersSite.objects.select_related("company").filter(slug=slug, published=True).first()


def open_jobs(*, site: CareersSite) -> QuerySet[JobDescription]:
    today = timezone.localdate()
    return (
        JobDescription.objects.for_company(site.company)
        .filter(status=JobStatus.OPEN)
        .filter(Q(valid_through__isnull=True) | Q(valid_through__gte=today))
        .order_by("-created_at")
    )


def filtered_jobs(*, site: CareersSite, filters: Mapping[str, Any] | None = None) -> QuerySet[JobDescription]:
    """The site's open jobs narrowed by the list's parameters (CareersJobFilter); a value
    it cannot read raises ValidationError."""
    jobs: QuerySet[JobDescription] = filtered(CareersJobFilter, filters, open_jobs(site=site), company=site.company)
    return jobs


def facets(*, site: CareersSite) -> Facets:
    jobs = open_jobs(site=site)
    return Facets(
        locations=sorted({value for value in jobs.values_list("location", flat=True) if value}, key=str.lower),
        departments=sorted({value for value in jobs.values_list("department", flat=True) if value}, key=str.lower),
    )


def open_job(*, site: CareersSite, job_id: UUID) -> JobDescription | None:
    return open_jobs(site=site).filter(pk=job_id).first()


def screening_questions(*, job: JobDescription) -> QuerySet[ScreeningQuestion]:
    """The questions the application form asks, in the recruiter's order (archived ones no more)."""
    return (
        ScreeningQuestion.objects.for_company(job.company)
        .filter(job=job, archived_at__isnull=True)
        .order_by("position", "created_at")
    )


# --- The adverse-impact monitor (company admins only; aggregates, never a person) ---------

# Before the pipeline: passing the screening questions (not knocked out).
SCREENING_QUESTIONS = ("screening", "Passed the screening questions")


@dataclass
class CategoryReport:
    category: str
    label: str
    stages: list[tuple[str, ImpactTable]]  # (stage label, its table)
    ranking: list[RankingShare]


def _monitor_stages(job: JobDescription) -> list[Stage]:
    """The job's pipeline stages an applicant advances through (not the first, where
    everyone arrives, nor the rejected and withdrawn outcomes), in order."""
    from pipeline.models import StageKind
    from pipeline.selectors import pipeline_stages

    return [
        stage
        for stage in pipeline_stages(job=job)
        if stage.kind in (StageKind.SCREEN, StageKind.ACTIVE, StageKind.HIRED)
    ]


def _furthest_positions(job: JobDescription, resume_ids: Iterable[UUID]) -> dict[UUID, int]:
    """resume id -> the furthest position among advancing stages its candidacy ever entered
    (its stage history, so a later rejection does not erase how far it got)."""
    from django.db.models import Max

    from pipeline.models import StageChange, StageKind

    rows = (
        StageChange.objects.filter(
            company_id=job.company_id,
            candidacy__job=job,
            candidacy__resume_id__in=list(resume_ids),
            to_stage__kind__in=(StageKind.SCREEN, StageKind.ACTIVE, StageKind.HIRED),
        )
        .values_list("candidacy__resume_id")
        .annotate(furthest=Max("to_stage__position"))
        .order_by()
    )
    return dict(rows)


def _reached(stage: str | Stage, application: Application, furthest: dict[UUID, int]) -> bool:
    if isinstance(stage, str):  # SCREENING_QUESTIONS
        return application.status == ApplicationStatus.RECEIVED
    position = furthest.get(application.resume_id)
    return position is not None and position >= stage.position


def adverse_impact_report(*, job: JobDescription, min_group_size: int, top_k: int) -> list[CategoryReport]:
    """Per self-identification category: the four-fifths table per stage and the ranking's shares."""
    from careers.adverse_impact import four_fifths, ranking_shares
    from matching.models import MatchResult

    applications = list(Application.objects.for_company(job.company).filter(job=job))
    answers = {
        s.application_id: s
        for s in SelfIdentification.objects.filter(
            company=job.company, job=job, application_id__in=[a.pk for a in applications]
        )
    }
    matches = {
        m.resume_id: m
        for m in MatchResult.objects.for_company(job.company).filter(
            job=job, resume_id__in=[a.resume_id for a in applications]
        )
    }
    furthest = _furthest_positions(job, [a.resume_id for a in applications])
    monitored: list[tuple[str | Stage, str]] = [SCREENING_QUESTIONS] + [
        (stage, f"Reached {stage.name}") for stage in _monitor_stages(job)
    ]
    ranked = sorted(applications, key=lambda a: -(matches[a.resume_id].match_score if a.resume_id in matches else -1))
    reports = []
    for category in SelfIdentification.CATEGORIES:
        model_field = SelfIdentification._meta.get_field(category)
        assert isinstance(model_field, Field)
        labels = {str(value): str(label) for value, label in model_field.flatchoices}

        def group_of(application: Application, category: str = category, labels: dict[str, str] = labels) -> str | None:
            value = getattr(answers.get(application.pk), category, "") if application.pk in answers else ""
            # Unanswered and "prefer not to say" are nobody's group.
            return labels.get(value) if value and value != "declined" else None

        stages: list[tuple[str, ImpactTable]] = []
        for stage, stage_label in monitored:
            counts: dict[str, list[int]] = {}
            for application in applications:
                group = group_of(application)
                if group is None:
                    continue
                row = counts.setdefault(group, [0, 0])
                row[0] += 1
                row[1] += _reached(stage, application, furthest)
            table = four_fifths({g: (c[0], c[1]) for g, c in counts.items()}, min_group_size=min_group_size)
            stages.append((stage_label, table))
        in_order = [g for g in (group_of(a) for a in ranked if a.resume_id in matches) if g is not None]
        reports.append(
            CategoryReport(
                category=category,
                label=str(model_field.verbose_name).capitalize(),
                stages=stages,
                ranking=ranking_shares(in_order, k=top_k, min_group_size=min_group_size),
            )
        )
    return reports


def applications_of(*, resume: Resume) -> list[Application]:
    """A candidate's careers-page applications, newest first, for the recruiter (never self-identification)."""
    return list(
        Application.objects.for_company(resume.company)
        .filter(resume=resume)
        .select_related("job")
        .order_by("-created_at")
    )
