"""Blame the cell that is wrong: error localization over the relations (Fellegi–Holt).

For the relations that fail, find the smallest-weight set of cells whose change makes every
relation touching them hold — single cells first, then pairs — as Statistics Netherlands'
`errorlocate` does with a mixed-integer program; one workbook's relations are few and linear
(or ratios solved one cell at a time), so an exact search over singles and pairs is enough.
Derived cells weigh a little more than entered ones. One smallest set: blame its cells. Several
of equal weight, or none within two cells: report at the relations, naming the candidates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import combinations

from ..decimals import decimals_of, round_half_up
from .relations import CellId, Interval, Ref, Relation, dec
from .stated_percent import places_of
from .typing_slips import typing_slip

ENTERED, DERIVED = 10, 11  # weights, in tenths: a derived cell weighs a little more
#: A cell whose typed value is a typing slip of the value that fits (digits swapped, a point
#: misplaced) is the likelier culprit: it weighs this much less.
SLIP = 3
IMPLAUSIBLE_PERCENT = 10_000  # no 执行率, 占比 or 增减率 reads 10,000%
MAX_PAIR_CANDIDATES = 40
MAX_JOINED = 30  # unexplained groups beyond this are not joined pairwise (a workbook in ruins)
PERCENT_KEYS = frozenset({"yoy_rate", "share", "exec_rate"})
CENT = Decimal("0.01")  # beyond this many cells in one failing group, pairs are not searched


@dataclass
class Outcome:
    """One group of failing relations that share cells, and who is to blame for it."""

    failing: list[Relation]
    blamed: dict[CellId, tuple[Ref, Interval]] = field(default_factory=dict)
    candidates: list[Ref] = field(default_factory=list)  # the tie, when nobody can be blamed

    @property
    def localized(self) -> bool:
        return bool(self.blamed)


class Index:
    """The relations of each cell of the failing groups (a candidate must satisfy all of its
    relations, holding ones included), found in one pass over every relation."""

    def __init__(self, relations: list[Relation], wanted: set[CellId]) -> None:
        self._by_cell: dict[CellId, list[Relation]] = defaultdict(list)
        for relation in relations:
            for member in relation.around(wanted):
                for ref in member.refs_among(wanted):
                    self._by_cell[ref.id].append(member)

    def of(self, cell: CellId) -> list[Relation]:
        return self._by_cell.get(cell, [])


def localize(
    relations: list[Relation], failing: list[Relation], unit: str = "万元"
) -> list[Outcome]:
    """`unit` is the workbook's 金额单位: which slip (元 for 万元, or the reverse) can happen."""
    if not failing:
        return []
    index = Index(relations, {ref.id for r in failing for ref in r.refs})
    return _joined([_blame(group, index, unit) for group in _groups(failing)], index, unit)


