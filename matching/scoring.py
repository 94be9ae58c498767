"""How a candidate is scored against a job. Pure functions, no database.

overall = w_sim × similarity + w_skills × skill match (0.6 / 0.4 by default, per job
otherwise). Experience and education are shown beside it as sub-scores; they do not
move the overall score, so the number a recruiter sees is the one the seed design
promises and every part of it is on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# Every constant below is set by `manage.py evaluate_matching`'s protocol: a grid over
# the tuning half of the labelled resumes against real postings of three markets
# (glassdoor, dice, resume-matcher), nDCG@10 averaged over the markets so the big one
# does not outvote the others; leaving each market out of the tuning shows how far the
# choice carries to postings it never saw (README, "Ranking quality").
#
# Similarity calibration. all-MiniLM-L6-v2 cosines between a job and a resume do not
# use the 0–1 range: with the constants below, the blended cosine of pairs from
# different fields has a median of 0.34 and pairs from the same field reach 0.67 at
# their 95th percentile. A logistic curve centred halfway between the two with a
# scale of a sixth of the gap maps the first to about 5/100 and the second to about
# 95/100, so a similarity of 50 means "between unrelated and clearly related" for
# every job. It is strictly increasing (no ties from clipping).
COSINE_UNRELATED_MEDIAN = 0.34
COSINE_RELATED_P95 = 0.67
CALIBRATION_CENTRE = (COSINE_UNRELATED_MEDIAN + COSINE_RELATED_P95) / 2
CALIBRATION_SCALE = (COSINE_RELATED_P95 - COSINE_UNRELATED_MEDIAN) / 6
# The resume vector (the mean of its chunks) says "is this person in this field";
# the best chunks say "has this person done this exact work". Both count.
DOCUMENT_WEIGHT = 0.9
TOP_CHUNKS = 3
# A job is mostly its title (read with its first required skills): the title names
# the field, the text adds the work. The text is the posting's role sentences only
# (matching.postings), never its company, benefits or legal boilerplate.
JOB_TITLE_WEIGHT = 0.75

EDUCATION_RANK = {"": 0, "high_school": 1, "associate": 2, "bachelors": 3, "masters": 4, "phd": 5}

# Below this share of readable words the text is too damaged to say a skill is absent.
READABLE_QUALITY = 0.5


@dataclass
class Gate:
    skill: str
    state: str  # met, not_found, unreadable
    evidence: str = ""


@dataclass
class ScoreParts:
    overall: float
    similarity: float
    skills: float | None
    experience: float | None
    education: float | None
    confidence: float
    raw_cosine: float
    best_chunk_cosine: float
    weights: tuple[float, float]
    gates: list[Gate] = field(default_factory=list)
    criteria: list = field(default_factory=list)  # CriterionResult
    criteria_value: float | None = None

    @property
    def meets_all_gates(self) -> bool:
        return all(gate.state == "met" for gate in self.gates) and all(
            result.state == "met" for result in self.criteria if result.kind == "must"
        )


def calibrate(cosine, *, centre: float | None = None, scale: float | None = None):
    """Calibrated similarity (0–1) of a cosine, or of an array of cosines."""
    centre = CALIBRATION_CENTRE if centre is None else centre
    scale = CALIBRATION_SCALE if scale is None else scale
    value = 1.0 / (1.0 + np.exp(-(np.asarray(cosine, dtype=np.float64) - centre) / scale))
    return float(value) if np.ndim(value) == 0 else value


def job_vector(title_vector, text_vector, *, title_weight: float | None = None) -> np.ndarray:
    weight = JOB_TITLE_WEIGHT if title_weight is None else title_weight
    combined = weight * np.asarray(title_vector) + (1 - weight) * np.asarray(text_vector)
    return (combined / np.linalg.norm(combined)).astype(np.float32)


def blended_cosines(
    job_vector, resume_vectors, chunk_tensor, chunk_counts, *, document_weight: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(blend, document cosine, best chunk cosine) for many resumes at once.

    ``resume_vectors`` is (n, d); ``chunk_tensor`` is (n, max_chunks, d), zero-padded
    past each resume's ``chunk_counts``; a resume without chunks is scored on its
    document cosine alone.
    """
    weight = DOCUMENT_WEIGHT if document_weight is None else document_weight
    job = np.asarray(job_vector, dtype=np.float32)
    document = np.asarray(resume_vectors, dtype=np.float32) @ job
    counts = np.asarray(chunk_counts)
    if chunk_tensor is None or chunk_tensor.shape[1] == 0:
        return document, document, document
    cosines = np.asarray(chunk_tensor, dtype=np.float32) @ job
    cosines[np.arange(cosines.shape[1])[None, :] >= counts[:, None]] = -np.inf
    ranked = -np.sort(-cosines, axis=1)[:, :TOP_CHUNKS]
    taken = np.minimum(counts, TOP_CHUNKS)
    top_mean = np.where(
        taken > 0, np.where(np.isfinite(ranked), ranked, 0.0).sum(axis=1) / np.maximum(taken, 1), document
    )
    best = np.where(counts > 0, ranked[:, 0], document)
    blend = weight * document + (1 - weight) * top_mean
    return blend, document, best


