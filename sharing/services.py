"""Every write of sharing: creating and revoking public candidate links, counting views.

Who may do what: recruiters and company administrators create and revoke links;
hiring managers read the list but neither create nor revoke (a link sends
candidate data outside the company, which is a recruiter's decision). The
public page needs no account: the token alone opens it until it expires or is
revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import hash_token, new_token
from companies.roles import require
from sharing.models import SharedLink, SharedLinkView, ViewKind

DEFAULT_EXPIRY_DAYS = 7
MAX_EXPIRY_DAYS = 90


@dataclass(frozen=True)
class IssuedLink:
    """A new link and its token: the only moment the token exists outside the visitor's hands."""

    link: SharedLink
    token: str
    url: str

    @property
    def warnings(self) -> list[str]:
        # The file is the candidate's own document: hiding contact details on the page
        # does not take them out of it. The sharer chose to include it; say so plainly.
        if self.link.allow_download and not self.link.show_contact:
            return [CONTACT_IN_FILE]
        return []


CONTACT_IN_FILE = "Contact details are hidden on the page, but the original file includes them."


def _require_sharer(user) -> None:
    require(user, "share_candidates")


def shared_link_url(token: str) -> str:
    return settings.SITE_URL + reverse("shared:page", kwargs={"token": token})


@transaction.atomic
def shared_link_create(
    *,
    resume,
    user,
    job=None,
    expires_in_days: int | None = DEFAULT_EXPIRY_DAYS,
    show_contact: bool = False,
    allow_download: bool = False,
) -> IssuedLink:
    _require_sharer(user)
    if getattr(user, "company_id", None) != resume.company_id:
        raise PermissionDenied("Only members of the candidate's company can share them.")
    if job is not None and job.company_id != resume.company_id:
        raise ValidationError({"job_id": ["Choose one of your company's jobs."]})
    days = DEFAULT_EXPIRY_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationError({"expires_in_days": [f"A link lasts between 1 and {MAX_EXPIRY_DAYS} days."]})
    token = new_token()
    link = SharedLink.objects.create(
        company_id=resume.company_id,
        resume=resume,
        job=job,
        token_hash=hash_token(token),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
        show_contact=bool(show_contact),
        allow_download=bool(allow_download),
    )
    return IssuedLink(link=link, token=token, url=shared_link_url(token))


@transaction.atomic
def shared_link_revoke(*, link: SharedLink, user) -> SharedLink:
    _require_sharer(user)
    link = SharedLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
    return link


def shared_links_revoke(*, queryset, user) -> int:
    """Revoke many links at once (the admin action); returns how many were still open."""
    _require_sharer(user)
    return queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), updated_at=timezone.now())


@transaction.atomic
def shared_link_record_view(*, link: SharedLink, kind: str = ViewKind.PAGE) -> None:
    """Count a visit: one UPDATE with F(), so simultaneous visitors never lose a count."""
    now = timezone.now()
    SharedLink.objects.filter(pk=link.pk).update(view_count=F("view_count") + 1, last_viewed_at=now)
    SharedLinkView.objects.create(company_id=link.company_id, link=link, kind=kind)
