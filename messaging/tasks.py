"""Thin Celery tasks: ids in, a service call. Retries follow config.celery_app.Task
(smtplib's errors are OSErrors: transient, retried with backoff)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from messaging import services


@shared_task(bind=True)  # type: ignore[untyped-decorator]
def send_candidate_message(self: Any, message_id: str) -> str:
    try:
        return services.message_send(message_id=message_id)
    except OSError as error:
        if self.request.retries >= self.max_retries:
            services.message_give_up(message_id=message_id, reason=f"{type(error).__name__}: {error}")
            return "failed"
        raise


# The house retry policy too: a sweep run twice at most queues a message twice, which the row lock makes harmless.
@shared_task  # type: ignore[untyped-decorator]
def requeue_stale_messages() -> dict[str, int]:
    return services.messages_requeue_stale()
