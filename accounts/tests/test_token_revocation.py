"""API tokens can be revoked: logout, rotation, a new password, deactivation."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

API = "/api/v1/auth/"
NEW_PASSWORD = "Plum-Orchard-Lantern-42"


def sign_in(user, password=DEFAULT_PASSWORD) -> dict:
    response = APIClient().post(API + "login", {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200
    return response.json()


def me_status(access: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get(API + "me").status_code


def refresh_status(refresh: str) -> int:
    return APIClient().post(API + "refresh", {"refresh": refresh}, format="json").status_code


def test_logout_revokes_the_refresh_token(recruiter):
    tokens = sign_in(recruiter)
    response = APIClient().post(API + "logout", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 205
    assert refresh_status(tokens["refresh"]) == 401
    # Another sign-in of the same user is untouched.
    assert refresh_status(sign_in(recruiter)["refresh"]) == 200


def test_logout_refuses_garbage(db):
    assert APIClient().post(API + "logout", {"refresh": "garbage"}, format="json").status_code == 401


def test_a_rotated_refresh_token_cannot_be_used_again(recruiter):
    refresh = sign_in(recruiter)["refresh"]
    first = APIClient().post(API + "refresh", {"refresh": refresh}, format="json")
    assert first.status_code == 200 and first.json()["refresh"] != refresh
    assert refresh_status(refresh) == 401
    assert refresh_status(first.json()["refresh"]) == 200


def _all_tokens_are_dead(tokens: dict) -> bool:
    return me_status(tokens["access"]) == 401 and refresh_status(tokens["refresh"]) == 401


def test_a_password_change_in_the_portal_revokes_every_token(recruiter, client):
    tokens = sign_in(recruiter)
    client.force_login(recruiter)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _all_tokens_are_dead(tokens)
    # The session that changed the password stays signed in; new tokens work.
    assert client.get(reverse("accounts:team")).status_code == 200
    fresh = sign_in(recruiter, NEW_PASSWORD)
    assert me_status(fresh["access"]) == 200 and refresh_status(fresh["refresh"]) == 200


def test_a_password_reset_revokes_every_token(recruiter, settings):
    settings.SITE_URL = "https://shortlist.example"
    tokens = sign_in(recruiter)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": recruiter.email})
    link = re.search(r"https://shortlist\.example(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _all_tokens_are_dead(tokens)


def test_a_password_set_in_the_admin_revokes_every_token(recruiter, admin_user, client):
    tokens = sign_in(recruiter)
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[recruiter.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    assert _all_tokens_are_dead(tokens)


def test_deactivation_revokes_every_token_and_reactivation_does_not_revive_them(recruiter, admin_user):
    tokens = sign_in(recruiter)
    services.user_set_active(user=recruiter, active=False, changed_by=admin_user)
    assert _all_tokens_are_dead(tokens)
    services.user_set_active(user=recruiter, active=True, changed_by=admin_user)
    assert _all_tokens_are_dead(tokens)
    assert me_status(sign_in(recruiter)["access"]) == 200


def test_deactivation_in_the_admin_revokes_every_token_too(recruiter):
    tokens = sign_in(recruiter)
    recruiter.is_active = False
    recruiter.save()
    recruiter.is_active = True
    recruiter.save()
    assert _all_tokens_are_dead(tokens)


def test_a_portal_session_ends_with_deactivation_and_reactivation_does_not_revive_it(recruiter, admin_user):
    portal = Client()
    assert (
        portal.post("/accounts/login/", {"username": recruiter.email, "password": DEFAULT_PASSWORD}).status_code == 302
    )
    assert portal.get("/").status_code == 200

    services.user_set_active(user=recruiter, active=False, changed_by=admin_user)
    services.user_set_active(user=recruiter, active=True, changed_by=admin_user)

    response = portal.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Signing in again works.
    assert (
        Client().post("/accounts/login/", {"username": recruiter.email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )
