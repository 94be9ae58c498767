"""The candidate's current (most recent) job title, for telling list rows apart.

A resume's experience section usually opens with its latest role, written as
"Data Analyst at Acme, 2019 - Present", "Senior Engineer | Acme | 2021–", or on lines
of its own; the header often carries a headline under the name. The title is the
first short piece of those lines that names a role (a role noun, not only a skill).
"""

from __future__ import annotations

import re

# Nouns that make a phrase a job title; modifiers (senior, data, software) are not enough.
ROLE_NOUNS = frozenset(
    """
    engineer developer programmer analyst consultant designer scientist architect specialist director
    officer lead manager administrator assistant associate executive coordinator technician accountant
    teacher nurse tester intern trainee head president founder cofounder co-founder owner supervisor
    representative agent advisor adviser recruiter partner principal professor lecturer researcher
    instructor tutor chef cook driver operator clerk secretary receptionist editor writer producer
    marketer strategist economist attorney lawyer paralegal pharmacist physician therapist clinician
    surgeon dentist technologist devops sre advocate attendant apprentice estimator carpenter electrician
    plumber mechanic welder machinist cashier bartender barista baker housekeeper caregiver counselor
    counsellor coach trainer educator librarian pilot dispatcher inspector auditor bookkeeper controller
    treasurer banker teller underwriter broker realtor appraiser adjuster investigator paramedic
    phlebotomist sonographer radiographer dietitian nutritionist psychologist chemist biologist physicist
    mathematician statistician planner scheduler buyer merchandiser stylist photographer animator
    illustrator journalist reporter copywriter translator interpreter generalist fellow staff ceo cto cfo coo
    vp rn lpn cna emt
    """.split()
)
_SEPARATOR_RE = re.compile(r"\s+(?:at|@|for|with)\s+|\s*[|•·,;(]\s*|\s+[-–—]\s+|\s{3,}", re.IGNORECASE)
_NOT_A_TITLE_RE = re.compile(r"\d|@|https?:|www\.|\.com\b", re.IGNORECASE)
# Where dates start in "Technician I Aug 2007 to Current": the title is what comes before.
_DATES_START_RE = re.compile(
    r"\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?\d.*$", re.IGNORECASE
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*")
MAX_TITLE_CHARS = 100


def _role_in(line: str) -> str:
    for piece in _SEPARATOR_RE.split(line.strip().lstrip("-*• ")):
        piece = _DATES_START_RE.sub("", piece).strip(" .:)")
        if not piece or _NOT_A_TITLE_RE.search(piece):
            continue
        words = _WORD_RE.findall(piece)
        if 1 <= len(words) <= 7 and any(
            word.lower().rstrip("s") in ROLE_NOUNS or word.lower() in ROLE_NOUNS for word in words
        ):
            return piece[:MAX_TITLE_CHARS]
    return ""


def find_current_title(*, sections: dict[str, str], header: list[str] | None = None) -> str:
    """The latest role from the experience section's first lines, else a headline in the header."""
    experience = [line for line in (sections.get("experience") or "").splitlines() if line.strip()]
    for line in experience[:4]:
        if line.lstrip().startswith(("-", "*", "•")):
            continue  # a bullet describes the work, it does not name the role
        title = _role_in(line)
        if title:
            return title
    for line in (header or [])[1:6]:  # the first header line is the name
        title = _role_in(line)
        if title:
            return title
    return ""
