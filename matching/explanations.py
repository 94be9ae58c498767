"""Explanations from templates (no external AI): what a recruiter reads beside a score."""

from __future__ import annotations

from matching.scoring import CRITERIA_WEIGHT, ScoreParts

BANDS = [(75, "strong"), (60, "good"), (45, "partial"), (0, "weak")]
STATE_LABELS = {"met": "met", "not_found": "not found", "unreadable": "unreadable"}
EXCERPT_CHARS = 300  # the quoted "most relevant part" of a resume


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def _percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def _list(items: list[str], limit: int = 6) -> str:
    items = list(items)
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


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


def build_explanation(
    *,
    job,
    candidate_name: str,
    parts: ScoreParts,
    skill_match,
    evidence: dict[str, str],
    years: float | None,
    education_label: str,
    best_chunk: tuple[str, str] | None,
) -> tuple[str, dict, list[str]]:
    """(summary paragraph, structured explanation, key strengths)."""
    overall = _percent(parts.overall)
    similarity = _percent(parts.similarity)
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
        sentences.append(
            f"About {years:.1f} years of experience against the {job.min_years_experience:g} asked for."
        )
    elif job.min_years_experience and years is None:
        sentences.append("Years of experience could not be read from the resume.")
    if parts.criteria:
        met = [c.text for c in parts.criteria if c.state == "met"]
        sentence = f"It meets {len(met)} of {len(parts.criteria)} of your criteria"
        sentences.append(sentence + (f" ({_list(met, 3)})." if met else "."))
    unmet_must = [c for c in parts.criteria if c.kind == "must" and c.state != "met"]
    if unmet_must:
        sentences.append("Must-have criteria " + _list([f"“{c.text}” {STATE_LABELS[c.state]}" for c in unmet_must]) + ".")
    unmet = [gate for gate in parts.gates if gate.state != "met"]
    if unmet:
        sentences.append(
            "Must-have: " + _list([f"{g.skill} {STATE_LABELS[g.state]}" for g in unmet]) + "."
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

    score_parts = [
        {
            "key": "similarity",
            "label": "Content similarity",
            "value": similarity,
            "weight": round(w_sim / total_weight, 3),
            "contribution": round(similarity * w_sim / total_weight, 1),
        }
    ]
    if parts.skills is not None:
        score_parts.append(
            {
                "key": "skills",
                "label": "Skill match",
                "value": skills,
                "weight": round(w_skills / total_weight, 3),
                "contribution": round(skills * w_skills / total_weight, 1),
            }
        )
    criteria_points = _percent(parts.criteria_value)
    if criteria_points is not None:
        score_parts.append(
            {
                "key": "criteria",
                "label": "Your criteria",
                "value": criteria_points,
                "weight": round(w_criteria / total_weight, 3),
                "contribution": round(criteria_points * w_criteria / total_weight, 1),
            }
        )
    for key, label, value in (
        ("experience", "Experience", parts.experience),
        ("education", "Education", parts.education),
    ):
        if value is not None:
            score_parts.append({"key": key, "label": label, "value": _percent(value), "weight": 0, "contribution": 0})

    data = {
        "summary": " ".join(sentences),
        "band": band(overall),
        "parts": score_parts,
        "matched_skills": [
            {"skill": skill, "required": True, "line": evidence.get(skill.lower(), "")} for skill in matched_required
        ]
        + [{"skill": skill, "required": False, "line": evidence.get(skill.lower(), "")} for skill in matched_nice],
        "missing_required": missing_required,
        "missing_nice": missing_nice,
        "additional_skills": list(skill_match.additional)[:30] if skill_match else [],
        "strengths": strengths,
        "gates": [{"skill": g.skill, "state": g.state, "evidence": g.evidence} for g in parts.gates],
        "criteria": [
            {"text": c.text, "kind": c.kind, "weight": c.weight, "state": c.state, "evidence": c.evidence}
            for c in parts.criteria
        ],
        "best_section": best_chunk[0] if best_chunk else "",
        "best_excerpt": excerpt(best_chunk[1]) if best_chunk else "",
        "confidence": parts.confidence,
        "cosine": round(parts.raw_cosine, 4),
    }
    return data["summary"], data, strengths
