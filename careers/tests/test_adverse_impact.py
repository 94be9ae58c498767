import pytest

from careers.adverse_impact import four_fifths, ranking_shares


def test_four_fifths_on_known_numbers() -> None:
    # The Uniform Guidelines' own example (Q&A 12): 48 of 80 white applicants hired (60%),
    # 12 of 40 Black applicants hired (30%): 30 / 60 = 0.5 < 0.8, adverse impact.
    table = four_fifths({"white": (80, 48), "black": (40, 12)}, min_group_size=5)
    rows = {row.group: row for row in table.rows}
    assert rows["white"].rate == pytest.approx(0.6) and rows["white"].ratio == pytest.approx(1.0)
    assert rows["black"].rate == pytest.approx(0.3) and rows["black"].ratio == pytest.approx(0.5)
    assert rows["black"].below_four_fifths and not rows["white"].below_four_fifths
    assert table.warning


def test_exactly_four_fifths_is_not_a_warning() -> None:
    table = four_fifths({"a": (100, 50), "b": (100, 40)}, min_group_size=5)
    assert {row.group: row.ratio for row in table.rows} == {"a": pytest.approx(1.0), "b": pytest.approx(0.8)}
    assert not table.warning


def test_small_groups_are_hidden_and_not_compared() -> None:
    table = four_fifths({"a": (50, 25), "b": (4, 0), "c": (20, 9)}, min_group_size=5)
    rows = {row.group: row for row in table.rows}
    assert rows["b"].hidden and rows["b"].rate is None and rows["b"].ratio is None
    assert not rows["b"].below_four_fifths
    assert rows["c"].ratio == pytest.approx(0.9)
    assert not table.warning and table.hidden_groups == 1


def test_a_single_group_or_nobody_selected_is_no_warning() -> None:
    assert not four_fifths({"a": (30, 1)}, min_group_size=5).warning
    table = four_fifths({"a": (30, 0), "b": (30, 0)}, min_group_size=5)
    assert not table.warning and all(row.ratio is None for row in table.rows)


def test_ranking_shares_top_k_against_everyone() -> None:
    ranked = ["a"] * 8 + ["b"] * 2 + ["b"] * 8 + ["a"] * 2  # top 10: 8 a, 2 b; all: 10 and 10
    shares = {s.group: s for s in ranking_shares(ranked, k=10, min_group_size=5)}
    assert shares["a"].share_top_k == pytest.approx(0.8) and shares["a"].share_all == pytest.approx(0.5)
    assert shares["b"].share_top_k == pytest.approx(0.2) and shares["b"].share_all == pytest.approx(0.5)
    assert ranking_shares(["a"] * 6 + ["c"] * 2, k=3, min_group_size=5)[1].hidden
