"""Failed sign-ins: one rule for the portal, /admin/ and the API.

A lock holds one account at one client address (the address DRF's throttles use,
honouring NUM_PROXIES), with pauses that grow while the failures go on: nobody
else's failures can refuse a correct password, and an attacker hammering one
account from one address is refused for longer and longer.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

DOORS = ["portal", "admin", "api"]
PROXY = "172.18.0.2"


def sign_in(door: str, email: str, password: str, ip: str = "10.0.0.1", forwarded: str | None = None) -> str:
    """ "ok", "wrong" or "throttled", as the person signing in would see it."""
    meta: dict[str, Any] = {"REMOTE_ADDR": ip}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if door == "api":
        response = APIClient().post("/api/v1/auth/login", {"email": email, "password": password}, format="json", **meta)
        if response.status_code == 429:
            assert "Too many failed sign-in attempts" in response.json()["detail"]
            assert int(response["Retry-After"]) > 0
            return "throttled"
        return {200: "ok", 401: "wrong"}[response.status_code]
    url = "/accounts/login/" if door == "portal" else "/admin/login/"
    portal = Client().post(url, {"username": email, "password": password, "next": "/admin/"}, **meta)
    if portal.status_code == 302:
        return "ok"
    assert portal.status_code == 200
    return "throttled" if "Too many failed sign-in attempts" in portal.content.decode() else "wrong"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_SECONDS = 60


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


@pytest.fixture
def later(monkeypatch):
    """later(s): the clock reads s seconds after the test started."""
    start = timezone.now()

    def at(seconds: float) -> None:
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(seconds=seconds))

    return at


@pytest.mark.parametrize("door", DOORS)
def test_others_failures_at_the_same_address_never_refuse_a_correct_password(door, admin_user, recruiter):
    for n in range(4):
        sign_in(door, f"guess{n}@acme.test", "nope")
    for _ in range(4):
        sign_in(door, recruiter.email, "nope")
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD) == "ok"


@pytest.mark.parametrize("door", DOORS)
def test_failures_from_other_addresses_never_lock_out_a_named_admin(door, admin_user):
    for attacker in ("203.0.113.1", "203.0.113.2"):
        for _ in range(4):
            sign_in(door, admin_user.email, "nope", ip=attacker)
        assert sign_in(door, admin_user.email, DEFAULT_PASSWORD, ip=attacker) == "throttled"
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD, ip="10.0.0.9") == "ok"


@pytest.mark.parametrize("door", DOORS)
def test_hammering_one_account_from_one_address_is_refused_even_with_the_right_password(door, admin_user):
    assert [sign_in(door, admin_user.email, "nope") for _ in range(3)] == ["wrong"] * 3
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD) == "throttled"


@pytest.mark.parametrize("door", DOORS)
def test_the_doors_share_one_count(door, admin_user):
    for other in DOORS:
        sign_in(other, admin_user.email, "nope")
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD) == "throttled"


@pytest.mark.parametrize("door", DOORS)
def test_behind_one_proxy_each_real_client_is_counted_apart(door, admin_user, behind_one_proxy):
    for _ in range(3):
        sign_in(door, admin_user.email, "nope", ip=PROXY, forwarded="203.0.113.5")
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD, ip=PROXY, forwarded="203.0.113.5") == "throttled"
    # A forged first hop changes nothing: the address is the one the proxy appended.
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD, ip=PROXY, forwarded="1.2.3.4, 203.0.113.5") == "throttled"
    assert sign_in(door, admin_user.email, DEFAULT_PASSWORD, ip=PROXY, forwarded="198.51.100.7") == "ok"


def _request(ip="10.0.0.1"):
    from django.test import RequestFactory

    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)


def _attempt(email, password, ip="10.0.0.1"):
    try:
        return services.login_authenticate(request=_request(ip), email=email, password=password)
    except services.LoginThrottled as error:
        return error


def test_the_pause_grows_while_failures_go_on_and_then_ends(admin_user, later, settings):
    for _ in range(3):
        assert _attempt(admin_user.email, "nope") is None
    first = _attempt(admin_user.email, DEFAULT_PASSWORD)
    assert isinstance(first, services.LoginThrottled) and 55 <= first.retry_after <= 60

    later(61)
    assert _attempt(admin_user.email, "nope") is None  # the pause is over: one more guess...
    second = _attempt(admin_user.email, DEFAULT_PASSWORD)  # ...and the next pause is twice as long
    assert isinstance(second, services.LoginThrottled) and 115 <= second.retry_after <= 120

    later(61 + 121)
    assert _attempt(admin_user.email, DEFAULT_PASSWORD) == admin_user


def test_the_pause_never_exceeds_the_maximum(admin_user, later, settings):
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 300
    elapsed = 0
    for _ in range(12):
        assert not isinstance(_attempt(admin_user.email, "nope"), services.LoginThrottled)
        elapsed += settings.LOGIN_LOCKOUT_MAX_SECONDS + 1
        later(elapsed)
    later(elapsed - settings.LOGIN_LOCKOUT_MAX_SECONDS)
    refused = _attempt(admin_user.email, DEFAULT_PASSWORD)
    assert isinstance(refused, services.LoginThrottled) and refused.retry_after <= 300


def test_success_forgets_the_failures_of_that_address(admin_user):
    for _ in range(2):
        _attempt(admin_user.email, "nope")
    assert _attempt(admin_user.email, DEFAULT_PASSWORD) == admin_user
    for _ in range(2):
        _attempt(admin_user.email, "nope")
    assert _attempt(admin_user.email, DEFAULT_PASSWORD) == admin_user


def test_old_failures_are_forgotten_after_the_window(admin_user, later, settings):
    settings.LOGIN_FAILURE_WINDOW = 900
    for _ in range(2):
        _attempt(admin_user.email, "nope")
    later(901)
    for _ in range(2):
        assert _attempt(admin_user.email, "nope") is None
    assert _attempt(admin_user.email, DEFAULT_PASSWORD) == admin_user


def test_no_email_or_address_is_stored_in_plain_text(admin_user):
    from accounts.models import SignInFailure

    _attempt(admin_user.email, "nope", ip="203.0.113.77")
    [row] = SignInFailure.objects.all()
    assert admin_user.email not in row.key and "203.0.113.77" not in row.key and row.failures == 1


def test_only_a_superuser_sees_the_failures_in_the_admin(client, admin_user, superuser):
    client.force_login(admin_user)
    assert client.get("/admin/accounts/signinfailure/").status_code == 403
    client.force_login(superuser)
    assert client.get("/admin/accounts/signinfailure/").status_code == 200


def test_forgotten_failures_are_removed(admin_user, later, settings):
    from accounts.models import SignInFailure

    for n in range(3):
        _attempt(f"guess{n}@acme.test", "nope")
    later(settings.LOGIN_FAILURE_WINDOW + settings.LOGIN_LOCKOUT_MAX_SECONDS + 1)
    _attempt(admin_user.email, "nope")
    assert SignInFailure.objects.count() == 1
