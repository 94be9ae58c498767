"""Read queries of the pipeline shared by the portal, the API and the admin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from pipeline.models import Candidacy, Stage


def pipeline_stages(*, job: Any) -> list[Stage]:
    """The stages a job's candidates move through, in order: the job's own when it
    has any, otherwise its company's."""
    own = list(Stage.objects.filter(company_id=job.company_id, job=job))
    if own:
        return own
    return list(Stage.objects.filter(company_id=job.company_id, job__isnull=True))


def candidacy_for(*, company: Any, job: Any, resume: Any) -> Candidacy | None:
    return Candidacy.objects.for_company(company).filter(job=job, resume=resume).select_related("stage").first()


def job_candidacies(*, company: Any, job: Any) -> QuerySet[Candidacy]:
    return Candidacy.objects.for_company(company).filter(job=job).select_related("stage", "resume")


def resume_candidacies(*, company: Any, resume: Any) -> QuerySet[Candidacy]:
    return (
        Candidacy.objects.for_company(company)
        .filter(resume=resume)
        .select_related("stage", "job", "stage_changed_by")
        .order_by("-updated_at")
    )


# --- The job's board -----------------------------------------------------------------------


@dataclass
class BoardCard:
    """A card of the board: a candidacy, with its score for the job when it has one."""

    candidacy_id: Any
    stage_id: Any
    resume: Any
    match_score: float | None = None
    rank: int | None = None

    @property
    def resume_id(self) -> Any:
        return self.resume.pk

    @property
    def unscored(self) -> str:
        """Why the card has no score, or "" when it has one."""
        if self.match_score is not None:
            return ""
        status = self.resume.status
        if status == "failed":
            return "Not scored: the resume could not be read"
        if status in ("pending", "processing"):
            return f"Not scored yet ({self.resume.get_status_display().lower()})"
        return "Not scored yet"


@dataclass
class BoardColumn:
    stage: Stage
    cards: list[BoardCard]
    count: int  # everyone in the stage (under the filters), shown or not
    listed: int  # of whom the ranked list shows (the scored ones)


# The resume's parse and vector stay in the database: a card shows a name and a title.
CARD_DEFERRED = (
    "resume__content",
    "resume__embedding",
    "resume__sections",
    "resume__extracted_skills",
    "resume__links",
)


def board_columns(
    *,
    job: Any,
    stages: Sequence[Stage],
    matches: QuerySet[Any],
    filters: dict[str, Any] | None,
    ranks: dict[Any, int],
    limit: int,
) -> list[BoardColumn]:
    """The board: a column per stage, a card per candidacy of the job.

    `matches` is the ranked list (matching.selectors.ranked_candidates, filtered and
    sorted): the scored candidates come first in its order. Candidates with no score
    for the job yet (their resume is still being read, or could not be) follow in the
    order they arrived, so nobody in the pipeline is missing from it. A column shows at
    most `limit` cards. Two queries however many stages and cards: each numbers its rows
    per stage and keeps the first `limit`."""
    ranked_order: Any = list(matches.query.order_by)  # the list's own order, whatever the sort
    scored = (
        matches.filter(candidacy_id__isnull=False)
        .annotate(
            column_place=Window(RowNumber(), partition_by=F("stage_id"), order_by=ranked_order),
            column_count=Window(Count("id"), partition_by=F("stage_id")),
        )
        .filter(column_place__lte=limit)
    )
    # The list's filters as values (matching.filters.candidate_filter_values); None: refused, nobody.
    candidacies = unscored_candidacies(job=job, **filters) if filters is not None else Candidacy.objects.none()
    unscored = (
        candidacies.select_related("resume")
        .defer(*CARD_DEFERRED)
        .annotate(
            column_place=Window(RowNumber(), partition_by=F("stage_id"), order_by=["created_at", "id"]),
            column_count=Window(Count("id"), partition_by=F("stage_id")),
        )
        .filter(column_place__lte=limit)
        .order_by("created_at", "id")
    )

    columns = {stage.pk: BoardColumn(stage=stage, cards=[], count=0, listed=0) for stage in stages}
    for match in scored:
        column = columns.get(match.stage_id)
        if column is not None:
            column.cards.append(
                BoardCard(
                    candidacy_id=match.candidacy_id,
                    stage_id=match.stage_id,
                    resume=match.resume,
                    match_score=match.match_score,
                    rank=ranks.get(match.resume_id),
                )
            )
            column.count = column.listed = match.column_count
    for candidacy in unscored:
        column = columns.get(candidacy.stage_id)
        if column is not None:
            if len(column.cards) < limit:
                column.cards.append(
                    BoardCard(candidacy_id=candidacy.pk, stage_id=candidacy.stage_id, resume=candidacy.resume)
                )
            column.count = column.listed + candidacy.column_count
    return list(columns.values())


def unscored_candidacies(
    *,
    job: Any,
    status: str = "",
    stage: Any = None,
    min_score: float | None = None,
    skill: str = "",
    meets_gates: bool = False,
    text: str = "",
    resume_ids: Sequence[str] = (),
    sort: str = "",
) -> QuerySet[Candidacy]:
    """The job's candidacies without a score for it, under the ranked list's filters as
    far as a candidate without a score can meet them (none meets a minimum score or the
    must-haves; name, title, skills, stage and status apply as in ranked_candidates)."""
    from matching.filters import CandidateFilter
    from matching.models import MatchResult, MatchSource
    from pipeline.status import kinds_of

    candidacies = Candidacy.objects.for_company(job.company_id).filter(job=job)
    if min_score is not None or meets_gates:
        return candidacies.none()
    scored = MatchResult.objects.filter(job=job, resume_id=OuterRef("resume_id")).exclude(source=MatchSource.SUGGESTED)
    candidacies = candidacies.filter(~Exists(scored))
    if status:
        candidacies = candidacies.filter(stage__kind__in=kinds_of(status))
    if stage:
        candidacies = candidacies.filter(stage_id=stage)
    # The list's own skill and text filters: both read the resume, as a candidacy has one too.
    for name, value in (("skill", skill), ("q", text)):
        candidacies = CandidateFilter.base_filters[name].filter(candidacies, value)
    if resume_ids:
        candidacies = candidacies.filter(resume_id__in=list(resume_ids))
    return cast("QuerySet[Candidacy]", candidacies)
