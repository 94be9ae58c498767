"""Every write of matching: skills and embeddings on resumes and jobs, and scores."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, fields

import numpy as np
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from companies.roles import require
from jobs.models import EmbeddingStatus, JobDescription, JobStatus
from jobs.services import job_content_hash
from matching import embeddings, postings, scoring, skills
from matching.cache import embedding_cache
from matching.explanations import build_explanation
from matching.models import MatchResult, MatchSource, ResumeChunk
from pipeline.status import ADVANCED_KINDS, REJECTED_KINDS
from resumes.models import Resume, ResumeStatus
from resumes.parsing import ParsedResume, redact_personal_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatchScores:
    """What the scorer (score_resume) writes on a MatchResult: one field per column.

    The columns an upsert rewrites (SCORE_FIELDS) are read from these fields, so a part
    added to the scorer is written on re-matching without a second list to keep.
    """

    match_score: float
    similarity_score: float
    skills_score: float
    experience_score: float | None
    education_score: float | None
    confidence_score: float
    # The typed explanation, stored (matching.explanations); the columns below repeat
    # pieces of it that lists and filters read without loading the JSON.
    explanation: str
    explanation_data: dict
    key_strengths: list[str]
    matched_skills: list[str]
    missing_skills: list[str]
    additional_skills: list[str]
    skill_matches: list[dict]
    gates: list[dict]
    meets_all_gates: bool

    def as_fields(self) -> dict:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def score_fields(scores: type = MatchScores) -> list[str]:
    """The MatchResult columns a re-match rewrites: every field the scorer produces,
    and the time it did."""
    return [item.name for item in fields(scores)] + ["scored_at", "updated_at"]


SCORE_FIELDS = score_fields()


# --- Resumes ---------------------------------------------------------------------


@dataclass(frozen=True)
class ResumeEnrichment:
    """What matching computes from a parsed resume before its row is locked."""

    extracted_skills: list[dict]
    skill_names: list[str]
    document: embeddings.DocumentEmbedding
    sections: dict[str, str]


def resume_enrichment(*, resume: Resume) -> ResumeEnrichment:
    """Skills and vectors of a parsed resume (the slow half of ingestion; writes nothing
    but the embedding cache).

    Personal data (name, email, phone, links, location) is removed from the text
    before it is embedded, so it can never move a score.
    """
    # Skills and vectors read what parsing read (SHORTLIST_MAX_PARSE_CHARS).
    found = skills.extract_skills(resume.content[: settings.SHORTLIST_MAX_PARSE_CHARS])
    text, sections = redacted_text(resume)
    return ResumeEnrichment(
        extracted_skills=[
            {
                "name": item.name,
                "category": item.category,
                "start": item.start,
                "end": item.end,
                "line": item.line,
                "count": item.count,
            }
            for item in found
        ],
        skill_names=[item.name for item in found],
        document=embeddings.embed_document(text, sections=sections_to_embed(text, sections), cache=embedding_cache()),
        sections=sections,
    )


def resume_enrichment_apply(*, resume: Resume, enrichment: ResumeEnrichment) -> None:
    """Store an enrichment on a (locked) resume: its fields (the caller saves) and its chunk rows."""
    resume.extracted_skills = enrichment.extracted_skills
    resume.skill_names = enrichment.skill_names
    _store_vectors(resume, enrichment.document, enrichment.sections)


class MatchingEnricher:
    """Ingestion's enrichment step (resumes/enrichment.py), registered in MatchingConfig.ready."""

    def compute(self, resume: Resume) -> ResumeEnrichment:
        return resume_enrichment(resume=resume)

    def apply(self, resume: Resume, computed: ResumeEnrichment) -> None:
        resume_enrichment_apply(resume=resume, enrichment=computed)


def resume_embed(*, resume: Resume) -> None:
    """(Re)compute a resume's chunk vectors and its vector from its redacted text.

    Sets the resume's fields (the caller saves it) and replaces its chunk rows.
    """
    text, sections = redacted_text(resume)
    document = embeddings.embed_document(text, sections=sections_to_embed(text, sections), cache=embedding_cache())
    _store_vectors(resume, document, sections)


