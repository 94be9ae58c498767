"""Read queries on jobs shared by the portal and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from jobs.models import JobDescription


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
    # Talent-pool suggestions are not candidates until a recruiter adds them.
    candidates = Count("matches", filter=~Q(matches__source="suggested"), distinct=True)
    return jobs.annotate(candidate_count=candidates).order_by("-created_at")
