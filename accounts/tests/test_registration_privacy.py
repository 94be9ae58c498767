"""Registration does not tell a stranger which emails or company names exist.

The answer is the same "check your email" whether the address is new or taken;
the owner of a taken address gets a notice instead of a welcome. Company names
need not be unique: tenants are told apart by id, never by name.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Role, User
from companies.models import Company

pytestmark = pytest.mark.django_db

STRONG = "Plum-Orchard-Lantern-42"


def body(**overrides) -> dict:
    return {
        "email": "fay@fayhiring.test",
        "password": STRONG,
        "full_name": "Fay Founder",
        "company_name": "Fay Hiring",
        **overrides,
    }


@pytest.fixture
def portal_register(django_capture_on_commit_callbacks):
    def register(**overrides):
        data = body(**overrides)
        data["password_confirm"] = data["password"]
        with django_capture_on_commit_callbacks(execute=True):  # emails go out on commit
            return Client().post(reverse("accounts:register"), data, follow=True)

    return register


@pytest.fixture
def api_register(django_capture_on_commit_callbacks):
    def register(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return APIClient().post("/api/v1/auth/register", body(**overrides), format="json")

    return register


def test_a_new_email_gets_the_company_and_a_welcome_email(api_register):
    response = api_register()
    assert response.status_code == 202 and "check your email" in response.json()["detail"].lower()
    user = User.objects.get(email="fay@fayhiring.test")
    assert user.role == Role.ADMIN and user.company.name == "Fay Hiring" and user.check_password(STRONG)
    [welcome] = mail.outbox
    assert welcome.to == ["fay@fayhiring.test"] and "/accounts/login/" in welcome.body


def test_the_api_answers_the_same_for_a_taken_email_and_notifies_its_owner(api_register, admin_user, company):
    new = api_register(email="new@example.test")
    taken = api_register(email=admin_user.email.upper(), company_name="Something Else")
    assert (taken.status_code, taken.json()) == (new.status_code, new.json())
    assert Company.objects.filter(name="Something Else").count() == 0
    notice = mail.outbox[-1]
    assert notice.to == [admin_user.email] and "already" in notice.body
    admin_user.refresh_from_db()
    assert admin_user.check_password(STRONG) is False and admin_user.company == company


def _without_csrf(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def test_the_portal_answers_the_same_for_a_taken_email(portal_register, admin_user):
    new = portal_register(email="new@example.test")
    taken = portal_register(email=admin_user.email)
    assert new.redirect_chain == taken.redirect_chain == [(reverse("accounts:register_done"), 302)]
    assert _without_csrf(new) == _without_csrf(taken) and "Check your email" in _without_csrf(new)
    assert "_auth_user_id" not in new.client.session
    assert [m.to for m in mail.outbox] == [["new@example.test"], [admin_user.email]]


@pytest.mark.parametrize("door", ["api_register", "portal_register"])
def test_a_taken_company_name_is_neither_refused_nor_confirmed(request, door, company):
    response = request.getfixturevalue(door)(company_name=company.name.upper())
    assert response.status_code in (200, 202)
    assert Company.objects.filter(name__iexact=company.name).count() == 2


def test_the_service_creates_nothing_for_a_taken_email(admin_user):
    assert services.company_register(email=admin_user.email, password=STRONG, full_name="X", company_name="Y") is None
    assert Company.objects.count() == 1 and User.objects.count() == 1


def test_weak_passwords_and_missing_fields_are_still_explained(api_register):
    response = api_register(password="abc")
    assert response.status_code == 400 and "password" in response.json()
    assert not User.objects.exists()
