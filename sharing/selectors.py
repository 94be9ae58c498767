"""Read queries of sharing: a company's links, and what a public link shows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accounts.tokens import hash_token
from companies.filters import filtered
from matching.explanations import Explanation, explanation_of, read_explanation
from matching.models import MatchResult
from resumes.models import Resume
from resumes.parsing import ParsedResume, redact_personal_data
from sharing.filters import SharedLinkFilter
from sharing.models import SharedLink

# Tokens are 43 URL-safe characters; anything far from that is not worth a query.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")

# Never on a public page: other people's contact details, and the contact block itself.
HIDDEN_SECTIONS = {"contact", "references"}


def shared_link_list(*, company, resume=None, filters: Mapping[str, Any] | None = None) -> QuerySet[SharedLink]:
    """The company's links, newest first: one candidate's (the portal's panel), or as the
    list's parameters ask (SharedLinkFilter; a value it cannot read raises ValidationError)."""
    links = SharedLink.objects.for_company(company).select_related("created_by", "job", "resume")
    if resume is not None:
        links = links.filter(resume=resume)
    links = links.defer("job__description", "job__embedding", "resume__content", "resume__embedding")
    return filtered(SharedLinkFilter, filters, links.order_by("-created_at"), company=company)


def shared_link_by_token(*, token: str) -> SharedLink | None:
    """The link a token opens, whatever its state, or None. Looked up by hash only."""
    if not token or not _TOKEN_RE.fullmatch(token):
        return None
    return SharedLink.objects.select_related("resume", "job").filter(token_hash=hash_token(token)).first()


@dataclass
class PublicMatch:
    """The link's own match: its scores and its explanation, contact details redacted
    unless the link shows them."""

    match_score: float
    similarity_score: float
    skills_score: float
    matched_skills: list[str]
    missing_skills: list[str]
    explanation: Explanation


@dataclass
class PublicCandidate:
    """What a shared link shows: never more than the link allows."""

    link: SharedLink
    name: str
    summary: str
    years_experience: float | None
    education: str
    skills: list[str]
    sections: list[tuple[str, str]]
    contact: dict | None
    job: dict | None
    match: PublicMatch | None
    file_available: bool


def _contact_only(resume: Resume) -> ParsedResume:
    # The name stays on the page, so only contact details are redacted from text.
    return ParsedResume(
        candidate_name="",
        email=resume.email,
        phone=resume.phone,
        phone_display=resume.phone,
        links=resume.links or {},
        location=resume.location,
    )


def _redact(value, personal: ParsedResume | None):
    if personal is None:
        return value
    if isinstance(value, str):
        return redact_personal_data(value, personal)
    if isinstance(value, list):
        return [_redact(item, personal) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, personal) for key, item in value.items()}
    return value


def public_candidate(*, link: SharedLink) -> PublicCandidate:
    resume = link.resume
    personal = None if link.show_contact else _contact_only(resume)
    # The portal's reading order (Resume.ordered_sections); the summary has its own card.
    sections = [
        (name, _redact(text, personal))
        for name, text in resume.ordered_sections
        if name not in HIDDEN_SECTIONS and name != "summary" and text.strip()
    ]
    contact = None
    if link.show_contact:
        contact = {
            "email": resume.email,
            "phone": resume.phone,
            "location": resume.location,
            "links": {kind: url for kind, url in (resume.links or {}).items() if url},
        }
    job = match = None
    if link.job_id:
        job = {"title": link.job.title, "hiring_company": link.job.hiring_company, "location": link.job.location}
        # The link's own resume and job, and the link's company: never another candidate's row.
        row = MatchResult.objects.filter(
            company_id=link.company_id, job_id=link.job_id, resume_id=link.resume_id
        ).first()
        if row is not None:
            match = PublicMatch(
                match_score=row.match_score,
                similarity_score=row.similarity_score,
                skills_score=row.skills_score,
                matched_skills=list(row.matched_skills),
                missing_skills=list(row.missing_skills),
                # Redacted as stored JSON (every string in it), then read back typed.
                explanation=read_explanation(_redact(explanation_of(row).as_json(), personal)),
            )
    return PublicCandidate(
        link=link,
        name=resume.display_name if resume.candidate_name else "Candidate",
        summary=_redact((resume.sections or {}).get("summary", ""), personal),
        years_experience=resume.years_experience,
        education=resume.get_education_level_display() if resume.education_level else "",
        skills=list(resume.skill_names or []),
        sections=sections,
        contact=contact,
        job=job,
        match=match,
        file_available=link.allow_download and bool(resume.file),
    )
