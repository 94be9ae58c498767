"""Read queries on notes shared by the portal, the API and the timeline."""

from __future__ import annotations

from django.db.models import QuerySet

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
