"""Merge fields in email templates: `{candidate_name}` and friends, nothing else.

User text is never run through Django's template engine or `str.format` (both
reach attributes and tags); a field is a name in braces, replaced by plain text.
Every field a template names must be one of FIELDS, which is checked when the
template is saved, so a typo is an error on the form, not a blank in a mailbox.
"""

from __future__ import annotations

import re

from django.utils.html import escape, linebreaks

FIELDS: dict[str, str] = {
    "candidate_name": "the candidate's full name",
    "candidate_first_name": "the candidate's first name",
    "job_title": "the job's title",
    "company_name": "your company's name",
    "sender_name": "the name of whoever sends the email",
    "sender_email": "the email address of whoever sends it",
    "interview_time": "the interview's date, time and zone (invitations)",
    "interview_type": "phone, video or in person (invitations)",
    "interview_duration": "how long the interview lasts (invitations)",
    "interview_location": "where the interview is, or its meeting link (invitations)",
    "interview_link": "the meeting link, if any (invitations)",
}
# Known only when an interview is being scheduled: other kinds of template cannot use them.
INTERVIEW_FIELDS = frozenset(name for name in FIELDS if name.startswith("interview_"))

# `{name}`, or `{{ name }}` as people used to other template languages write it.
_FIELD = re.compile(r"\{(\{)?\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?(1)\}|)\}")


def fields_in(text: str) -> list[str]:
    """The merge fields `text` names, in order of first use."""
    return list(dict.fromkeys(match.group("name") for match in _FIELD.finditer(text or "")))


def check_fields(text: str, *, allow_interview: bool = True) -> list[str]:
    """The problems with the fields of `text`, as sentences (empty when it is fine)."""
    problems = []
    unknown = [name for name in fields_in(text) if name not in FIELDS]
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in FIELDS)
        problems.append(
            f"Unknown merge field{'s' if len(unknown) > 1 else ''} {', '.join(f'{{{n}}}' for n in unknown)}. Use one of {known}."
        )
    interview = [name for name in fields_in(text) if name in INTERVIEW_FIELDS]
    if interview and not allow_interview:
        problems.append(
            f"{', '.join(f'{{{n}}}' for n in interview)} only work in interview invitation templates: "
            "other emails are sent without an interview."
        )
    return problems


def missing_fields(text: str, values: dict[str, str]) -> list[str]:
    return [name for name in fields_in(text) if name not in values]


def render(text: str, values: dict[str, str]) -> str:
    """`text` with each field replaced by its value; call missing_fields() first."""
    return _FIELD.sub(lambda match: values.get(match.group("name"), match.group(0)), text or "")


def render_subject(text: str, values: dict[str, str]) -> str:
    # One line: a value with a line break must not become a header of its own.
    return " ".join(render(text, values).split())[:300]


def as_html(text: str) -> str:
    """The plain-text body as an HTML part: every character of it escaped, paragraphs kept."""
    return linebreaks(escape(text))


def first_name(full_name: str) -> str:
    parts = (full_name or "").split()
    return parts[0] if parts else ""
