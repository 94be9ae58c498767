"""Contact details, sections, experience and education from resume text.

Pure Python, no Django. Input is the normalized text from
`resumes.extraction.extract_text`. Everything here is heuristic and built for
resumes in general (single and two column, US, European and Indian layouts),
not tuned to particular files; `resumes.evaluation` measures it, and the golden
snapshot (`resumes/snapshot.py`, `manage.py snapshot_parsing`) shows what a
change moves over the shared corpora.

All regular expressions are compiled at import: parsing a two-page resume
takes a few milliseconds. Every pattern runs in time linear in its input (no
unbounded run is re-scanned from each of its characters; `resumes/tests/
test_parsing_speed.py` checks the ratio of times between sizes on hostile
texts), and parsing reads at most `max_chars` characters.

This package holds the entry points (`parse_resume`, `redact_personal_data`);
each concern lives in its own module, and its names are re-exported here:

* `result`: the `ParsedResume` dataclass.
* `sections`: section headings and their synonyms, the header block.
* `contact`: email addresses, links and phone numbers.
* `places`: states, provinces, countries and multi-word cities.
* `names`: the candidate's name.
* `location`: the candidate's city and region.
* `dates`: date ranges and years of experience.
* `education`: the highest degree.
* `titles`: the current job title.
"""

from __future__ import annotations

import datetime as dt
import re

from resumes.parsing.contact import (
    _HANDLE_LINE_RE,
    _OBFUSCATED_EMAIL_RE,
    _PHONE_CANDIDATE_RE,
    _URL_RE,
    _find_links,
    _find_phone,
    _is_link,
    _join_wrapped_urls,
    _plausible_phone,
    find_emails,
)
from resumes.parsing.dates import _years_experience
from resumes.parsing.education import _education_level
from resumes.parsing.location import _POSTCODE_RE, _STREET_RE, _find_location
from resumes.parsing.names import _NAME_PARTICLES, _find_name
from resumes.parsing.places import CA_PROVINCES, COUNTRIES, US_STATES
from resumes.parsing.result import ParsedResume
from resumes.parsing.sections import (
    SECTION_SYNONYMS,
    _find_headings,
    _header_lines,
    _lines_near_email,
    _split_sections,
    _untitled_summary,
)
from resumes.parsing.titles import find_current_title

# The public names, importable from `resumes.parsing` as before the split into modules.
__all__ = [
    "CA_PROVINCES",
    "COUNTRIES",
    "MAX_PARSE_CHARS",
    "SECTION_SYNONYMS",
    "US_STATES",
    "ParsedResume",
    "find_emails",
    "parse_resume",
    "redact_personal_data",
]

_EMPTY_LABEL_RE = re.compile(
    r"(?i)\b(?:linkedin|github|e-?mail|phone|mobile|tel|cell|website|portfolio|address)\s*:\s*(?=$|[|—–])"
)


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


# Resumes are rarely past 50,000 characters of text; past this, the rest is
# padding or pasted junk (SHORTLIST_MAX_PARSE_CHARS sets it for the app).
MAX_PARSE_CHARS = 100_000


def parse_resume(text: str, *, today: dt.date | None = None, max_chars: int = MAX_PARSE_CHARS) -> ParsedResume:
    """Parse normalized resume text, its first `max_chars` characters.

    `today` dates 'Present' (tests pin it)."""
    today = today or dt.date.today()
    text = (text or "")[:max_chars]
    lines = [line.strip() for line in text.splitlines()]
    headings = _find_headings(lines)
    sections = _split_sections(lines, headings)
    header = _header_lines(lines, headings)
    emails = find_emails(text)
    # The contact block: lines above the first heading, a "Contact" section,
    # and the lines around the email address wherever the layout put it.
    contact = header + [line for line in sections.get("contact", "").splitlines()[:15] if line]
    contact += _lines_near_email(lines, headings, emails[0] if emails else "")

    parsed = ParsedResume()
    parsed.email = emails[0] if emails else ""
    parsed.links = _find_links(text, contact)
    parsed.location = _find_location(lines, contact)
    parsed.phone, parsed.phone_display = _find_phone(lines, contact, parsed.location)
    parsed.candidate_name = _find_name(lines, headings, parsed.email, parsed.links)
    if "summary" not in sections:
        prose = _untitled_summary(header, parsed)
        if prose:
            sections = {"summary": prose, **sections}
    parsed.sections = sections
    parsed.current_title = find_current_title(sections=sections, header=header)
    parsed.years_experience = _years_experience(sections, text, today)
    parsed.education_level = _education_level(sections.get("education", ""), text)
    return parsed