def _store_vectors(resume: Resume, document: embeddings.DocumentEmbedding, sections: dict[str, str]) -> None:
    resume.embedding = document.vector
    resume.embedding_model = document.model_name
    resume.embedded_at = timezone.now()
    ResumeChunk.objects.filter(resume=resume).delete()
    ResumeChunk.objects.bulk_create(
        ResumeChunk(
            company_id=resume.company_id,
            resume=resume,
            ordinal=index,
            section=_chunk_section(chunk, sections),
            text=chunk,
            embedding=vector,
            embedding_model=document.model_name,
        )
        for index, (chunk, vector) in enumerate(zip(document.chunks, document.chunk_vectors))
    )


def redacted_text(resume: Resume) -> tuple[str, dict[str, str]]:
    """The resume's text and sections without the candidate's personal data."""
    personal = ParsedResume(
        candidate_name=resume.candidate_name,
        email=resume.email,
        phone=resume.phone,
        phone_display=resume.phone,
        links=resume.links or {},
        location=resume.location,
    )
    sections = {name: redact_personal_data(body, personal) for name, body in (resume.sections or {}).items()}
    return redact_personal_data(resume.content[: settings.SHORTLIST_MAX_PARSE_CHARS], personal), sections


def sections_to_embed(text: str, sections: dict[str, str]) -> dict[str, str] | None:
    """Chunk by section when the sections hold (nearly) all of the text; otherwise by
    paragraph windows over the whole text, so no part of a resume goes unembedded."""
    sections = {name: body for name, body in sections.items() if name != "contact" and body.strip()}
    covered = sum(len(body) for body in sections.values())
    return sections if sections and covered >= 0.8 * len(text.strip()) else None


def _chunk_section(chunk: str, sections: dict[str, str]) -> str:
    head = chunk[:80].lower()
    for name in sections:
        if head.startswith(name.lower()):
            return name[:50]
    for name, body in sections.items():
        if chunk[:60] and chunk[:60] in body:
            return name[:50]
    return ""


# --- Jobs ------------------------------------------------------------------------


def job_embedding_text(job: JobDescription, *, role_only: bool = True) -> str:
    """What the job vector is made of: title, the sentences of the description that
    describe the role (not the company, benefits or legal text; see matching.postings),
    requirements and skills."""
    description = postings.role_text(job.description) if role_only else job.description
    text = "\n\n".join(part for part in (job.title, description, job.requirements) if part)
    if job.skills_required:
        text += "\n\nRequired skills: " + ", ".join(job.skills_required)
    if job.skills_nice_to_have:
        text += "\nNice to have: " + ", ".join(job.skills_nice_to_have)
    return text


def job_title_text(job: JobDescription) -> str:
    """The title as the model should read it: with the job's first required skills.

    A bare title is ambiguous to a small model ("Front End Engineer" lands next to
    civil engineers); "Front End Engineer (JavaScript, HTML, CSS)" does not.
    """
    skills_named = [skill for skill in job.skills_required[:TITLE_SKILLS] if skill]
    return f"{job.title} ({', '.join(skills_named)})" if skills_named else job.title


TITLE_SKILLS = 3


def job_embedding_vector(job: JobDescription, *, cache=None) -> tuple[np.ndarray, str]:
    """The job's vector: its chunked text, leaning on its title (see scoring.JOB_TITLE_WEIGHT)."""
    cache = cache or embedding_cache()
    document = embeddings.embed_document(job_embedding_text(job), cache=cache)
    title = embeddings.encode([job_title_text(job)], cache=cache)[0]
    return scoring.job_vector(title, document.vector), document.model_name


