"""Local wall-clock times in IANA zones, and the instants they mean.

An interview is planned as "09:00 in New York": that is stored as its UTC
instant plus the zone name, so the calendar shows 09:00 local even when the
offset differs from the day it was planned (daylight saving)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    # Canonical-looking names only: no "posixrules", "Factory" or legacy aliases like "US/Eastern".
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return tuple(sorted(names | {"UTC"}))


def zone(name: str) -> ZoneInfo:
    if name not in zone_names():
        raise ValidationError(
            {"timezone": [f"“{name}” is not a time zone name like Europe/Berlin or America/New_York."]}
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"timezone": [f"Unknown time zone “{name}”."]}) from error


def to_utc(local: datetime, zone_name: str) -> datetime:
    """The UTC instant of a wall-clock time in a zone.

    A time skipped by a daylight-saving jump (02:30 on the spring-forward night)
    does not exist and is refused; a repeated one (01:30 on the fall-back night)
    means its first occurrence.
    """
    if local.tzinfo is not None:
        raise ValueError("to_utc() takes a naive wall-clock time")
    tz = zone(zone_name)
    aware = local.replace(tzinfo=tz, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local:
        raise ValidationError(
            {"scheduled_at": [f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name} (the clocks jump forward then)."]}
        )
    return instant


def in_zone(instant: datetime, zone_name: str) -> datetime:
    try:
        return instant.astimezone(ZoneInfo(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        return instant.astimezone(UTC)