def blended_cosine(
    job_vector, resume_vector, chunk_vectors=None, *, document_weight: float | None = None
) -> tuple[float, float, float]:
    """(blend, document cosine, best chunk cosine) of unit vectors for one resume."""
    resume = np.asarray(resume_vector, dtype=np.float32)[None, :]
    if chunk_vectors is None or len(chunk_vectors) == 0:
        tensor, counts = np.zeros((1, 0, resume.shape[1]), dtype=np.float32), [0]
    else:
        tensor, counts = np.asarray(chunk_vectors, dtype=np.float32)[None, :, :], [len(chunk_vectors)]
    blend, document, best = blended_cosines(job_vector, resume, tensor, counts, document_weight=document_weight)
    return float(blend[0]), float(document[0]), float(best[0])


# Learning from decisions (Rocchio): the job's vector moves toward the candidates a
# recruiter shortlisted and away from those rejected, then the undecided are scored
# against it. Set by evaluate_matching's simulation on the tuning half.
FEEDBACK_TOWARD = 1.0
FEEDBACK_AWAY = 0.5


def feedback_vector(job_vector, shortlisted, rejected, *, toward: float | None = None, away: float | None = None):
    """The job vector moved toward the mean of ``shortlisted`` and away from the mean
    of ``rejected`` resume vectors (unit length; either list may be empty)."""
    toward = FEEDBACK_TOWARD if toward is None else toward
    away = FEEDBACK_AWAY if away is None else away
    moved = np.asarray(job_vector, dtype=np.float64).copy()
    if len(shortlisted):
        moved += toward * np.mean(np.asarray(shortlisted, dtype=np.float64), axis=0)
    if len(rejected):
        moved -= away * np.mean(np.asarray(rejected, dtype=np.float64), axis=0)
    return (moved / np.linalg.norm(moved)).astype(np.float32)


def experience_score(years: float | None, minimum: float | None) -> float | None:
    """1.0 at or above the job's minimum, proportionally less below; None when either is unknown."""
    if not minimum:
        return None
    if years is None:
        return None
    return float(min(1.0, max(0.0, years / minimum)))


def education_score(level: str, required: str) -> float | None:
    if not required:
        return None
    if not level:
        return None
    gap = EDUCATION_RANK.get(required, 0) - EDUCATION_RANK.get(level, 0)
    return 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0


def confidence_score(*, text_quality: float | None, skills_found: int, words: int) -> float:
    """How far the score can be trusted: readable text, enough of it, skills found in it."""
    quality = 0.5 if text_quality is None else text_quality
    return round(0.5 * quality + 0.3 * min(1.0, skills_found / 8) + 0.2 * min(1.0, words / 300), 3)


def gates_for(must_have: list[str], found: set[str], *, readable: bool, evidence: dict[str, str]) -> list[Gate]:
    gates = []
    for skill in must_have:
        if skill.lower() in found:
            gates.append(Gate(skill, "met", evidence.get(skill.lower(), "")))
        else:
            gates.append(Gate(skill, "not_found" if readable else "unreadable"))
    return gates


