"""Read queries on jobs shared by the portal and the API."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet

from companies.filters import filtered
from jobs.filters import JobFilter
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


def job_list(*, company, filters: Mapping[str, Any] | None = None) -> QuerySet[JobDescription]:
    """The company's jobs, newest first, narrowed by the list's parameters (JobFilter);
    a value it cannot read raises ValidationError."""
    jobs = filtered(JobFilter, filters, JobDescription.objects.for_company(company), company=company)
    return with_annotations(jobs).order_by("-created_at")
