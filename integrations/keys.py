"""API keys: making, storing and checking them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from companies.roles import require
from integrations import audit
from integrations.models import Access, ApiKey

KEY_PREFIX = "slk"
# last_used_at is written at most this often per key: a busy integration must not
# turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(key: str) -> str:
    # The key carries 256 random bits: a plain SHA-256 is enough, no slow hash needed.
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    key: str  # shown once, never stored


@transaction.atomic
def api_key_create(
    *, user: Any, name: str, access: str = Access.READ_ONLY, resources: list[str] | None = None
) -> IssuedKey:
    require(user, "manage_integrations")
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        company=user.company,
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        access=access,
        resources=sorted(set(resources or [])),
        created_by=user,
    )
    audit.record(
        action="api_key.created", actor=user, target=api_key, data={"access": access, "resources": api_key.resources}
    )
    return IssuedKey(api_key=api_key, key=key)


def api_key_revoke(*, api_key: ApiKey, user: Any) -> ApiKey:
    require(user, "manage_integrations")
    if api_key.revoked_at is None:
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        api_key.refresh_from_db()
        audit.record(action="api_key.revoked", actor=user, target=api_key)
    return api_key


def api_key_check(key: str) -> ApiKey | None:
    """The active key `key` names, or None (unknown, malformed, revoked)."""
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != KEY_PREFIX:
        return None
    api_key = ApiKey.objects.select_related("created_by", "created_by__company").filter(prefix=parts[1]).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash(key)) or not api_key.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
