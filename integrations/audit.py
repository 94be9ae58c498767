"""The audit log's one writer: `record(...)`. Other apps above integrations call it
directly; lower apps are heard through their signals (receivers.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from companies.roles import SYSTEM
from integrations.models import AuditEntry


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    actor=None,
    company=None,
    target=None,
    target_label: str = "",
    data: dict | None = None,
    request=None,
) -> AuditEntry:
    """Append one entry. `actor` is a user, SYSTEM or None; `company` defaults to the
    target's or the actor's; `target` any model row (its type, id and name are kept)."""
    person = None if actor is SYSTEM or not getattr(actor, "pk", None) else actor
    if company is None:
        company_id = getattr(target, "company_id", None) or getattr(person, "company_id", None)
    else:
        company_id = company.pk
    label = ""
    if person is not None:
        label = person.email
        api_key = getattr(person, "api_key", None)
        if api_key is not None:
            label = f"{person.email} (API key {api_key.prefix})"
    elif actor is SYSTEM:
        label = "system"
    entry_data = dict(data or {})
    return AuditEntry.objects.create(
        company_id=company_id,
        actor=person,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:300],
        data=entry_data,
        ip_address=_client_ip(request),
    )


def audit_for_company(*, company):
    return AuditEntry.objects.for_company(company).order_by("created_at", "id")


@transaction.atomic
def audit_purge(*, now=None) -> int:
    """Remove entries older than AUDIT_RETENTION_DAYS (0 keeps them forever)."""
    days = settings.AUDIT_RETENTION_DAYS
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with connection.cursor() as cursor:
        # The database refuses deletions from the log unless this transaction says it purges.
        cursor.execute("SET LOCAL shortlist.audit_purge = 'on'")
        cursor.execute("DELETE FROM integrations_auditentry WHERE created_at < %s", [cutoff])
        return cursor.rowcount
