"""Thin Celery tasks: ids in, a service call, bounded retries for transient errors."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from resumes import services
from resumes.extraction import ExtractionError
from resumes.models import Resume

TRANSIENT_ERRORS = (ExtractionError, OperationalError, InterfaceError, OSError)


@shared_task(bind=True, acks_late=True, max_retries=3)
def ingest_resume(self, resume_id: str) -> str | None:
    # Permanent failures (a corrupt or encrypted file) are recorded by the service,
    # which returns normally. Transient ones raise: the resume is put back to
    # pending and the task retried with backoff, then left failed with its reason.
    try:
        resume = services.resume_process(resume_id=resume_id)
    except SoftTimeLimitExceeded:
        services.resume_fail(resume_id=resume_id, claim=None, reason=services.TIME_LIMIT_REASON)
        return "failed"
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            return "failed"
        resume = Resume.objects.filter(pk=resume_id).first()
        if resume is not None:
            services.resume_retry(resume=resume, queue=False)
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries))
    return resume.status if resume else None


@shared_task
def requeue_stuck_resumes() -> int:
    return services.resumes_requeue_stuck()