def job_embed(*, job: JobDescription, force: bool = False) -> JobDescription:
    """Embed a job's text unless the stored vector already belongs to its current content."""
    content_hash = job_content_hash(job)
    if not force and job.embedding is not None and job.embedded_hash == content_hash:
        return job
    vector, model_name = job_embedding_vector(job)
    JobDescription.objects.filter(pk=job.pk).update(
        embedding=vector,
        embedding_model=model_name,
        embedding_status=EmbeddingStatus.READY,
        embedded_hash=content_hash,
        embedded_at=timezone.now(),
        matching_error="",
    )
    job.embedding = vector
    job.embedding_model = model_name
    job.embedding_status = EmbeddingStatus.READY
    job.embedded_hash = content_hash
    return job


# --- Scoring ---------------------------------------------------------------------


@dataclass
class Scored:
    resume: Resume
    values: MatchScores


def _chunk_vectors(resume_ids) -> dict:
    vectors = defaultdict(list)
    rows = ResumeChunk.objects.filter(resume_id__in=list(resume_ids)).order_by("resume_id", "ordinal")
    for resume_id, section, text, vector in rows.values_list("resume_id", "section", "text", "embedding"):
        vectors[resume_id].append((section, text, np.asarray(vector, dtype=np.float32)))
    return vectors


@dataclass
class Feedback:
    """The job's vector moved by the recruiter's decisions (scoring.feedback_vector)."""

    vector: np.ndarray
    decisions: int


# The recruiter's decisions live on the job's candidacies (pipeline, read through the
# relation): a stage of an advanced or rejected kind is a decision (pipeline/status.py).
DECIDED_KINDS = ADVANCED_KINDS + REJECTED_KINDS


def decided_kinds(*, job: JobDescription, resume_ids=None) -> dict:
    """resume id -> the kind of its candidacy's stage, for the job's decided candidates."""
    rows = job.candidacies.filter(stage__kind__in=DECIDED_KINDS)  # type: ignore[attr-defined]
    if resume_ids is not None:
        rows = rows.filter(resume_id__in=list(resume_ids))
    return dict(rows.values_list("resume_id", "stage__kind"))


def job_feedback(*, job: JobDescription) -> Feedback | None:
    """The job vector learnt from its advanced and rejected candidates, or None when
    the job does not learn or nobody is decided yet. Resume vectors come from redacted
    text, so no personal data can move it."""
    if not job.learn_from_decisions or job.embedding is None:
        return None
    decided = (
        job.candidacies.filter(stage__kind__in=DECIDED_KINDS)  # type: ignore[attr-defined]
        .exclude(resume__embedding=None)
        .values_list("stage__kind", "resume__embedding")
    )
    shortlisted = [np.asarray(v, dtype=np.float32) for kind, v in decided if kind in ADVANCED_KINDS]
    rejected = [np.asarray(v, dtype=np.float32) for kind, v in decided if kind in REJECTED_KINDS]
    if not shortlisted and not rejected:
        return None
    vector = scoring.feedback_vector(job.embedding, shortlisted, rejected)
    return Feedback(vector=vector, decisions=len(shortlisted) + len(rejected))


def score_resumes(*, job: JobDescription, resumes: list[Resume]) -> list[Scored]:
    """Score processed, embedded resumes against an embedded job (no writes).

    Candidates not yet decided are scored against the vector learnt from the
    recruiter's decisions when the job learns from them; decided ones keep the
    job's own vector, so a decision never feeds its own score.
    """
    chunks_by_resume = _chunk_vectors(r.pk for r in resumes)
    feedback = job_feedback(job=job)
    undecided = set()
    if feedback is not None:
        decided = decided_kinds(job=job, resume_ids=[r.pk for r in resumes])
        undecided = {r.pk for r in resumes if r.pk not in decided}
    return [
        Scored(
            resume=resume,
            values=score_resume(
                job=job,
                resume=resume,
                chunks=chunks_by_resume.get(resume.pk, []),
                feedback=feedback if resume.pk in undecided else None,
            ),
        )
        for resume in resumes
    ]


