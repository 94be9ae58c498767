"""Explanations from templates (no external AI): what a recruiter reads beside a score.

One typed, versioned structure (`Explanation`) is built here from the scorer's parts
(`build_explanation`), stored as JSON on `MatchResult.explanation_data`
(`Explanation.as_json`) and read back through one reader (`read_explanation`,
`explanation_of`) by every renderer: the portal's "Why this score?", the API's
candidate detail and the public shared page.

Rows stored before the structure had a version (version 1: the same keys, some of
them missing on older rows, no ``version``) are upgraded when read, not by a data
migration: the upgrade is lossless and cheap, every re-score rewrites the row in the
current shape anyway, and a migration would rewrite every match row of every tenant
while another branch is changing the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from matching.scoring import CRITERIA_WEIGHT, ScoreParts

if TYPE_CHECKING:  # the taxonomy module is heavy; only its result type is read here
    from matching.skills import SkillMatch

# 1: unversioned (before this module typed it); 2: typed, with ``version``.
EXPLANATION_VERSION = 2

BANDS = [(75, "strong"), (60, "good"), (45, "partial"), (0, "weak")]
STATE_LABELS = {"met": "met", "not_found": "not found", "unreadable": "unreadable"}
# What a renderer says about a must-have or a criterion in each state.
STATE_DETAILS = {
    "met": "met",
    "not_found": "not found",
    "unreadable": "unreadable (the resume text could not be read well enough to say)",
}
PART_LABELS = {
    "similarity": "Content similarity",
    "skills": "Skill match",
    "criteria": "Your criteria",
    "experience": "Experience",
    "education": "Education",
}
ADDITIONAL_SKILLS_KEPT = 30
EXCERPT_CHARS = 300  # the quoted "most relevant part" of a resume


@dataclass(frozen=True)
class ScorePart:
    """One line of the score table: a part's value (0–100), its share of the overall
    score and the points it adds. A part with weight 0 is shown, not scored."""

    key: str
    label: str
    value: int | None
    weight: float = 0.0
    contribution: float = 0.0


@dataclass(frozen=True)
class SkillEvidence:
    """A matched skill and the resume line that shows it."""

    skill: str
    required: bool = True
    line: str = ""


@dataclass(frozen=True)
class GateResult:
    """A must-have skill: met, not_found or unreadable."""

    skill: str
    state: str
    evidence: str = ""

    @property
    def state_detail(self) -> str:
        return STATE_DETAILS.get(self.state, self.state)


@dataclass(frozen=True)
class CriterionCheck:
    """A recruiter's criterion as judged on the resume (see scoring.judge_criterion)."""

    text: str
    kind: str = "nice"
    weight: float = 1
    state: str = "not_found"
    evidence: str = ""

    @property
    def state_detail(self) -> str:
        return STATE_DETAILS.get(self.state, self.state)


@dataclass(frozen=True)
class Explanation:
    summary: str
    band: str
    parts: list[ScorePart] = field(default_factory=list)
    matched_skills: list[SkillEvidence] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    missing_nice: list[str] = field(default_factory=list)
    additional_skills: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    gates: list[GateResult] = field(default_factory=list)
    criteria: list[CriterionCheck] = field(default_factory=list)
    best_section: str = ""
    best_excerpt: str = ""
    confidence: float | None = None
    cosine: float | None = None
    # Required skills the taxonomy does not know (the job's quality panel reads them
    # straight from the JSON: keep the key).
    unknown_skills: list[str] = field(default_factory=list)
    # How many of the recruiter's decisions re-ranked this candidate; None: not re-ranked.
    feedback_decisions: int | None = None
    version: int = EXPLANATION_VERSION

    def as_json(self) -> dict[str, Any]:
        """The stored form. ``feedback_decisions`` is left out when there were none."""
        data = asdict(self)
        if data["feedback_decisions"] is None:
            del data["feedback_decisions"]
        return data


class StoredExplanation(Protocol):
    """What a MatchResult row (or the public page's copy of one) carries."""

    explanation: str
    explanation_data: Any
    key_strengths: Any


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of `text`, ending on a whole word and marked "…" when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():
        # Back up to the last word break, unless that throws most of the passage away.
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def _percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def _list(items: Iterable[str], limit: int = 6) -> str:
    items = list(items)
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- Reading stored rows ------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value or [] if item is not None]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _part(item: Mapping[str, Any]) -> ScorePart:
    # Early rows (and the load generator) named the key ``name`` and had no label.
    key = str(item.get("key") or item.get("name") or "")
    value = item.get("value")
    return ScorePart(
        key=key,
        label=str(item.get("label") or PART_LABELS.get(key, key.replace("_", " ").capitalize())),
        value=None if value is None else round(float(value)),
        weight=float(item.get("weight") or 0),
        contribution=float(item.get("contribution") or 0),
    )


