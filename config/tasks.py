"""Periodic tasks that belong to no single app (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def purge_expired_candidates() -> int:
    from resumes.retention import candidates_purge

    return candidates_purge().total
