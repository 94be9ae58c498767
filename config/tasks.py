"""Periodic tasks that belong to no single app (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def purge_expired_candidates() -> int:
    from resumes.retention import candidates_purge

    return candidates_purge().total


# Not retried: the next beat, SHORTLIST_SWEEP_INTERVAL later, is its retry.
@shared_task(autoretry_for=())
def reconcile() -> dict:
    from matching.services import reconcile as run

    return run().as_dict()
