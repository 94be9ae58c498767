"""Thin Celery tasks of matching: ids in, a service call, bounded retries."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from matching import services

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**RETRY)
def rematch_job(job_id: str) -> int:
    return services.job_rematch(job_id=job_id)


@shared_task(**RETRY)
def match_resume_to_job(resume_id: str, job_id: str, source: str = "uploaded") -> float | None:
    match = services.match_resume_to_job(resume_id=resume_id, job_id=job_id, source=source)
    return match.match_score if match else None


@shared_task(**RETRY)
def match_resume_to_open_jobs(resume_id: str) -> int:
    from resumes.models import Resume

    resume = Resume.objects.filter(pk=resume_id).first()
    return len(services.match_resume_to_open_jobs(resume=resume)) if resume else 0


@shared_task
def requeue_stuck_jobs() -> int:
    return services.jobs_requeue_stuck()
