"""Webhooks against a real HTTP receiver on loopback: signed deliveries, retries with
backoff, the delivery log, replay, and endpoints switched off after repeated failures."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from config.tests.routes import company_rows
from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

# Real commits: events leave on commit (transaction.on_commit), never from a rolled-back change.
pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A loopback HTTP server that records each request and answers the codes it is told."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []  # consumed one per request; 200 once empty
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(f"answer {code} to attempt {len(receiver.requests)}".encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    # Loopback is refused by default (integrations/egress.py); an administrator allows it here.
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _fast_retries(settings: Any) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_DISABLE_AFTER = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _verify(secret: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """The README's verification recipe, as a receiver would write it."""
    parts = dict(item.split("=", 1) for item in headers["Shortlist-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, parts["v1"]), "signature does not verify"
    payload: dict[str, Any] = json.loads(body)
    return payload


def test_a_stage_change_is_delivered_signed(
    company: Any, admin_user: Any, recruiter_api: Any, receiver: Receiver
) -> None:
    rows = company_rows(company)
    endpoint = webhooks.webhook_endpoint_create(user=admin_user, url=receiver.url, events=[WebhookEvent.STAGE_CHANGED])
    response = recruiter_api.patch(
        f"/api/v1/jobs/{rows['job'].pk}/candidates/{rows['resume'].pk}", {"status": "shortlisted"}, format="json"
    )
    assert response.status_code == 200
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    payload = _verify(endpoint.secret, request["headers"], request["body"])
    assert payload["event"] == "candidate.stage_changed"
    assert payload["data"] == {
        "candidate_id": str(rows["resume"].pk),
        "job_id": str(rows["job"].pk),
        "from": "maybe",
        "to": "shortlisted",
        "from_stage": "Screen",
        "to_stage": "Interview",
        "to_stage_kind": "active",
        "reason": "",
    }
    assert request["headers"]["Shortlist-Event"] == "candidate.stage_changed"
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert "answer 200" in delivery.response_excerpt
    # A tampered body or another secret does not verify.
    with pytest.raises(AssertionError):
        _verify(endpoint.secret, request["headers"], request["body"] + b" ")
    with pytest.raises(AssertionError):
        _verify("another-secret", request["headers"], request["body"])


def test_failures_are_retried_and_logged(company: Any, admin_user: Any, receiver: Receiver) -> None:
    endpoint = webhooks.webhook_endpoint_create(
        user=admin_user, url=receiver.url, events=[WebhookEvent.CANDIDATE_CREATED]
    )
    receiver.answers = [500, 503]
    from resumes.tests.factories import ResumeFactory

    resume = ResumeFactory(company=company)
    assert len(receiver.requests) == 3
    bodies = {request["body"] for request in receiver.requests}
    assert len(bodies) == 1  # the same event each time
    for request in receiver.requests:
        assert _verify(endpoint.secret, request["headers"], request["body"])["data"]["candidate_id"] == str(resume.pk)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 3, 200)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.is_active


def test_the_retry_delay_doubles(company: Any, admin_user: Any, settings: Any, monkeypatch: Any) -> None:
    from integrations import tasks

    countdowns: list[float] = []

    def record_retry(*args: Any, countdown: float | None = None, **kwargs: Any) -> Exception:
        countdowns.append(countdown or 0)
        return RuntimeError("retry scheduled")

    task = tasks.deliver_webhook._get_current_object()
    monkeypatch.setattr(task, "retry", record_retry)
    endpoint = WebhookEndpoint.objects.create(
        company=company, url="http://127.0.0.1:9/nothing-listens", events=[WebhookEvent.CANDIDATE_ERASED], secret="s"
    )
    delivery = WebhookDelivery.objects.create(
        company=company, endpoint=endpoint, event=WebhookEvent.CANDIDATE_ERASED, body="{}"
    )
    for retries in range(3):
        task.apply(args=[str(delivery.pk)], retries=retries)
    # The third is the last attempt (WEBHOOK_MAX_ATTEMPTS=3): failed, not retried.
    assert countdowns == [settings.WEBHOOK_RETRY_SECONDS, settings.WEBHOOK_RETRY_SECONDS * 2]
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.status == DeliveryStatus.FAILED
    assert delivery.response_code is None and delivery.error  # nobody answered: the reason is kept


def test_repeated_failures_switch_the_endpoint_off_and_tell_the_admin(
    company: Any, admin_user: Any, receiver: Receiver
) -> None:
    endpoint = webhooks.webhook_endpoint_create(
        user=admin_user, url=receiver.url, events=[WebhookEvent.CANDIDATE_ERASED]
    )
    receiver.answers = [500] * 6
    for _ in range(2):
        webhooks.webhook_emit(company_id=company.pk, event=WebhookEvent.CANDIDATE_ERASED, data={"candidate_id": "x"})
    assert len(receiver.requests) == 6
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert [m.to for m in mail.outbox] == [[admin_user.email]]
    assert endpoint.url in mail.outbox[0].body
    failed = WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.FAILED)
    assert failed.count() == 2 and all(d.response_code == 500 for d in failed)
    # Switched off: nothing more is sent.
    webhooks.webhook_emit(company_id=company.pk, event=WebhookEvent.CANDIDATE_ERASED, data={})
    assert len(receiver.requests) == 6

    # Fixed receiver, switched on again and the failures replayed from the admin.
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/webhookendpoint/", {"action": "switch_on", "_selected_action": [endpoint.pk]}
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/integrations/webhookdelivery/",
        {"action": "replay", "_selected_action": [str(pk) for pk in failed.values_list("pk", flat=True)]},
    )
    assert response.status_code == 302
    assert len(receiver.requests) == 8
    assert WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.DELIVERED).count() == 2
    first, replayed = receiver.requests[0], receiver.requests[6]
    assert _verify(endpoint.secret, replayed["headers"], replayed["body"])
    assert first["body"] in {r["body"] for r in receiver.requests[6:]}


