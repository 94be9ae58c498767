"""Every write of the pipeline: default stages, candidacies and moving candidates."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.roles import person, require
from pipeline import status as statuses
from pipeline.models import DEFAULT_STAGES, Candidacy, CandidacySource, Stage, StageChange, StageKind
from pipeline.selectors import pipeline_stages
from pipeline.signals import stages_changed

logger = logging.getLogger(__name__)


# --- Stages ---------------------------------------------------------------------------


def stages_create_default(*, company: Any) -> list[Stage]:
    """The company's default pipeline, unless it has one already (safe to run twice)."""
    existing = list(Stage.objects.filter(company=company, job__isnull=True))
    if existing:
        return existing
    return Stage.objects.bulk_create(
        Stage(company=company, name=name, kind=kind, position=index * 10)
        for index, (name, kind) in enumerate(DEFAULT_STAGES)
    )


def stage_in_use(stage: Stage) -> bool:
    return (
        Candidacy.objects.filter(stage=stage).exists()
        or StageChange.objects.filter(to_stage=stage).exists()
        or StageChange.objects.filter(from_stage=stage).exists()
    )


def _candidates_in(count: int) -> str:
    return f"{count} candidate{'s are' if count != 1 else ' is'} in it"


def stage_delete_refusal(stage: Stage) -> str:
    """Why a stage cannot be deleted, or "" when it can."""
    in_stage = Candidacy.objects.filter(stage=stage).count()
    if in_stage:
        return (
            f"“{stage.name}” cannot be deleted: {_candidates_in(in_stage)}. "
            "Move them to another stage first, or rename the stage."
        )
    if stage_in_use(stage):
        return (
            f"“{stage.name}” cannot be deleted: candidates have passed through it and its history would be lost. "
            "Rename it instead."
        )
    return ""


def stage_kind_change_refusal(stage: Stage, kind: str) -> str:
    """Why `stage` cannot take `kind`, or "" when it can.

    The kind is what a stage means: the API status of the candidates in it, the
    decisions matching learns from, the hires and shortlists reports count from its
    history. So it is fixed by the same rule as deleting: once anyone is or was in the
    stage, changing it would silently re-read all of that."""
    stored = Stage.objects.filter(pk=stage.pk).values_list("name", "kind").first()
    if stored is None or stored[1] == kind:  # a new stage, or the kind is not changing
        return ""
    name, old_kind = stored
    change = f"The kind of “{name}” cannot change from {StageKind(old_kind).label} to {StageKind(kind).label}"
    in_stage = Candidacy.objects.filter(stage=stage).count()
    if in_stage:
        old_status, new_status = statuses.status_of(old_kind), statuses.status_of(kind)
        effect = (
            f"their status would change from {old_status} to {new_status}"
            if old_status != new_status
            else f"they would count as “{StageKind(kind).label}”"
        )
        return (
            f"{change}: {_candidates_in(in_stage)}, and {effect}. Add a stage of that kind and move them to it instead."
        )
    if stage_in_use(stage):
        return (
            f"{change}: candidates have passed through it, and the reports that count hires and "
            "shortlists from its history would change. Add a stage of that kind instead."
        )
    return ""


@transaction.atomic
def stage_job_change_refusal(stage: Stage, job_id: Any) -> str:
    """Why `stage` cannot move to another pipeline (a job's, or the company's default when
    `job_id` is None), or "" when it can: a stage anyone is or was in stays where its
    candidacies and their history are, by the rule of deleting and of changing kind."""
    stored = Stage.objects.filter(pk=stage.pk).values_list("name", "job_id").first()
    if stored is None or stored[1] == job_id or not stage_in_use(stage):
        return ""
    return (
        f"“{stored[0]}” cannot move to another pipeline: candidates are or were in it. "
        "Add a stage to that pipeline instead."
    )


def stage_save(*, user: Any, stage: Stage) -> Stage:
    """Add a stage or save an edited one (name, kind, position, job): a kind change or a
    move to another pipeline of a stage in use is refused with the reason."""
    require(user, "manage_stages")
    refusal = stage_kind_change_refusal(stage, stage.kind)
    if refusal:
        raise ValidationError({"kind": refusal})
    refusal = stage_job_change_refusal(stage, stage.job_id)
    if refusal:
        raise ValidationError({"job": refusal})
    stage.save()
    return stage


