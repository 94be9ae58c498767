"""Merging two candidates (resumes) of a company into one, losing nothing.

The kept resume takes every row that hung on the other: candidacies (with their
stage history), matches, notes, interviews and scorecards, messages, shared links
and careers applications. The merged-away resume is not deleted: it stays as an
archived record (`merged_into` the kept one) with its file, downloadable from the
kept candidate's page and hidden from every list and search. Its audit entries
keep naming it, so they still resolve to a row.

Where both are candidates for one job, the candidacy further along is kept and the
other's stage changes are moved onto it (its history is kept; the candidacy row
itself goes). Where both are scored for one job, the kept resume's match stays
(it was scored on the kept file); the other's other matches move to the kept
resume and are rescored on commit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careers.models import Application
from companies.roles import require
from integrations import audit
from integrations.models import WebhookEvent
from integrations.webhooks import webhook_emit
from interviews.models import Interview, InterviewFeedback
from matching.models import MatchResult
from merging.selectors import CONTACT_FIELDS, merged_contact, related_counts
from messaging.models import CandidateMessage
from notes.models import CandidateNote
from pipeline.models import OUTCOME_KINDS, Candidacy, StageChange, StageKind
from resumes.models import Resume, ResumeStatus
from sharing.models import SharedLink

# Rows that simply follow the candidate. A new model with a foreign key to Resume must
# be here or in HANDLED (test_every_row_kind_is_handled fails until it is).
MOVED_WITH_CANDIDATE = (CandidateNote, Interview, InterviewFeedback, CandidateMessage, SharedLink, Application)
# Handled apart: one per job (candidacies, matches), stay with their file (chunks),
# or Resume's own links (duplicate_of, merged_into).
HANDLED = {
    "pipeline.Candidacy.resume",
    "matching.MatchResult.resume",
    "matching.ResumeChunk.resume",
    "resumes.Resume.duplicate_of",
    "resumes.Resume.merged_into",
}

# Processing would still write to these: merge once it is done.
_BUSY = (ResumeStatus.PENDING, ResumeStatus.PROCESSING)


def check_mergeable(*, kept: Resume, merged: Resume) -> None:
    """Refuse a merge that cannot be right: with itself, across companies, with an archived record, mid-processing."""
    if kept.pk == merged.pk:
        raise ValidationError("A candidate cannot be merged with itself.", code="self_merge")
    if kept.company_id != merged.company_id:
        # Callers look both up in the user's company (404 first); this guards the service itself.
        raise ValidationError("Both candidates must belong to the same company.", code="other_company")
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError("This candidate was already merged into another.", code="already_merged")
    if kept.status in _BUSY or merged.status in _BUSY:
        raise ValidationError("A candidate is still being processed: merge once processing is done.", code="busy")


def _progress(candidacy: Candidacy) -> tuple:
    """How far along a candidacy is: hired first, then live stages by pipeline position,
    then rejected or withdrawn (a live candidacy outranks a closed one); later moves break ties."""
    kind = candidacy.stage.kind
    return (kind == StageKind.HIRED, kind not in OUTCOME_KINDS, candidacy.stage.position, candidacy.stage_entered_at)


def _merge_candidacies(*, kept: Resume, merged: Resume) -> int:
    """Move the other's candidacies; for a job both are in, keep the one further along with both histories."""
    conflicts = 0
    kept_by_job = {
        c.job_id: c for c in Candidacy.objects.select_for_update().select_related("stage").filter(resume=kept)
    }
    for theirs in Candidacy.objects.select_for_update().select_related("stage").filter(resume=merged):
        ours = kept_by_job.get(theirs.job_id)
        if ours is None:
            Candidacy.objects.filter(pk=theirs.pk).update(resume=kept, updated_at=timezone.now())
            continue
        conflicts += 1
        winner, loser = (theirs, ours) if _progress(theirs) > _progress(ours) else (ours, theirs)
        StageChange.objects.filter(candidacy=loser).update(candidacy=winner, updated_at=timezone.now())
        Candidacy.objects.filter(pk=loser.pk).delete()
        if winner is theirs:
            Candidacy.objects.filter(pk=theirs.pk).update(resume=kept, updated_at=timezone.now())
    return conflicts


def _merge_matches(*, kept: Resume, merged: Resume) -> list[tuple[Any, str]]:
    """Keep the kept resume's match where both are scored for a job; move the others' (to rescore)."""
    kept_jobs = MatchResult.objects.filter(resume=kept).values("job")
    MatchResult.objects.filter(resume=merged, job__in=kept_jobs).delete()
    moved = list(MatchResult.objects.filter(resume=merged).values_list("job_id", "source"))
    MatchResult.objects.filter(resume=merged).update(resume=kept, updated_at=timezone.now())
    return moved


def _rescore(resume_id: Any, jobs: list[tuple[Any, str]]) -> None:
    from matching.tasks import match_resume_to_job

    for job_id, source in jobs:
        try:
            match_resume_to_job.delay(str(resume_id), str(job_id), source)
        except Exception:  # noqa: BLE001 - a broker outage: the moved row keeps its old scores
            pass


@transaction.atomic
def candidates_merge(*, kept: Resume, merged: Resume, user) -> Resume:
    """Merge `merged` into `kept` in one transaction; returns the kept resume."""
    require(user, "merge_candidates")
    # Lock both rows (in a fixed order, so two opposite merges cannot deadlock) and re-read them.
    locked = {r.pk: r for r in Resume.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk]).order_by("pk")}
    kept, merged = locked.get(kept.pk, kept), locked.get(merged.pk, merged)
    check_mergeable(kept=kept, merged=merged)
    before = {"kept": related_counts(kept), "merged": related_counts(merged)}
    contact = merged_contact(kept=kept, merged=merged)

    conflicts = _merge_candidacies(kept=kept, merged=merged)
    rescore = _merge_matches(kept=kept, merged=merged)
    now = timezone.now()
    for model in MOVED_WITH_CANDIDATE:
        model.objects.filter(resume=merged).update(resume=kept, updated_at=now)  # type: ignore[attr-defined]
    # Records merged into the other before now belong to the kept candidate too.
    Resume.objects.filter(merged_into=merged).update(merged_into=kept, updated_at=now)
    # "Possible duplicate of" pointed at the other: it is the kept candidate now.
    Resume.objects.filter(duplicate_of=merged).exclude(pk=kept.pk).update(duplicate_of=kept, updated_at=now)

    for name in CONTACT_FIELDS:
        setattr(kept, name, contact[name]["value"])
    if kept.duplicate_of_id == merged.pk:
        kept.duplicate_of = None
    kept.save(update_fields=[*CONTACT_FIELDS, "duplicate_of", "updated_at"])
    merged.merged_into, merged.merged_at, merged.duplicate_of = kept, now, None
    merged.save(update_fields=["merged_into", "merged_at", "duplicate_of", "updated_at"])

    data = {
        "merged_id": str(merged.pk),
        "merged_name": merged.display_name,
        "same_job_candidacies": conflicts,
        "counts_before": before,
        "contact": {name: contact[name]["taken_from"] for name in CONTACT_FIELDS},
    }
    audit.record(action="candidate.merged", actor=user, target=kept, data=data)
    webhook_emit(
        company_id=kept.company_id,
        event=WebhookEvent.CANDIDATE_MERGED,
        data={"candidate_id": str(kept.pk), "merged_candidate_id": str(merged.pk)},
    )
    kept_id = kept.pk
    if rescore:
        transaction.on_commit(lambda: _rescore(kept_id, rescore))
    return kept
