"""Read queries of the accounts app, shared by the portal and the API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.tokens import hash_token
from companies.tenancy import get_for_company_or_404


def team_members(*, company) -> QuerySet[User]:
    """Everyone of the company, active first, then by name."""
    return User.objects.for_company(company).filter(is_superuser=False).order_by("-is_active", "full_name", "email")


def pending_invitations(*, company) -> QuerySet[Invitation]:
    return (
        Invitation.objects.for_company(company)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at")
    )


def team_member_get(*, company, pk) -> User:
    """One colleague; another company's user is the same 404 as a missing one."""
    return get_for_company_or_404(team_members(company=company), company, pk=pk)


def invitation_get(*, company, pk) -> Invitation:
    return get_for_company_or_404(Invitation.objects.all(), company, pk=pk)


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link points at (usable or not), or None for an unknown link."""
    return Invitation.objects.select_related("company", "invited_by").filter(token_hash=hash_token(token)).first()
