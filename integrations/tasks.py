from typing import Any

from celery import shared_task
from django.conf import settings


# The house retry policy (config.celery_app.Task); a purge run twice removes nothing twice.
@shared_task  # type: ignore[untyped-decorator]
def purge_audit_log() -> int:
    from integrations.audit import audit_purge

    return audit_purge()


@shared_task(bind=True)  # type: ignore[untyped-decorator]
def deliver_webhook(self: Any, delivery_id: str) -> str:
    # A receiver that fails is retried with a growing delay (as ingest_resume retries a
    # document); transient database or broker errors follow config.celery_app.Task.
    from integrations.webhooks import DeliveryFailed, webhook_attempt

    retries = self.request.retries or 0
    try:
        return webhook_attempt(delivery_id=delivery_id, final=retries + 1 >= settings.WEBHOOK_MAX_ATTEMPTS)
    except DeliveryFailed as error:
        raise self.retry(exc=error, countdown=settings.WEBHOOK_RETRY_SECONDS * 2**retries) from error
