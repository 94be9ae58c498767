"""Ranking quality on labelled data, measured on sources the constants never saw.

Relevance comes from categories (../shared/corpora/README.md): for a real job
posting whose title names a function, resumes of the matching categories are
relevant and the others are not. Each job ranks every resume of the report half;
we report nDCG@10 and MAP averaged over jobs, for

- Shortlist: the production scorer (`services.score_resume`) on resumes run through
  the production parser, skill extractor and chunked, redacted embeddings, with the
  job's skills taken from its text the way the job form suggests them;
- BM25 over the same texts (Okapi, k1=1.5, b=0.75);
- raw whole-document embedding cosine (each text encoded as one string).

Sources. Postings come from three markets that write them differently: glassdoor
(US data science, long company and legal boilerplate), dice (US technology, recruiter
agencies, run-on text) and resume-matcher (four hand-written job descriptions).
Resumes come from two: the categorised resume dataset and LiveCareer's PDFs. Resumes
are split in two halves by a stable hash, so that no resume is both tuned and reported
on.

Protocol. Every constant of the score (how much the job vector leans on its title,
whether it reads only the posting's role sentences, the document/chunk blend, the
calibration's anchors and slope) is chosen by a grid over the tuning half. Leave one
source out: tune on the postings of the other sources, report on the held-out one;
the table shows each source, the spread over sources, and the shipped constants
(tuned on every source's postings over the tuning half of the resumes) on the report
half.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import math
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

POSTING_SOURCES = ("glassdoor", "dice", "resume-matcher")
RESUME_SOURCES = ("resume-dataset", "livecareer")

# Job-title patterns and the resume categories they make relevant (both resume
# sources: the dataset's categories and LiveCareer's upper-case ones).
TITLE_CATEGORIES: list[tuple[str, set[str]]] = [
    (r"\bjava\b(?!script)", {"Java Developer"}),
    (r"data scien|machine learning", {"Data Science"}),
    (r"\bpython\b", {"Python Developer"}),
    (r"devops|site reliability", {"DevOps Engineer"}),
    (r"automation test|test automation|\bsdet\b", {"Automation Testing", "Testing"}),
    (r"\bqa\b|quality assurance|\btest (engineer|lead|analyst)|tester", {"Testing", "Automation Testing"}),
    (r"business (systems )?analyst", {"Business Analyst"}),
    (r"security engineer|network engineer|network security", {"Network Security Engineer"}),
    (r"front ?end|ui developer|web designer|web developer", {"Web Designing"}),
    (r"\.net\b|dotnet|c#", {"DotNet Developer"}),
    (r"database|\bdba\b|sql server|oracle developer", {"Database"}),
    (r"hadoop|big data|spark", {"Hadoop"}),
    (r"\betl\b|informatica|data warehouse", {"ETL Developer"}),
    (r"\bsap\b", {"SAP Developer"}),
    (r"blockchain", {"Blockchain"}),
    (r"sales|business development", {"Sales", "SALES", "BUSINESS-DEVELOPMENT"}),
    (r"recruit|human resources|\bhr\b|talent acquisition", {"HR"}),
    (r"project manager|program manager|\bpmo\b", {"PMO"}),
    (r"operations manager", {"Operations Manager"}),
    (r"mechanical engineer", {"Mechanical Engineer"}),
    (r"electrical engineer", {"Electrical Engineering"}),
    (r"civil engineer", {"Civil Engineer"}),
    (r"ux designer|ui/ux", {"DESIGNER", "Web Designing"}),
    (r"full ?stack", {"Web Designing", "Java Developer", "Python Developer", "DotNet Developer"}),
    (r"system(s)? administrator|help ?desk|desktop support", {"INFORMATION-TECHNOLOGY"}),
]
JOBS_PER_PATTERN = 3  # per source


@dataclass
class LabelledResume:
    key: str
    source: str
    category: str
    text: str


@dataclass
class LabelledJob:
    key: str
    source: str
    title: str
    text: str
    relevant: set[str]


@dataclass(frozen=True)
class Constants:
    """The score's tunable constants (scoring.py holds the shipped values)."""

    role_only: bool
    title_weight: float
    document_weight: float
    scale_divisor: float  # calibration slope: (related p95 - unrelated median) / divisor

    def label(self) -> str:
        text = "role sentences" if self.role_only else "whole posting"
        return f"{text}, title {self.title_weight:.2f}, document {self.document_weight:.2f}, slope gap/{self.scale_divisor:g}"


# The job vector always reads the role sentences: the whole posting is kept as an
# ablation column, not a choice, because boilerplate is not about the role whatever a
# small labelled set says. The title weight stops at 0.75: relevance here is derived
# from job titles, which rewards a title-only vector more than real postings would.
GRID = [
    Constants(True, title, document, divisor)
    for title, document, divisor in itertools.product((0.3, 0.45, 0.6, 0.75), (0.5, 0.7, 0.9), (4.0, 6.0, 9.0, 14.0))
]


@dataclass
class SourceRow:
    source: str
    jobs: int
    shortlist: float
    shortlist_map: float
    cosine: float
    cosine_map: float
    bm25: float
    bm25_map: float
    held_out: float | None = None  # nDCG@10 with constants tuned on the other sources
    whole_posting: float | None = None  # ablation: shipped constants, job vector from the whole posting
    margin_se: float = 0.0  # standard error of the per-posting margin over cosine (paired)
    held_out_se: float | None = None  # the same for the held-out column

    @property
    def margin(self) -> float:
        return self.shortlist - self.cosine

    @property
    def held_out_margin(self) -> float | None:
        return None if self.held_out is None else self.held_out - self.cosine


@dataclass
class Report:
    rows: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: list[SourceRow] = field(default_factory=list)
    jobs: int = 0
    resumes: int = 0
    calibration: dict[str, float] = field(default_factory=dict)
    tuned: dict[str, str] = field(default_factory=dict)  # held-out source -> constants chosen without it
    held_out: dict[str, float] = field(default_factory=dict)  # held-out source -> nDCG@10 with those constants
    held_out_per_job: dict[str, list[float]] = field(default_factory=dict)  # the same, per posting
    shipped_on_tune: str = ""  # the grid's choice on every source's tuning half
    feedback: dict[int, tuple[float, float]] = field(default_factory=dict)  # k -> (no feedback, with feedback)
    feedback_tuned: tuple[float, float] | None = None  # (toward, away) the simulation picks on the tuning half
    criterion_threshold: float | None = None  # the tuning half's choice
    criteria: dict[str, float] = field(default_factory=dict)  # precision / recall of "met" on the report half
    second_stage: SecondStage | None = None  # item 3 of issue 14, when measured
    criteria_weight: CriteriaWeight | None = None  # when measured
    skill_part: SkillPart | None = None  # when measured
    pseudo_feedback: PseudoFeedback | None = None  # when measured

    def spread(self, *, held_out: bool = False) -> dict[str, float]:
        """Min, max and standard deviation over sources of the margin over cosine: of the
        shipped constants, or (held_out) of the constants tuned without each source."""
        found = [row.held_out_margin if held_out else row.margin for row in self.sources if row.jobs]
        margins = [m for m in found if m is not None]
        if not margins:
            return {"min": 0.0, "max": 0.0, "std": 0.0}
        return {"min": min(margins), "max": max(margins), "std": float(np.std(margins))}