def _upgrade_v1(data: dict[str, Any], *, summary: str, strengths: Sequence[str]) -> dict[str, Any]:
    """Version 1 (no ``version``) to 2: the same keys; older rows lack some of them and
    kept the summary and strengths only in their own columns."""
    data = dict(data)
    data.setdefault("summary", summary)
    data.setdefault("strengths", list(strengths))
    if not data.get("band"):
        parts = data.get("parts") or []
        weighted = [p for p in parts if isinstance(p, Mapping) and p.get("weight")]
        overall = sum(float(p.get("contribution") or 0) for p in weighted) if weighted else None
        data["band"] = band(overall) if overall is not None else ""
    data["version"] = 2
    return data


def read_explanation(
    data: Mapping[str, Any] | None, *, summary: str = "", strengths: Sequence[str] = ()
) -> Explanation:
    """The typed explanation of stored JSON of any version. ``summary`` and
    ``strengths`` (the row's own columns) fill in what an old row's JSON lacks."""
    stored = dict(data or {})
    if int(stored.get("version") or 1) < 2:
        stored = _upgrade_v1(stored, summary=summary, strengths=strengths)
    # A row written by a newer release is read for the keys this one knows.
    return Explanation(
        summary=str(stored.get("summary") or summary),
        band=str(stored.get("band") or ""),
        parts=[_part(item) for item in stored.get("parts") or [] if isinstance(item, Mapping)],
        matched_skills=[
            SkillEvidence(
                skill=str(item["skill"]), required=bool(item.get("required", True)), line=str(item.get("line") or "")
            )
            for item in stored.get("matched_skills") or []
            if isinstance(item, Mapping) and item.get("skill")
        ]
        + [SkillEvidence(skill=item) for item in stored.get("matched_skills") or [] if isinstance(item, str)],
        missing_required=_strings(stored.get("missing_required")),
        missing_nice=_strings(stored.get("missing_nice")),
        additional_skills=_strings(stored.get("additional_skills")),
        strengths=_strings(stored.get("strengths")),
        gates=[
            GateResult(
                skill=str(item["skill"]),
                state=str(item.get("state") or "not_found"),
                evidence=str(item.get("evidence") or ""),
            )
            for item in stored.get("gates") or []
            if isinstance(item, Mapping) and item.get("skill")
        ],
        criteria=[
            CriterionCheck(
                text=str(item["text"]),
                kind=str(item.get("kind") or "nice"),
                weight=item["weight"] if isinstance(item.get("weight"), int | float) else 1,
                state=str(item.get("state") or "not_found"),
                evidence=str(item.get("evidence") or ""),
            )
            for item in stored.get("criteria") or []
            if isinstance(item, Mapping) and item.get("text")
        ],
        best_section=str(stored.get("best_section") or ""),
        best_excerpt=str(stored.get("best_excerpt") or ""),
        confidence=_number(stored.get("confidence")),
        cosine=_number(stored.get("cosine")),
        unknown_skills=_strings(stored.get("unknown_skills")),
        feedback_decisions=None if stored.get("feedback_decisions") is None else int(stored["feedback_decisions"]),
    )


def explanation_of(match: StoredExplanation) -> Explanation:
    """The typed explanation of a MatchResult row (any version)."""
    return read_explanation(
        match.explanation_data, summary=match.explanation or "", strengths=list(match.key_strengths or [])
    )


# --- Building one from the scorer's parts ---------------------------------------------


class JobLike(Protocol):
    title: str
    min_years_experience: Any


