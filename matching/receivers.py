"""Matching listens to jobs and resumes (they never import it) and queues its work.

Services and tasks are imported when a signal arrives, so that loading Django does
not load numpy, the skill taxonomy and the embedding code in every process."""

import logging

from django.dispatch import receiver

from jobs.signals import job_saved
from resumes.signals import resume_attached, resume_processed

logger = logging.getLogger(__name__)


def _queue(task, *args) -> None:
    # Signals are sent after commit; a broker outage must not break the request
    # that saved the job or finished the resume (the periodic sweep catches up).
    try:
        task.delay(*[str(arg) for arg in args])
    except Exception:  # noqa: BLE001 - any broker error
        logger.warning("could not queue %s%s", task.name, args, exc_info=True)


@receiver(job_saved, dispatch_uid="matching.job_saved")
def on_job_saved(sender, job_id, content_changed, **kwargs):
    if content_changed:
        from matching import tasks

        _queue(tasks.rematch_job, job_id)


@receiver(resume_processed, dispatch_uid="matching.resume_processed")
def on_resume_processed(sender, resume_id, job_ids, **kwargs):
    from matching import tasks

    for job_id in job_ids:
        _queue(tasks.match_resume_to_job, resume_id, job_id)
    # Existing open jobs' talent-pool suggestions take the new resume in when it is near.
    _queue(tasks.suggest_resume_to_open_jobs, resume_id)


@receiver(resume_attached, dispatch_uid="matching.resume_attached")
def on_resume_attached(sender, resume_id, job_id, **kwargs):
    from matching import tasks

    _queue(tasks.match_resume_to_job, resume_id, job_id)