def split_of(key: str) -> str:
    return "tune" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0 else "report"


def cache_dir() -> Path:
    from django.conf import settings

    path = Path(settings.BASE_DIR) / "var" / "evaluation"
    path.mkdir(parents=True, exist_ok=True)
    return path


class FileEmbeddingCache:
    """An EmbeddingCache kept in one .npz file, so repeated evaluation runs encode
    the corpora once (the machine is small and shared)."""

    def __init__(self, path: Path):
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if path.exists():
            with np.load(path) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"]))

    def get_many(self, keys):
        return {key: self._vectors[key] for key in keys if key in self._vectors}

    def set_many(self, mapping):
        self._vectors.update({key: np.asarray(vector, dtype=np.float32) for key, vector in mapping.items()})
        self._dirty = True

    def save(self) -> None:
        if not self._dirty or not self._vectors:
            return
        keys = list(self._vectors)
        temporary = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")  # runs may overlap
        np.savez(temporary, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        temporary.replace(self.path)
        self._dirty = False


# --- Corpora ---------------------------------------------------------------------------


def load_resumes(corpora: Path) -> list[LabelledResume]:
    path = corpora / "labeled" / "updated-resume-dataset.dedup.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    resumes = [
        LabelledResume(
            key=f"resume-{index}", source="resume-dataset", category=row["Category"], text=_fix_mojibake(row["Resume"])
        )
        for index, row in enumerate(rows)
        if row["Resume"].strip()
    ]
    return resumes + _livecareer_resumes(corpora)


def _livecareer_resumes(corpora: Path) -> list[LabelledResume]:
    """LiveCareer's PDFs through the production extractor (texts cached under var/)."""
    from resumes.extraction import ExtractionError, extract_text

    folder = corpora / "labeled" / "livecareer-dev"
    if not folder.is_dir():
        return []
    stored = cache_dir() / "livecareer-texts.json"
    texts = json.loads(stored.read_text()) if stored.exists() else {}
    changed = False
    resumes = []
    for pdf in sorted(folder.glob("*/*.pdf")):
        key = f"livecareer-{pdf.parent.name}-{pdf.stem}"
        if key not in texts:
            try:
                texts[key] = extract_text(pdf.read_bytes(), "pdf", ocr=False).text
            except ExtractionError:
                texts[key] = ""
            changed = True
        if texts[key].strip():
            resumes.append(LabelledResume(key=key, source="livecareer", category=pdf.parent.name, text=texts[key]))
    if changed:
        stored.write_text(json.dumps(texts))
    return resumes


def _postings(corpora: Path) -> list[tuple[str, str, str]]:
    """(source, title, text) of every posting, in file order."""
    postings = []
    with (corpora / "jobs" / "glassdoor_jobs.csv").open(encoding="utf-8", errors="replace") as handle:
        postings += [("glassdoor", row["Job Title"], row["Job Description"]) for row in csv.DictReader(handle)]
    with (corpora / "jobs" / "dice_com-job_us_sample.csv").open(encoding="utf-8", errors="replace") as handle:
        postings += [("dice", row["jobtitle"], row["jobdescription"]) for row in csv.DictReader(handle)]
    folder = corpora / "resumes" / "resume-matcher" / "job_descriptions"
    if folder.is_dir():
        from resumes.extraction import extract_text

        for pdf in sorted(folder.glob("*.pdf")):
            title = pdf.stem.removeprefix("job_desc_").replace("_", " ").title()
            postings.append(("resume-matcher", title, extract_text(pdf.read_bytes(), "pdf", ocr=False).text))
    return postings


def load_jobs(corpora: Path, categories: set[str]) -> list[LabelledJob]:
    postings = _postings(corpora)
    jobs, seen = [], set()
    for source in POSTING_SOURCES:
        for pattern, relevant in TITLE_CATEGORIES:
            relevant = relevant & categories
            if not relevant:
                continue
            taken = 0
            for index, (origin, title, text) in enumerate(postings):
                if origin != source or taken >= JOBS_PER_PATTERN or index in seen:
                    continue
                if re.search(pattern, title, re.IGNORECASE) and len(text.split()) >= 80:
                    seen.add(index)
                    taken += 1
                    jobs.append(
                        LabelledJob(
                            key=f"job-{index}", source=source, title=title.strip(), text=text.strip(), relevant=relevant
                        )
                    )
    return jobs


def _fix_mojibake(text: str) -> str:
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


# --- Metrics ---------------------------------------------------------------------


def ndcg_at(relevances: list[int], k: int = 10) -> float:
    dcg = sum(rel / math.log2(rank + 2) for rank, rel in enumerate(relevances[:k]))
    ideal = sorted(relevances, reverse=True)
    idcg = sum(rel / math.log2(rank + 2) for rank, rel in enumerate(ideal[:k]))
    return dcg / idcg if idcg else 0.0


def average_precision(relevances: list[int]) -> float:
    hits, total = 0, 0.0
    for rank, rel in enumerate(relevances, start=1):
        if rel:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def ranked_relevance(scores: np.ndarray, relevance: np.ndarray) -> list[int]:
    # Stable tie-break by position, so equal scores cannot flatter a method.
    order = np.lexsort((np.arange(len(scores)), -np.asarray(scores)))
    return relevance[order].tolist()


# --- Baselines ---------------------------------------------------------------------

TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.5, b: float = 0.75):
        self.docs = [Counter(_tokens(doc)) for doc in documents]
        self.lengths = np.array([sum(doc.values()) for doc in self.docs], dtype=float)
        self.avg = self.lengths.mean() if len(self.docs) else 0.0
        frequencies = Counter(term for doc in self.docs for term in doc)
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in frequencies.items()}
        self.k1, self.b = k1, b

    def scores(self, query: str) -> np.ndarray:
        terms = [term for term in set(_tokens(query)) if term in self.idf]
        result = np.zeros(len(self.docs))
        for index, doc in enumerate(self.docs):
            norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / self.avg)
            result[index] = sum(self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm) for t in terms if t in doc)
        return result


# --- Shortlist's scorer in memory ------------------------------------------------------


