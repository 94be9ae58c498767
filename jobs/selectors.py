"""Read queries on jobs shared by the portal and the API."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from jobs.models import JobDescription

Annotation = Callable[[QuerySet[JobDescription]], QuerySet[JobDescription]]

# Columns higher apps add to the jobs the portal and the API show (matching adds
# `candidate_count`). jobs never imports them: each registers in its AppConfig.ready.
_annotations: dict[str, Annotation] = {}


def register_annotation(name: str, annotation: Annotation) -> None:
    """Add (or replace, by name) a column of every listed or shown job."""
    _annotations[name] = annotation


def with_annotations(jobs: QuerySet[JobDescription]) -> QuerySet[JobDescription]:
    for annotation in _annotations.values():
        jobs = annotation(jobs)
    return jobs


def job_list(*, company, search: str = "", status: str = "") -> QuerySet[JobDescription]:
    jobs = JobDescription.objects.for_company(company)
    if status:
        jobs = jobs.filter(status=status)
    if search:
        jobs = jobs.filter(
            Q(title__icontains=search)
            | Q(description__icontains=search)
            | Q(location__icontains=search)
            | Q(skills_required__contains=[search])
        )
    return with_annotations(jobs).order_by("-created_at")