def stage_delete(*, user: Any, stage: Stage) -> None:
    """Delete a stage nobody is or was in; refuse with the reason otherwise."""
    require(user, "manage_stages")
    refusal = stage_delete_refusal(stage)
    if refusal:
        raise ValidationError(refusal)
    stage.delete()


# --- Candidacies ---------------------------------------------------------------------


def _first_stage(job: Any) -> Stage:
    stages = pipeline_stages(job=job)
    if not stages:
        stages = stages_create_default(company=job.company)
    return next((s for s in stages if s.kind == StageKind.APPLIED), stages[0])


def candidacy_ensure(*, job: Any, resume: Any, source: str = CandidacySource.UPLOAD, user: Any = None) -> Candidacy:
    """The resume's candidacy in the job, created in the pipeline's first stage when it
    becomes a candidate (upload for the job, application, talent-pool add, API)."""
    candidacy = Candidacy.objects.filter(job=job, resume=resume).first()
    if candidacy is not None:
        return candidacy
    if resume.company_id != job.company_id:
        raise ValidationError("A candidate can only join a job of their own company.")
    stage = _first_stage(job)
    now = timezone.now()
    with transaction.atomic():
        candidacy, created = Candidacy.objects.get_or_create(
            job=job,
            resume=resume,
            defaults={
                "company_id": job.company_id,
                "stage": stage,
                "source": source,
                "stage_entered_at": now,
                "stage_changed_by": person(user),
            },
        )
        if created:
            StageChange.objects.create(
                company_id=job.company_id,
                candidacy=candidacy,
                from_stage=None,
                to_stage=stage,
                by=person(user),
                at=now,
            )
    return candidacy


@dataclass
class MoveReport:
    moved: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many
    candidacies: list[Candidacy] = field(default_factory=list)  # the moved ones

    def __str__(self) -> str:
        text = f"{self.moved} moved"
        if self.skipped:
            reasons = ", ".join(
                f"{reason}" + (f" ({count})" if len(self.skipped) > 1 else "")
                for reason, count in self.skipped.most_common()
            )
            text += f", {sum(self.skipped.values())} skipped: {reasons}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "moved": self.moved,
            "skipped": sum(self.skipped.values()),
            "reasons": dict(self.skipped),
            "message": str(self),
        }


def _skip_reason(candidacy: Candidacy, stage: Stage, stage_ids: set[Any]) -> str:
    if candidacy.stage_id == stage.pk:
        return f"already {stage.name.lower()}" if stage.is_outcome else f"already in {stage.name}"
    if stage.pk not in stage_ids:
        return "the stage is not in this job's pipeline"
    return ""


def _move(candidacies: list[Candidacy], stage: Stage, *, user: Any, reason: str, now: Any) -> None:
    """Move candidacies (their stage, job and resume loaded) to ``stage``: one history row
    each, written in batches, and the layers above told once (pipeline.signals)."""
    if not candidacies:
        return
    by, reason = person(user), reason[:300]
    changes = [
        StageChange(
            company_id=c.company_id, candidacy=c, from_stage=c.stage, to_stage=stage, by=by, at=now, reason=reason
        )
        for c in candidacies
    ]
    StageChange.objects.bulk_create(changes)
    moved = {
        "stage": stage,
        "stage_entered_at": now,
        "stage_changed_by": by,
        "rejection_reason": reason if stage.kind == StageKind.REJECTED else "",
        "updated_at": now,
    }
    Candidacy.objects.filter(pk__in=[c.pk for c in candidacies]).update(**moved)
    decided_jobs = {c.job_id: c.job for c in candidacies if _is_decision(c.stage.kind) or _is_decision(stage.kind)}
    for candidacy in candidacies:
        for name, value in moved.items():
            setattr(candidacy, name, value)
    stages_changed.send(sender=StageChange, changes=changes)
    for job in decided_jobs.values():
        _rerank_on_commit(job)


def _is_decision(kind: str) -> bool:
    return kind in statuses.ADVANCED_KINDS or kind in statuses.REJECTED_KINDS


def _rerank_on_commit(job: Any) -> None:
    # Matching learns from decisions: the undecided candidates are re-ranked once it is committed.
    if not (job.learn_from_decisions and job.embedding is not None):
        return
    from matching.tasks import rematch_job

    def queue() -> None:
        try:
            rematch_job.delay(str(job.pk))
        except Exception:  # noqa: BLE001 - broker down: the next decision or job edit re-ranks
            logger.warning("could not queue the re-ranking of job %s", job.pk, exc_info=True)

    transaction.on_commit(queue)