@dataclass
class ResumePool:
    """Prepared resumes of one half, with their vectors stacked for fast scoring."""

    items: list[LabelledResume]
    prepared: list  # (Resume, chunks)
    vectors: np.ndarray  # (n, d) resume vectors
    chunk_tensor: np.ndarray  # (n, max_chunks, d)
    chunk_counts: np.ndarray
    raw: np.ndarray  # whole-document vectors (baseline)
    bm25: BM25

    @property
    def labels(self) -> list[str]:
        return [item.category for item in self.items]


def prepare_resumes(resumes: list[LabelledResume], *, cache=None):
    """Unsaved Resume rows run through the production parser, skills and embeddings."""
    from matching import embeddings, skills
    from matching.services import redacted_text, sections_to_embed
    from resumes.extraction import normalize_text, text_quality
    from resumes.models import Resume
    from resumes.parsing import parse_resume

    prepared = []
    for item in resumes:
        text = normalize_text(item.text)
        parsed = parse_resume(text)
        found = skills.extract_skills(text)
        resume = Resume(
            content=text,
            candidate_name=parsed.candidate_name or "",
            email=parsed.email or "",
            phone=parsed.phone or "",
            links=parsed.links or {},
            location=parsed.location or "",
            sections=parsed.sections or {},
            years_experience=parsed.years_experience,
            education_level=parsed.education_level or "",
            text_quality=text_quality(text),
            skill_names=[f.name for f in found],
            extracted_skills=[{"name": f.name, "line": f.line} for f in found],
            status="processed",
        )
        redacted, sections = redacted_text(resume)
        document = embeddings.embed_document(redacted, sections=sections_to_embed(redacted, sections), cache=cache)
        resume.embedding = document.vector
        chunks = [("", chunk, vector) for chunk, vector in zip(document.chunks, document.chunk_vectors)]
        prepared.append((resume, chunks))
    return prepared


def resume_pool(resumes: list[LabelledResume], *, cache) -> ResumePool:
    from matching import embeddings

    prepared = prepare_resumes(resumes, cache=cache)
    counts = np.array([len(chunks) for _, chunks in prepared])
    tensor = np.zeros((len(prepared), int(counts.max(initial=0)), embeddings.EMBEDDING_DIMENSIONS), dtype=np.float32)
    for index, (_, chunks) in enumerate(prepared):
        for position, (_, _, vector) in enumerate(chunks):
            tensor[index, position] = vector
    return ResumePool(
        items=resumes,
        prepared=prepared,
        vectors=np.stack([resume.embedding for resume, _ in prepared]).astype(np.float32),
        chunk_tensor=tensor,
        chunk_counts=counts,
        raw=embeddings.encode([r.text for r in resumes], cache=cache),
        bm25=BM25([r.text for r in resumes]),
    )


@dataclass
class PreparedJob:
    job: LabelledJob
    skills_required: list[str]
    title_vector: np.ndarray
    text_vectors: dict[bool, np.ndarray]  # role_only -> document vector of the job's embedding text
    raw_vector: np.ndarray  # whole posting as one string (baseline)

    def row(self, constants: Constants | None = None):
        """An unsaved JobDescription the way the product embeds it (shipped constants unless given)."""
        from jobs.models import JobDescription
        from matching import scoring

        row = JobDescription(title=self.job.title, description=self.job.text, skills_required=self.skills_required)
        role_only = True if constants is None else constants.role_only
        title_weight = None if constants is None else constants.title_weight
        row.embedding = scoring.job_vector(self.title_vector, self.text_vectors[role_only], title_weight=title_weight)
        return row


def prepare_job(job: LabelledJob, *, cache) -> PreparedJob:
    """The job's vectors through the product's own text and embedding code."""
    from jobs.models import JobDescription
    from matching import embeddings
    from matching.services import job_embedding_text, job_embedding_vector, job_title_text

    required = recruiter_skills(job)
    row = JobDescription(title=job.title, description=job.text, skills_required=required)
    texts = {
        role_only: embeddings.embed_document(job_embedding_text(row, role_only=role_only), cache=cache).vector
        for role_only in (False, True)
    }
    prepared = PreparedJob(
        job=job,
        skills_required=required,
        title_vector=embeddings.encode([job_title_text(row)], cache=cache)[0],
        text_vectors=texts,
        raw_vector=embeddings.encode([f"{job.title}\n{job.text}"], cache=cache)[0],
    )
    # The product's path gives the same vector as the parts assembled here.
    shipped, _ = job_embedding_vector(row, cache=cache)
    assert np.allclose(shipped, prepared.row().embedding, atol=1e-5)
    return prepared


def recruiter_skills(job: LabelledJob, limit: int = 12) -> list[str]:
    """The skills a recruiter would list for a posting: hard skills named in the title,
    then in the text, most mentioned first (soft skills and languages are left out)."""
    from matching import skills

    hard = ("technical", "tool", "certification")
    in_title = [f.name for f in skills.extract_skills(job.title) if f.category in hard]
    by_mentions = sorted(skills.extract_skills(job.text), key=lambda f: (-f.count, f.start))
    ordered = in_title + [f.name for f in by_mentions if f.category in hard and f.name not in in_title]
    return ordered[:limit]


# --- Tuning: the score's parts for many resumes at once ------------------------------------


def skill_scores(job: PreparedJob, pool: ResumePool) -> np.ndarray | None:
    from matching import skills

    if not job.skills_required:
        return None
    return np.array(
        [
            skills.skill_match(required=job.skills_required, nice_to_have=[], found=resume.skill_names).score
            for resume, _ in pool.prepared
        ]
    )


def blends(job: PreparedJob, pool: ResumePool, constants: Constants, vector=None) -> np.ndarray:
    from matching import scoring

    vector = job.row(constants).embedding if vector is None else vector
    blend, _, _ = scoring.blended_cosines(
        vector, pool.vectors, pool.chunk_tensor, pool.chunk_counts, document_weight=constants.document_weight
    )
    return blend


def anchors_for(jobs: list[PreparedJob], pool: ResumePool, constants: Constants) -> dict[str, float]:
    """Median blended cosine of irrelevant pairs and 95th percentile of relevant ones."""
    relevant: list[float] = []
    irrelevant: list[float] = []
    for job in jobs:
        for cosine, category in zip(blends(job, pool, constants), pool.labels):
            (relevant if category in job.job.relevant else irrelevant).append(cosine)
    return {
        "unrelated_median": float(np.median(irrelevant)) if irrelevant else 0.0,
        "related_p95": float(np.percentile(relevant, 95)) if relevant else 1.0,
        "relevant_pairs": len(relevant),
        "irrelevant_pairs": len(irrelevant),
    }


def calibration_of(anchors: dict[str, float], divisor: float) -> tuple[float, float]:
    centre = (anchors["unrelated_median"] + anchors["related_p95"]) / 2
    return centre, (anchors["related_p95"] - anchors["unrelated_median"]) / divisor


