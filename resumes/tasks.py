"""Thin Celery tasks: ids in, a service call. Retries follow config.celery_app.Task."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from resumes import services
from resumes.extraction import ExtractionError

# A document that may read later (OCR being installed, a machine less busy) is
# tried a few more times; its reason is already recorded on the resume.
EXTRACTION_ATTEMPTS = 4  # the first and three retries, 10, 20 and 40 s apart
EXTRACTION_RETRY_SECONDS = 10


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
        if self.final_attempt(EXTRACTION_ATTEMPTS):
            return "failed"
        raise self.retry_doubling(error, first_delay=EXTRACTION_RETRY_SECONDS) from error
    return resume.status if resume else None