CRITERION_SKILL_CATEGORIES = ("technical", "tool", "certification")


def criteria_inputs(job: JobDescription) -> list[tuple[dict, list[str], np.ndarray]]:
    """Each criterion of the job with the taxonomy skills it names and its vector.
    Kept on the job object for the criteria it was computed from: scoring a pool of
    resumes encodes each criterion once (and the vector cache spares even that)."""
    criteria = list(job.criteria or [])
    cached = getattr(job, "_criteria_inputs", None)
    if cached is not None and cached[0] == criteria:
        return cached[1]
    inputs = []
    if criteria:
        vectors = embeddings.encode([item["text"] for item in criteria], cache=embedding_cache())
        for item, vector in zip(criteria, vectors):
            named = [f.name for f in skills.extract_skills(item["text"]) if f.category in CRITERION_SKILL_CATEGORIES]
            inputs.append((item, named, vector))
    setattr(job, "_criteria_inputs", (criteria, inputs))  # noqa: B010 - a per-object memo, not a model field
    return inputs


def _encode_lines(lines: list[str]) -> np.ndarray:
    return embeddings.encode(lines, cache=embedding_cache())


def score_resume(
    *,
    job: JobDescription,
    resume: Resume,
    chunks: list[tuple[str, str, np.ndarray]],
    feedback: Feedback | None = None,
    encode_lines=None,
) -> MatchScores:
    """One candidate's scores and explanation as MatchResult field values.

    Pure: reads the (possibly unsaved) job and resume and the resume's chunks as
    (section, text, vector); the evaluation command scores in memory through it.
    """
    job_vector = np.asarray(job.embedding if feedback is None else feedback.vector, dtype=np.float32)
    chunk_matrix = np.stack([vector for _, _, vector in chunks]) if chunks else None
    blend, document, best = scoring.blended_cosine(job_vector, resume.embedding, chunk_matrix)
    best_chunk = None
    if chunks:
        best_index = int(np.argmax(chunk_matrix @ job_vector))
        best_chunk = (chunks[best_index][0], chunks[best_index][1])
    found_names = list(resume.skill_names or [])
    match = None
    if job.skills_required or job.skills_nice_to_have:
        match = skills.skill_match(
            required=job.skills_required, nice_to_have=job.skills_nice_to_have, found=found_names
        )
    evidence = {item["name"].lower(): item.get("line", "") for item in resume.extracted_skills or []}
    words = len((resume.content or "").split())
    readable = (resume.text_quality is None or resume.text_quality >= scoring.READABLE_QUALITY) and words >= 50
    must_have = [skills.canonical_skill(s) or s for s in job.must_have_skills]
    gates = scoring.gates_for(must_have, {name.lower() for name in found_names}, readable=readable, evidence=evidence)
    similarity = scoring.calibrate(blend)
    skills_value = None if match is None else match.score
    criteria = [
        scoring.judge_criterion(
            text=item["text"],
            kind=item["kind"],
            weight=item["weight"],
            named_skills=named,
            found=evidence,
            vector=vector,
            chunk_vectors=chunk_matrix,
            chunk_texts=[text for _, text, _ in chunks],
            readable=readable,
            encode_lines=encode_lines or _encode_lines,
        )
        for item, named, vector in criteria_inputs(job)
    ]
    criteria_value = scoring.criteria_score(criteria)
    parts = scoring.ScoreParts(
        overall=scoring.combine(
            similarity=similarity,
            skills=skills_value,
            similarity_weight=job.similarity_weight,
            skills_weight=job.skills_weight,
            criteria=criteria_value,
            criteria_weight=scoring.CRITERIA_WEIGHT,
        ),
        similarity=similarity,
        skills=skills_value,
        experience=scoring.experience_score(resume.years_experience, job.min_years_experience),
        education=scoring.education_score(resume.education_level, job.education_level),
        confidence=scoring.confidence_score(
            text_quality=resume.text_quality, skills_found=len(found_names), words=words
        ),
        raw_cosine=document,
        best_chunk_cosine=best,
        weights=(job.similarity_weight, job.skills_weight),
        gates=gates,
        criteria=criteria,
        criteria_value=criteria_value,
    )
    explanation = build_explanation(
        job=job,
        candidate_name=resume.candidate_name,
        parts=parts,
        skill_match=match,
        evidence=evidence,
        years=resume.years_experience,
        education_label=resume.get_education_level_display() if resume.education_level else "",
        best_chunk=best_chunk,
        # Required skills the taxonomy does not know: the job's quality panel suggests a
        # usual spelling when no resume shows them (read from here, so that the panel
        # never loads the taxonomy in a web process).
        unknown_skills=[skill for skill in job.skills_required if skills.canonical_skill(skill) is None],
        feedback_decisions=None if feedback is None else feedback.decisions,
    )
    data = explanation.as_json()
    return MatchScores(
        match_score=round(100 * parts.overall, 2),
        similarity_score=round(100 * parts.similarity, 2),
        skills_score=round(100 * (parts.skills or 0), 2),
        experience_score=None if parts.experience is None else round(100 * parts.experience, 2),
        education_score=None if parts.education is None else round(100 * parts.education, 2),
        confidence_score=round(100 * parts.confidence, 2),
        explanation=explanation.summary,
        explanation_data=data,
        key_strengths=[s[:300] for s in explanation.strengths],
        matched_skills=[item.skill for item in explanation.matched_skills],
        missing_skills=list(explanation.missing_required),
        additional_skills=list(match.additional)[:50] if match else [],
        skill_matches=data["matched_skills"],
        gates=data["gates"],
        meets_all_gates=parts.meets_all_gates,
    )


