"""Read queries on resumes shared by the portal and the API."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from resumes.models import Resume, ResumeStatus


def resume_list(*, company, search: str = "", status: str = "", skill: str = "") -> QuerySet[Resume]:
    resumes = Resume.objects.for_company(company).defer("content", "embedding")
    if status:
        resumes = resumes.filter(status=status)
    if skill.strip():
        resumes = resumes.filter(has_skill_ci(skill.strip()))
    if search:
        resumes = resumes.filter(
            Q(candidate_name__icontains=search)
            | Q(email__icontains=search)
            | Q(original_filename__icontains=search)
            | Q(location__icontains=search)
            | Q(skill_names__contains=[search])
        )
    return resumes.order_by("-created_at")


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
