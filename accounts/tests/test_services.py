import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Role, User
from accounts.tests.factories import DEFAULT_PASSWORD, InvitationFactory
from companies.models import Company

STRONG = "Plum-Orchard-Lantern-42"


def _request(ip="10.0.0.1"):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)


# --- registration ---------------------------------------------------------------------


@pytest.mark.django_db
def test_register_creates_company_and_its_first_admin():
    user = services.company_register(
        email="  Founder@Example.COM ", password=STRONG, full_name="Fay Founder", company_name="  Fay   Hiring "
    )
    assert user.email == "founder@example.com"
    assert user.role == Role.ADMIN and user.is_staff and not user.is_superuser
    assert user.company.name == "Fay Hiring"
    assert user.check_password(STRONG)


@pytest.mark.django_db
def test_register_creates_nothing_for_a_taken_email_case_insensitively(admin_user, company):
    assert (
        services.company_register(
            email="ALICE@acme.test", password=STRONG, full_name="Alice Again", company_name="Anything"
        )
        is None
    )
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_register_applies_django_password_validators():
    with pytest.raises(ValidationError) as caught:
        services.company_register(email="a@b.test", password="password", full_name="A", company_name="B")
    assert "password" in caught.value.message_dict
    assert not User.objects.exists() and not Company.objects.exists()


# --- sign-in (the failed-sign-in limits: test_sign_in_limits.py) --------------------------


@pytest.mark.django_db
def test_an_inactive_account_cannot_sign_in(recruiter):
    recruiter.is_active = False
    recruiter.save()
    assert services.login_authenticate(request=_request(), email=recruiter.email, password=DEFAULT_PASSWORD) is None


# --- invitations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_stores_only_the_token_hash_and_emails_the_link(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.invitation_create(invited_by=admin_user, email="New@Acme.test", role=Role.HIRING_MANAGER)
    token = issued.url.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 43  # 32 random bytes, base64
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert invitation.email == "new@acme.test" and invitation.company == admin_user.company
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@acme.test"]
    assert issued.url in mail.outbox[0].body
    assert "Acme Recruiting" in mail.outbox[0].subject


@pytest.mark.django_db
def test_only_company_admins_invite(recruiter):
    with pytest.raises(PermissionDenied):
        services.invitation_create(invited_by=recruiter, email="x@acme.test", role=Role.ADMIN)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_inviting_an_existing_account_is_refused(admin_user, outsider):
    with pytest.raises(ValidationError):
        services.invitation_create(invited_by=admin_user, email=outsider.email, role=Role.RECRUITER)


@pytest.mark.django_db
def test_reinviting_replaces_the_pending_link(admin_user):
    first = services.invitation_create(invited_by=admin_user, email="x@acme.test", role=Role.RECRUITER)
    second = services.invitation_create(invited_by=admin_user, email="x@acme.test", role=Role.RECRUITER)
    first_token = first.url.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(token=first_token, full_name="X", password=STRONG)
    assert caught.value.status == "revoked"
    second_token = second.url.rstrip("/").rsplit("/", 1)[-1]
    assert services.invitation_accept(token=second_token, full_name="X", password=STRONG).email == "x@acme.test"


def _issue(admin_user, role=Role.RECRUITER, email="newbie@acme.test"):
    issued = services.invitation_create(invited_by=admin_user, email=email, role=role)
    return issued.invitation, issued.url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.django_db
def test_accepting_creates_the_user_with_the_invitations_role_and_company(admin_user):
    invitation, token = _issue(admin_user, role=Role.HIRING_MANAGER)
    user = services.invitation_accept(token=token, full_name="Nina New", password=STRONG)
    assert (user.role, user.company, user.full_name) == (Role.HIRING_MANAGER, admin_user.company, "Nina New")
    assert not user.is_staff
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None


@pytest.mark.django_db
def test_an_invitation_works_once(admin_user):
    _, token = _issue(admin_user)
    services.invitation_accept(token=token, full_name="Nina New", password=STRONG)
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(token=token, full_name="Someone Else", password=STRONG)
    assert caught.value.status == "accepted"
    assert User.objects.filter(email="newbie@acme.test").count() == 1


@pytest.mark.django_db
def test_an_expired_invitation_is_refused(admin_user):
    invitation, token = _issue(admin_user)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(token=token, full_name="Late", password=STRONG)
    assert caught.value.status == "expired"
    assert not User.objects.filter(email="newbie@acme.test").exists()


@pytest.mark.django_db
def test_a_revoked_invitation_is_refused(admin_user):
    invitation, token = _issue(admin_user)
    services.invitation_revoke(invitation=invitation, revoked_by=admin_user)
    with pytest.raises(services.InvitationUnusable):
        services.invitation_accept(token=token, full_name="Nope", password=STRONG)


@pytest.mark.django_db
def test_an_unknown_token_is_refused(db):
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(token="made-up", full_name="Nope", password=STRONG)
    assert caught.value.status == "unknown"


@pytest.mark.django_db
def test_accepting_validates_the_password_and_keeps_the_link_usable(admin_user):
    invitation, token = _issue(admin_user)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=token, full_name="Nina", password="123")
    assert "password" in caught.value.message_dict
    invitation.refresh_from_db()
    assert invitation.is_usable


@pytest.mark.django_db
def test_another_companys_admin_cannot_revoke(admin_user, outsider):
    invitation = InvitationFactory(company=admin_user.company)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(invitation=invitation, revoked_by=outsider)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- team ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_deactivates_and_reactivates_a_colleague(admin_user, recruiter):
    services.user_set_active(user=recruiter, active=False, changed_by=admin_user)
    recruiter.refresh_from_db()
    assert not recruiter.is_active
    services.user_set_active(user=recruiter, active=True, changed_by=admin_user)
    recruiter.refresh_from_db()
    assert recruiter.is_active


@pytest.mark.django_db
def test_deactivation_rules(admin_user, recruiter, hiring_manager, outsider):
    with pytest.raises(PermissionDenied):
        services.user_set_active(user=hiring_manager, active=False, changed_by=recruiter)
    with pytest.raises(PermissionDenied):
        services.user_set_active(user=recruiter, active=False, changed_by=outsider)
    with pytest.raises(ValidationError):
        services.user_set_active(user=admin_user, active=False, changed_by=admin_user)
    assert User.objects.filter(is_active=False).count() == 0