def fast_scores(
    job: PreparedJob, pool: ResumePool, constants: Constants, calibration, skill_values, vector=None
) -> np.ndarray:
    """The overall score as scoring.combine computes it (default job weights)."""
    from matching import scoring

    centre, scale = calibration
    similarity = scoring.calibrate(blends(job, pool, constants, vector), centre=centre, scale=scale)
    return scoring.combine(similarity=similarity, skills=skill_values)


def job_ndcgs(jobs: list[PreparedJob], pool: ResumePool, constants: Constants, calibration, skill_cache) -> list[float]:
    values = []
    for job in jobs:
        relevance = np.array([1 if c in job.job.relevant else 0 for c in pool.labels])
        scores = fast_scores(job, pool, constants, calibration, skill_cache[(job.job.key, id(pool))])
        values.append(ndcg_at(ranked_relevance(scores, relevance)))
    return values


def mean_ndcg(jobs: list[PreparedJob], pool: ResumePool, constants: Constants, calibration, skill_cache) -> float:
    values = job_ndcgs(jobs, pool, constants, calibration, skill_cache)
    return float(np.mean(values)) if values else 0.0


def leave_one_source_out(jobs: list[PreparedJob]):
    """(source, its postings, every other source's postings) for each source with both."""
    for source in POSTING_SOURCES:
        held = [job for job in jobs if job.job.source == source]
        others = [job for job in jobs if job.job.source != source]
        if held and others:
            yield source, held, others


def standard_error(values) -> float:
    """Of the mean of paired per-posting differences (0 for fewer than two)."""
    values = np.asarray(values, dtype=float)
    return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0


def macro_ndcg(jobs: list[PreparedJob], pool: ResumePool, constants: Constants, calibration, skill_cache) -> float:
    """Mean over sources of each source's mean nDCG@10: a market with many postings
    must not outvote one with few, or the constants fit the big one."""
    sources = sorted({job.job.source for job in jobs})
    return float(
        np.mean(
            [
                mean_ndcg([j for j in jobs if j.job.source == s], pool, constants, calibration, skill_cache)
                for s in sources
            ]
        )
    )


def tune(jobs: list[PreparedJob], pool: ResumePool, skill_cache) -> tuple[Constants, tuple[float, float]]:
    """The grid's best constants (nDCG@10 averaged over sources) and the calibration measured with them."""
    best = None
    anchors_by_job_text = {}
    for constants in GRID:
        key = (constants.role_only, constants.title_weight, constants.document_weight)
        if key not in anchors_by_job_text:
            anchors_by_job_text[key] = anchors_for(jobs, pool, constants)
        calibration = calibration_of(anchors_by_job_text[key], constants.scale_divisor)
        value = macro_ndcg(jobs, pool, constants, calibration, skill_cache)
        if best is None or value > best[0] + 1e-9:
            best = (value, constants, calibration)
    assert best is not None, "the grid is never empty"
    return best[1], best[2]


# --- Learning from decisions: a simulation ---------------------------------------------------

FEEDBACK_DECISIONS = (3, 5, 10)
FEEDBACK_GRID = [(toward, away) for toward in (0.25, 0.5, 1.0, 2.0) for away in (0.0, 0.25, 0.5, 1.0)]


def simulate_feedback(
    jobs: list[PreparedJob], pool: ResumePool, constants: Constants, calibration, skill_cache, *, k: int, toward, away
) -> tuple[float, float]:
    """The recruiter decides the top k of the list (relevant: shortlisted, otherwise
    rejected); nDCG@10 of the undecided rest, in the original order and re-ranked
    from those decisions. Jobs whose rest holds nothing relevant are skipped."""
    from matching import scoring

    before, after = [], []
    for job in jobs:
        relevance = np.array([1 if c in job.job.relevant else 0 for c in pool.labels])
        skill_values = skill_cache[(job.job.key, id(pool))]
        scores = fast_scores(job, pool, constants, calibration, skill_values)
        order = np.lexsort((np.arange(len(scores)), -scores))
        decided, rest = order[:k], order[k:]
        if not relevance[rest].any():
            continue
        shortlisted = [pool.vectors[i] for i in decided if relevance[i]]
        rejected = [pool.vectors[i] for i in decided if not relevance[i]]
        moved = scoring.feedback_vector(job.row(constants).embedding, shortlisted, rejected, toward=toward, away=away)
        rescored = fast_scores(job, pool, constants, calibration, skill_values, vector=moved)
        before.append(ndcg_at(relevance[rest].tolist()))
        after.append(ndcg_at(ranked_relevance(rescored[rest], relevance[rest])))
    return (float(np.mean(before)), float(np.mean(after))) if before else (0.0, 0.0)


def tune_feedback(jobs, pool, constants, calibration, skill_cache) -> tuple[float, float]:
    """(toward, away) with the best mean gain over k = 3, 5, 10 on the tuning half."""

    def gain(pair):
        toward, away = pair
        return np.mean(
            [
                np.subtract(
                    *simulate_feedback(jobs, pool, constants, calibration, skill_cache, k=k, toward=toward, away=away)[
                        ::-1
                    ]
                )
                for k in FEEDBACK_DECISIONS
            ]
        )

    return max(FEEDBACK_GRID, key=gain)


# --- Criteria: the threshold of a criterion met by a chunk ------------------------------------


def _criterion_text(category: str) -> str:
    return f"{category.replace('-', ' ').lower()} experience"


def criteria_pairs(pool: ResumePool, *, cache) -> tuple[list[str], np.ndarray]:
    """A criterion per field of work ("java developer experience") for every category
    with at least two resumes in the pool; its vectors."""
    from matching import embeddings

    counts = Counter(pool.labels)
    categories = sorted(c for c, n in counts.items() if n >= 2)
    return categories, embeddings.encode([_criterion_text(c) for c in categories], cache=cache)


def criterion_similarities(pool: ResumePool, *, cache) -> tuple[np.ndarray, np.ndarray]:
    """(best line cosine, relevant) of every (field criterion, resume) pair, through the
    product's judge (scoring.judge_criterion) with no threshold."""
    from matching import embeddings, scoring

    categories, vectors = criteria_pairs(pool, cache=cache)
    similarities, truth = [], []
    for category, vector in zip(categories, vectors):
        for (_resume, chunks), label in zip(pool.prepared, pool.labels):
            result = scoring.judge_criterion(
                text=_criterion_text(category),
                kind="nice",
                weight=1,
                named_skills=[],
                found={},
                vector=vector,
                chunk_vectors=np.stack([v for _, _, v in chunks]) if chunks else None,
                chunk_texts=[t for _, t, _ in chunks],
                readable=True,
                threshold=-1.0,
                encode_lines=lambda lines: embeddings.encode(lines, cache=cache),
            )
            similarities.append(-1.0 if result.similarity is None else result.similarity)
            truth.append(label == category)
    return np.array(similarities), np.array(truth)


