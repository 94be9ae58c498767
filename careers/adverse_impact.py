"""The adverse-impact monitor: selection rates per self-identified group and the
four-fifths rule (EEOC Uniform Guidelines, 29 CFR 1607.4(D)): a group whose
selection rate is below 80% of the highest group's rate is evidence of adverse
impact. Only aggregates leave this module, and groups smaller than the minimum
size are hidden (named only as "fewer than N") so no individual is exposed.

Pure arithmetic here; careers.selectors gathers the counts.
"""

from __future__ import annotations

from dataclasses import dataclass

FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class GroupRate:
    group: str
    applicants: int
    selected: int
    rate: float | None  # None when hidden
    ratio: float | None  # rate / the highest shown rate; None when hidden or nobody was selected
    hidden: bool
    below_four_fifths: bool


@dataclass(frozen=True)
class ImpactTable:
    rows: list[GroupRate]
    min_group_size: int

    @property
    def warning(self) -> bool:
        return any(row.below_four_fifths for row in self.rows)

    @property
    def hidden_groups(self) -> int:
        return sum(1 for row in self.rows if row.hidden)


def four_fifths(counts: dict[str, tuple[int, int]], *, min_group_size: int) -> ImpactTable:
    """counts: group -> (applicants, selected). Groups under min_group_size applicants are hidden
    and take no part in the comparison."""
    shown = {g: (n, s) for g, (n, s) in counts.items() if n >= min_group_size and n > 0}
    highest = max((s / n for n, s in shown.values()), default=0.0)
    rows = []
    for group in sorted(counts):
        applicants, selected = counts[group]
        if group not in shown:
            rows.append(GroupRate(group, applicants, selected, None, None, hidden=True, below_four_fifths=False))
            continue
        rate = selected / applicants
        ratio = rate / highest if highest > 0 else None
        # A warning needs at least two comparable groups: one group alone has nothing to fall behind.
        flagged = ratio is not None and ratio < FOUR_FIFTHS and len(shown) > 1
        rows.append(GroupRate(group, applicants, selected, rate, ratio, hidden=False, below_four_fifths=flagged))
    return ImpactTable(rows=rows, min_group_size=min_group_size)


@dataclass(frozen=True)
class RankingShare:
    group: str
    share_top_k: float | None
    share_all: float | None
    hidden: bool


def ranking_shares(groups_in_rank_order: list[str], *, k: int, min_group_size: int) -> list[RankingShare]:
    """Each group's share of the top-k ranked candidates against its share of everyone ranked."""
    total = len(groups_in_rank_order)
    top = groups_in_rank_order[:k]
    shares = []
    for group in sorted(set(groups_in_rank_order)):
        count = groups_in_rank_order.count(group)
        if count < min_group_size:
            shares.append(RankingShare(group, None, None, hidden=True))
            continue
        shares.append(
            RankingShare(
                group,
                share_top_k=top.count(group) / len(top) if top else None,
                share_all=count / total,
                hidden=False,
            )
        )
    return shares
