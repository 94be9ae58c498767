import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Role, User
from accounts.tests.factories import DEFAULT_PASSWORD, InvitationFactory
from companies.models import Company

STRONG = "Plum-Orchard-Lantern-42"
LOGIN = "/accounts/login/"


def _register_data(**overrides):
    data = {
        "full_name": "Fay Founder",
        "email": "fay@fayhiring.test",
        "company_name": "Fay Hiring",
        "password": STRONG,
        "password_confirm": STRONG,
    }
    data.update(overrides)
    return data


# --- registration, login, logout ----------------------------------------------------


@pytest.mark.django_db
def test_registration_creates_the_company_and_asks_to_check_the_email(client):
    response = client.post(reverse("accounts:register"), _register_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:register_done")
    assert "Check your email" in response.content.decode()
    user = User.objects.get(email="fay@fayhiring.test")
    assert user.role == Role.ADMIN and user.company.name == "Fay Hiring"
    # Signing in is the next step, as for every other account.
    assert client.post(LOGIN, {"username": user.email, "password": STRONG}).status_code == 302


@pytest.mark.django_db
def test_registration_explains_weak_passwords(client):
    response = client.post(reverse("accounts:register"), _register_data(password="short", password_confirm="short"))
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not Company.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_registration_checks_the_password_confirmation(client):
    response = client.post(reverse("accounts:register"), _register_data(password_confirm="Different-Pass-99"))
    assert "do not match" in response.context["form"].errors["password_confirm"][0]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_with_email_and_password_then_logout(client, recruiter):
    page = client.get(LOGIN)
    assert b'name="username"' in page.content and b'name="password"' in page.content
    response = client.post(LOGIN, {"username": "BOB@acme.test", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert "Acme Recruiting" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused(client, recruiter):
    response = client.post(LOGIN, {"username": recruiter.email, "password": "nope"})
    assert response.status_code == 200
    assert "Wrong email or password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_form_refuses_after_repeated_failures_with_a_clear_message(client, settings, recruiter):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": recruiter.email, "password": "nope"})
    response = client.post(LOGIN, {"username": recruiter.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_shares_the_failure_limit(client, settings, admin_user):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": admin_user.email, "password": "nope"})
    response = client.post(
        reverse("admin:login"), {"username": admin_user.email, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()


# --- team and invitations --------------------------------------------------------------


def _invite(client, email="newbie@acme.test", role="recruiter", **extra):
    return client.post(reverse("accounts:invitation_create"), {"email": email, "role": role}, **extra)


@pytest.mark.django_db
def test_team_page_lists_only_the_companys_people(client, admin_user, recruiter, outsider):
    client.force_login(admin_user)
    page = client.get(reverse("accounts:team")).content.decode()
    assert recruiter.email in page and admin_user.email in page
    assert outsider.email not in page
    assert "Invite a colleague" in page


@pytest.mark.django_db
def test_admin_invites_sees_the_link_once_and_it_is_emailed(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, role="hiring_manager")
    assert response.status_code == 201
    link = re.search(r"http://[^\"<\s]+/accounts/invitation/[^/\"]+/", response.content.decode()).group(0)
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    assert Invitation.objects.get().role == Role.HIRING_MANAGER
    # The team page afterwards lists the invitation but never the link again.
    page = client.get(reverse("accounts:team")).content.decode()
    assert "newbie@acme.test" in page and link not in page


@pytest.mark.django_db
def test_htmx_invite_answers_with_the_admin_partial(client, admin_user):
    client.force_login(admin_user)
    response = _invite(client, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 201
    assert body.lstrip().startswith('<div id="team-admin">')
    assert "<html" not in body and "/accounts/invitation/" in body


@pytest.mark.django_db
def test_invite_form_errors_are_shown(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = _invite(client, email=recruiter.email)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    response = _invite(client, role="superuser")
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["recruiter", "hiring_manager"])
def test_non_admins_see_no_invite_form_and_cannot_invite(client, role_fixture, request):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    page = client.get(reverse("accounts:team")).content.decode()
    assert "Invite a colleague" not in page and "Deactivate" not in page
    # A hand-made POST, even asking for the admin role, is refused.
    response = _invite(client, email="sneaky@acme.test", role="admin")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_accepting_an_invitation_sets_name_and_password_and_signs_in(client, admin_user):
    client.force_login(admin_user)
    link = re.search(r"/accounts/invitation/[^/\"]+/", _invite(client).content.decode()).group(0)
    client.logout()

    page = client.get(link)
    assert page.status_code == 200 and "Acme Recruiting" in page.content.decode()
    response = client.post(link, {"full_name": "Nina New", "password": STRONG, "password_confirm": STRONG}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    user = User.objects.get(email="newbie@acme.test")
    assert response.context["user"] == user
    assert user.full_name == "Nina New" and user.role == Role.RECRUITER and user.company == admin_user.company
    assert user.check_password(STRONG)


@pytest.mark.django_db
def test_a_tampered_role_on_acceptance_is_ignored(client, admin_user):
    client.force_login(admin_user)
    link = re.search(r"/accounts/invitation/[^/\"]+/", _invite(client, role="hiring_manager").content.decode()).group(0)
    client.logout()
    client.post(
        link,
        {
            "full_name": "Eve",
            "password": STRONG,
            "password_confirm": STRONG,
            "role": "admin",
            "company": "x",
            "email": "eve@evil.test",
        },
    )
    user = User.objects.get(email="newbie@acme.test")
    assert user.role == Role.HIRING_MANAGER and not user.is_staff
    assert not User.objects.filter(email="eve@evil.test").exists()


@pytest.mark.django_db
def test_a_used_link_answers_410(client, admin_user):
    client.force_login(admin_user)
    link = re.search(r"/accounts/invitation/[^/\"]+/", _invite(client).content.decode()).group(0)
    client.logout()
    client.post(link, {"full_name": "Nina", "password": STRONG, "password_confirm": STRONG})
    client.logout()
    again = client.post(link, {"full_name": "Mallory", "password": STRONG, "password_confirm": STRONG})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert User.objects.filter(email="newbie@acme.test").get().full_name == "Nina"


@pytest.mark.django_db
def test_an_expired_link_answers_410(client, admin_user, settings):
    client.force_login(admin_user)
    link = re.search(r"/accounts/invitation/[^/\"]+/", _invite(client).content.decode()).group(0)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.post(link, {"full_name": "Late", "password": STRONG, "password_confirm": STRONG})
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not User.objects.filter(email="newbie@acme.test").exists()


@pytest.mark.django_db
def test_an_unknown_link_answers_404(client):
    assert client.get("/accounts/invitation/not-a-real-token/").status_code == 404


@pytest.mark.django_db
def test_admin_revokes_a_pending_invitation(client, admin_user):
    invitation = InvitationFactory(company=admin_user.company)
    client.force_login(admin_user)
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.django_db
def test_another_companys_invitation_and_colleague_are_404(client, admin_user, outsider):
    theirs = InvitationFactory(company=outsider.company)
    client.force_login(admin_user)
    assert client.post(reverse("accounts:invitation_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:user_deactivate", args=[outsider.pk])).status_code == 404
    theirs.refresh_from_db()
    outsider.refresh_from_db()
    assert theirs.revoked_at is None and outsider.is_active


@pytest.mark.django_db
def test_a_deactivated_colleague_is_signed_out_and_cannot_sign_in(client, admin_user, recruiter):
    from django.test import Client

    colleague = Client()
    colleague.force_login(recruiter)
    client.force_login(admin_user)
    assert client.post(reverse("accounts:user_deactivate", args=[recruiter.pk])).status_code == 302
    assert colleague.get(reverse("dashboard")).status_code == 302  # session no longer valid
    response = colleague.post(LOGIN, {"username": recruiter.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200 and "Wrong email or password" in response.content.decode()
    assert colleague.get(reverse("dashboard")).status_code == 302
    client.post(reverse("accounts:user_reactivate", args=[recruiter.pk]))
    recruiter.refresh_from_db()
    assert recruiter.is_active


@pytest.mark.django_db
def test_a_recruiter_cannot_deactivate_anyone(client, admin_user, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("accounts:user_deactivate", args=[admin_user.pk])).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.mark.django_db
def test_an_admin_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("accounts:user_deactivate", args=[admin_user.pk]), follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


# --- password reset -----------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_by_email(client, recruiter, settings):
    settings.SITE_URL = "https://shortlist.example"
    response = client.post(reverse("accounts:password_reset"), {"email": recruiter.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [recruiter.email]
    link = re.search(r"https://shortlist\.example(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": STRONG, "new_password2": STRONG}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:password_reset_complete")
    recruiter.refresh_from_db()
    assert recruiter.check_password(STRONG)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@nowhere.test"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