def test_events_from_the_lower_apps(company: Any, admin_user: Any, recruiter: Any, receiver: Receiver) -> None:
    from interviews.models import InterviewStatus
    from interviews.tests.factories import InterviewFactory
    from resumes.services import resume_delete

    webhooks.webhook_endpoint_create(user=admin_user, url=receiver.url, events=[e.value for e in WebhookEvent])
    rows = company_rows(company)
    interview = InterviewFactory(job=rows["job"], resume=rows["resume"])
    interview.status = InterviewStatus.COMPLETED
    interview.save()
    resume_delete(resume=rows["resume"], user=recruiter)
    events = [json.loads(r["body"])["event"] for r in receiver.requests]
    for event in (
        "candidate.created",
        "candidate.stage_changed",
        "interview.scheduled",
        "interview.completed",
        "candidate.erased",
    ):
        assert event in events, (event, events)


def test_another_companys_endpoint_hears_nothing(company: Any, outsider: Any, receiver: Receiver) -> None:
    webhooks.webhook_endpoint_create(user=outsider, url=receiver.url, events=[e.value for e in WebhookEvent])
    company_rows(company)
    assert receiver.requests == []


def test_the_admin_registers_an_endpoint(company: Any, admin_user: Any, recruiter: Any, monkeypatch: Any) -> None:
    import socket

    # No DNS here: the receiver's name resolves to a public address, as it would outside.
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("93.184.215.14" if host == "hooks.example.test" else host, *a, **k),
    )
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/integrations/webhookendpoint/add/",
        {
            "url": "https://hooks.example.test/in",
            "events": ["candidate.created", "interview.completed"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.company == company and len(endpoint.secret) == 64
    assert endpoint.events == ["candidate.created", "interview.completed"]
    assert endpoint.secret in client.get(f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/").content.decode()