def redact_personal_data(text: str, parsed: ParsedResume) -> str:
    """Remove name, email, phone, links, street address and location from text,
    so that personal data never moves an embedding."""
    if not text:
        return ""
    out = text
    for email in find_emails(out):
        out = out.replace(email, " ")
    out = _OBFUSCATED_EMAIL_RE.sub(" ", out)
    out = _join_wrapped_urls(out)
    out = _URL_RE.sub(lambda m: " " if _is_link(m.group(0)) else m.group(0), out)
    for link in [
        parsed.links.get("linkedin"),
        parsed.links.get("github"),
        parsed.links.get("portfolio"),
        *parsed.links.get("other", []),
    ]:
        if link:
            out = out.replace(link, " ")
    out = _HANDLE_LINE_RE.sub(" ", out)
    out = _PHONE_CANDIDATE_RE.sub(lambda m: " " if _plausible_phone(m.group(0)) else m.group(0), out)
    if parsed.phone_display:
        out = out.replace(parsed.phone_display, " ")
    # Postcodes only on address lines: elsewhere "50000 users" is not personal.
    location = parsed.location.lower() if parsed.location else None
    out = "\n".join(
        _POSTCODE_RE.sub(" ", line) if _STREET_RE.search(line) or (location and location in line.lower()) else line
        for line in out.split("\n")
    )
    out = _STREET_RE.sub(" ", out)
    if parsed.location:
        out = re.sub(re.escape(parsed.location), " ", out, flags=re.IGNORECASE)
    name = parsed.candidate_name
    if name:
        parts = [part for part in re.split(r"[\s.]+", name) if part]
        out = re.sub(r"\s+".join(re.escape(part) for part in name.split()), " ", out, flags=re.IGNORECASE)
        if len(parts) >= 2:
            # Handles built from the name: "OmkarPathak", "omkar-pathak-9447", "john.doe".
            first, last = re.escape(parts[0]), re.escape(parts[-1])
            # From the start of a non-space run only: a match covers the whole run anyway.
            out = re.sub(rf"(?<!\S)\S*(?:{first}[\W_]?{last}|{last}[\W_]?{first})\S*", " ", out, flags=re.IGNORECASE)
        for part in name.replace(".", " ").split():
            if len(part) >= 3 and part.lower() not in _NAME_PARTICLES:
                # Capitalised occurrences only: "Grant" the name, not "grant" the verb.
                out = re.sub(rf"\b(?:{re.escape(part.capitalize())}|{re.escape(part.upper())})\b", " ", out)
    # Tidy the holes: separators and labels left with nothing to label.
    cleaned = []
    for line in out.splitlines():
        line = re.sub(r"[ \t]{2,}", " ", line).strip()
        # The trailing run is tried only from its first character: linear on "- - - ... x".
        line = re.sub(r"^(?:[|,•·:\-–—/]\s*)+|(?<![\s|,•·:\-–—/])(?:\s*[|,•·:\-–—/])+$", "", line).strip()
        line = re.sub(r"(?:\s*[|•·,]\s*){2,}", " | ", line)
        line = _EMPTY_LABEL_RE.sub("", line).strip(" |,–—-")
        if (
            re.fullmatch(
                r"(?i)(?:e-?mail|phone|mobile|tel|cell|linkedin|github|website|portfolio|address|location|name)?\s*:?",
                line,
            )
            and line
        ):
            continue
        cleaned.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(cleaned)).strip()
