"""The portal's public forms (sign-in, registration, password reset) count against the
same per-address rates as the API, and registration and reset also per target email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
RESET = "/accounts/password/reset/"


def allowed(scope: str) -> int:
    rate = SimpleRateThrottle.THROTTLE_RATES[scope]
    assert rate is not None
    return int(rate.split("/")[0])


def register(email: str, ip: str = "10.0.0.1", **extra):
    data = {
        "full_name": "Ada Lovelace",
        "email": email,
        "company_name": "Analytical Engines",
        "password": "Plum-Orchard-Lantern-42",
        "password_confirm": "Plum-Orchard-Lantern-42",
        **extra,
    }
    return Client().post(REGISTER, data, REMOTE_ADDR=ip)


def reset(email: str, ip: str = "10.0.0.1"):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=ip)


def refused(response) -> bool:
    return response.status_code == 429 and "Too many attempts" in response.content.decode()


def test_registration_is_limited_per_client_address():
    n = allowed("register")
    responses = [register(f"person{i}@example.test", password_confirm="mismatch") for i in range(n + 1)]
    assert not any(refused(r) for r in responses[:n])
    assert refused(responses[n])
    assert refused(register("someone.else@example.test"))
    assert not refused(register("someone.else@example.test", ip="10.0.0.2"))


def test_registration_is_limited_per_target_email_across_addresses():
    n = allowed("register")
    responses = [register("target@example.test", ip=f"10.1.0.{i}", password_confirm="mismatch") for i in range(n + 1)]
    assert not any(refused(r) for r in responses[:n]) and refused(responses[n])


def test_portal_and_api_registration_share_one_allowance_per_address():
    n = allowed("register")
    for i in range(n):
        register(f"p{i}@example.test", password_confirm="mismatch")
    response = APIClient().post("/api/v1/auth/register", {}, format="json", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429


def test_api_registration_is_limited_per_target_email_too():
    n = allowed("register")
    body = {"email": "target@example.test", "password": "short", "full_name": "T", "company_name": "T"}
    statuses = [
        APIClient().post("/api/v1/auth/register", body, format="json", REMOTE_ADDR=f"10.2.0.{i}").status_code
        for i in range(n + 1)
    ]
    assert statuses == [400] * n + [429]


def test_password_reset_emails_to_one_address_are_limited(recruiter):
    n = allowed("password_reset")
    responses = [reset(recruiter.email, ip=f"10.3.0.{i}") for i in range(15)]
    assert len(mail.outbox) == n
    assert all(r.status_code == 302 for r in responses[:n])
    assert all(refused(r) for r in responses[n:])


def test_password_reset_is_limited_per_client_address(db):
    n = allowed("password_reset")
    responses = [reset(f"nobody{i}@example.test") for i in range(n + 1)]
    assert all(r.status_code == 302 for r in responses[:n]) and refused(responses[n])
    assert reset("nobody@example.test", ip="10.0.0.2").status_code == 302


def test_behind_one_proxy_real_clients_have_their_own_allowance(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    n = allowed("password_reset")
    for i in range(n):
        Client().post(
            RESET, {"email": f"a{i}@example.test"}, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    blocked = Client().post(
        RESET, {"email": "b@example.test"}, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    other = Client().post(
        RESET, {"email": "b@example.test"}, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert refused(blocked) and other.status_code == 302


def test_portal_sign_in_counts_against_the_apis_per_address_rate(recruiter):
    n = allowed("login")
    for _ in range(n):
        Client().post(
            "/accounts/login/", {"username": f"x{_}@example.test", "password": "nope"}, REMOTE_ADDR="10.0.0.1"
        )
    response = APIClient().post(
        "/api/v1/auth/login",
        {"email": recruiter.email, "password": DEFAULT_PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429
    portal = Client().post(
        "/accounts/login/", {"username": recruiter.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert portal.status_code == 200 and "Too many attempts" in portal.content.decode()
