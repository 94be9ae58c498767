"""The public careers pages are cached per company: a version number per company
is part of every key, and any write to one of its jobs or its site bumps it, so
stale pages are never served and nothing has to be listed or deleted."""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 60 * 60


def _version_key(company_id) -> str:
    return f"careers:version:{company_id}"


def version(company_id) -> int:
    return cache.get_or_set(_version_key(company_id), 1, timeout=None)


def invalidate(company_id) -> None:
    key = _version_key(company_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def invalidate_for_row(sender, instance, **kwargs) -> None:
    invalidate(instance.company_id)


def page_key(company_id, path: str) -> str:
    return f"careers:page:{company_id}:{version(company_id)}:{path}"


def get_page(company_id, path: str):
    return cache.get(page_key(company_id, path))


def set_page(company_id, path: str, content: bytes) -> None:
    cache.set(page_key(company_id, path), content, timeout=TIMEOUT)
