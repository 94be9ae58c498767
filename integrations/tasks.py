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
    # A receiver that fails is retried with a doubling delay, and the last attempt fails the
    # delivery (config.celery_app.Task's helpers for expected failures); transient database
    # or broker errors follow its policy for every task.
    from integrations.webhooks import DeliveryFailed, webhook_attempt

    try:
        return webhook_attempt(delivery_id=delivery_id, final=self.final_attempt(settings.WEBHOOK_MAX_ATTEMPTS))
    except DeliveryFailed as error:
        raise self.retry_doubling(error, first_delay=settings.WEBHOOK_RETRY_SECONDS) from error
