"""Bulk actions on a job's candidates: move, reject (with an optional email), share,
add to another job. One request, one transaction, one report ("38 moved, 2 skipped:
already hired").

The portal and the API both come here. The selection is either the candidates the
user ticked (by resume id) or every candidate the list's filters match; ticked ids
that are not candidates of this job of the user's company refuse the whole request
as "not found" before anything is touched, so a foreign id is never acted on and
never confirmed to exist.

Sharing and email belong to apps above the pipeline (sharing, messaging); they are
imported where used, as the pipeline already does with matching's tasks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from companies.roles import require
from pipeline.models import Candidacy, CandidacySource, Stage, StageKind
from pipeline.selectors import pipeline_stages
from pipeline.services import candidacies_move, candidacy_ensure

ACTIONS = {
    "move": "change_status",
    "reject": "change_status",
    "share": "share_candidates",
    "add_to_job": "manage_candidates",
}
VERBS = {"move": "moved", "reject": "rejected", "share": "shared", "add_to_job": "added"}


class UnknownCandidates(Http404):
    """Ticked ids that are not candidates of the job (another company's, or nobody's)."""


@dataclass
class BulkReport:
    action: str
    done: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    emails: int = 0
    emails_failed: int = 0
    links: list[dict[str, str]] = field(default_factory=list)
    target: str = ""

    def __str__(self) -> str:
        verb = VERBS[self.action] + (f" to {self.target}" if self.target else "")
        text = f"{self.done} {verb}"
        if self.skipped:
            many = len(self.skipped) > 1
            reasons = ", ".join(
                f"{reason} ({count})" if many else reason for reason, count in self.skipped.most_common()
            )
            text += f", {sum(self.skipped.values())} skipped: {reasons}"
        if self.emails or self.emails_failed:
            text += f"; {self.emails} email{'s' if self.emails != 1 else ''} queued"
            if self.emails_failed:
                text += f", {self.emails_failed} not sent (no email address)"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "done": self.done,
            "skipped": sum(self.skipped.values()),
            "reasons": dict(self.skipped),
            "emails": self.emails,
            "links": self.links,
            "message": str(self),
        }


def bulk_selection(
    *, company: Any, job: Any, resume_ids: list[str], all_matching: bool, filters: Mapping[str, Any]
) -> list[Candidacy]:
    """The candidacies a bulk action is about, locked for the rest of the transaction."""
    from matching.filters import candidate_filter_values
    from matching.selectors import ranked_candidates
    from pipeline.selectors import unscored_candidacies

    if all_matching:
        # The list's filters (matching.filters.CandidateFilter), not its ticked rows; one it
        # cannot read raises ValidationError and nothing is changed.
        listed = {name: value for name, value in filters.items() if name != "resume"}
        ids = list(
            ranked_candidates(job=job, filters=listed)
            .filter(candidacy_id__isnull=False)  # type: ignore[misc]
            .values_list("candidacy_id", flat=True)
        )
        # And those with no score yet, as far as they meet the filters (the board shows them too).
        ids += list(
            unscored_candidacies(job=job, **candidate_filter_values(listed, company=company)).values_list(
                "pk", flat=True
            )
        )
        rows = Candidacy.objects.for_company(company).filter(job=job, pk__in=ids)
    elif resume_ids:
        rows = Candidacy.objects.for_company(company).filter(job=job, resume_id__in=set(resume_ids))
        found = {str(resume_id) for resume_id in rows.values_list("resume_id", flat=True)}
        unknown = sorted({str(value) for value in resume_ids} - found)
        if unknown:
            raise UnknownCandidates(
                f"Not found among this job's candidates: {', '.join(unknown)}. Nothing was changed."
            )
    else:
        raise ValidationError("Choose candidates first, or “all that match the filter”.")
    return list(rows.select_for_update(of=("self",)).select_related("resume", "stage").order_by("pk"))


@transaction.atomic
def candidacies_bulk(
    *,
    user: Any,
    job: Any,
    action: str,
    resume_ids: list[str] | None = None,
    all_matching: bool = False,
    filters: Mapping[str, Any] | None = None,
    stage: Stage | None = None,
    reason: str = "",
    email_template: Any = None,
    target_job: Any = None,
    expires_in_days: int | None = None,
    show_contact: bool = False,
) -> BulkReport:
    """Do `action` to the selected candidates of `job`, all of it or none of it."""
    if action not in ACTIONS:
        raise ValidationError({"action": f"Unknown action “{action}”; use one of {', '.join(ACTIONS)}."})
    require(user, ACTIONS[action])
    if action == "reject" and email_template is not None:
        require(user, "email_candidates")
    company = job.company
    selected = bulk_selection(
        company=company, job=job, resume_ids=list(resume_ids or []), all_matching=all_matching, filters=filters or {}
    )
    report = BulkReport(action=action)
    if action in ("move", "reject"):
        _move_or_reject(
            report,
            user=user,
            job=job,
            selected=selected,
            stage=stage,
            reason=reason.strip(),
            email_template=email_template,
            reject=action == "reject",
        )
    elif action == "share":
        _share(
            report, user=user, job=job, selected=selected, expires_in_days=expires_in_days, show_contact=show_contact
        )
    else:
        _add_to_job(report, user=user, job=job, selected=selected, target_job=target_job)
    return report


def _move_or_reject(
    report: BulkReport,
    *,
    user: Any,
    job: Any,
    selected: list[Candidacy],
    stage: Stage | None,
    reason: str,
    email_template: Any,
    reject: bool,
) -> None:
    stages = pipeline_stages(job=job)
    if reject:
        stage = next((s for s in stages if s.kind == StageKind.REJECTED), None)
        if stage is None:
            raise ValidationError("This job's pipeline has no rejection stage.")
        if not reason:
            raise ValidationError({"reason": "Say why they are rejected (it is kept with each candidate)."})
    elif stage is None or stage.company_id != job.company_id or stage.pk not in {s.pk for s in stages}:
        raise ValidationError({"stage": "Choose a stage of this job's pipeline."})
    if email_template is not None and email_template.company_id != job.company_id:
        raise ValidationError({"template": "Unknown email template."})
    moved = candidacies_move(user=user, candidacies=selected, stage=stage, reason=reason)
    report.done, report.skipped = moved.moved, moved.skipped
    if reject and email_template is not None and moved.candidacies:
        from messaging.models import MessageStatus
        from messaging.services import email_candidates

        by_id = {c.pk: c for c in selected}
        sent = email_candidates(
            user=user, job=job, resumes=[by_id[c.pk].resume for c in moved.candidacies], template=email_template
        )
        report.emails = sum(1 for message in sent if message.status != MessageStatus.FAILED)
        report.emails_failed = len(sent) - report.emails


def _share(
    report: BulkReport,
    *,
    user: Any,
    job: Any,
    selected: list[Candidacy],
    expires_in_days: int | None,
    show_contact: bool,
) -> None:
    from sharing.services import shared_link_create

    for candidacy in selected:
        issued = shared_link_create(
            resume=candidacy.resume, user=user, job=job, expires_in_days=expires_in_days, show_contact=show_contact
        )
        report.links.append(
            {"resume_id": str(candidacy.resume_id), "candidate": candidacy.resume.display_name, "url": issued.url}
        )
        report.done += 1


def _add_to_job(report: BulkReport, *, user: Any, job: Any, selected: list[Candidacy], target_job: Any) -> None:
    if target_job is None or target_job.company_id != job.company_id:
        raise ValidationError({"target_job": "Choose another job of your company."})
    if target_job.pk == job.pk:
        raise ValidationError({"target_job": "They are already candidates of this job: choose another one."})
    report.target = target_job.title
    already = set(
        Candidacy.objects.filter(job=target_job, resume__in=[c.resume_id for c in selected]).values_list(
            "resume_id", flat=True
        )
    )
    added = []
    for candidacy in selected:
        if candidacy.resume_id in already:
            report.skipped[f"already in {target_job.title}"] += 1
            continue
        candidacy_ensure(job=target_job, resume=candidacy.resume, source=CandidacySource.TALENT_POOL, user=user)
        added.append(str(candidacy.resume_id))
        report.done += 1
    if added:
        _score_on_commit(target_job, added)


def _score_on_commit(job: Any, resume_ids: list[str]) -> None:
    # The new candidates get their score for the other job once they are committed:
    # its list and board show scored candidates.
    from matching.models import MatchSource
    from matching.tasks import match_resume_to_job

    def queue() -> None:
        for resume_id in resume_ids:
            match_resume_to_job.delay(resume_id, str(job.pk), MatchSource.ADDED)

    transaction.on_commit(queue)
