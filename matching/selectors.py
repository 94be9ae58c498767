"""Read queries of matching shared by the portal and the API."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, FloatField, Q, QuerySet
from django.db.models.expressions import ExpressionWrapper
from pgvector.django import CosineDistance

from companies.filters import filtered
from jobs.models import JobDescription, JobStatus
from matching import embeddings, scoring, skills
from matching.cache import embedding_cache
from matching.filters import CandidateFilter, sorted_by
from matching.models import MatchResult, MatchSource, ResumeChunk
from pipeline.status import ADVANCED_KINDS, REJECTED_KINDS
from resumes.models import Resume, ResumeStatus

# Up to this many embedded resumes in one company, an exact scan of the company's
# rows (through the btree on company) is both exact and fast: ~6 ms for 5,000 rows.
# Past it, the HNSW index answers, widened with ef_search in proportion to how
# little of the table the company holds (and with iterative scans where the
# server's pgvector has them), and checked: a short answer falls back to the exact
# scan. A filtered HNSW scan alone misses most of a small company's rows.
EXACT_SCAN_LIMIT = 20_000
HNSW_EF_SEARCH = 100
HNSW_EF_SEARCH_MAX = 1000  # pgvector's ceiling

# How much a resume's naming every skill a search names adds to its blended cosine
# (a tenth of the gap between an unrelated and a clearly related resume).
SEARCH_SKILL_BONUS = 0.03


@lru_cache(maxsize=1)
def pgvector_version() -> tuple[int, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    return tuple(int(part) for part in row[0].split(".")) if row else (0,)


def exact_nearest_queryset(queryset: QuerySet, vector, limit: int) -> QuerySet:
    # `+ 0` keeps the planner off the HNSW index: the btree on company narrows the
    # rows and every one of them is compared, so the answer is exact.
    distance = ExpressionWrapper(CosineDistance("embedding", vector) + 0.0, output_field=FloatField())
    return queryset.annotate(distance=distance).order_by("distance")[:limit]


def _exact_nearest(queryset: QuerySet, vector, limit: int) -> list:
    return list(exact_nearest_queryset(queryset, vector, limit))


def _index_nearest(queryset: QuerySet, vector, limit: int, *, ef_search: int) -> list:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL hnsw.ef_search = %s", [ef_search])
            if pgvector_version() >= (0, 8):
                cursor.execute("SET LOCAL hnsw.iterative_scan = 'relaxed_order'")
        rows = list(queryset.annotate(distance=CosineDistance("embedding", vector)).order_by("distance")[:limit])
    return sorted(rows, key=lambda row: row.distance)


def _table_rows(model) -> int:
    """The planner's row estimate for a table: cheap, and good enough to size a search."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(int(row[0]) if row else 0, 1)


def nearest(queryset: QuerySet, *, vector, limit: int, company_rows: int | None = None) -> list:
    """The `limit` rows of a company-scoped queryset nearest to `vector`, exact or recall-checked."""
    vector = np.asarray(vector, dtype=np.float32)
    if company_rows is None:
        company_rows = queryset.count()
    if company_rows <= EXACT_SCAN_LIMIT:
        return _exact_nearest(queryset, vector, limit)
    # The index returns the ef_search nearest rows of the whole table and the company
    # filter keeps its share of them: widen the search by the inverse of that share.
    share = min(1.0, company_rows / _table_rows(queryset.model))
    ef_search = int(min(HNSW_EF_SEARCH_MAX, max(HNSW_EF_SEARCH, 2.5 * limit / share)))
    rows = _index_nearest(queryset, vector, limit, ef_search=ef_search)
    if len(rows) < min(limit, company_rows):
        return _exact_nearest(queryset, vector, limit)
    return rows