def combine(
    *,
    similarity,
    skills,
    similarity_weight: float = 0.6,
    skills_weight: float = 0.4,
    criteria: float | None = None,
    criteria_weight: float = 0.0,
):
    """The overall score (0–1). A job that lists no skills is scored on similarity alone;
    the recruiter's criteria, when there are any, are a third part."""
    parts = [(similarity_weight, similarity)]
    if skills is not None and skills_weight > 0:
        parts.append((skills_weight, skills))
    if criteria is not None and criteria_weight > 0:
        parts.append((criteria_weight, criteria))
    total = sum(weight for weight, _ in parts)
    if len(parts) == 1 or total <= 0:
        return similarity
    return sum(weight * value for weight, value in parts) / total


# --- Criteria ------------------------------------------------------------------------
# A criterion that names skills of the taxonomy ("holds a PMP certification", "ships
# Kotlin") is met when the resume shows every one of them. Any other ("led a team of
# five or more") is compared with the lines of the resume's closest chunks: met when a
# line is at least this close to it. Set by evaluate_matching on the tuning half (a
# criterion naming a field of work must be met by the resumes of that field and by no
# others; best F1).
CRITERION_THRESHOLD = 0.57
CRITERION_CHUNKS = 2  # chunks whose lines are read for a criterion
# The criteria's share of the score beside similarity (0.6) and skills (0.4) by default.
# Not tuned: the corpora hold no criteria a recruiter wrote, and the stand-in that
# `evaluate_matching --criteria-weight` tries (each posting's first requirement
# sentences) is met by 1% of resume-criterion pairs, too little signal to set it by.
CRITERIA_WEIGHT = 0.3
MUST_CRITERION_FACTOR = 2  # a must-have counts twice its weight, as required skills do

_LINE_BREAK = re.compile(r"\n+|(?<=[.!?;])\s+(?=[A-Z])")


@dataclass
class CriterionResult:
    text: str
    kind: str
    weight: float
    state: str  # met, not_found, unreadable
    evidence: str = ""
    similarity: float | None = None


def resume_lines(chunk: str) -> list[str]:
    """The lines (and sentences) of a chunk that can carry evidence: three words or more."""
    lines = (line.strip(" \t-•*·") for line in _LINE_BREAK.split(chunk))
    return [line[:300] for line in lines if len(line.split()) >= 3]


def judge_criterion(
    *,
    text: str,
    kind: str,
    weight: float,
    named_skills: list[str],
    found: dict[str, str],
    vector,
    chunk_vectors,
    chunk_texts: list[str],
    readable: bool,
    encode_lines,
    threshold: float | None = None,
) -> CriterionResult:
    """One criterion against one resume. ``found`` maps the resume's skills (lower case)
    to the line that shows each; ``named_skills`` are the taxonomy skills the criterion
    names; ``encode_lines(lines)`` gives unit vectors of resume lines (cached)."""
    threshold = CRITERION_THRESHOLD if threshold is None else threshold
    missing = "not_found" if readable else "unreadable"
    if named_skills:
        if all(skill.lower() in found for skill in named_skills):
            return CriterionResult(text, kind, weight, "met", found[named_skills[0].lower()])
        return CriterionResult(text, kind, weight, missing)
    if chunk_vectors is None or len(chunk_vectors) == 0 or vector is None:
        return CriterionResult(text, kind, weight, missing)
    vector = np.asarray(vector, dtype=np.float32)
    closest = np.argsort(-(np.asarray(chunk_vectors, dtype=np.float32) @ vector), kind="stable")[:CRITERION_CHUNKS]
    lines = list(dict.fromkeys(line for index in closest for line in resume_lines(chunk_texts[index])))
    if not lines:
        return CriterionResult(text, kind, weight, missing)
    cosines = np.asarray(encode_lines(lines), dtype=np.float32) @ vector
    best = int(np.argmax(cosines))
    similarity = float(cosines[best])
    if similarity >= threshold:
        return CriterionResult(text, kind, weight, "met", lines[best], similarity)
    return CriterionResult(text, kind, weight, missing, similarity=similarity)


def criteria_score(results: list[CriterionResult]) -> float | None:
    """Weighted share of criteria met (must-haves count double); None without criteria."""
    if not results:
        return None
    weights = [r.weight * (MUST_CRITERION_FACTOR if r.kind == "must" else 1) for r in results]
    return sum(w for w, r in zip(weights, results) if r.state == "met") / sum(weights)
