"""Webhooks: events out to the company's endpoints, signed, retried, logged.

Signature: `Shortlist-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
with the endpoint's secret (README: "Verifying a webhook").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from companies.roles import Role, require, roles_for
from integrations import audit, egress
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "Shortlist-Signature"
EXCERPT_CHARS = 1000


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx: retried by the task with a growing delay."""


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_endpoint_create(*, user: Any, url: str, events: list[str]) -> WebhookEndpoint:
    require(user, "manage_integrations")
    egress.validate_public_url(url)
    endpoint = WebhookEndpoint.objects.create(
        company=user.company, url=url, events=sorted(set(events)), secret=secrets.token_hex(32), created_by=user
    )
    audit.record(action="webhook.created", actor=user, target=endpoint, data={"events": endpoint.events})
    return endpoint


def webhook_emit(*, company_id: Any, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Make a delivery for each active endpoint of the company that wants `event`, and
    queue them once the surrounding transaction commits (never for a rolled-back change)."""
    return webhook_emit_many(company_id=company_id, event=event, payloads=[data])


def webhook_emit_many(*, company_id: Any, event: str, payloads: list[dict[str, Any]]) -> list[WebhookDelivery]:
    """webhook_emit for many events of one kind (a bulk move's), written in one statement."""
    endpoints = list(WebhookEndpoint.objects.filter(company_id=company_id, is_active=True, events__contains=[event]))
    deliveries = []
    for data in payloads:
        for endpoint in endpoints:
            delivery = WebhookDelivery(company_id=company_id, endpoint=endpoint, event=event)
            delivery.body = json.dumps(
                {"id": str(delivery.pk), "event": event, "created_at": timezone.now(), "data": data},
                cls=DjangoJSONEncoder,
            )
            deliveries.append(delivery)
    if deliveries:
        WebhookDelivery.objects.bulk_create(deliveries)
        ids = [str(delivery.pk) for delivery in deliveries]
        transaction.on_commit(lambda: _queue(ids))
    return deliveries


def _queue(ids: list[str]) -> None:
    from integrations.tasks import deliver_webhook

    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)


def webhook_replay(*, delivery: WebhookDelivery, user: Any) -> WebhookDelivery:
    """Send a delivery again (the same body, a fresh signature), e.g. after the receiver is fixed."""
    require(user, "manage_integrations")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, attempts=0)
    audit.record(action="webhook.replayed", actor=user, target=delivery.endpoint, data={"delivery": str(delivery.pk)})
    transaction.on_commit(lambda: _queue([str(delivery.pk)]))
    delivery.refresh_from_db()
    return delivery


def webhook_attempt(*, delivery_id: str, final: bool) -> str:
    """POST one delivery. Raises DeliveryFailed for a non-2xx answer or no answer, after
    logging it; on the final attempt the delivery is failed instead, and the endpoint
    is switched off after WEBHOOK_DISABLE_AFTER such deliveries in a row."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return "gone" if delivery is None else "delivered"
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return "endpoint disabled"
    body = delivery.body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Shortlist-Webhooks/1",
            SIGNATURE_HEADER: sign(secret=endpoint.secret, timestamp=timestamp, body=body),
            "Shortlist-Event": delivery.event,
            "Shortlist-Delivery": str(delivery.pk),
        },
    )
    code: int | None = None
    excerpt = ""
    error = ""
    try:
        with egress.open_url(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            code = response.status
            excerpt = response.read(EXCERPT_CHARS).decode("utf-8", "replace")
    except urllib.error.HTTPError as answer:
        code = answer.code
        excerpt = answer.read(EXCERPT_CHARS).decode("utf-8", "replace")
        error = f"HTTP {answer.code}"
    except (urllib.error.URLError, OSError) as failure:
        error = str(getattr(failure, "reason", failure))[:500]
    ok = code is not None and 200 <= code < 300
    now = timezone.now()
    status = DeliveryStatus.DELIVERED if ok else (DeliveryStatus.FAILED if final else DeliveryStatus.PENDING)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1,
        response_code=code,
        response_excerpt=excerpt,
        error=error,
        last_attempt_at=now,
        status=status,
        delivered_at=now if ok else None,
    )
    if ok:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return "delivered"
    if final:
        _count_failure(endpoint=endpoint)
        return "failed"
    raise DeliveryFailed(error or f"HTTP {code}")


@transaction.atomic
def _count_failure(*, endpoint: WebhookEndpoint) -> None:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.consecutive_failures += 1
    if endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER and endpoint.is_active:
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        audit.record(action="webhook.disabled", target=endpoint, data={"failures": endpoint.consecutive_failures})
        admins = list(
            User.objects.for_company(endpoint.company)
            .filter(is_active=True, role__in=roles_for("manage_integrations") & {Role.ADMIN})
            .values_list("email", flat=True)
        )
        if admins:
            transaction.on_commit(lambda: _tell_admins(admins, endpoint.url, endpoint.consecutive_failures))
    endpoint.save(update_fields=["consecutive_failures", "is_active", "disabled_at", "updated_at"])


def _tell_admins(emails: list[str], url: str, failures: int) -> None:
    send_mail(
        subject="Shortlist switched off a webhook endpoint",
        message=(
            f"The webhook endpoint {url} failed {failures} deliveries in a row and has been switched off.\n"
            "Fix the receiver, then switch it on again and replay the failed deliveries in the admin "
            "(Integrations → Webhook deliveries)."
        ),
        from_email=None,
        recipient_list=emails,
    )
