"""The audit log's one writer: `record(...)`. Other apps above integrations call it
directly; lower apps are heard through their signals (receivers.py)."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from companies.roles import SYSTEM
from integrations.models import AuditEntry

# The request being served, so entries recorded from model signals deep inside a
# service still know who acted and from where (AuditRequestMiddleware sets it).
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)


class AuditRequestMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            response: HttpResponse = self.get_response(request)
            return response
        finally:
            current_request.reset(token)


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(**fields: Any) -> AuditEntry:
    """Append one entry (the fields are entry()'s)."""
    created = entry(**fields)
    created.save()
    return created


def record_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append entries made by entry() in one statement (a bulk move's, one per candidate)."""
    return AuditEntry.objects.bulk_create(entries)


def entry(
    *,
    action: str,
    actor: Any = None,
    company: Any = None,
    target: models.Model | None = None,
    target_label: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    keep_address: bool = True,
    actor_label: str = "",
) -> AuditEntry:
    """An entry, not yet saved. `actor` is a user, SYSTEM or None; `company` defaults to the
    target's or the actor's; `target` any model row (its type, id and name are kept).
    Without an actor, the signed-in user of the request being served acts."""
    request = request or current_request.get()
    if actor is None and request is not None:
        # DRF puts the user it authenticated (JWT, API key) on the underlying request too.
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
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
    label = actor_label or label
    entry_data = dict(data or {})
    return AuditEntry(
        company_id=company_id,
        actor=person,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:300],
        data=entry_data,
        ip_address=_client_ip(request) if keep_address else None,
    )


def _entry_row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.created_at,
        "actor": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target": entry.target_label,
        "data": entry.data,
    }


def audit_entries_about(*, target: models.Model) -> list[dict[str, Any]]:
    """The log's entries about one row (a candidate's data export includes them)."""
    entries = AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return [_entry_row(entry) for entry in entries.order_by("created_at", "id")]


def audit_export(*, company: Any) -> list[dict[str, Any]]:
    """The company's whole log, oldest first (the company's data export)."""
    return [_entry_row(entry) for entry in audit_for_company(company=company)]


def audit_for_company(*, company: Any) -> Any:
    return AuditEntry.objects.for_company(company).order_by("created_at", "id")


@transaction.atomic
def audit_purge(*, now: datetime | None = None) -> int:
    """Remove entries older than AUDIT_RETENTION_DAYS (0 keeps them forever)."""
    days = settings.AUDIT_RETENTION_DAYS
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with connection.cursor() as cursor:
        # The database refuses deletions from the log unless this transaction says it purges.
        cursor.execute("SET LOCAL shortlist.audit_purge = 'on'")
        cursor.execute("DELETE FROM integrations_auditentry WHERE created_at < %s", [cutoff])
        return int(cursor.rowcount)