def nearest_resumes(*, company, vector, limit: int) -> list[tuple[Resume, float]]:
    """Processed resumes of one company nearest to a vector, with their cosine.

    Only the columns a result list shows are loaded: parsing 50 vectors and the
    skill JSON back into Python costs more than the search itself.
    """
    queryset = (
        Resume.objects.for_company(company)
        .filter(status=ResumeStatus.PROCESSED, embedding__isnull=False, merged_into__isnull=True)
        .only("id", "company_id", "candidate_name", "original_filename", "skill_names", "status", "created_at")
    )
    return [
        (resume, 1.0 - resume.distance)
        for resume in nearest(queryset, vector=vector, limit=limit, company_rows=_pool_size(company, queryset))
    ]


def _pool_size(company, queryset) -> int:
    """How many embedded resumes a company has, counted at most every few minutes.

    Counting 30,000 rows costs ~10 ms, more than the search. The number only picks
    the search path and sizes ef_search; either path returns correct results.
    """
    from django.core.cache import cache

    key = f"matching:pool-size:{getattr(company, 'pk', company)}"
    size = cache.get(key)
    if size is None:
        size = queryset.count()
        cache.set(key, size, timeout=300)
    return size


def semantic_search(*, company, query: str, limit: int = 20) -> list[dict]:
    """Talent-pool search by meaning: resume vector and best chunk, blended and calibrated."""
    query = " ".join(query.split())[:1000]
    if not query:
        return []
    vector = embeddings.encode([query], cache=embedding_cache())[0]
    candidates = nearest_resumes(company=company, vector=vector, limit=max(limit * 3, 50))
    if not candidates:
        return []
    chunks = ResumeChunk.objects.filter(resume_id__in=[r.pk for r, _ in candidates])
    best: dict = {}
    for resume_id, text, chunk_vector in chunks.values_list("resume_id", "text", "embedding"):
        cosine = float(np.dot(vector, np.asarray(chunk_vector, dtype=np.float32)))
        if resume_id not in best or cosine > best[resume_id][0]:
            best[resume_id] = (cosine, text)
    query_skills = {s.name.lower() for s in skills.extract_skills(query)}
    results = []
    for resume, cosine in candidates:
        chunk_cosine, excerpt = best.get(resume.pk, (cosine, ""))
        blended = scoring.DOCUMENT_WEIGHT * cosine + (1 - scoring.DOCUMENT_WEIGHT) * chunk_cosine
        matched = [name for name in resume.skill_names if name.lower() in query_skills]
        results.append(
            {
                "resume": resume,
                "score": round(100 * scoring.calibrate(blended), 1),
                "cosine": round(blended, 4),
                "matched_skills": matched,
                "excerpt": excerpt[:300],
            }
        )

    # Meaning ranks; naming a skill the query asks for is a small nudge, not a trump card.
    def rank(item):
        share = len(item["matched_skills"]) / len(query_skills) if query_skills else 0.0
        return -(item["cosine"] + SEARCH_SKILL_BONUS * share)

    results.sort(key=rank)
    return results[:limit]


def with_candidacy(matches: QuerySet[MatchResult]) -> QuerySet[MatchResult]:
    """Each match row with its candidate's stage in the job (one LEFT JOIN on the
    candidacy of the same job and resume): stage_id, stage_name, stage_kind,
    stage_position, stage_entered_at, stage_changed_by_email, candidacy_id; all None
    for a talent-pool suggestion, which is nobody's candidate yet."""
    return matches.annotate(
        candidacy=FilteredRelation("resume__candidacies", condition=Q(resume__candidacies__job_id=F("job_id"))),
    ).annotate(
        candidacy_id=F("candidacy__id"),
        stage_id=F("candidacy__stage_id"),
        stage_name=F("candidacy__stage__name"),
        stage_kind=F("candidacy__stage__kind"),
        stage_position=F("candidacy__stage__position"),
        stage_entered_at=F("candidacy__stage_entered_at"),
        stage_changed_by_email=F("candidacy__stage_changed_by__email"),
    )


