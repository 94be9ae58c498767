"""Read queries on jobs shared by the portal and the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet

from companies.filters import filtered
from jobs.filters import JobFilter
from jobs.models import JobDescription


def job_list(*, company, filters: Mapping[str, Any] | None = None) -> QuerySet[JobDescription]:
    """The company's jobs, newest first, narrowed by the list's parameters (JobFilter);
    a value it cannot read raises ValidationError."""
    jobs = filtered(JobFilter, filters, JobDescription.objects.for_company(company), company=company)
    # Talent-pool suggestions are not candidates until a recruiter adds them.
    candidates = Count("matches", filter=~Q(matches__source="suggested"), distinct=True)
    return jobs.annotate(candidate_count=candidates).order_by("-created_at")
