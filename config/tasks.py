"""Periodic tasks that belong to no single app (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def purge_expired_candidates() -> int:
    from resumes.retention import candidates_purge

    return candidates_purge().total


# Not retried: the next beat, SHORTLIST_SWEEP_INTERVAL later, is its retry.
@shared_task(autoretry_for=())
def reconcile() -> dict:
    from config.health import queue_depth
    from matching.services import reconcile as run

    # An empty broker holds no message for any pending resume (after a restart
    # that lost them): queue them again now, not SHORTLIST_STUCK_AFTER later.
    return run(broker_empty=queue_depth() == 0).as_dict()
