"""The skill-part variants evaluate_matching measures (`--skill-part`): scaled skill values
that rank, at the default weights, as similarity and skills at another weight would."""

import numpy as np

from matching import evaluation, scoring


def test_the_shipped_variant_is_the_plain_share_of_listed_skills():
    counts = np.array([[3, 12], [12, 12], [0, 12]], dtype=float)
    assert np.allclose(evaluation.skill_part_values(counts, *evaluation.SHIPPED_SKILL_PART), [0.25, 1.0, 0.0])
    assert evaluation.skill_part_values(None, 0.2, 5) is None


def test_saturation_gives_full_marks_at_that_many_skills():
    counts = np.array([[3, 12], [5, 12], [2, 2]], dtype=float)
    values = evaluation.skill_part_values(counts, 0.4, 5)
    assert np.allclose(values, [0.6, 1.0, 1.0])  # a two-skill job needs both, not five


def test_scaled_values_rank_as_the_weighted_sum_would():
    rng = np.random.default_rng(7)
    similarity = rng.random(200)
    counts = np.stack([rng.integers(0, 13, 200), np.full(200, 12)], axis=1).astype(float)
    for weight, saturation in evaluation.SKILL_PART_GRID:
        part = evaluation.skill_part_values(counts, weight, None if saturation is None else saturation)
        at_defaults = scoring.combine(similarity=similarity, skills=part)
        listed = counts[:, 1] if saturation is None else np.minimum(counts[:, 1], saturation)
        direct = (1 - weight) * similarity + weight * np.minimum(1.0, counts[:, 0] / listed)
        assert np.array_equal(np.argsort(-at_defaults, kind="stable"), np.argsort(-direct, kind="stable"))
