"""Reads for the public careers pages: only a published site's open jobs, ever."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from careers.models import CareersSite, ScreeningQuestion
from jobs.models import JobDescription, JobStatus, Workplace


@dataclass(frozen=True)
class JobFilters:
    location: str = ""
    department: str = ""
    remote: bool = False

    @classmethod
    def from_query(cls, query) -> JobFilters:
        return cls(
            location=query.get("location", "").strip()[:200],
            department=query.get("department", "").strip()[:100],
            remote=query.get("remote") in ("1", "on", "true"),
        )


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


def filtered_jobs(*, site: CareersSite, filters: JobFilters) -> QuerySet[JobDescription]:
    jobs = open_jobs(site=site)
    if filters.location:
        jobs = jobs.filter(location__iexact=filters.location)
    if filters.department:
        jobs = jobs.filter(department__iexact=filters.department)
    if filters.remote:
        jobs = jobs.filter(workplace=Workplace.REMOTE)
    return jobs


def facets(*, site: CareersSite) -> Facets:
    jobs = open_jobs(site=site)
    return Facets(
        locations=sorted({value for value in jobs.values_list("location", flat=True) if value}, key=str.lower),
        departments=sorted({value for value in jobs.values_list("department", flat=True) if value}, key=str.lower),
    )


def open_job(*, site: CareersSite, job_id) -> JobDescription | None:
    return open_jobs(site=site).filter(pk=job_id).first()


def screening_questions(*, job: JobDescription) -> QuerySet[ScreeningQuestion]:
    return ScreeningQuestion.objects.for_company(job.company).filter(job=job).order_by("position", "created_at")