def ranked_candidates(
    *, job, filters: Mapping[str, Any] | None = None, suggested_only: bool = False
) -> QuerySet[MatchResult]:
    """The job's candidates with their stage, best first, narrowed and sorted by the
    list's parameters in `filters` (matching.filters.CandidateFilter): the one query of
    the ranked list, the board, the exports and the bulk actions' "all that match".
    A parameter it cannot read raises ValidationError. `suggested_only`: the job's
    talent-pool suggestions instead, unfiltered."""
    matches: QuerySet[MatchResult] = MatchResult.objects.for_company(job.company_id).filter(job=job)
    if suggested_only:
        matches = matches.filter(source=MatchSource.SUGGESTED)
    matches = sorted_by(with_candidacy(matches), "score")
    if not suggested_only:
        matches = filtered(CandidateFilter, filters, matches, company=job.company_id)
    return matches.select_related("resume").defer(
        # A list row shows scores, skills and stage: the explanation's JSON and the
        # resume's parse stay in the database (the explanation view loads its own).
        "resume__content",
        "resume__embedding",
        "resume__sections",
        "resume__extracted_skills",
        "resume__links",
        "explanation_data",
        "skill_matches",
    )


def job_ranks(*, job) -> dict:
    """Each candidate's rank in the job by overall score (1 = best), whatever the list
    is filtered or sorted by and whatever stage they are in: a rank is the candidate's
    place among all the job's candidates, so it stays put when the view changes.
    One query of ids (a few milliseconds for thousands of candidates)."""
    ordered = (
        MatchResult.objects.for_company(job.company_id)
        .filter(job=job)
        .exclude(source=MatchSource.SUGGESTED)
        .order_by("-match_score", "resume_id")
        .values_list("resume_id", flat=True)
    )
    return {resume_id: rank for rank, resume_id in enumerate(ordered, start=1)}


CLOSE_TOP_POINTS = 5  # the first ten within this many points: the score barely separates them


def job_ranking_quality(*, job) -> dict | None:
    """How sure the job's ranking is, and what in the job to change: the share of the
    candidates whose text could be read, how far apart the top scores are, the
    must-haves (skills and criteria) nobody meets, and required skills that no resume
    shows under a name the taxonomy does not know (likely spelled differently; scoring
    records which ones, so this never loads the taxonomy).
    None when the job has no candidates yet."""
    rows = list(
        MatchResult.objects.for_company(job.company_id)
        .filter(job=job)
        .exclude(source=MatchSource.SUGGESTED)
        # Two small keys of the explanation, never the whole of it, and no ORDER BY:
        # the scores are sorted here.
        .order_by()
        .values_list(
            "match_score",
            "gates",
            "explanation_data__criteria",
            "matched_skills",
            "resume__text_quality",
            "explanation_data__unknown_skills",
        )
    )
    if not rows:
        return None
    scores = sorted((row[0] for row in rows), reverse=True)
    readable = sum(1 for row in rows if row[4] is None or row[4] >= scoring.READABLE_QUALITY)
    top = scores[: min(10, len(scores))]
    gap = top[0] - top[-1] if len(top) > 1 else None

    met_by: dict[str, int] = {}
    for _, gates, criteria, *_ in rows:
        for gate in gates or []:
            met_by.setdefault(gate["skill"], 0)
            met_by[gate["skill"]] += gate["state"] == "met"
        for criterion in criteria or []:
            if criterion.get("kind") == "must":
                met_by.setdefault(criterion["text"], 0)
                met_by[criterion["text"]] += criterion["state"] == "met"
    nobody = [name for name, count in met_by.items() if count == 0]

    shown = {skill.casefold() for row in rows for skill in (row[3] or [])}
    unknown = {skill for row in rows for skill in (row[5] or [])}
    unknown_spellings = [skill for skill in job.skills_required if skill in unknown and skill.casefold() not in shown]
    suggestions = [f"Nobody shows the must-have “{name}”: make it nice to have, or widen the pool." for name in nobody]
    suggestions += [
        f"No resume shows “{skill}”, and it is not a skill name Shortlist knows: check its spelling or use the usual name."
        for skill in unknown_spellings
    ]
    return {
        "candidates": len(rows),
        "readable": readable,
        "readable_share": readable / len(rows),
        "top_gap": gap,
        "top_close": gap is not None and len(top) >= 3 and gap < CLOSE_TOP_POINTS,
        "must_haves_nobody_meets": nobody,
        "unknown_spellings": unknown_spellings,
        "suggestions": suggestions,
    }