def tune_criterion_threshold(pool: ResumePool, *, cache) -> float:
    """The line cosine above which a criterion is met: best F1 on the pool, where a
    field's criterion should be met by that field's resumes and by no others."""
    similarities, truth = criterion_similarities(pool, cache=cache)

    def f1(threshold):
        predicted = similarities >= threshold
        return 2 * (predicted & truth).sum() / max(1, predicted.sum() + truth.sum())

    return float(max(np.arange(0.20, 0.80, 0.01), key=f1))


def criteria_quality(pool: ResumePool, *, cache) -> dict[str, float]:
    """Precision and recall of "met" at the shipped threshold."""
    from matching import scoring

    similarities, truth = criterion_similarities(pool, cache=cache)
    met = similarities >= scoring.CRITERION_THRESHOLD
    tp, fp, fn = (met & truth).sum(), (met & ~truth).sum(), (~met & truth).sum()
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(2 * precision * recall / max(1e-9, precision + recall)),
        "criteria": len(criteria_pairs(pool, cache=cache)[0]),
    }


# --- The criteria's weight: requirement sentences as stand-in criteria ------------------------
# The corpora hold no criteria written by recruiters, and none judged met or not: the
# nearest signal is a posting's own requirement sentences ("5+ years of experience in
# web development"), which is what a recruiter would turn into criteria. Each job gets
# its first CRITERIA_PER_JOB role sentences as nice-to-have criteria of weight 1,
# judged by the product's judge (scoring.judge_criterion) at the shipped threshold;
# the weight of their share met beside similarity and skills is chosen by the same
# leave-one-source-out grid.

CRITERIA_PER_JOB = 5
CRITERIA_WEIGHT_GRID = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)


def stand_in_criteria(job: PreparedJob) -> list[str]:
    return [sentence for sentence in requirement_sentences(job.job.text) if len(sentence.split()) >= 5][
        :CRITERIA_PER_JOB
    ]


def criteria_met_shares(jobs: list[PreparedJob], pool: ResumePool, *, cache) -> dict[str, np.ndarray | None]:
    """Per job: the share of its stand-in criteria each resume of the pool meets (None without any)."""
    from matching import embeddings, scoring

    lines = sorted(
        {line for _, chunks in pool.prepared for _, text, _ in chunks for line in scoring.resume_lines(text)}
    )
    line_vectors = dict(zip(lines, embeddings.encode(lines, cache=cache)))

    def encode_lines(texts):
        return np.stack([line_vectors[text] for text in texts])

    shares: dict[str, np.ndarray | None] = {}
    for job in jobs:
        texts = stand_in_criteria(job)
        if not texts:
            shares[job.job.key] = None
            continue
        vectors = embeddings.encode(texts, cache=cache)
        values = []
        for _resume, chunks in pool.prepared:
            chunk_vectors = np.stack([v for _, _, v in chunks]) if chunks else None
            results = [
                scoring.judge_criterion(
                    text=text,
                    kind="nice",
                    weight=1,
                    named_skills=[],
                    found={},
                    vector=vector,
                    chunk_vectors=chunk_vectors,
                    chunk_texts=[t for _, t, _ in chunks],
                    readable=True,
                    encode_lines=encode_lines,
                )
                for text, vector in zip(texts, vectors)
            ]
            values.append(scoring.criteria_score(results))
        shares[job.job.key] = np.array(values, dtype=float)
    return shares


def _criteria_ndcgs(jobs, pool, firsts, parts, shares, weight) -> list[float]:
    """nDCG@10 with the stand-in criteria at ``weight`` (scoring.combine, default job weights)."""
    from matching import scoring

    values = []
    for job in jobs:
        relevance = np.array([1 if c in job.job.relevant else 0 for c in pool.labels])
        similarity, skill_values = parts[job.job.key]
        share = shares[job.job.key]
        scores = (
            firsts[job.job.key]
            if share is None or weight <= 0
            else scoring.combine(similarity=similarity, skills=skill_values, criteria=share, criteria_weight=weight)
        )
        values.append(ndcg_at(ranked_relevance(np.asarray(scores), relevance)))
    return values


@dataclass
class CriteriaWeight:
    per_source: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # none, held out, weight chosen
    all_sources: float = 0.0
    met_share: float = 0.0  # mean share of stand-in criteria met on the report half


def criteria_weight_measurement(
    jobs: list[PreparedJob], tune_pool: ResumePool, report_pool: ResumePool, skill_cache, *, cache
) -> CriteriaWeight:
    from matching import scoring

    shipped = Constants(True, scoring.JOB_TITLE_WEIGHT, scoring.DOCUMENT_WEIGHT, 6.0)
    calibration = (scoring.CALIBRATION_CENTRE, scoring.CALIBRATION_SCALE)
    data = {}
    for pool in (tune_pool, report_pool):
        parts, firsts = {}, {}
        for job in jobs:
            skill_values = skill_cache[(job.job.key, id(pool))]
            similarity = scoring.calibrate(blends(job, pool, shipped), centre=calibration[0], scale=calibration[1])
            parts[job.job.key] = (similarity, skill_values)
            firsts[job.job.key] = scoring.combine(similarity=similarity, skills=skill_values)
        data[id(pool)] = (firsts, parts, criteria_met_shares(jobs, pool, cache=cache))

    def macro(selected, pool, weight):
        firsts, parts, shares = data[id(pool)]
        sources = sorted({job.job.source for job in selected})
        return np.mean(
            [
                np.mean(
                    _criteria_ndcgs([j for j in selected if j.job.source == s], pool, firsts, parts, shares, weight)
                )
                for s in sources
            ]
        )

    result = CriteriaWeight()
    for source, held, others in leave_one_source_out(jobs):
        weight = max(CRITERIA_WEIGHT_GRID, key=lambda w: (macro(others, tune_pool, w), -w))
        result.per_source[source] = (macro(held, report_pool, 0.0), macro(held, report_pool, weight), weight)
    result.all_sources = max(CRITERIA_WEIGHT_GRID, key=lambda w: (macro(jobs, tune_pool, w), -w))
    shares = [share for share in data[id(report_pool)][2].values() if share is not None]
    result.met_share = float(np.mean(np.concatenate(shares))) if shares else 0.0
    return result


# --- The skill part's weight and saturation: measured, not shipped ---------------------------
# The seed design weighs similarity 0.6 and skills 0.4, and the skill part is the share of
# the job's skills a resume shows. A posting that lists a dozen skills, generic ones
# among them, asks every resume for all twelve; `--skill-part` measures, under the same
# leave-one-source-out protocol, whether a smaller skill weight or a part that saturates
# (full marks at `saturation` skills shown) carries to postings the grid never saw.

