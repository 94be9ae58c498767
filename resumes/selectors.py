"""Read queries on resumes shared by the portal and the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from companies.filters import filtered
from resumes.filters import ResumeFilter
from resumes.models import Resume, ResumeStatus


def resume_list(*, company, filters: Mapping[str, Any] | None = None) -> QuerySet[Resume]:
    """The talent pool, newest first, narrowed by the list's parameters (ResumeFilter);
    a value it cannot read raises ValidationError."""
    # A candidate merged into another is an archived record of the kept one: never listed.
    resumes = Resume.objects.for_company(company).filter(merged_into__isnull=True).defer("content", "embedding")
    return filtered(ResumeFilter, filters, resumes, company=company).order_by("-created_at")


def has_skill_ci(skill: str, *, prefix: str = "") -> Q:
    """Resumes whose skill list holds `skill`, ignoring case (`prefix` reaches them
    through a relation, e.g. "resume__" from a match)."""
    return Q(
        **{
            f"{prefix}pk__in": RawSQL(
                "SELECT id FROM resumes_resume WHERE EXISTS "
                "(SELECT 1 FROM unnest(skill_names) s WHERE lower(s) = lower(%s))",
                [skill],
            )
        }
    )


# --- Work the sweep must pick up (one definition for the sweep and for health) ---


def lease_lapsed(*, now, overdue_by: timedelta = timedelta(0)) -> Q:
    """Processing resumes whose claim's lease was not renewed in time: their worker died
    (or lost the database for longer than the lease). `overdue_by` asks for claims
    that lapsed at least that long ago."""
    before = now - timedelta(seconds=settings.SHORTLIST_LEASE_SECONDS) - overdue_by
    return Q(status=ResumeStatus.PROCESSING) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=before))


def queued_too_long(*, now, overdue_by: timedelta = timedelta(0)) -> Q:
    """Pending resumes whose task was queued SHORTLIST_STUCK_AFTER ago (plus
    `overdue_by`) and not taken: its message may have been lost with the broker."""
    return Q(status=ResumeStatus.PENDING, queued_at__lt=now - settings.SHORTLIST_STUCK_AFTER - overdue_by)


def resumes_stuck(*, overdue_by: timedelta) -> dict[str, int]:
    """How many resumes the sweep should have re-queued at least `overdue_by` ago:
    non-zero means no sweep (beat) or no worker is running."""
    now = timezone.now()
    return {
        "pending": Resume.objects.filter(queued_too_long(now=now, overdue_by=overdue_by)).count(),
        "processing": Resume.objects.filter(lease_lapsed(now=now, overdue_by=overdue_by)).count(),
    }


@dataclass
class BatchProgress:
    """How far one bulk upload has got: what a recruiter watches after dropping a ZIP."""

    batch_id: object
    total: int
    processed: int
    failed: list[Resume]

    @property
    def settled(self) -> int:
        return self.processed + len(self.failed)

    @property
    def waiting(self) -> int:
        return self.total - self.settled

    @property
    def done(self) -> bool:
        return self.waiting == 0


def upload_batch_progress(*, company, batch_id) -> BatchProgress | None:
    """None when the company has no resume from that batch (unknown, or another company's)."""
    resumes = Resume.objects.for_company(company).filter(upload_batch=batch_id)
    # order_by(): the model's default ordering would split the GROUP BY.
    counts = dict(resumes.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    total = sum(counts.values())
    if not total:
        return None
    failed = list(
        resumes.filter(status=ResumeStatus.FAILED)
        .only("pk", "original_filename", "error", "status")
        .order_by("original_filename")
    )
    return BatchProgress(batch_id=batch_id, total=total, processed=counts.get(ResumeStatus.PROCESSED, 0), failed=failed)