def _groups(failing: list[Relation]) -> list[list[Relation]]:
    """Failing relations connected through shared cells (union–find over cell ids)."""
    parent = list(range(len(failing)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[CellId, int] = {}
    for i, relation in enumerate(failing):
        for ref in relation.refs:
            j = owner.setdefault(ref.id, i)
            parent[find(i)] = find(j)
    groups: dict[int, list[Relation]] = defaultdict(list)
    for i, relation in enumerate(failing):
        groups[find(i)].append(relation)
    return list(groups.values())


def _weight(ref: Ref, interval: Interval | None = None, unit: str = "万元") -> int:
    base = DERIVED if ref.derived else ENTERED
    if ref.key in PERCENT_KEYS and abs(ref.value or 0) > IMPLAUSIBLE_PERCENT:
        return base - SLIP  # a stated rate of thousands of per cent is itself the slip
    if (
        interval is not None
        and ref.value is not None
        and typing_slip(
            dec(ref.value), _shown(ref, interval.best), strong_only=True, kind=slip_kind(ref, unit)
        )
    ):
        return base - SLIP
    return base


def slip_kind(ref: Ref, unit: str) -> str:
    """What kind of figure a cell holds, for the slips that fit it (`unit`: 金额单位)."""
    if ref.key in PERCENT_KEYS:
        return "percent"
    if ref.row.table == "服务数量" and ref.key in ("prior", "current"):
        return "count"
    return "money_yuan" if unit == "元" else "money"


def _shown(ref: Ref, value: Decimal) -> Decimal:
    """The value as the cell would show it: a rate at its decimals, money at cents."""
    if ref.key in PERCENT_KEYS:
        return round_half_up(value, places_of(ref.row.at(ref.key)))
    return round_half_up(value, 2)


def _meet(ref: Ref, relations: Iterable[Relation]) -> Interval | None:
    """The values of `ref` that satisfy every one of `relations`, the other cells as they are;
    None when there is none, when a relation cannot say, or when there are no relations."""
    interval: Interval | None = None
    for relation in relations:
        solved = relation.solve(ref)
        if solved is None:
            return None
        interval = solved if interval is None else interval.meet(solved)
        if interval is None:
            return None
    return interval


#: Columns whose figures may be negative: changes (a decrease is one).
SIGNED = frozenset({"yoy_amount", "yoy_rate"})


def _feasible(ref: Ref, index: Index) -> Interval | None:
    """The values of `ref` satisfying every relation it is in (the others as they are), that
    the cell could hold: money in cents, a rate at its decimals, a count as typed."""
    interval = _meet(ref, index.of(ref.id))
    if interval is None:
        return None
    if ref.key not in SIGNED and ref.value is not None and ref.value >= 0:
        # A figure that is not negative is never advised to become negative (no spending,
        # budget or count is): such a repair explains nothing, whatever digits it swaps.
        if interval.hi < 0:
            return None
        if interval.lo < 0:
            point = interval.point if interval.point is not None and interval.point >= 0 else None
            interval = Interval(Decimal(0), interval.hi, point, interval.exact)
    on_grid = _on_grid(ref, interval)
    if on_grid is None or on_grid.point is None:
        return on_grid
    # Moving an amount by one cent explains nothing that failed beyond its tolerance: only a
    # rate's rounding does that (a small base makes a rate swing on a cent).
    if ref.key not in PERCENT_KEYS and ref.value is not None:
        if abs(on_grid.point - dec(ref.value)) <= _quantum(ref) and _quantum(ref) == CENT:
            return None
    return on_grid


def _quantum(ref: Ref) -> Decimal:
    if ref.key in PERCENT_KEYS:
        return Decimal(1).scaleb(-places_of(ref.row.at(ref.key)))
    if ref.row.table == "服务数量" and ref.key in ("prior", "current"):
        value = ref.value
        return Decimal(1).scaleb(-decimals_of(value)) if value is not None else Decimal(1)
    return CENT


def _on_grid(ref: Ref, interval: Interval) -> Interval | None:
    """The interval's values a cell can hold (None when there is none), its point among them."""
    q = _quantum(ref)
    lo = (interval.lo / q).to_integral_value(ROUND_CEILING) * q
    hi = (interval.hi / q).to_integral_value(ROUND_FLOOR) * q
    if lo > hi:
        return None
    point = (interval.best / q).to_integral_value(ROUND_HALF_UP) * q
    return Interval(lo, hi, min(max(point, lo), hi), interval.exact)


def _blame(group: list[Relation], index: Index, unit: str) -> Outcome:
    outcome = Outcome(group)
    cells: dict[CellId, Ref] = {}
    for relation in group:
        for ref in relation.refs:
            cells.setdefault(ref.id, ref)
    # Singles: a cell in every failing relation of the group whose change satisfies all of its
    # relations.
    group_ids = [_ids(r) for r in group]
    in_all = [ref for cell, ref in cells.items() if all(cell in ids for ids in group_ids)]
    singles = [(ref, i) for ref in in_all if (i := _feasible(ref, index)) is not None]
    if singles:
        least = min(_weight(ref, i, unit) for ref, i in singles)
        best = [(ref, i) for ref, i in singles if _weight(ref, i, unit) == least]
        if len(best) == 1:
            ref, interval = best[0]
            outcome.blamed[ref.id] = (ref, interval)
        else:
            outcome.candidates = [ref for ref, _ in best]
        return outcome
    pairs = _pairs(group_ids, cells, index, unit)
    if pairs:
        least = min(w for w, _ in pairs)
        best_pairs = [p for w, p in pairs if w == least]
        if len(best_pairs) == 1:
            for ref, interval in best_pairs[0]:
                outcome.blamed[ref.id] = (ref, interval)
        else:
            seen: dict[CellId, Ref] = {}
            for pair in best_pairs:
                for ref, _ in pair:
                    seen.setdefault(ref.id, ref)
            outcome.candidates = list(seen.values())
    return outcome


def _ids(relation: Relation) -> set[CellId]:
    return {ref.id for ref in relation.refs}


def _pairs(
    ids: list[set[CellId]], cells: dict[CellId, Ref], index: Index, unit: str
) -> list[tuple[int, tuple[tuple[Ref, Interval], tuple[Ref, Interval]]]]:
    """Pairs of cells that together touch every failing relation and can each be set so that
    all their relations hold. A relation holding both cells is checked with both values set."""
    if len(cells) > MAX_PAIR_CANDIDATES:
        return []
    found = []
    for a, b in combinations(cells.values(), 2):
        if not all(a.id in s or b.id in s for s in ids):
            continue
        solved = _solve_pair(a, b, index)
        if solved is not None:
            (ra, ia), (rb, ib) = solved
            found.append((_weight(ra, ia, unit) + _weight(rb, ib, unit), solved))
    return found


def _solve_pair(
    a: Ref, b: Ref, index: Index
) -> tuple[tuple[Ref, Interval], tuple[Ref, Interval]] | None:
    """Each cell pinned by the relations it does not share with the other; the shared ones
    must then hold with both pinned values in place."""
    pinned: dict[CellId, Interval] = {}
    for ref, other in ((a, b), (b, a)):
        interval = _meet(ref, [r for r in index.of(ref.id) if other.id not in _ids(r)])
        if interval is None or interval.point is None:
            return None  # not pinned: any value would do, so the pair says nothing
        pinned[ref.id] = interval
    for relation in index.of(a.id):
        if b.id not in _ids(relation):
            continue
        solved = relation.solve(a, {b.id: pinned[b.id].best})
        if solved is None or solved.meet(pinned[a.id]) is None:
            return None
    return (a, pinned[a.id]), (b, pinned[b.id])


def _joined(outcomes: list[Outcome], index: Index, unit: str) -> list[Outcome]:
    """Two failing groups that nobody within either explains, tied by a relation that holds (a
    类 and its 款 both mistyped by the same amount: 类 = Σ 款 still holds, and changing either
    alone would break it): one cell of each, set together so that every relation holds, is the
    smallest change when it is the only such pair for both groups. Only relations that opt in
    (`Relation.joinable`: the 部门决算's) are joined; the others keep their tie reports."""
    open_ = [o for o in outcomes if not o.localized and all(r.joinable for r in o.failing)]
    if not 2 <= len(open_) <= MAX_JOINED:
        return outcomes
    covers = {id(o): _covering(o) for o in open_}
    joins: dict[int, list[tuple[int, Outcome, tuple[tuple[Ref, Interval], ...]]]] = {}
    for a, b in combinations(open_, 2):
        found = []
        for ra in covers[id(a)]:
            for rb in covers[id(b)]:
                if not any(rb.id in _ids(r) for r in index.of(ra.id)):
                    continue
                solved = _solve_pair(ra, rb, index)
                if solved is not None:
                    weight = sum(_weight(r, i, unit) for r, i in solved)
                    found.append((weight, solved))
        if not found:
            continue
        least = min(w for w, _ in found)
        best = [p for w, p in found if w == least]
        if len(best) == 1:
            joins.setdefault(id(a), []).append((least, b, best[0]))
            joins.setdefault(id(b), []).append((least, a, best[0]))
    merged: dict[int, Outcome] = {}
    for a in open_:
        mine = joins.get(id(a), [])
        if len(mine) != 1 or id(a) in merged:
            continue
        _, b, pair = mine[0]
        if len(joins.get(id(b), [])) != 1 or id(b) in merged:
            continue
        both = Outcome([*a.failing, *b.failing], {ref.id: (ref, i) for ref, i in pair})
        merged[id(a)], merged[id(b)] = both, both
    out: list[Outcome] = []
    for o in outcomes:
        m = merged.get(id(o), o)
        if not any(m is x for x in out):
            out.append(m)
    return out


def _covering(outcome: Outcome) -> list[Ref]:
    """The cells in every failing relation of the group."""
    sets = [_ids(r) for r in outcome.failing]
    cells = {ref.id: ref for r in outcome.failing for ref in r.refs}
    return [ref for cell, ref in cells.items() if all(cell in s for s in sets)]
