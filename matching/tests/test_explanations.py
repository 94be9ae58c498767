"""matching/explanations.py on its own: what a recruiter reads beside a score, built
from score parts without the database or the model."""

from __future__ import annotations

import dataclasses
import json
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


def _explain(
    *,
    parts=None,
    skill_match=None,
    candidate_name="Daniel Okafor",
    evidence=None,
    years=7.0,
    education_label="",
    best_chunk=None,
    job=JOB,
    **extra,
) -> explanations.Explanation:
    return explanations.build_explanation(
        job=job,
        candidate_name=candidate_name,
        parts=parts or _parts(),
        skill_match=skill_match,
        evidence=evidence or {},
        years=years,
        education_label=education_label,
        best_chunk=best_chunk,
        **extra,
    )


@pytest.mark.parametrize(
    ("score", "label"),
    [(100, "strong"), (75, "strong"), (74.9, "good"), (60, "good"), (45, "partial"), (44, "weak"), (0, "weak")],
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
    skill_match = _skills(
        matched_required=["Python", "Django"], missing_required=["Kubernetes"], matched_nice=["Redis"]
    )
    explained = _explain(parts=_parts(similarity=0.8, skills=0.5), skill_match=skill_match)
    summary, strengths = explained.summary, explained.strengths

    overall = round(100 * scoring.combine(similarity=0.8, skills=0.5))
    assert summary.startswith(
        f"Daniel Okafor is a {explanations.band(overall)} match for Backend Engineer ({overall}/100)."
    )
    assert "closely related to the job (similarity 80/100)" in summary
    assert "It shows 2 of 3 required skills (Python and Django) and 1 of 1 nice-to-have skills (Redis)" in summary
    assert "(skill match 50/100)." in summary
    assert "Missing required: Kubernetes." in summary
    assert explained.band == explanations.band(overall)
    assert explained.missing_required == ["Kubernetes"]
    assert "Has the required Python and Django" in strengths
    assert "Also brings Redis" in strengths


def test_an_unnamed_candidate_is_this_candidate():
    summary = _explain(candidate_name="").summary
    assert summary.startswith("This candidate is a ")


@pytest.mark.parametrize(("similarity", "word"), [(0.75, "closely"), (0.5, "partly"), (0.2, "only loosely")])
def test_similarity_is_put_into_words(similarity, word):
    summary = _explain(parts=_parts(similarity=similarity)).summary
    assert f"content is {word} related" in summary


def test_the_parts_add_up_to_the_overall_score():
    explained = _explain(parts=_parts(similarity=0.8, skills=0.5), skill_match=_skills(matched_required=["Python"]))
    weighted = [part for part in explained.parts if part.weight]
    assert [part.key for part in weighted] == ["similarity", "skills"]
    assert sum(part.weight for part in weighted) == pytest.approx(1.0)
    assert sum(part.contribution for part in weighted) == pytest.approx(
        100 * scoring.combine(similarity=0.8, skills=0.5), abs=0.2
    )


def test_a_job_without_skills_rests_on_similarity_alone():
    explained = _explain(parts=_parts(similarity=0.62, skills=None, overall=0.62), skill_match=_skills())
    assert "The job lists no skills, so the score rests on similarity alone." in explained.summary
    assert [(p.key, p.weight, p.contribution) for p in explained.parts] == [("similarity", 1.0, 62.0)]


def test_experience_and_education_are_shown_without_weight():
    parts = _parts(experience=1.0, education=0.5)
    explained = _explain(parts=parts, years=7.0, education_label="Bachelor's degree")
    summary, strengths = explained.summary, explained.strengths
    shown = {p.key: p for p in explained.parts}
    assert shown["experience"].value == 100 and shown["experience"].weight == 0
    assert shown["education"].value == 50 and shown["education"].contribution == 0
    assert "About 7.0 years of experience against the 5 asked for." in summary
    assert "7+ years of experience meets the minimum" in strengths
    # Education at half the requirement is not a strength.
    assert not [s for s in strengths if "education requirement" in s]


def test_unreadable_years_are_said_when_the_job_asks_for_some():
    assert "Years of experience could not be read from the resume." in _explain(years=None).summary
    summary = _explain(years=None, job=SimpleNamespace(title="Barista", min_years_experience=0)).summary
    assert "Years of experience" not in summary


def test_unmet_must_haves_are_listed_with_their_state():
    gates = [
        scoring.Gate("Python", "met", "Python daily"),
        scoring.Gate("Kubernetes", "not_found"),
        scoring.Gate("Go", "unreadable"),
    ]
    explained = _explain(parts=_parts(gates=gates))
    assert "Must-have: Kubernetes not found and Go unreadable." in explained.summary
    assert explained.as_json()["gates"] == [
        {"skill": "Python", "state": "met", "evidence": "Python daily"},
        {"skill": "Kubernetes", "state": "not_found", "evidence": ""},
        {"skill": "Go", "state": "unreadable", "evidence": ""},
    ]


def test_matched_skills_carry_the_line_that_shows_them():
    skill_match = _skills(matched_required=["Python"], matched_nice=["Redis"], additional=[f"s{i}" for i in range(40)])
    explained = _explain(skill_match=skill_match, evidence={"python": "Built REST APIs in Python"})
    assert explained.matched_skills == [
        explanations.SkillEvidence("Python", True, "Built REST APIs in Python"),
        explanations.SkillEvidence("Redis", False, ""),
    ]
    assert len(explained.additional_skills) == 30


def test_the_best_passage_is_quoted_short():
    explained = _explain(best_chunk=("experience", "x" * 1000))
    assert explained.best_section == "experience"
    assert explained.best_excerpt == "x" * 300 + "…"  # one endless word: cut, and marked as cut
    explained = _explain(best_chunk=None)
    assert explained.best_section == explained.best_excerpt == ""


def test_the_best_passage_ends_on_a_whole_word():
    text = "Built streaming pipelines in Python and Kafka for payments, " * 10
    excerpt = _explain(best_chunk=("experience", text)).best_excerpt
    assert len(excerpt) <= 301 and excerpt.endswith("…")
    body = excerpt[:-1]
    assert text.startswith(body) and not text[len(body)].isalnum()  # the cut falls between words
    assert not body.endswith((",", " "))
    short = "Led a team of five."
    assert _explain(best_chunk=("experience", short)).best_excerpt == short


def test_raw_figures_are_kept_for_the_record():
    explained = _explain()
    assert explained.cosine == 0.6123
    assert explained.confidence == 0.87


# --- The typed, versioned structure ---------------------------------------------------


def _full_explanation() -> explanations.Explanation:
    parts = _parts(
        experience=1.0,
        education=0.5,
        criteria=[
            scoring.CriterionResult("led a team of five", "must", 2, "met", "Led a team of six engineers."),
            scoring.CriterionResult("payments platform", "nice", 1.5, "not_found"),
        ],
        criteria_value=0.57,
        gates=[scoring.Gate("Python", "met", "Python daily"), scoring.Gate("Go", "unreadable")],
    )
    return _explain(
        parts=parts,
        skill_match=_skills(
            matched_required=["Python"], matched_nice=["Redis"], missing_required=["Go"], additional=["Git"]
        ),
        evidence={"python": "Built REST APIs in Python"},
        education_label="Bachelor's degree",
        best_chunk=("experience", "Built REST APIs in Python for a payments platform."),
    )


def test_an_explanation_survives_its_stored_form():
    explained = _full_explanation()
    stored = json.loads(json.dumps(explained.as_json()))  # as the JSON column keeps it
    assert stored["version"] == explanations.EXPLANATION_VERSION
    assert explanations.read_explanation(stored) == explained
    assert "feedback_decisions" not in stored  # not re-ranked: nothing stored

    rerank = dataclasses.replace(explained, feedback_decisions=3)
    assert explanations.read_explanation(json.loads(json.dumps(rerank.as_json()))).feedback_decisions == 3


def test_feedback_and_unknown_skills_are_part_of_the_build():
    explained = _explain(feedback_decisions=1, unknown_skills=["Djangoo"])
    assert explained.summary.endswith("Re-ranked from your 1 decision on this job.")
    assert explained.feedback_decisions == 1 and explained.unknown_skills == ["Djangoo"]
    assert _explain(feedback_decisions=2).summary.endswith("from your 2 decisions on this job.")


# A row as scoring stored it before the structure had a version (taken from a row of
# the demo database): no version, no criteria, no unknown_skills, and the summary
# and strengths kept in the row's own columns only on the oldest rows.
OLD_ROW = SimpleNamespace(
    explanation="Ada Lovelace is a good match for Backend Engineer (68/100).",
    key_strengths=["Has the required Python", "Also brings Redis"],
    explanation_data={
        "band": "good",
        "parts": [
            {"key": "similarity", "label": "Content similarity", "value": 71, "weight": 0.6, "contribution": 42.6},
            {"key": "skills", "label": "Skill match", "value": 63, "weight": 0.4, "contribution": 25.2},
            {"key": "experience", "label": "Experience", "value": 80, "weight": 0, "contribution": 0},
        ],
        "matched_skills": [
            {"skill": "Python", "required": True, "line": "Python daily"},
            {"skill": "Redis", "required": False, "line": ""},
        ],
        "missing_required": ["Go"],
        "missing_nice": [],
        "additional_skills": ["Git"],
        "gates": [{"skill": "Python", "state": "met", "evidence": "Python daily"}],
        "best_section": "experience",
        "best_excerpt": "Python daily at a bank.",
        "confidence": 0.8,
        "cosine": 0.51,
    },
)


def test_a_row_of_the_old_shape_is_upgraded_when_read():
    explained = explanations.explanation_of(OLD_ROW)
    assert explained.version == explanations.EXPLANATION_VERSION
    assert explained.summary == OLD_ROW.explanation and explained.strengths == OLD_ROW.key_strengths
    assert [(p.key, p.value, p.weight) for p in explained.parts] == [
        ("similarity", 71, 0.6),
        ("skills", 63, 0.4),
        ("experience", 80, 0.0),
    ]
    assert explained.matched_skills[0] == explanations.SkillEvidence("Python", True, "Python daily")
    assert explained.gates == [explanations.GateResult("Python", "met", "Python daily")]
    assert explained.criteria == [] and explained.unknown_skills == [] and explained.feedback_decisions is None
    # Read again from its upgraded form, it is the same: the upgrade is lossless.
    assert explanations.read_explanation(explained.as_json()) == explained


def test_the_sparsest_old_rows_still_read():
    # The load generator's rows and early criteria (no weight, no evidence).
    explained = explanations.read_explanation(
        {
            "parts": [{"name": "similarity", "value": 70.4}],
            "matched_skills": ["Python"],
            "criteria": [{"text": "led a team of five", "kind": "must", "state": "not_found"}],
        },
        summary="Ada is a match.",
    )
    assert explained.summary == "Ada is a match." and explained.band == ""
    assert explained.parts == [explanations.ScorePart("similarity", "Content similarity", 70)]
    assert explained.matched_skills == [explanations.SkillEvidence("Python")]
    assert explained.criteria == [explanations.CriterionCheck("led a team of five", "must", 1, "not_found", "")]
    assert explanations.read_explanation(None) == explanations.read_explanation({})
    assert explanations.read_explanation({}).version == explanations.EXPLANATION_VERSION


def test_a_stored_state_reads_as_words():
    gates = _full_explanation().gates
    assert [gate.state_detail for gate in gates] == [
        "met",
        "unreadable (the resume text could not be read well enough to say)",
    ]
