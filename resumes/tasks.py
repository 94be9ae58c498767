"""Thin Celery tasks: ids in, a service call. Retries follow config.celery_app.Task."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from resumes import services
from resumes.extraction import ExtractionError

# A document that may read later (OCR being installed, a machine less busy) is
# tried a few more times; its reason is already recorded on the resume.
EXTRACTION_RETRIES = 3


@shared_task(bind=True)
def ingest_resume(self, resume_id: str) -> str | None:
    # Permanent failures (a corrupt or encrypted file) are recorded by the service,
    # which returns normally. Database and broker errors propagate to the retry
    # policy; the retry continues this task's claim (services._claim).
    try:
        resume = services.resume_process(
            resume_id=resume_id, claimed_by=self.request.id or "", retry=bool(self.request.retries)
        )
    except SoftTimeLimitExceeded:
        services.resume_fail(resume_id=resume_id, claim=None, reason=services.TIME_LIMIT_REASON)
        return "failed"
    except ExtractionError as error:
        if self.request.retries >= EXTRACTION_RETRIES:
            return "failed"
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries)
    return resume.status if resume else None