def feedback_decisions(*, job) -> int:
    """How many decisions (advanced or rejected) the job's ranking has learnt from; 0 when it does not learn."""
    if not job.learn_from_decisions:
        return 0
    return job.candidacies.filter(stage__kind__in=ADVANCED_KINDS + REJECTED_KINDS).count()


def resume_matches(*, company, resume) -> QuerySet[MatchResult]:
    return (
        with_candidacy(MatchResult.objects.for_company(company))
        .filter(resume=resume)
        .select_related("job")
        .defer("job__embedding", "job__description")
        .order_by("-match_score")
    )


# --- The invariant of ingestion ------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    resume_id: uuid.UUID
    kind: str  # "vectors": no resume vector or no chunk vectors; "match": no MatchResult for job_id
    job_id: uuid.UUID | None = None


def invariant_violations(*, settled_before=None, limit: int | None = None) -> list[Violation]:
    """THE invariant, stated once: a processed resume always has its vector, its chunk
    vectors, and a match row for every job it was uploaded for or attached to (that
    still exists). Returns every processed resume that breaks it.

    `settled_before` leaves out resumes changed after that time: their match task
    may simply not have run yet. Used by the reconciliation sweep (which repairs
    each violation), by health (which reports them) and by the tests.
    """
    resumes, chunks = Resume._meta.db_table, ResumeChunk._meta.db_table
    matches, jobs = MatchResult._meta.db_table, JobDescription._meta.db_table
    settled = "AND r.updated_at < %(before)s" if settled_before is not None else ""
    sql = f"""
        SELECT r.id, 'vectors', NULL::uuid FROM {resumes} r
        WHERE r.status = %(processed)s {settled}
          AND (r.embedding IS NULL OR NOT EXISTS (SELECT 1 FROM {chunks} c WHERE c.resume_id = r.id))
        UNION ALL
        SELECT r.id, 'match', t.job_id FROM {resumes} r
        CROSS JOIN LATERAL unnest(array_append(r.also_for_job_ids, r.job_id)) AS t(job_id)
        JOIN {jobs} j ON j.id = t.job_id AND j.company_id = r.company_id
        WHERE r.status = %(processed)s {settled}
          AND NOT EXISTS (SELECT 1 FROM {matches} m WHERE m.job_id = t.job_id AND m.resume_id = r.id)
    """
    params = {"processed": ResumeStatus.PROCESSED, "before": settled_before}
    if limit is not None:
        sql += " LIMIT %(limit)s"
        params["limit"] = limit
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Violation(resume_id=row[0], kind=row[1], job_id=row[2]) for row in cursor.fetchall()]


def jobs_with_candidate_counts(jobs: QuerySet[JobDescription]) -> QuerySet[JobDescription]:
    """Each job with `candidate_count`, its matched candidates. Talent-pool suggestions
    are not candidates until a recruiter adds them. (The jobs list and the API's job
    read it: jobs.selectors.with_annotations, registered in MatchingConfig.ready.)"""
    candidates = Count("matches", filter=~Q(matches__source=MatchSource.SUGGESTED), distinct=True)
    return jobs.annotate(candidate_count=candidates)


def candidate_job_choices(*, company, resume) -> QuerySet[JobDescription]:
    """Jobs a note, an interview or a shared link about a candidate can name: the open
    jobs and every job the candidate is matched to or was uploaded for."""
    return (
        JobDescription.objects.for_company(company)
        .filter(Q(status=JobStatus.OPEN) | Q(matches__resume=resume) | Q(pk=resume.job_id))
        .distinct()
        .only("id", "title")
        .order_by("title")
    )