def _scorable(resumes):
    return [r for r in resumes if r.status == ResumeStatus.PROCESSED and r.embedding is not None]


def match_upsert(*, job: JobDescription, resumes: list[Resume], source: str) -> list[MatchResult]:
    """Score resumes against a job and upsert their MatchResults.

    One INSERT ... ON CONFLICT (job, resume) DO UPDATE: re-matching updates scores
    and never duplicates (the recruiter's decisions live on the candidacy). A suggestion that
    is now uploaded or added for the job is promoted.
    """
    resumes = _scorable(resumes)
    if not resumes:
        return []
    job = job_embed(job=job)
    now = timezone.now()
    rows = [
        MatchResult(
            company_id=job.company_id,
            job=job,
            resume=item.resume,
            source=source,
            scored_at=now,
            **item.values.as_fields(),
        )
        for item in score_resumes(job=job, resumes=resumes)
    ]
    with transaction.atomic():
        MatchResult.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["job", "resume"],
            update_fields=SCORE_FIELDS,
            batch_size=500,
        )
        if source != MatchSource.SUGGESTED:
            MatchResult.objects.filter(job=job, resume__in=resumes, source=MatchSource.SUGGESTED).update(source=source)
    return list(MatchResult.objects.filter(job=job, resume__in=resumes))


def match_resume_to_job(*, resume_id, job_id, source: str = MatchSource.UPLOADED) -> MatchResult | None:
    resume = Resume.objects.filter(pk=resume_id).first()
    job = JobDescription.objects.filter(pk=job_id).first()
    if resume is None or job is None or resume.company_id != job.company_id:
        return None
    results = match_upsert(job=job, resumes=[resume], source=source)
    return results[0] if results else None


def match_resume_to_open_jobs(*, resume: Resume) -> list[MatchResult]:
    """On demand: score one candidate against every open job of the company."""
    results = []
    sources = dict(MatchResult.objects.filter(resume=resume).values_list("job_id", "source"))
    for job in JobDescription.objects.for_company(resume.company).filter(status=JobStatus.OPEN):
        results += match_upsert(job=job, resumes=[resume], source=sources.get(job.pk, MatchSource.ADDED))
    return results


