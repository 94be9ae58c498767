"""Read queries on notes shared by the portal, the API and the timeline."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jobs.models import JobDescription, JobStatus
from notes.models import CandidateNote


def note_list(*, company, resume) -> QuerySet[CandidateNote]:
    """A candidate's notes, newest first."""
    return (
        CandidateNote.objects.for_company(company)
        .filter(resume=resume)
        .select_related("author", "job")
        .defer("job__description", "job__requirements", "job__embedding")
        .order_by("-created_at", "-id")
    )


def note_job_choices(*, company, resume) -> QuerySet[JobDescription]:
    """Jobs a note can be about: open jobs and every job the candidate is matched to."""
    return (
        JobDescription.objects.for_company(company)
        .filter(Q(status=JobStatus.OPEN) | Q(matches__resume=resume) | Q(pk=resume.job_id))
        .distinct()
        .only("id", "title")
        .order_by("title")
    )