# What a move reads, loaded with the rows it locks (the resume without its text).
MOVE_RELATED = ("stage", "job", "resume")
MOVE_DEFERRED = ("resume__content",)


@transaction.atomic
def candidacy_move(*, user: Any, candidacy: Candidacy, stage: Stage, reason: str = "") -> Candidacy:
    """Move one candidate to a stage of their job's pipeline, recording who, when and why."""
    require(user, "change_status")
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related(*MOVE_RELATED)
        .defer(*MOVE_DEFERRED)
        .get(pk=candidacy.pk)
    )
    if stage.company_id != candidacy.company_id:
        raise ValidationError({"stage": "Unknown stage."})
    if candidacy.stage_id == stage.pk:
        return candidacy
    if stage.pk not in {s.pk for s in pipeline_stages(job=candidacy.job)}:
        raise ValidationError({"stage": f"“{stage.name}” is not a stage of this job's pipeline."})
    _move([candidacy], stage, user=user, reason=reason, now=timezone.now())
    return candidacy


@transaction.atomic
def candidacies_move(*, user: Any, candidacies: Iterable[Candidacy], stage: Stage, reason: str = "") -> MoveReport:
    """Move many candidates to one stage in one transaction; those that cannot move are
    skipped and counted with the reason ("38 moved, 2 skipped: already hired")."""
    require(user, "change_status")
    report = MoveReport()
    ids = [c.pk for c in candidacies]
    rows = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related(*MOVE_RELATED)
        .defer(*MOVE_DEFERRED)
        .filter(pk__in=ids, company_id=stage.company_id)
        .order_by("pk")
    )
    pipelines: dict[Any, set[Any]] = {}
    found = 0
    movable = []
    for candidacy in rows:
        found += 1
        if candidacy.job_id not in pipelines:
            pipelines[candidacy.job_id] = {s.pk for s in pipeline_stages(job=candidacy.job)}
        why = _skip_reason(candidacy, stage, pipelines[candidacy.job_id])
        if why:
            report.skipped[why] += 1
            continue
        movable.append(candidacy)
    _move(movable, stage, user=user, reason=reason, now=timezone.now())
    report.moved, report.candidacies = len(movable), movable
    if found < len(set(ids)):
        report.skipped["not found"] += len(set(ids)) - found
    return report


# --- The API's statuses -------------------------------------------------------------------


@transaction.atomic
def candidate_set_status(*, user: Any, match: Any, status: str) -> Candidacy:
    """Set a candidate's status for a job (the API's and the ranked list's vocabulary):
    moves their candidacy to the stage the status maps to (pipeline/status.py). A
    talent-pool suggestion becomes a candidate of the job."""
    from matching.models import MatchSource
    from matching.services import candidate_add_to_job

    require(user, "change_status")
    if status not in statuses.CandidateStatus.values:
        raise ValidationError(
            {"status": f"Unknown status “{status}”; use one of {', '.join(statuses.CandidateStatus.values)}."}
        )
    was_suggested = match.source == MatchSource.SUGGESTED
    if was_suggested:
        candidate_add_to_job(match=match, user=user)
    candidacy = candidacy_ensure(
        job=match.job,
        resume=match.resume,
        source=CandidacySource.TALENT_POOL if was_suggested else CandidacySource.UPLOAD,
        user=user,
    )
    candidacy = Candidacy.objects.select_related("stage").get(pk=candidacy.pk)
    stage = statuses.stage_for_status(pipeline_stages(job=match.job), status, current=candidacy.stage)
    if stage is None:
        raise ValidationError({"status": f"This job's pipeline has no stage for “{status}”."})
    return candidacy_move(user=user, candidacy=candidacy, stage=stage)


def candidacy_add_from_pool(*, user: Any, match: Any) -> Candidacy:
    """A talent-pool suggestion joins the job's candidates (in the first stage)."""
    from matching.services import candidate_add_to_job

    candidate_add_to_job(match=match, user=user)
    return candidacy_ensure(job=match.job, resume=match.resume, source=CandidacySource.TALENT_POOL, user=user)
