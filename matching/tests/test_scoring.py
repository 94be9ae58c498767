"""matching/scoring.py on its own: pure functions, no database, no model. The tests
read the module's tuned constants instead of repeating them, so retuning them keeps
these tests true while a change of rule does not."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from matching import scoring, services
from matching.models import MatchResult


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


class TestCalibrate:
    def test_the_centre_is_fifty(self):
        assert scoring.calibrate(scoring.CALIBRATION_CENTRE) == pytest.approx(0.5)

    def test_unrelated_pairs_score_about_5_and_related_ones_about_95(self):
        assert scoring.calibrate(scoring.COSINE_UNRELATED_MEDIAN) == pytest.approx(0.05, abs=0.01)
        assert scoring.calibrate(scoring.COSINE_RELATED_P95) == pytest.approx(0.95, abs=0.01)

    def test_strictly_increasing_and_within_bounds(self):
        values = [scoring.calibrate(c) for c in np.linspace(-1.0, 1.0, 201)]
        assert all(0.0 <= v <= 1.0 for v in values)
        # No ties from clipping inside the range cosines of this model fall in.
        middle = [scoring.calibrate(c) for c in np.linspace(0.1, 0.9, 81)]
        assert all(a < b for a, b in zip(middle, middle[1:]))


class TestJobVector:
    def test_unit_length_leaning_on_the_title(self):
        title, text = _unit(1, 0, 0), _unit(0, 1, 0)
        vector = scoring.job_vector(title, text)
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-6)
        assert vector[0] / vector[1] == pytest.approx(scoring.JOB_TITLE_WEIGHT / (1 - scoring.JOB_TITLE_WEIGHT))


class TestBlendedCosine:
    def test_without_chunks_the_document_cosine_is_all_three(self):
        job, resume = _unit(1, 0), _unit(1, 1)
        blend, document, best = scoring.blended_cosine(job, resume, None)
        assert blend == document == best == pytest.approx(float(np.dot(job, resume)))
        assert scoring.blended_cosine(job, resume, []) == (blend, document, best)

    def test_blends_the_document_with_the_mean_of_the_top_chunks(self):
        job = _unit(1, 0, 0)
        resume = _unit(1, 1, 0)
        chunks = [_unit(1, 0, 0), _unit(1, 1, 0), _unit(0, 1, 0), _unit(1, 0, 1), _unit(0, 0, 1)]
        cosines = sorted((float(np.dot(job, c)) for c in chunks), reverse=True)
        top = cosines[: scoring.TOP_CHUNKS]
        document = float(np.dot(job, resume))

        blend, got_document, best = scoring.blended_cosine(job, resume, np.stack(chunks))

        assert got_document == pytest.approx(document)
        assert best == pytest.approx(cosines[0])
        expected = scoring.DOCUMENT_WEIGHT * document + (1 - scoring.DOCUMENT_WEIGHT) * float(np.mean(top))
        assert blend == pytest.approx(expected, abs=1e-6)

    def test_fewer_chunks_than_the_top_count_are_all_taken(self):
        job, resume = _unit(1, 0), _unit(0, 1)
        chunk = _unit(1, 0)
        blend, document, best = scoring.blended_cosine(job, resume, np.stack([chunk]))
        assert document == pytest.approx(0.0, abs=1e-6)
        assert best == pytest.approx(1.0)
        assert blend == pytest.approx(1 - scoring.DOCUMENT_WEIGHT, abs=1e-6)


class TestSubScores:
    @pytest.mark.parametrize(
        ("years", "minimum", "expected"),
        [(5, 5, 1.0), (8, 5, 1.0), (2.5, 5, 0.5), (0, 5, 0.0), (None, 5, None), (3, 0, None), (3, None, None)],
    )
    def test_experience(self, years, minimum, expected):
        assert scoring.experience_score(years, minimum) == expected

    @pytest.mark.parametrize(
        ("level", "required", "expected"),
        [
            ("masters", "bachelors", 1.0),
            ("bachelors", "bachelors", 1.0),
            ("associate", "bachelors", 0.5),
            ("high_school", "bachelors", 0.0),
            ("", "bachelors", None),
            ("phd", "", None),
        ],
    )
    def test_education(self, level, required, expected):
        assert scoring.education_score(level, required) == expected

    def test_confidence_rewards_readable_text_skills_and_length_each_up_to_a_cap(self):
        assert scoring.confidence_score(text_quality=1.0, skills_found=8, words=300) == 1.0
        assert scoring.confidence_score(text_quality=1.0, skills_found=40, words=5000) == 1.0
        assert scoring.confidence_score(text_quality=0.0, skills_found=0, words=0) == 0.0
        # Unknown quality counts as half readable.
        assert scoring.confidence_score(text_quality=None, skills_found=0, words=0) == 0.25
        low = scoring.confidence_score(text_quality=0.9, skills_found=2, words=100)
        assert low < scoring.confidence_score(text_quality=0.9, skills_found=6, words=100)


class TestGates:
    def test_met_gates_carry_their_evidence_and_missing_ones_say_why(self):
        gates = scoring.gates_for(
            ["Python", "Kubernetes"], {"python"}, readable=True, evidence={"python": "Built APIs in Python"}
        )
        assert [(g.skill, g.state, g.evidence) for g in gates] == [
            ("Python", "met", "Built APIs in Python"),
            ("Kubernetes", "not_found", ""),
        ]

    def test_damaged_text_makes_a_missing_skill_unreadable_not_absent(self):
        gates = scoring.gates_for(["Kubernetes"], set(), readable=False, evidence={})
        assert gates[0].state == "unreadable"

    def test_all_gates_met(self):
        parts = _parts(gates=[scoring.Gate("Python", "met")])
        assert parts.meets_all_gates
        assert not _parts(gates=[scoring.Gate("Python", "met"), scoring.Gate("Go", "unreadable")]).meets_all_gates
        assert _parts(gates=[]).meets_all_gates


class TestCombine:
    def test_weighted_mean_of_similarity_and_skills(self):
        assert scoring.combine(similarity=0.5, skills=1.0) == pytest.approx(0.6 * 0.5 + 0.4 * 1.0)
        assert scoring.combine(similarity=0.5, skills=1.0, similarity_weight=3, skills_weight=1) == pytest.approx(
            (3 * 0.5 + 1.0) / 4
        )

    def test_a_job_without_skills_is_scored_on_similarity_alone(self):
        assert scoring.combine(similarity=0.42, skills=None) == 0.42
        assert scoring.combine(similarity=0.42, skills=0.9, skills_weight=0) == 0.42

    def test_stays_between_its_parts(self):
        for similarity, skills in [(0.1, 0.9), (0.9, 0.1), (0.3, 0.3)]:
            overall = scoring.combine(similarity=similarity, skills=skills)
            assert min(similarity, skills) <= overall <= max(similarity, skills)


def _parts(**overrides) -> scoring.ScoreParts:
    values: dict[str, Any] = {
        "overall": 0.7,
        "similarity": 0.6,
        "skills": 0.8,
        "experience": None,
        "education": None,
        "confidence": 0.9,
        "raw_cosine": 0.55,
        "best_chunk_cosine": 0.6,
        "weights": (0.6, 0.4),
    }
    values.update(overrides)
    return scoring.ScoreParts(**values)


class TestScoreFields:
    """The columns a re-match rewrites come from what the scorer returns (services.MatchScores)."""

    def test_every_value_the_scorer_returns_is_rewritten_and_nothing_else(self):
        produced = [item.name for item in dataclasses.fields(services.MatchScores)]
        assert services.SCORE_FIELDS == [*produced, "scored_at", "updated_at"]
        columns = {item.name for item in MatchResult._meta.concrete_fields}
        assert set(services.SCORE_FIELDS) <= columns
        # The recruiter's own decisions and the row's identity are never rewritten by a score.
        assert not {"id", "company", "job", "resume", "source", "status"} & set(services.SCORE_FIELDS)

    def test_a_part_added_to_the_scorer_is_in_the_derived_list(self):
        extended = dataclasses.make_dataclass(
            "WithLocation", [("location_score", float | None)], bases=(services.MatchScores,), frozen=True
        )
        fields = services.score_fields(extended)
        assert "location_score" in fields and "location_score" not in services.SCORE_FIELDS
        assert set(services.SCORE_FIELDS) < set(fields)
