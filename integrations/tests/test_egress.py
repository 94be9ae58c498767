"""Webhooks never reach the server's own network: private targets are refused when an
endpoint is saved and again on the address actually connected to; no redirects."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from integrations.tests.test_webhooks import Receiver

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = [
    "http://127.0.0.1:8000/hooks",
    "http://localhost/hooks",
    "http://10.0.0.5/hooks",
    "http://192.168.1.10/hooks",
    "http://172.16.0.1/hooks",
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "http://100.64.0.1/hooks",  # shared address space
    "http://0.0.0.0/hooks",
    "http://[::1]/hooks",
    "http://[::ffff:127.0.0.1]/hooks",
    "http://[fd00::1]/hooks",
    "http://2130706433/hooks",  # 127.0.0.1 as one number
]


@pytest.mark.parametrize("url", INTERNAL)
def test_an_endpoint_on_an_internal_address_is_refused_with_a_reason(admin_user: Any, url: str) -> None:
    with pytest.raises(ValidationError) as refused:
        webhooks.webhook_endpoint_create(user=admin_user, url=url, events=[WebhookEvent.CANDIDATE_CREATED])
    assert "address" in str(refused.value) or "resolved" in str(refused.value)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.com/hooks", "Only http:// and https://"),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("http://user:secret@example.com/hooks", "no user name or password"),
    ],
)
def test_other_schemes_and_credentials_in_the_url_are_refused(admin_user: Any, url: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        webhooks.webhook_endpoint_create(user=admin_user, url=url, events=[WebhookEvent.CANDIDATE_CREATED])


def test_the_admin_form_shows_the_reason(admin_client: Any) -> None:
    response = admin_client.post(
        "/admin/integrations/webhookendpoint/add/",
        {
            "url": "http://169.254.169.254/latest/meta-data/",
            "events": [WebhookEvent.CANDIDATE_CREATED],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "loopback, private or reserved address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_delivery_to_a_name_that_now_resolves_inside_is_not_sent(
    company: Any, admin_user: Any, settings: Any, monkeypatch: Any
) -> None:
    # Saved while its name pointed outside; by delivery time it points at the receiver on loopback.
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver = Receiver()
    try:
        port = receiver.server.server_address[1]
        endpoint = WebhookEndpoint.objects.create(
            company=company,
            url=f"http://hooks.example.com:{port}/hooks",
            events=[WebhookEvent.CANDIDATE_CREATED],
            secret="s",
        )
        real = socket.getaddrinfo

        def rebound(host: str, *args: Any, **kwargs: Any) -> Any:
            return real("127.0.0.1" if host == "hooks.example.com" else host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebound)
        webhooks.webhook_emit(company_id=company.pk, event=WebhookEvent.CANDIDATE_CREATED, data={"x": 1})

        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert receiver.requests == []
        assert delivery.status == DeliveryStatus.FAILED
        assert "127.0.0.1" in delivery.error and "private" in delivery.error
    finally:
        receiver.close()


def test_a_redirect_is_not_followed(company: Any, admin_user: Any, settings: Any) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    target = Receiver()

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.send_response(307)
            self.send_header("Location", target.url)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = webhooks.webhook_endpoint_create(
            user=admin_user,
            url=f"http://127.0.0.1:{server.server_address[1]}/hooks",
            events=[WebhookEvent.CANDIDATE_CREATED],
        )
        webhooks.webhook_emit(company_id=company.pk, event=WebhookEvent.CANDIDATE_CREATED, data={"x": 1})
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert target.requests == []
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.response_code == 307
    finally:
        server.shutdown()
        server.server_close()
        target.close()


def test_an_allowed_network_is_the_administrators_explicit_choice(settings: Any) -> None:
    from integrations.egress import address_allowed

    assert not address_allowed(ipaddress.ip_address("10.0.5.7"))
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.5.0/24"]
    assert address_allowed(ipaddress.ip_address("10.0.5.7"))
    assert not address_allowed(ipaddress.ip_address("10.0.6.7"))
    assert address_allowed(ipaddress.ip_address("93.184.215.14"))  # public