SKILL_PART_GRID = [(weight, saturation) for weight in (0.2, 0.3, 0.4) for saturation in (None, 3, 5, 8)]
SHIPPED_SKILL_PART = (0.4, None)


def skill_counts(job: PreparedJob, pool: ResumePool) -> np.ndarray | None:
    """(skills shown, skills listed) of the job's required skills, per resume of the pool."""
    from matching import skills

    if not job.skills_required:
        return None
    listed = len(job.skills_required)
    return np.array(
        [
            (
                len(
                    skills.skill_match(
                        required=job.skills_required, nice_to_have=[], found=r.skill_names
                    ).matched_required
                ),
                listed,
            )
            for r, _ in pool.prepared
        ],
        dtype=float,
    )


def skill_part_values(counts: np.ndarray | None, weight: float, saturation: int | None) -> np.ndarray | None:
    """Skill values that, combined at the default weights (scoring.combine), rank resumes
    exactly as similarity and this skill part at ``weight`` would: scaling the part by
    (w / (1 - w)) / (0.4 / 0.6) leaves every ranking of the weighted sum unchanged."""
    if counts is None:
        return None
    listed = counts[:, 1] if saturation is None else np.minimum(counts[:, 1], saturation)
    part = np.minimum(1.0, counts[:, 0] / listed)
    return part * (weight / (1 - weight)) / (0.4 / 0.6)


@dataclass
class SkillPart:
    per_source: dict[str, tuple[float, float, tuple[float, int | None]]] = field(default_factory=dict)
    all_sources: tuple[float, int | None] = SHIPPED_SKILL_PART  # the grid's choice on every source


def skill_part_measurement(jobs: list[PreparedJob], tune_pool: ResumePool, report_pool: ResumePool) -> SkillPart:
    """Per held-out source: nDCG@10 with the shipped skill part and with the variant (and
    constants) the grid picks on the tuning half of the other sources."""
    counts = {(job.job.key, id(pool)): skill_counts(job, pool) for job in jobs for pool in (tune_pool, report_pool)}
    caches = {
        variant: {key: skill_part_values(value, *variant) for key, value in counts.items()}
        for variant in SKILL_PART_GRID
    }

    def chosen(selected) -> tuple[tuple[float, int | None], tuple[Constants, tuple[float, float]]]:
        tuned = {variant: tune(selected, tune_pool, caches[variant]) for variant in SKILL_PART_GRID}
        best = max(
            SKILL_PART_GRID,
            key=lambda v: (macro_ndcg(selected, tune_pool, *tuned[v], caches[v]), v == SHIPPED_SKILL_PART),
        )
        return best, tuned[best]

    result = SkillPart()
    for source, held, others in leave_one_source_out(jobs):
        shipped = tune(others, tune_pool, caches[SHIPPED_SKILL_PART])
        variant, (constants, calibration) = chosen(others)
        result.per_source[source] = (
            mean_ndcg(held, report_pool, *shipped, caches[SHIPPED_SKILL_PART]),
            mean_ndcg(held, report_pool, constants, calibration, caches[variant]),
            variant,
        )
    result.all_sources = chosen(jobs)[0]
    return result


# --- Pseudo-relevance feedback: measured, not shipped --------------------------------------------
# Before any recruiter decides, take the first pass's top k as if shortlisted and move
# the job's vector toward them (scoring.feedback_vector, as decisions move it), then rank
# again. `--pseudo-feedback` measures it under the same protocol: k and the step are
# chosen on the tuning half of the other sources (k = 0 is no feedback).

PSEUDO_FEEDBACK_GRID = [(0, 0.0)] + [(k, toward) for k in (3, 5, 10, 20) for toward in (0.25, 0.5, 1.0)]


def pseudo_feedback_ndcgs(
    jobs: list[PreparedJob], pool: ResumePool, constants: Constants, calibration, skill_cache, *, k: int, toward: float
) -> list[float]:
    from matching import scoring

    values = []
    for job in jobs:
        relevance = np.array([1 if c in job.job.relevant else 0 for c in pool.labels])
        skill_values = skill_cache[(job.job.key, id(pool))]
        scores = fast_scores(job, pool, constants, calibration, skill_values)
        if k:
            top = np.argsort(-scores, kind="stable")[:k]
            moved = scoring.feedback_vector(
                job.row(constants).embedding, pool.vectors[top], [], toward=toward, away=0.0
            )
            scores = fast_scores(job, pool, constants, calibration, skill_values, vector=moved)
        values.append(ndcg_at(ranked_relevance(scores, relevance)))
    return values


@dataclass
class PseudoFeedback:
    per_source: dict[str, tuple[float, float, tuple[int, float]]] = field(default_factory=dict)
    all_sources: tuple[int, float] = (0, 0.0)


def pseudo_feedback_measurement(
    jobs: list[PreparedJob], tune_pool: ResumePool, report_pool: ResumePool, skill_cache
) -> PseudoFeedback:
    """Per held-out source: nDCG@10 without and with the (k, step) the tuning half of the
    other sources picks, each with the constants the grid picks on those sources."""

    def macro(selected, constants, calibration, setting) -> float:
        sources = sorted({job.job.source for job in selected})
        return float(
            np.mean(
                [
                    np.mean(
                        pseudo_feedback_ndcgs(
                            [j for j in selected if j.job.source == s],
                            tune_pool,
                            constants,
                            calibration,
                            skill_cache,
                            k=setting[0],
                            toward=setting[1],
                        )
                    )
                    for s in sources
                ]
            )
        )

    def chosen(selected) -> tuple[tuple[int, float], tuple[Constants, tuple[float, float]]]:
        constants, calibration = tune(selected, tune_pool, skill_cache)
        best = max(PSEUDO_FEEDBACK_GRID, key=lambda g: (macro(selected, constants, calibration, g), g == (0, 0.0)))
        return best, (constants, calibration)

    result = PseudoFeedback()
    for source, held, others in leave_one_source_out(jobs):
        (k, toward), (constants, calibration) = chosen(others)
        none = pseudo_feedback_ndcgs(held, report_pool, constants, calibration, skill_cache, k=0, toward=0.0)
        used = pseudo_feedback_ndcgs(held, report_pool, constants, calibration, skill_cache, k=k, toward=toward)
        result.per_source[source] = (float(np.mean(none)), float(np.mean(used)), (k, toward))
    result.all_sources = chosen(jobs)[0]
    return result


# --- A second stage (issue 14, item 3): requirement sentences against the best chunks ---------
# Measured, not shipped: on held-out sources it did not pay (README, "Ranking quality").
# The first stage's top SECOND_STAGE_TOP are re-scored: each requirement sentence of the
# job (its role sentences, matching.postings) is compared with every chunk of the resume
# and keeps its best cosine; the coverage of the sentences is fused with the first
# stage's score, both standardised over the re-scored candidates, at a weight chosen
# by the same leave-one-source-out grid on the tuning half.

