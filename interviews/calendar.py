"""An interview as an iCalendar (RFC 5545) file that calendar programs import.

The start is written in the interview's own zone (DTSTART;TZID=...) with the
matching VTIMEZONE, so 09:00 in New York stays 09:00 in New York across
daylight-saving changes; UTC interviews use the UTC form (…Z).
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from interviews.models import Interview, InterviewStatus

PRODID = "-//Shortlist//Interviews//EN"


def _root(interview: Interview) -> Interview:
    """The first interview of a reschedule chain: its id is the event's UID."""
    seen = {interview.pk}
    current = interview
    while True:
        previous = Interview.objects.filter(rescheduled_to=current).only("id", "rescheduled_to").first()
        if previous is None or previous.pk in seen:
            return current
        seen.add(previous.pk)
        current = previous


def calendar_uid(interview: Interview) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "shortlist.local"
    return f"interview-{_root(interview).pk}@{host}"


def summary(interview: Interview) -> str:
    return (
        f"{interview.get_interview_type_display()} interview: {interview.resume.display_name} – {interview.job.title}"
    )


def interview_ics(interview: Interview, *, for_candidate: bool = False) -> bytes:
    """The calendar file; `for_candidate` leaves out what is for the team only
    (the notes for the interviewers and the interviewers' addresses)."""
    start = interview.local_start
    event = icalendar.Event()
    event.add("uid", calendar_uid(interview))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start if interview.timezone != "UTC" else interview.scheduled_at.astimezone(UTC))
    event.add("duration", timedelta(minutes=interview.duration_minutes))
    event.add("sequence", interview.sequence)
    if for_candidate:
        event.add(
            "summary",
            f"{interview.get_interview_type_display()} interview: {interview.job.title} at {interview.company.name}",
        )
    else:
        event.add("summary", summary(interview))
    # A replaced (rescheduled) interview is cancelled in calendars; the new one has a higher SEQUENCE.
    cancelled = interview.status in (InterviewStatus.CANCELLED, InterviewStatus.RESCHEDULED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if interview.location:
        event.add("location", interview.location)
    elif interview.meeting_link:
        event.add("location", interview.meeting_link)
    if interview.meeting_link:
        event.add("url", interview.meeting_link)
    description = [f"Candidate: {interview.resume.display_name}", f"Job: {interview.job.title}"]
    if interview.meeting_link:
        description.append(f"Join: {interview.meeting_link}")
    if interview.notes and not for_candidate:
        description += ["", interview.notes]
    event.add("description", "\n".join(description))
    for person in [] if for_candidate else interview.interviewers.all():
        event.add(
            "attendee",
            f"mailto:{person.email}",
            parameters={"CN": person.full_name or person.email, "ROLE": "REQ-PARTICIPANT"},
        )
    event.add("created", interview.created_at.astimezone(UTC))
    event.add("last-modified", interview.updated_at.astimezone(UTC))

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    # Only the zone's rules around the interview, not fifty years of them.
    calendar.add_missing_timezones(first_date=date(start.year - 1, 1, 1), last_date=date(start.year + 2, 1, 1))
    return calendar.to_ical()


def ics_filename(interview: Interview) -> str:
    return f"interview-{interview.local_start:%Y%m%d-%H%M}.ics"
