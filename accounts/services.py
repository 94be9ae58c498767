"""Every write of the accounts app, and the sign-in rule shared by portal, admin and API."""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from accounts.models import Invitation, Role, SignInFailure, User
from accounts.tokens import hash_token, new_token
from companies.models import Company
from companies.roles import require

logger = logging.getLogger(__name__)

# --- Registration -------------------------------------------------------------------

# The one answer to a well-formed registration, whether the email was new or taken:
# a stranger must not learn which addresses have an account.
REGISTRATION_ANSWER = "Check your email: we sent you the next step."


def _check_new_email(email: str) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this email address already exists."})


def _send_after_commit(*, template: str, context: dict, to: str) -> None:
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}_body.txt", context)

    def send() -> None:
        # The answer on screen never depends on the mail, so an outage is logged, not fatal.
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except Exception:
            logger.exception("%s email failed", template)

    transaction.on_commit(send)


def _notify_taken_email(email: str) -> None:
    context = {
        "email": email,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    _send_after_commit(template="registration_taken", context=context, to=email)


@transaction.atomic
def company_register(*, email: str, password: str, full_name: str, company_name: str) -> User | None:
    """Create a company and its first administrator, and email them a welcome.

    Raises ValidationError with field errors (password, full_name, company_name)
    that the portal form and the API serializer both show as they are; none of
    them depends on what already exists. For an email that already has an account
    nothing is created and its owner gets a notice instead (returns None): callers
    answer REGISTRATION_ANSWER either way. Company names need not be unique.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    full_name = full_name.strip()
    company_name = " ".join(company_name.split())
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = ["Enter your name."]
    if not company_name:
        errors["company_name"] = ["Enter your company's name."]
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the time a new account's hashing takes: no timing tell
        _notify_taken_email(email)
        return None
    try:
        # A savepoint, so a lost race for the same email ends like a taken one.
        with transaction.atomic():
            company = Company.objects.create(name=company_name)
            user = User.objects.create_user(email, password, full_name=full_name, role=Role.ADMIN, company=company)
    except IntegrityError:
        _notify_taken_email(email)
        return None
    context = {"user": user, "company": company, "login_url": settings.SITE_URL + reverse("accounts:login")}
    _send_after_commit(template="registration_welcome", context=context, to=email)
    return user


# --- Sign-in limits ------------------------------------------------------------------
#
# Why not django-axes (8.3.1 was considered): its combination lock (username + IP) and
# database handler fit, but its cool-off is a fixed period (the cool-off callable gets
# the request, not the account, so a pause that grows with that account's failures at
# that address needs a second lookup around it), it writes an access log row for every
# sign-in, and it works through an authentication backend, middleware and signals whose
# request attributes a DRF request does not carry. The rule below is one table and two
# functions, called the same way by the portal, the admin and the API.


class LoginThrottled(Exception):
    """Too many failed sign-ins for this account from this client address; wait."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            "Too many failed sign-in attempts. "
            f"Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again."
        )


def client_ip(request) -> str:
    """The client address exactly as DRF's throttles see it.

    REMOTE_ADDR, or with NUM_PROXIES set the address the nearest trusted proxy
    appended to X-Forwarded-For (never a hop the client wrote itself), so behind
    the documented proxy each real client counts on its own.
    """
    if request is None:
        return ""
    return BaseThrottle().get_ident(request) or ""


def _failure_key(email: str, ip: str) -> str:
    return hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()


def _pause(failures: int) -> timedelta:
    """No pause before LOGIN_FAILURE_LIMIT failures, then LOGIN_LOCKOUT_SECONDS,
    doubling with each further failure, up to LOGIN_LOCKOUT_MAX_SECONDS."""
    over = min(failures - settings.LOGIN_FAILURE_LIMIT, 30)
    if over < 0:
        return timedelta(0)
    return timedelta(seconds=min(settings.LOGIN_LOCKOUT_SECONDS * 2**over, settings.LOGIN_LOCKOUT_MAX_SECONDS))


def _forgotten(row: SignInFailure, now) -> bool:
    """Failures are forgotten LOGIN_FAILURE_WINDOW after the last one (or after its pause)."""
    quiet_since = max(row.last_failure_at, row.locked_until or row.last_failure_at)
    return now - quiet_since > timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def _check_not_locked(key: str) -> None:
    locked_until = SignInFailure.objects.filter(key=key).values_list("locked_until", flat=True).first()
    now = timezone.now()
    if locked_until is not None and locked_until > now:
        raise LoginThrottled(retry_after=math.ceil((locked_until - now).total_seconds()))


@transaction.atomic
def _record_failure(key: str) -> None:
    now = timezone.now()
    # Rows past any pause and quiet window are forgotten anyway: drop them, so
    # guesses at made-up emails do not grow the table without end.
    forgotten_before = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + settings.LOGIN_LOCKOUT_MAX_SECONDS)
    SignInFailure.objects.filter(last_failure_at__lt=forgotten_before).exclude(key=key).delete()
    row, created = SignInFailure.objects.select_for_update().get_or_create(key=key, defaults={"last_failure_at": now})
    if not created and _forgotten(row, now):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    pause = _pause(row.failures)
    row.locked_until = now + pause if pause else None
    row.save()


def login_authenticate(*, request, email: str, password: str) -> User | None:
    """Check credentials under the failed-sign-in limit of this account at this address.

    Returns the user, or None for wrong credentials (or an inactive account);
    raises LoginThrottled during a pause, even for the right password, so guessing
    from that address cannot continue until it succeeds. Failures elsewhere, or
    of other accounts here, never refuse this account here.
    """
    email = (email or "").strip().lower()
    key = _failure_key(email, client_ip(request))
    _check_not_locked(key)
    # Django's HttpRequest for the auth backends (the API passes DRF's wrapper).
    user = authenticate(getattr(request, "_request", request), username=email, password=password)
    if user is None:
        _record_failure(key)
        return None
    SignInFailure.objects.filter(key=key).delete()
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