SECOND_STAGE_TOP = 50
SECOND_STAGE_GRID = [(weight, aggregate) for weight in (0.0, 0.1, 0.2, 0.3, 0.5) for aggregate in ("mean", "spread")]


def requirement_sentences(text: str) -> list[str]:
    from matching import postings

    return [sentence.text for sentence in postings.classify_posting(text) if sentence.kind == postings.ROLE]


def requirement_coverage(
    sentence_vectors: np.ndarray, chunk_tensor: np.ndarray, chunk_counts, aggregate: str
) -> np.ndarray:
    """Per resume (rows of ``chunk_tensor``): each requirement sentence's best chunk cosine,
    averaged ("mean"), or centred on these candidates and weighted by how much it
    varies among them ("spread": a sentence every candidate meets alike, such as "good
    communication skills", says nothing about who fits)."""
    if len(sentence_vectors) == 0 or chunk_tensor.shape[1] == 0:
        return np.zeros(len(chunk_tensor))
    cosines = np.einsum("nkd,sd->nsk", chunk_tensor, sentence_vectors)
    padding = np.arange(cosines.shape[2])[None, None, :] >= np.asarray(chunk_counts)[:, None, None]
    cosines[np.broadcast_to(padding, cosines.shape)] = -1.0
    best = cosines.max(axis=2)  # (resumes, sentences)
    if aggregate == "mean":
        return best.mean(axis=1)
    spread = best.std(axis=0)
    if spread.sum() <= 0:
        return np.zeros(len(best))
    return (best - best.mean(axis=0)) @ spread / spread.sum()


def _standardised(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() + 1e-9)


def second_stage(
    first: np.ndarray, sentence_vectors: np.ndarray, pool: ResumePool, *, weight: float, aggregate: str
) -> np.ndarray:
    """Scores in which the first stage's top SECOND_STAGE_TOP are re-ordered by the fusion;
    everyone else stays below them in the first stage's order."""
    if weight <= 0:
        return first
    top = np.lexsort((np.arange(len(first)), -first))[:SECOND_STAGE_TOP]
    coverage = requirement_coverage(sentence_vectors, pool.chunk_tensor[top], pool.chunk_counts[top], aggregate)
    fused = (1 - weight) * _standardised(first[top]) + weight * _standardised(coverage)
    result = first - first.max() + fused.min() - 1.0
    result[top] = fused
    return result


def _second_stage_ndcgs(jobs, pool, firsts, sentences, pair) -> list[float]:
    weight, aggregate = pair
    values = []
    for job in jobs:
        relevance = np.array([1 if c in job.job.relevant else 0 for c in pool.labels])
        scores = second_stage(firsts[job.job.key], sentences[job.job.key], pool, weight=weight, aggregate=aggregate)
        values.append(ndcg_at(ranked_relevance(scores, relevance)))
    return values


def _tune_second_stage(jobs, pool, firsts, sentences) -> tuple[float, str]:
    def macro(pair):
        sources = sorted({job.job.source for job in jobs})
        return np.mean(
            [
                np.mean(_second_stage_ndcgs([j for j in jobs if j.job.source == s], pool, firsts, sentences, pair))
                for s in sources
            ]
        )

    best = SECOND_STAGE_GRID[0]
    for pair in SECOND_STAGE_GRID[1:]:
        if macro(pair) > macro(best) + 1e-9:
            best = pair
    return best


@dataclass
class SecondStage:
    per_source: dict[str, tuple[float, float, tuple[float, str]]] = field(
        default_factory=dict
    )  # current, held out, choice
    all_sources: tuple[float, str] = (0.0, "mean")  # the grid's choice on every source's tuning half
    first_seconds: float = 0.0  # scoring every resume of the half, every job (services.score_resume)
    encode_seconds: float = 0.0  # encoding each job's requirement sentences, uncached
    rescore_seconds: float = 0.0  # re-scoring each job's top

    def time_ratio(self, *, sentences_stored: bool = False) -> float:
        """Ranking time with the second stage over ranking time without it; with
        ``sentences_stored`` the sentence vectors are taken as kept with the job."""
        added = self.rescore_seconds + (0.0 if sentences_stored else self.encode_seconds)
        return (self.first_seconds + added) / self.first_seconds if self.first_seconds else 0.0


def second_stage_measurement(
    jobs: list[PreparedJob],
    tune_pool: ResumePool,
    report_pool: ResumePool,
    report_scores: dict[str, np.ndarray],
    first_seconds: float,
    skill_cache,
    *,
    cache,
) -> SecondStage:
    """Leave one source out: the weight and aggregate tuned on the other sources over the
    tuning half, nDCG@10 of the held-out source on the report half against the first
    stage's (services.score_resume) ranking of the same half; and the time it adds."""
    from matching import embeddings, scoring

    shipped = Constants(True, scoring.JOB_TITLE_WEIGHT, scoring.DOCUMENT_WEIGHT, 6.0)
    calibration = (scoring.CALIBRATION_CENTRE, scoring.CALIBRATION_SCALE)
    tune_firsts = {
        job.job.key: fast_scores(job, tune_pool, shipped, calibration, skill_cache[(job.job.key, id(tune_pool))])
        for job in jobs
    }
    sentences = {job.job.key: embeddings.encode(requirement_sentences(job.job.text), cache=cache) for job in jobs}
    result = SecondStage(first_seconds=first_seconds)
    for source, held, others in leave_one_source_out(jobs):
        pair = _tune_second_stage(others, tune_pool, tune_firsts, sentences)
        current = float(np.mean(_second_stage_ndcgs(held, report_pool, report_scores, sentences, (0.0, "mean"))))
        result.per_source[source] = (
            current,
            float(np.mean(_second_stage_ndcgs(held, report_pool, report_scores, sentences, pair))),
            pair,
        )
    result.all_sources = _tune_second_stage(jobs, tune_pool, tune_firsts, sentences)
    weight, aggregate = result.all_sources
    for job in jobs:  # what the product would add to a ranking: the job's sentences encoded anew, no cache
        started = time.perf_counter()
        vectors = embeddings.encode(requirement_sentences(job.job.text))
        encoded = time.perf_counter()
        second_stage(report_scores[job.job.key], vectors, report_pool, weight=max(weight, 0.1), aggregate=aggregate)
        result.encode_seconds += encoded - started
        result.rescore_seconds += time.perf_counter() - encoded
    return result


# --- The report ---------------------------------------------------------------------------


def _shortlist_scores(job: PreparedJob, pool: ResumePool) -> np.ndarray:
    from matching.services import score_resume

    row = job.row()
    return np.array(
        [score_resume(job=row, resume=resume, chunks=chunks).match_score / 100 for resume, chunks in pool.prepared]
    )


