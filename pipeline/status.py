"""The API's candidate statuses (pending, shortlisted, maybe, rejected) and the
pipeline's stages: the one place that maps one onto the other.

A status reads from the kind of the candidate's stage; setting a status moves the
candidate to the first stage of the job's pipeline with the kind the status names,
unless their stage already reads as that status (an offer stays an offer when a
client sets "shortlisted" again).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from pipeline.models import Stage, StageKind


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SHORTLISTED = "shortlisted", "Shortlisted"
    REJECTED = "rejected", "Rejected"
    MAYBE = "maybe", "Maybe"


STATUS_OF_KIND: dict[str, str] = {
    StageKind.APPLIED: CandidateStatus.PENDING,
    StageKind.SCREEN: CandidateStatus.MAYBE,
    StageKind.ACTIVE: CandidateStatus.SHORTLISTED,
    StageKind.HIRED: CandidateStatus.SHORTLISTED,
    StageKind.REJECTED: CandidateStatus.REJECTED,
    StageKind.WITHDRAWN: CandidateStatus.REJECTED,
}

# Where setting a status moves a candidate (the first stage of this kind).
KIND_FOR_STATUS: dict[str, str] = {
    CandidateStatus.PENDING: StageKind.APPLIED,
    CandidateStatus.MAYBE: StageKind.SCREEN,
    CandidateStatus.SHORTLISTED: StageKind.ACTIVE,
    CandidateStatus.REJECTED: StageKind.REJECTED,
}

# The decisions matching learns from: advanced past screening, or turned down.
# (A withdrawal is the candidate's choice, not the recruiter's judgement.)
ADVANCED_KINDS = (StageKind.ACTIVE, StageKind.HIRED)
REJECTED_KINDS = (StageKind.REJECTED,)


def status_of(kind: str | None) -> str:
    """The status a stage kind reads as; no candidacy yet (a suggestion) reads as pending."""
    return STATUS_OF_KIND.get(kind or "", CandidateStatus.PENDING)


def kinds_of(status: str) -> list[str]:
    """Every stage kind that reads as `status` (to filter candidates by status)."""
    return [kind for kind, mapped in STATUS_OF_KIND.items() if mapped == status]


def stage_for_status(stages: Iterable[Stage], status: str, *, current: Stage | None = None) -> Stage | None:
    """The stage of `stages` (a pipeline, in order) that setting `status` moves to.

    None when the status is unknown or the pipeline has no stage of its kind."""
    if status not in KIND_FOR_STATUS:
        return None
    if current is not None and status_of(current.kind) == status:
        return current
    kind = KIND_FOR_STATUS[status]
    return next((stage for stage in stages if stage.kind == kind), None)