def job_rematch(*, job_id) -> int:
    """After a job's text or skills change: re-embed it, re-score its candidates and
    refresh the talent-pool suggestions. Returns how many rows were scored."""
    from matching.selectors import nearest_resumes

    job = JobDescription.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    try:
        job = job_embed(job=job)
    except Exception as error:
        JobDescription.objects.filter(pk=job.pk).update(
            embedding_status=EmbeddingStatus.FAILED, matching_error=str(error)[:1000]
        )
        raise
    count = 0
    matched = MatchResult.objects.filter(job=job)
    by_source = defaultdict(list)
    for resume_id, source in matched.values_list("resume_id", "source"):
        by_source[source].append(resume_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), 500):
            batch = list(Resume.objects.filter(pk__in=ids[start : start + 500]))
            count += len(match_upsert(job=job, resumes=batch, source=source))
    # Suggestions: the nearest resumes of the talent pool not yet matched to the job.
    top_k = settings.SHORTLIST_SUGGESTIONS_TOP_K
    neighbours = nearest_resumes(
        company=job.company, vector=job.embedding, limit=top_k + len(by_source.get(MatchSource.UPLOADED, []))
    )
    already = set(matched.values_list("resume_id", flat=True))
    fresh = [resume.pk for resume, _ in neighbours if resume.pk not in already][:top_k]
    count += len(match_upsert(job=job, resumes=list(Resume.objects.filter(pk__in=fresh)), source=MatchSource.SUGGESTED))
    return count


def suggestions_add_resume(*, resume_id) -> int:
    """A resume processed after a job was saved joins that job's talent-pool suggestions
    when it is among the job's nearest, by the rule job_rematch() applies on a save, so
    suggestions of existing open jobs do not wait for the job's next save. Suggestions
    already made are kept. Returns how many jobs gained the resume."""
    from matching.selectors import nearest_resumes

    resume = Resume.objects.filter(pk=resume_id, status=ResumeStatus.PROCESSED, embedding__isnull=False).first()
    if resume is None:
        return 0
    # The jobs it was uploaded for get it as a candidate (match_resume_to_job), not a suggestion.
    own_jobs = [job_id for job_id in [resume.job_id, *resume.also_for_job_ids] if job_id]
    jobs = (
        JobDescription.objects.for_company(resume.company_id)
        .filter(status=JobStatus.OPEN, embedding__isnull=False)
        .exclude(pk__in=own_jobs)
        .exclude(matches__resume=resume)
        .select_related("company")
    )
    top_k = settings.SHORTLIST_SUGGESTIONS_TOP_K
    added = 0
    for job in jobs:
        uploaded = MatchResult.objects.filter(job=job, source=MatchSource.UPLOADED).count()
        neighbours = [
            r.pk for r, _ in nearest_resumes(company=job.company, vector=job.embedding, limit=top_k + uploaded)
        ]
        if resume.pk not in neighbours:
            continue
        already = set(MatchResult.objects.filter(job=job, resume_id__in=neighbours).values_list("resume_id", flat=True))
        if resume.pk in [pk for pk in neighbours if pk not in already][:top_k]:
            added += bool(match_upsert(job=job, resumes=[resume], source=MatchSource.SUGGESTED))
    return added


def jobs_requeue_stuck() -> int:
    """Queue a rematch for jobs whose embedding stayed pending or processing past
    SHORTLIST_STUCK_AFTER (the broker was down when they were saved). Run by beat."""
    from django.db.models import Q

    from matching.tasks import rematch_job

    before = timezone.now() - settings.SHORTLIST_STUCK_AFTER
    stuck = list(
        JobDescription.objects.filter(
            Q(embedding_status=EmbeddingStatus.PENDING) | Q(embedding_status=EmbeddingStatus.PROCESSING),
            updated_at__lt=before,
        ).values_list("pk", flat=True)[:500]
    )
    for job_id in stuck:
        # Touched, so the next sweep waits another period before queuing it again.
        JobDescription.objects.filter(pk=job_id).update(updated_at=timezone.now())
        try:
            rematch_job.delay(str(job_id))
        except Exception:  # noqa: BLE001 - broker still down: the next sweep tries again
            logger.warning("could not queue rematch of job %s", job_id, exc_info=True)
    return len(stuck)