def build_explanation(
    *,
    job: JobLike,
    candidate_name: str,
    parts: ScoreParts,
    skill_match: SkillMatch | None,
    evidence: Mapping[str, str],
    years: float | None,
    education_label: str,
    best_chunk: tuple[str, str] | None,
    unknown_skills: Sequence[str] = (),
    feedback_decisions: int | None = None,
) -> Explanation:
    """The explanation of one score, from the scorer's parts (no database, no model)."""
    overall = _percent(parts.overall) or 0
    similarity = _percent(parts.similarity) or 0
    skills = _percent(parts.skills)
    w_sim, w_skills = parts.weights
    w_criteria = CRITERIA_WEIGHT if parts.criteria_value is not None else 0.0
    total_weight = ((w_sim + w_skills) if parts.skills is not None else w_sim) + w_criteria
    matched_required = list(skill_match.matched_required) if skill_match else []
    matched_nice = list(skill_match.matched_nice) if skill_match else []
    missing_required = list(skill_match.missing_required) if skill_match else []
    missing_nice = list(skill_match.missing_nice) if skill_match else []
    required_total = len(matched_required) + len(missing_required)
    nice_total = len(matched_nice) + len(missing_nice)
    name = candidate_name or "This candidate"

    sentences = [f"{name} is a {band(overall)} match for {job.title} ({overall}/100)."]
    sentences.append(
        f"The resume's content is {'closely' if similarity >= 70 else 'partly' if similarity >= 40 else 'only loosely'} "
        f"related to the job (similarity {similarity}/100)."
    )
    if required_total or nice_total:
        skill_sentence = f"It shows {len(matched_required)} of {required_total} required skills"
        if matched_required:
            skill_sentence += f" ({_list(matched_required)})"
        if nice_total:
            skill_sentence += f" and {len(matched_nice)} of {nice_total} nice-to-have skills"
            if matched_nice:
                skill_sentence += f" ({_list(matched_nice)})"
        sentences.append(skill_sentence + f" (skill match {skills}/100).")
    else:
        sentences.append("The job lists no skills, so the score rests on similarity alone.")
    if missing_required:
        sentences.append(f"Missing required: {_list(missing_required)}.")
    if parts.experience is not None and years is not None:
        sentences.append(f"About {years:.1f} years of experience against the {job.min_years_experience:g} asked for.")
    elif job.min_years_experience and years is None:
        sentences.append("Years of experience could not be read from the resume.")
    if parts.criteria:
        met = [c.text for c in parts.criteria if c.state == "met"]
        sentence = f"It meets {len(met)} of {len(parts.criteria)} of your criteria"
        sentences.append(sentence + (f" ({_list(met, 3)})." if met else "."))
    unmet_must = [c for c in parts.criteria if c.kind == "must" and c.state != "met"]
    if unmet_must:
        sentences.append(
            "Must-have criteria " + _list([f"“{c.text}” {STATE_LABELS[c.state]}" for c in unmet_must]) + "."
        )
    unmet = [gate for gate in parts.gates if gate.state != "met"]
    if unmet:
        sentences.append("Must-have: " + _list([f"{g.skill} {STATE_LABELS[g.state]}" for g in unmet]) + ".")
    if feedback_decisions is not None:
        sentences.append(
            f"Re-ranked from your {feedback_decisions} decision{'s' if feedback_decisions != 1 else ''} on this job."
        )

    strengths = []
    if matched_required:
        strengths.append(f"Has the required {_list(matched_required, 4)}")
    if similarity >= 60:
        strengths.append("Experience closely related to the job description")
    if parts.experience == 1.0 and years is not None:
        strengths.append(f"{years:.0f}+ years of experience meets the minimum")
    if parts.education == 1.0 and education_label:
        strengths.append(f"{education_label} meets the education requirement")
    if matched_nice:
        strengths.append(f"Also brings {_list(matched_nice, 3)}")

    def scored(key: str, value: int, weight: float) -> ScorePart:
        return ScorePart(
            key=key,
            label=PART_LABELS[key],
            value=value,
            weight=round(weight / total_weight, 3),
            contribution=round(value * weight / total_weight, 1),
        )

    score_parts = [scored("similarity", similarity, w_sim)]
    if skills is not None:
        score_parts.append(scored("skills", skills, w_skills))
    criteria_points = _percent(parts.criteria_value)
    if criteria_points is not None:
        score_parts.append(scored("criteria", criteria_points, w_criteria))
    for key, value in (("experience", parts.experience), ("education", parts.education)):
        if value is not None:
            score_parts.append(ScorePart(key=key, label=PART_LABELS[key], value=_percent(value)))

    return Explanation(
        summary=" ".join(sentences),
        band=band(overall),
        parts=score_parts,
        matched_skills=[SkillEvidence(skill, True, evidence.get(skill.lower(), "")) for skill in matched_required]
        + [SkillEvidence(skill, False, evidence.get(skill.lower(), "")) for skill in matched_nice],
        missing_required=missing_required,
        missing_nice=missing_nice,
        additional_skills=list(skill_match.additional)[:ADDITIONAL_SKILLS_KEPT] if skill_match else [],
        strengths=strengths,
        gates=[GateResult(g.skill, g.state, g.evidence) for g in parts.gates],
        criteria=[CriterionCheck(c.text, c.kind, c.weight, c.state, c.evidence) for c in parts.criteria],
        best_section=best_chunk[0] if best_chunk else "",
        best_excerpt=excerpt(best_chunk[1]) if best_chunk else "",
        confidence=parts.confidence,
        cosine=round(parts.raw_cosine, 4),
        unknown_skills=list(unknown_skills),
        feedback_decisions=feedback_decisions,
    )
