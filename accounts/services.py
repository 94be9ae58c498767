"""Every write of the accounts app, and the sign-in rule shared by portal, admin and API."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Role, User
from accounts.tokens import hash_token, new_token
from companies.models import Company
from companies.roles import require

logger = logging.getLogger(__name__)

# --- Registration -------------------------------------------------------------------


def _check_new_email(email: str) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this email address already exists."})


@transaction.atomic
def company_register(*, email: str, password: str, full_name: str, company_name: str) -> User:
    """Create a company and its first administrator.

    Raises ValidationError with field errors (email, password, full_name, company_name)
    that the portal form and the API serializer both show as they are.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    full_name = full_name.strip()
    company_name = " ".join(company_name.split())
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = ["Enter your name."]
    if not company_name:
        errors["company_name"] = ["Enter your company's name."]
    elif Company.objects.filter(name__iexact=company_name).exists():
        errors["company_name"] = ["A company with this name is already registered."]
    try:
        _check_new_email(email)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    try:
        # A savepoint, so a lost race is a clear error rather than a broken transaction.
        with transaction.atomic():
            company = Company.objects.create(name=company_name)
            return User.objects.create_user(
                email, password, full_name=full_name, role=Role.ADMIN, company=company
            )
    except IntegrityError as error:
        raise ValidationError(
            {"__all__": ["This company or email address was registered a moment ago."]}
        ) from error


# --- Sign-in throttling ---------------------------------------------------------------


class LoginThrottled(Exception):
    """Too many failed sign-ins for this email or client address; try again later."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            "Too many failed sign-in attempts. "
            f"Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again."
        )


def client_ip(request) -> str:
    """The client address as seen by this server.

    REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy
    rewrites it, and trusting it would let an attacker pick a fresh address per try.
    """
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _failure_keys(email: str, ip: str) -> list[str]:
    email_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    keys = [f"login-failures:email:{email_digest}"]
    if ip:
        keys.append(f"login-failures:ip:{ip}")
    return keys


def _check_not_throttled(keys: list[str]) -> None:
    counts = cache.get_many(keys)
    if any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values()):
        raise LoginThrottled(retry_after=settings.LOGIN_FAILURE_WINDOW)


def _record_failure(keys: list[str]) -> None:
    for key in keys:
        # A fixed window from the first failure: the counter expires by itself,
        # so an account is never locked for longer than LOGIN_FAILURE_WINDOW.
        if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def login_authenticate(*, request, email: str, password: str) -> User | None:
    """Check credentials with a failed-attempt limit per email and per client address.

    Returns the user, or None for wrong credentials (or an inactive account);
    raises LoginThrottled while either counter is at its limit, even for the
    right password, so guessing cannot continue until it succeeds.
    """
    keys = _failure_keys(email or "", client_ip(request))
    _check_not_throttled(keys)
    user = authenticate(request, username=(email or "").strip().lower(), password=password)
    if user is None:
        _record_failure(keys)
        return None
    # Success forgives this email's failures; the address keeps its count, so one
    # valid account cannot be used to reset a guessing run against others.
    cache.delete(keys[0])
    return user


# --- Invitations ----------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    # The only time the raw link exists: shown to the admin once and emailed.
    url: str


def _require_company_admin(user: User) -> None:
    require(user, "manage_team", "Only company administrators manage the team.")
    if user.company_id is None:  # a superuser outside any company has no team to invite to
        raise PermissionDenied("Only company administrators manage the team.")


def _require_manager_of(user: User, company_id) -> None:
    """An administrator of that company, or a superuser (from the Django admin)."""
    if user.is_superuser:
        return
    _require_company_admin(user)
    if user.company_id != company_id:
        raise PermissionDenied("Not your company.")


@transaction.atomic
def invitation_create(*, invited_by: User, email: str, role: str) -> IssuedInvitation:
    _require_company_admin(invited_by)
    if role not in Role.values:
        raise ValidationError({"role": "Choose a valid role."})
    email = User.objects.normalize_email(email.strip()).lower()
    _check_new_email(email)

    company = invited_by.company
    # Inviting the same address again replaces the pending link: only the newest works.
    Invitation.objects.for_company(company).filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())

    token = new_token()
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + settings.INVITATION_MAX_AGE,
    )
    url = settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": token})
    context = {"invitation": invitation, "url": url, "company": company, "invited_by": invited_by}
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)

    def send() -> None:
        # The admin sees the link on screen too, so a mail outage is logged, not fatal.
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        except Exception:
            logger.exception("invitation email to %s failed", email)

    # Sent after commit: no email for an invitation that was rolled back.
    transaction.on_commit(send)
    return IssuedInvitation(invitation=invitation, url=url)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, revoked_by: User) -> Invitation:
    _require_manager_of(revoked_by, invitation.company_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


class InvitationUnusable(Exception):
    def __init__(self, status: str):
        self.status = status
        messages = {
            "unknown": "This invitation link is not valid.",
            "accepted": "This invitation has already been used. Sign in instead.",
            "revoked": "This invitation was withdrawn. Ask your administrator for a new one.",
            "expired": "This invitation has expired. Ask your administrator for a new one.",
        }
        super().__init__(messages.get(status, messages["unknown"]))


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Turn a valid invitation into an account. The role and company come from the
    invitation row only: nothing the invitee submits can change them."""
    try:
        invitation = Invitation.objects.select_for_update().get(token_hash=hash_token(token))
    except Invitation.DoesNotExist:
        raise InvitationUnusable("unknown") from None
    if not invitation.is_usable:
        raise InvitationUnusable(invitation.status)

    full_name = full_name.strip()
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = ["Enter your name."]
    try:
        validate_password(password, user=User(email=invitation.email, full_name=full_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if User.objects.filter(email__iexact=invitation.email).exists():
        errors["__all__"] = ["An account with this email address already exists. Sign in instead."]
    if errors:
        raise ValidationError(errors)

    user = User.objects.create_user(
        invitation.email,
        password,
        full_name=full_name,
        role=invitation.role,
        company_id=invitation.company_id,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user", "updated_at"])
    return user


# --- Team -----------------------------------------------------------------------------


@transaction.atomic
def user_set_active(*, user: User, active: bool, changed_by: User) -> User:
    """Deactivate (or reactivate) a colleague. A deactivated user cannot sign in,
    and their open sessions and API tokens stop working at the next request."""
    _require_manager_of(changed_by, user.company_id)
    if user.is_superuser and not changed_by.is_superuser:
        raise PermissionDenied("Not a member of your company.")
    if user.pk == changed_by.pk and not active:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = active
    user.save(update_fields=["is_active", "is_staff", "updated_at"])
    return user
