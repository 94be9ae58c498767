"""What `parse_resume` returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


def _empty_links() -> dict:
    return {"linkedin": "", "github": "", "portfolio": "", "other": []}


@dataclass
class ParsedResume:
    candidate_name: str = ""
    email: str = ""
    phone: str = ""  # E.164 ("+14155550142") when the number is plausible, else as written
    phone_display: str = ""  # as written in the resume
    links: dict = field(default_factory=_empty_links)
    location: str = ""
    current_title: str = ""  # the latest role, e.g. "Senior Data Analyst"
    sections: dict[str, str] = field(default_factory=dict)
    years_experience: float | None = None
    education_level: str = ""  # 'phd' | 'masters' | 'bachelors' | 'associate' | 'high_school' | ''
