"""Ranking quality on labelled data: Shortlist's score against two baselines.

Relevance comes from categories (../shared/corpora/README.md): for a real job
posting whose title names a function, resumes of the matching categories are
relevant and the others are not. Each job ranks every resume of its split; we
report nDCG@10 and MAP averaged over jobs, for

- Shortlist: the production scorer (`services.score_resume`) on resumes run through
  the production parser, skill extractor and chunked, redacted embeddings, with the
  job's skills taken from its text the way the job form suggests them;
- BM25 over the same texts (Okapi, k1=1.5, b=0.75);
- raw whole-document embedding cosine (each text encoded as one string).

Resumes and jobs are split in two by a stable hash: the calibration anchors are
measured on the tuning half; the table is reported on the other half.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Job-title patterns and the resume categories they make relevant.
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
    (r"sales|business development", {"Sales"}),
    (r"recruit|human resources|\bhr\b|talent acquisition", {"HR"}),
    (r"project manager|program manager|\bpmo\b", {"PMO"}),
    (r"operations manager", {"Operations Manager"}),
    (r"mechanical engineer", {"Mechanical Engineer"}),
    (r"electrical engineer", {"Electrical Engineering"}),
    (r"civil engineer", {"Civil Engineer"}),
]
JOBS_PER_PATTERN = 3


@dataclass
class LabelledResume:
    key: str
    category: str
    text: str


@dataclass
class LabelledJob:
    key: str
    title: str
    text: str
    relevant: set[str]


@dataclass
class Report:
    rows: dict[str, dict[str, float]] = field(default_factory=dict)
    jobs: int = 0
    resumes: int = 0
    calibration: dict[str, float] = field(default_factory=dict)


def split_of(key: str) -> str:
    return "tune" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0 else "report"


def load_resumes(corpora: Path) -> list[LabelledResume]:
    path = corpora / "labeled" / "updated-resume-dataset.dedup.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        LabelledResume(key=f"resume-{index}", category=row["Category"], text=_fix_mojibake(row["Resume"]))
        for index, row in enumerate(rows)
        if row["Resume"].strip()
    ]


def load_jobs(corpora: Path, categories: set[str]) -> list[LabelledJob]:
    postings = []
    with (corpora / "jobs" / "dice_com-job_us_sample.csv").open(encoding="utf-8", errors="replace") as handle:
        postings += [(row["jobtitle"], row["jobdescription"]) for row in csv.DictReader(handle)]
    with (corpora / "jobs" / "glassdoor_jobs.csv").open(encoding="utf-8", errors="replace") as handle:
        postings += [(row["Job Title"], row["Job Description"]) for row in csv.DictReader(handle)]
    jobs, seen = [], set()
    for pattern, relevant in TITLE_CATEGORIES:
        relevant = relevant & categories
        if not relevant:
            continue
        taken = 0
        for index, (title, text) in enumerate(postings):
            if taken >= JOBS_PER_PATTERN or index in seen:
                continue
            if re.search(pattern, title, re.IGNORECASE) and len(text.split()) >= 80:
                seen.add(index)
                taken += 1
                jobs.append(LabelledJob(key=f"job-{index}", title=title.strip(), text=text.strip(), relevant=relevant))
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
            result[index] = sum(
                self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm) for t in terms if t in doc
            )
        return result


# --- Shortlist's scorer in memory ------------------------------------------------------


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


def prepare_job(job: LabelledJob, *, cache=None):
    from jobs.models import JobDescription
    from matching.services import job_embedding_vector

    row = JobDescription(title=job.title, description=job.text, skills_required=recruiter_skills(job))
    row.embedding, _ = job_embedding_vector(row)
    return row


def recruiter_skills(job: LabelledJob, limit: int = 12) -> list[str]:
    """The skills a recruiter would list for a posting: hard skills named in the title,
    then in the text, most mentioned first (soft skills and languages are left out)."""
    from matching import skills

    hard = ("technical", "tool", "certification")
    in_title = [f.name for f in skills.extract_skills(job.title) if f.category in hard]
    by_mentions = sorted(skills.extract_skills(job.text), key=lambda f: (-f.count, f.start))
    ordered = in_title + [f.name for f in by_mentions if f.category in hard and f.name not in in_title]
    return ordered[:limit]


def blended_cosines(job_row, prepared) -> np.ndarray:
    from matching import scoring

    values = []
    for resume, chunks in prepared:
        matrix = np.stack([vector for _, _, vector in chunks])
        values.append(scoring.blended_cosine(job_row.embedding, resume.embedding, matrix)[0])
    return np.array(values)


def calibration_anchors(jobs, prepared, labels) -> dict[str, float]:
    """Median blended cosine of irrelevant pairs and 95th percentile of relevant ones."""
    relevant: list[float] = []
    irrelevant: list[float] = []
    for job, job_row in jobs:
        cosines = blended_cosines(job_row, prepared)
        for cosine, category in zip(cosines, labels):
            (relevant if category in job.relevant else irrelevant).append(cosine)
    return {
        "unrelated_median": float(np.median(irrelevant)) if irrelevant else 0.0,
        "related_p95": float(np.percentile(relevant, 95)) if relevant else 1.0,
        "relevant_pairs": len(relevant),
        "irrelevant_pairs": len(irrelevant),
    }


def evaluate(corpora: Path, *, split: str = "report", max_jobs: int | None = None, progress=None) -> Report:
    from matching import embeddings
    from matching.services import score_resume

    cache = embeddings.InMemoryEmbeddingCache()
    resumes = [r for r in load_resumes(corpora) if split_of(r.key) == split]
    jobs = [j for j in load_jobs(corpora, {r.category for r in resumes}) if split_of(j.key) == split]
    jobs = [j for j in jobs if any(r.category in j.relevant for r in resumes)][:max_jobs]
    labels = [r.category for r in resumes]
    prepared = prepare_resumes(resumes, cache=cache)
    raw_resumes = embeddings.encode([r.text for r in resumes], cache=cache)
    bm25 = BM25([r.text for r in resumes])
    job_rows = [(job, prepare_job(job, cache=cache)) for job in jobs]

    report = Report(jobs=len(jobs), resumes=len(resumes))
    report.calibration = calibration_anchors(job_rows, prepared, labels)
    methods: dict[str, list[tuple[float, float]]] = {"Shortlist score": [], "BM25": [], "Embedding cosine (whole doc)": []}
    for number, (job, job_row) in enumerate(job_rows, start=1):
        relevance = np.array([1 if category in job.relevant else 0 for category in labels])
        rankings = {
            "Shortlist score": np.array(
                [score_resume(job=job_row, resume=resume, chunks=chunks)["match_score"] for resume, chunks in prepared]
            ),
            "BM25": bm25.scores(f"{job.title}\n{job.text}"),
            "Embedding cosine (whole doc)": raw_resumes @ embeddings.encode([f"{job.title}\n{job.text}"], cache=cache)[0],
        }
        for name, scores in rankings.items():
            # Stable tie-break by position, so equal scores cannot flatter a method.
            order = np.lexsort((np.arange(len(scores)), -scores))
            ranked = relevance[order].tolist()
            methods[name].append((ndcg_at(ranked, 10), average_precision(ranked)))
        if progress:
            progress(number, len(job_rows))
    for name, values in methods.items():
        array = np.array(values) if values else np.zeros((1, 2))
        report.rows[name] = {"ndcg@10": float(array[:, 0].mean()), "map": float(array[:, 1].mean())}
    return report