# --- The reconciliation sweep ----------------------------------------------------------


@dataclass
class Reconciliation:
    resumes_requeued: int = 0
    jobs_requeued: int = 0
    vectors_restored: int = 0
    matches_restored: int = 0
    skipped: bool = False  # another sweep was running

    def as_dict(self) -> dict:
        return asdict(self)


# pg_try_advisory_lock key: one sweep at a time across every worker.
SWEEP_LOCK = 51_071_157


@contextlib.contextmanager
def _sweep_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SWEEP_LOCK])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])


def reconcile(*, limit: int = 200, broker_empty: bool = False) -> Reconciliation:
    """Bring everything a fault left undone back to the invariant (beat runs it every
    SHORTLIST_SWEEP_INTERVAL): queue again the resumes and jobs that are stuck, and
    restore the vectors and match rows of processed resumes that lack them
    (selectors.invariant_violations). Safe to run at any time: every step is
    conditional or an upsert, and a second sweep waits its turn. `broker_empty`:
    no message waits in any queue, so every pending resume's message was lost.
    """
    from matching.selectors import invariant_violations
    from resumes.services import PUBLISH_GRACE, resumes_requeue_stuck

    result = Reconciliation()
    with _sweep_lock() as held:
        if not held:
            result.skipped = True
            return result
        result.resumes_requeued = resumes_requeue_stuck(broker_empty=broker_empty)
        result.jobs_requeued = jobs_requeue_stuck()
        # Changed less than SHORTLIST_STUCK_AFTER ago: its own match task may still be
        # on its way, unless the broker is empty (and the task lost).
        grace = PUBLISH_GRACE if broker_empty else settings.SHORTLIST_STUCK_AFTER
        violations = invariant_violations(settled_before=timezone.now() - grace, limit=limit)
        for resume_id in dict.fromkeys(v.resume_id for v in violations if v.kind == "vectors"):
            result.vectors_restored += _repair(resume_restore_vectors, resume_id=resume_id)
        for violation in violations:
            if violation.kind == "match":
                result.matches_restored += _repair(
                    match_resume_to_job, resume_id=violation.resume_id, job_id=violation.job_id
                )
    if result.vectors_restored or result.matches_restored or result.resumes_requeued or result.jobs_requeued:
        logger.info("reconciliation sweep repaired work", extra={"reconciliation": result.as_dict()})
    return result


def _repair(function, **kwargs) -> int:
    try:
        return 1 if function(**kwargs) else 0
    except (OperationalError, InterfaceError):
        raise  # the database is away: this sweep ends, the next one starts over
    except Exception:  # noqa: BLE001 - one bad row must not stop the repair of the others
        logger.exception("the sweep could not repair %s", kwargs)
        return 0


def resume_restore_vectors(*, resume_id) -> bool:
    """Embed again a processed resume that lacks its vector or its chunk vectors."""
    with transaction.atomic():
        resume = Resume.objects.select_for_update().filter(pk=resume_id, status=ResumeStatus.PROCESSED).first()
        if resume is None:
            return False
        resume_embed(resume=resume)
        resume.save(update_fields=["embedding", "embedding_model", "embedded_at", "updated_at"])
    return True


# --- Recruiter decisions (the pipeline records them; this only promotes a suggestion) ---


def candidate_add_to_job(*, match: MatchResult, user) -> MatchResult:
    """Move a talent-pool suggestion into the job's candidate list (its score row; the
    pipeline's candidacy_add_from_pool also gives it a candidacy)."""
    require(user, "manage_candidates")
    if match.source == MatchSource.SUGGESTED:
        MatchResult.objects.filter(pk=match.pk).update(source=MatchSource.ADDED, updated_at=timezone.now())
        match.refresh_from_db()
    return match
