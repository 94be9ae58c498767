"""matching/explanations.py on its own: what a recruiter reads beside a score, built
from score parts without the database or the model."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from matching import explanations, scoring

JOB = SimpleNamespace(title="Backend Engineer", min_years_experience=5)


def _skills(*, matched_required=(), matched_nice=(), missing_required=(), missing_nice=(), additional=()):
    return SimpleNamespace(
        matched_required=list(matched_required),
        matched_nice=list(matched_nice),
        missing_required=list(missing_required),
        missing_nice=list(missing_nice),
        additional=list(additional),
    )


def _parts(**overrides) -> scoring.ScoreParts:
    similarity, skills = overrides.pop("similarity", 0.8), overrides.pop("skills", 0.5)
    values: dict[str, Any] = {
        "similarity": similarity,
        "skills": skills,
        "overall": scoring.combine(similarity=similarity, skills=skills),
        "experience": None,
        "education": None,
        "confidence": 0.87,
        "raw_cosine": 0.612345,
        "best_chunk_cosine": 0.7,
        "weights": (0.6, 0.4),
        "gates": [],
    }
    values.update(overrides)
    return scoring.ScoreParts(**values)


def _explain(*, parts=None, skill_match=None, candidate_name="Daniel Okafor", evidence=None, years=7.0,
             education_label="", best_chunk=None, job=JOB):
    return explanations.build_explanation(
        job=job,
        candidate_name=candidate_name,
        parts=parts or _parts(),
        skill_match=skill_match,
        evidence=evidence or {},
        years=years,
        education_label=education_label,
        best_chunk=best_chunk,
    )


@pytest.mark.parametrize(
    ("score", "label"), [(100, "strong"), (75, "strong"), (74.9, "good"), (60, "good"), (45, "partial"), (44, "weak"), (0, "weak")]
)
def test_bands(score, label):
    assert explanations.band(score) == label


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["Python"], "Python"),
        (["Python", "Django"], "Python and Django"),
        (["Python", "Django", "Redis"], "Python, Django and Redis"),
        (["a", "b", "c", "d", "e", "f", "g", "h"], "a, b, c, d, e, f and 2 more"),
    ],
)
def test_lists_read_as_prose(items, text):
    assert explanations._list(items) == text


def test_summary_names_the_candidate_the_band_the_job_and_the_skills():
    skill_match = _skills(matched_required=["Python", "Django"], missing_required=["Kubernetes"], matched_nice=["Redis"])
    summary, data, strengths = _explain(parts=_parts(similarity=0.8, skills=0.5), skill_match=skill_match)

    overall = round(100 * scoring.combine(similarity=0.8, skills=0.5))
    assert summary.startswith(f"Daniel Okafor is a {explanations.band(overall)} match for Backend Engineer ({overall}/100).")
    assert "closely related to the job (similarity 80/100)" in summary
    assert "It shows 2 of 3 required skills (Python and Django) and 1 of 1 nice-to-have skills (Redis)" in summary
    assert "(skill match 50/100)." in summary
    assert "Missing required: Kubernetes." in summary
    assert data["summary"] == summary and data["band"] == explanations.band(overall)
    assert data["missing_required"] == ["Kubernetes"]
    assert strengths == data["strengths"]
    assert "Has the required Python and Django" in strengths
    assert "Also brings Redis" in strengths


def test_an_unnamed_candidate_is_this_candidate():
    summary, _, _ = _explain(candidate_name="")
    assert summary.startswith("This candidate is a ")


@pytest.mark.parametrize(("similarity", "word"), [(0.75, "closely"), (0.5, "partly"), (0.2, "only loosely")])
def test_similarity_is_put_into_words(similarity, word):
    summary, _, _ = _explain(parts=_parts(similarity=similarity))
    assert f"content is {word} related" in summary


def test_the_parts_add_up_to_the_overall_score():
    _, data, _ = _explain(parts=_parts(similarity=0.8, skills=0.5), skill_match=_skills(matched_required=["Python"]))
    weighted = [part for part in data["parts"] if part["weight"]]
    assert [part["key"] for part in weighted] == ["similarity", "skills"]
    assert sum(part["weight"] for part in weighted) == pytest.approx(1.0)
    assert sum(part["contribution"] for part in weighted) == pytest.approx(
        100 * scoring.combine(similarity=0.8, skills=0.5), abs=0.2
    )


def test_a_job_without_skills_rests_on_similarity_alone():
    summary, data, _ = _explain(parts=_parts(similarity=0.62, skills=None, overall=0.62), skill_match=_skills())
    assert "The job lists no skills, so the score rests on similarity alone." in summary
    assert [(p["key"], p["weight"], p["contribution"]) for p in data["parts"]] == [("similarity", 1.0, 62.0)]


def test_experience_and_education_are_shown_without_weight():
    parts = _parts(experience=1.0, education=0.5)
    summary, data, strengths = _explain(parts=parts, years=7.0, education_label="Bachelor's degree")
    shown = {p["key"]: p for p in data["parts"]}
    assert shown["experience"]["value"] == 100 and shown["experience"]["weight"] == 0
    assert shown["education"]["value"] == 50 and shown["education"]["contribution"] == 0
    assert "About 7.0 years of experience against the 5 asked for." in summary
    assert "7+ years of experience meets the minimum" in strengths
    # Education at half the requirement is not a strength.
    assert not [s for s in strengths if "education requirement" in s]


def test_unreadable_years_are_said_when_the_job_asks_for_some():
    summary, _, _ = _explain(years=None)
    assert "Years of experience could not be read from the resume." in summary
    summary, _, _ = _explain(years=None, job=SimpleNamespace(title="Barista", min_years_experience=0))
    assert "Years of experience" not in summary


def test_unmet_must_haves_are_listed_with_their_state():
    gates = [
        scoring.Gate("Python", "met", "Python daily"),
        scoring.Gate("Kubernetes", "not_found"),
        scoring.Gate("Go", "unreadable"),
    ]
    summary, data, _ = _explain(parts=_parts(gates=gates))
    assert "Must-have: Kubernetes not found and Go unreadable." in summary
    assert data["gates"] == [
        {"skill": "Python", "state": "met", "evidence": "Python daily"},
        {"skill": "Kubernetes", "state": "not_found", "evidence": ""},
        {"skill": "Go", "state": "unreadable", "evidence": ""},
    ]


def test_matched_skills_carry_the_line_that_shows_them():
    skill_match = _skills(matched_required=["Python"], matched_nice=["Redis"], additional=[f"s{i}" for i in range(40)])
    _, data, _ = _explain(skill_match=skill_match, evidence={"python": "Built REST APIs in Python"})
    assert data["matched_skills"] == [
        {"skill": "Python", "required": True, "line": "Built REST APIs in Python"},
        {"skill": "Redis", "required": False, "line": ""},
    ]
    assert len(data["additional_skills"]) == 30


def test_the_best_passage_is_quoted_short():
    _, data, _ = _explain(best_chunk=("experience", "x" * 1000))
    assert data["best_section"] == "experience"
    assert data["best_excerpt"] == "x" * 300 + "…"  # one endless word: cut, and marked as cut
    _, data, _ = _explain(best_chunk=None)
    assert data["best_section"] == data["best_excerpt"] == ""


def test_the_best_passage_ends_on_a_whole_word():
    text = "Built streaming pipelines in Python and Kafka for payments, " * 10
    _, data, _ = _explain(best_chunk=("experience", text))
    excerpt = data["best_excerpt"]
    assert len(excerpt) <= 301 and excerpt.endswith("…")
    body = excerpt[:-1]
    assert text.startswith(body) and not text[len(body)].isalnum()  # the cut falls between words
    assert not body.endswith((",", " "))
    short = "Led a team of five."
    assert _explain(best_chunk=("experience", short))[1]["best_excerpt"] == short


def test_raw_figures_are_kept_for_the_record():
    _, data, _ = _explain()
    assert data["cosine"] == 0.6123
    assert data["confidence"] == 0.87