def _baseline_scores(job: PreparedJob, pool: ResumePool) -> dict[str, np.ndarray]:
    return {
        "BM25": pool.bm25.scores(f"{job.job.title}\n{job.job.text}"),
        "Embedding cosine (whole doc)": pool.raw @ job.raw_vector,
    }


def evaluate(
    corpora: Path,
    *,
    split: str = "report",
    max_jobs: int | None = None,
    tune_constants: bool = True,
    measure_second_stage: bool = False,
    measure_criteria_weight: bool = False,
    measure_skill_part: bool = False,
    measure_pseudo_feedback: bool = False,
    progress=None,
) -> Report:
    cache = FileEmbeddingCache(cache_dir() / "embeddings.npz")
    try:
        everything = load_resumes(corpora)
        halves = {name: [r for r in everything if split_of(r.key) == name] for name in ("tune", "report")}
        categories = {r.category for r in everything}
        jobs = [
            j
            for j in load_jobs(corpora, categories)
            if all(any(r.category in j.relevant for r in half) for half in halves.values())
        ]
        if max_jobs is not None:  # per source, in file order: a frozen slice
            jobs = [j for s in POSTING_SOURCES for j in [j for j in jobs if j.source == s][:max_jobs]]
        pools = {name: resume_pool(half, cache=cache) for name, half in halves.items()}
        prepared_jobs = [prepare_job(job, cache=cache) for job in jobs]
    finally:
        cache.save()
    report_pool = pools[split]
    report = Report(jobs=len(prepared_jobs), resumes=len(report_pool.items))
    skill_cache = {(job.job.key, id(pool)): skill_scores(job, pool) for job in prepared_jobs for pool in pools.values()}

    if tune_constants:
        tune_pool = pools["tune" if split == "report" else "report"]
        for source, held, others in leave_one_source_out(prepared_jobs):
            constants, calibration = tune(others, tune_pool, skill_cache)
            report.tuned[source] = f"{constants.label()}, centre {calibration[0]:.3f}, scale {calibration[1]:.3f}"
            report.held_out_per_job[source] = job_ndcgs(held, report_pool, constants, calibration, skill_cache)
            report.held_out[source] = float(np.mean(report.held_out_per_job[source]))
        constants, calibration = tune(prepared_jobs, tune_pool, skill_cache)
        report.shipped_on_tune = f"{constants.label()}, centre {calibration[0]:.3f}, scale {calibration[1]:.3f}"

    from matching import scoring

    shipped = Constants(True, scoring.JOB_TITLE_WEIGHT, scoring.DOCUMENT_WEIGHT, 6.0)
    report.calibration = anchors_for(prepared_jobs, report_pool, shipped)
    whole = Constants(False, scoring.JOB_TITLE_WEIGHT, scoring.DOCUMENT_WEIGHT, 6.0)
    shipped_calibration = (scoring.CALIBRATION_CENTRE, scoring.CALIBRATION_SCALE)

    if tune_constants:
        tune_pool = pools["tune" if split == "report" else "report"]
        report.feedback_tuned = tune_feedback(prepared_jobs, tune_pool, shipped, shipped_calibration, skill_cache)
    if tune_constants:
        report.criterion_threshold = tune_criterion_threshold(tune_pool, cache=cache)
    report.criteria = criteria_quality(report_pool, cache=cache)
    cache.save()
    for k in FEEDBACK_DECISIONS:
        report.feedback[k] = simulate_feedback(
            prepared_jobs, report_pool, shipped, shipped_calibration, skill_cache, k=k, toward=None, away=None
        )

    per_source: dict[str, dict[str, list[tuple[float, float]]]] = {}
    shortlist_scores: dict[str, np.ndarray] = {}
    first_seconds = 0.0
    for number, job in enumerate(prepared_jobs, start=1):
        relevance = np.array([1 if category in job.job.relevant else 0 for category in report_pool.labels])
        methods = per_source.setdefault(job.job.source, {})
        started = time.perf_counter()
        shortlist_scores[job.job.key] = _shortlist_scores(job, report_pool)
        first_seconds += time.perf_counter() - started
        for name, scores in {
            "Shortlist score": shortlist_scores[job.job.key],
            **_baseline_scores(job, report_pool),
        }.items():
            ranked = ranked_relevance(scores, relevance)
            methods.setdefault(name, []).append((ndcg_at(ranked, 10), average_precision(ranked)))
        if progress:
            progress(number, len(prepared_jobs))

    everything_rows: dict[str, list[tuple[float, float]]] = {}
    for source in POSTING_SOURCES:
        if not per_source.get(source):
            continue
        methods = per_source[source]
        means = {name: np.array(values).mean(axis=0) for name, values in methods.items()}
        for name, values in methods.items():
            everything_rows.setdefault(name, []).extend(values)
        cosines = [value for value, _ in methods["Embedding cosine (whole doc)"]]
        held_per_job = report.held_out_per_job.get(source)
        report.sources.append(
            SourceRow(
                source=source,
                jobs=len(methods["Shortlist score"]),
                shortlist=float(means["Shortlist score"][0]),
                shortlist_map=float(means["Shortlist score"][1]),
                cosine=float(means["Embedding cosine (whole doc)"][0]),
                cosine_map=float(means["Embedding cosine (whole doc)"][1]),
                bm25=float(means["BM25"][0]),
                bm25_map=float(means["BM25"][1]),
                held_out=report.held_out.get(source),
                margin_se=standard_error(
                    [value - cosine for (value, _), cosine in zip(methods["Shortlist score"], cosines)]
                ),
                held_out_se=None if held_per_job is None else standard_error(np.subtract(held_per_job, cosines)),
                whole_posting=mean_ndcg(
                    [job for job in prepared_jobs if job.job.source == source],
                    report_pool,
                    whole,
                    shipped_calibration,
                    skill_cache,
                ),
            )
        )
    for name, values in everything_rows.items():
        array = np.array(values)
        report.rows[name] = {"ndcg@10": float(array[:, 0].mean()), "map": float(array[:, 1].mean())}
    if measure_second_stage:
        report.second_stage = second_stage_measurement(
            prepared_jobs,
            pools["tune" if split == "report" else "report"],
            report_pool,
            shortlist_scores,
            first_seconds,
            skill_cache,
            cache=cache,
        )
        cache.save()
    if measure_criteria_weight:
        report.criteria_weight = criteria_weight_measurement(
            prepared_jobs, pools["tune" if split == "report" else "report"], report_pool, skill_cache, cache=cache
        )
        cache.save()
    if measure_skill_part:
        report.skill_part = skill_part_measurement(
            prepared_jobs, pools["tune" if split == "report" else "report"], report_pool
        )
    if measure_pseudo_feedback:
        report.pseudo_feedback = pseudo_feedback_measurement(
            prepared_jobs, pools["tune" if split == "report" else "report"], report_pool, skill_cache
        )
    return report
