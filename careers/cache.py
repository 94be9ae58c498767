"""The public careers pages are cached per company: a version number per company
is part of every key, and any write to one of its jobs or its site bumps it, so
stale pages are never served and nothing has to be listed or deleted.

Two ways in, because jobs change both ways: `post_save`/`post_delete` of a job or
a site (the admin, direct saves), and `jobs.signals.job_saved`, which jobs sends
after the commit of a create, edit, close or reopen (closing and reopening are
UPDATEs: no `post_save`). Invalidating after the commit also means a visitor who
reads between the write and its commit cannot put the old page back for an hour.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.utils import timezone

TIMEOUT = 60 * 60


def _version_key(company_id: UUID) -> str:
    return f"careers:version:{company_id}"


def version(company_id: UUID) -> int:
    return int(cache.get_or_set(_version_key(company_id), 1, timeout=None) or 1)


def invalidate(company_id: UUID) -> None:
    key = _version_key(company_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def invalidate_for_row(sender: type, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.company_id)


def invalidate_for_job(sender: type, job_id: UUID, **kwargs: Any) -> None:
    """`job_saved` names the job by id; a job deleted since then left through post_delete."""
    from jobs.models import JobDescription

    company_id = JobDescription.objects.filter(pk=job_id).values_list("company_id", flat=True).first()
    if company_id is not None:
        invalidate(company_id)


def page_key(company_id: UUID, path: str) -> str:
    # The day is part of the key: a job whose closing date passed leaves the list at midnight,
    # though nothing was written.
    return f"careers:page:{company_id}:{version(company_id)}:{timezone.localdate().isoformat()}:{path}"


def get_page(company_id: UUID, path: str) -> str | bytes | None:
    page: str | bytes | None = cache.get(page_key(company_id, path))
    return page


def set_page(company_id: UUID, path: str, content: str | bytes) -> None:
    cache.set(page_key(company_id, path), content, timeout=TIMEOUT)
