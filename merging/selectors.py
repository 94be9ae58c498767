"""Reads for merging duplicate candidates: who may be the same person, and what a merge would keep.

Two candidates of a company are proposed for a merge when they share an email
(ignoring case) or a phone number (its digits, ignoring a country prefix: the last
ten digits when there are more). Candidates already merged away are archived
records and never proposed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Func, Q, Value

from careers.models import Application
from interviews.models import Interview, InterviewFeedback
from matching.models import MatchResult
from messaging.models import CandidateMessage
from notes.models import CandidateNote
from pipeline.models import Candidacy, StageChange
from resumes.models import Resume
from sharing.models import SharedLink

# Fewer digits than this are an extension or a typo, not a number to match on.
MIN_PHONE_DIGITS = 7
# International and national forms of one number share their last ten digits.
PHONE_KEY_DIGITS = 10


def phone_key(phone: str) -> str:
    """The comparable form of a phone number: its digits, at most the last ten; "" when too short."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    return digits[-PHONE_KEY_DIGITS:]


@dataclass
class MergeProposal:
    resume: Resume
    other: Resume
    reasons: list[str] = field(default_factory=list)  # "email", "phone"


def _active(company):
    return Resume.objects.for_company(company).filter(merged_into__isnull=True)


def merge_proposals(*, company, resume: Resume | None = None) -> list[MergeProposal]:
    """Pairs of the company's candidates that look like one person (the older one first);
    with `resume`, only the pairs that include it."""
    candidates = _active(company).only(
        "id", "company_id", "candidate_name", "original_filename", "email", "phone", "created_at"
    )
    if resume is not None:
        # Narrowed in SQL; the pairs below confirm the match.
        same = Q(pk=resume.pk)
        if resume.email:
            same |= Q(email__iexact=resume.email)
        key = phone_key(resume.phone)
        if key:
            digits = Func(F("phone"), Value(r"\D"), Value(""), Value("g"), function="regexp_replace")
            candidates = candidates.annotate(phone_digits=digits)
            same |= Q(phone_digits__endswith=key[-MIN_PHONE_DIGITS:])
        candidates = candidates.filter(same)
    groups: dict[tuple[str, str], list[Resume]] = defaultdict(list)
    for candidate in candidates.order_by("created_at", "pk"):
        if candidate.email:
            groups[("email", candidate.email.strip().lower())].append(candidate)
        key = phone_key(candidate.phone)
        if key:
            groups[("phone", key)].append(candidate)
    pairs: dict[tuple[Any, Any], MergeProposal] = {}
    for (reason, _), members in groups.items():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if resume is not None and resume.pk not in (first.pk, second.pk):
                    continue
                proposal = pairs.setdefault((first.pk, second.pk), MergeProposal(resume=first, other=second))
                if reason not in proposal.reasons:
                    proposal.reasons.append(reason)
    return sorted(pairs.values(), key=lambda p: (p.resume.created_at, p.other.created_at))


# --- The preview -------------------------------------------------------------------------

CONTACT_FIELDS = ("candidate_name", "email", "phone")


def _newer_parse(kept: Resume, merged: Resume) -> Resume:
    """The resume whose contact details were read last (processed later; uploaded later on a tie)."""

    def when(resume: Resume):
        return (resume.processed_at or resume.created_at, resume.created_at)

    return merged if when(merged) > when(kept) else kept


def merged_contact(*, kept: Resume, merged: Resume) -> dict[str, dict[str, Any]]:
    """Which name, email and phone the kept candidate ends with: the newer parse's, unless empty."""
    newer = _newer_parse(kept, merged)
    older = merged if newer is kept else kept
    fields = {}
    for name in CONTACT_FIELDS:
        value, source = getattr(newer, name), newer
        if not value:
            value, source = getattr(older, name), older
        fields[name] = {"value": value, "taken_from": "kept" if source is kept else "merged"}
    return fields


def related_counts(resume: Resume) -> dict[str, int]:
    """How many rows of each kind belong to a candidate: what a merge moves."""
    return {
        "candidacies": Candidacy.objects.filter(resume=resume).count(),
        "stage_changes": StageChange.objects.filter(candidacy__resume=resume).count(),
        "matches": MatchResult.objects.filter(resume=resume).count(),
        "notes": CandidateNote.objects.filter(resume=resume).count(),
        "interviews": Interview.objects.filter(resume=resume).count(),
        "scorecards": InterviewFeedback.objects.filter(resume=resume).count(),
        "messages": CandidateMessage.objects.filter(resume=resume).count(),
        "shared_links": SharedLink.objects.filter(resume=resume).count(),
        "applications": Application.objects.filter(resume=resume).count(),
        # Its own file and those of candidates merged into it before.
        "files": 1 + Resume.objects.filter(merged_into=resume).count(),
    }


@dataclass
class MergePreview:
    kept: Resume
    merged: Resume
    kept_counts: dict[str, int]
    merged_counts: dict[str, int]
    contact: dict[str, dict[str, Any]]
    # Jobs both are candidates for (one candidacy is kept, carrying both stage
    # histories) and jobs both are scored for (the kept candidate's match stays).
    same_job_candidacies: int = 0
    same_job_matches: int = 0

    @property
    def after_counts(self) -> dict[str, int]:
        after = {kind: self.kept_counts[kind] + self.merged_counts[kind] for kind in self.kept_counts}
        after["candidacies"] -= self.same_job_candidacies
        after["matches"] -= self.same_job_matches
        return after

    @property
    def rows(self) -> list[dict[str, Any]]:
        after = self.after_counts
        return [
            {
                "kind": kind,
                "label": kind.replace("_", " "),
                "kept": self.kept_counts[kind],
                "merged": self.merged_counts[kind],
                "after": after[kind],
            }
            for kind in self.kept_counts
        ]


def merge_preview(*, kept: Resume, merged: Resume) -> MergePreview:
    """What merging `merged` into `kept` would keep: counts per kind and the winning contact details."""
    from merging.services import check_mergeable

    check_mergeable(kept=kept, merged=merged)
    return MergePreview(
        kept=kept,
        merged=merged,
        kept_counts=related_counts(kept),
        merged_counts=related_counts(merged),
        contact=merged_contact(kept=kept, merged=merged),
        same_job_candidacies=Candidacy.objects.filter(
            resume=kept, job__in=Candidacy.objects.filter(resume=merged).values("job")
        ).count(),
        same_job_matches=MatchResult.objects.filter(
            resume=kept, job__in=MatchResult.objects.filter(resume=merged).values("job")
        ).count(),
    )
