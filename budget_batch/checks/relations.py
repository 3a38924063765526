"""The relations the figures of a workbook must satisfy, as data (checks.md, "Blame").

A relation ties cells together: a total and its parts, 增减额 = 本年 − 上年, a stated rate and
the figures it is computed from. Each knows the cells it involves (and which of them are derived
rather than entered), whether it holds, which values of any one of its cells would make it hold,
and how to say it failed when nobody can tell which cell is wrong. The arithmetic checks declare
relations; `localizer` finds the cells to blame; `arithmetic` turns the outcome into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .. import catalogue as C
from ..decimals import amount, exact_sum, fmt, round_half_up, to_decimal
from ..findings import Finding, Severity
from ..form_schema import FORM_TABLES
from ..model import Cell, Row
from ..schema import TABLES
from .stated_percent import Comparison, compare, places_of

HEADERS = {spec.name: {c.key: c.header for c in spec.columns} for spec in (*TABLES, *FORM_TABLES)}
CellId = tuple[str, int, str]  # (sheet, row, column key): cheap to make, a million times over
Values = dict[CellId, Decimal]  # cells read as other values (a candidate pair's)
Form = Callable[[float | Decimal | None], str]


class State(Enum):
    HOLDS = "holds"
    NEAR = (
        "near"  # within a tolerance (尾差) or one unit off in a stated percentage: said, not blamed
    )
    FAILS = "fails"


@dataclass(frozen=True, slots=True)
class Ref:
    """One cell of a relation: a column of a row. Derived cells (增减额, 增减率, 占比, 执行率)
    weigh a little more than entered ones when the localizer chooses whom to blame."""

    row: Row
    key: str
    derived: bool = False

    @property
    def id(self) -> CellId:
        return (self.row.sheet, self.row.index, self.key)

    @property
    def address(self) -> str:
        """sheet!A1, as a finding names a cell."""
        return f"{self.row.sheet}!{self.row.ref(self.key)}"

    @property
    def value(self) -> float | None:
        return self.row.num(self.key)

    @property
    def header(self) -> str:
        printed = self.row.headers  # a project form's own label for the column
        if printed is not None and self.key in printed:
            return printed[self.key]
        return HEADERS.get(self.row.table, {}).get(self.key, self.key)

    @property
    def name(self) -> str:
        """「2.1.1 人员经费」全年执行数"""
        return f"{self.row.label}{self.header}"


@dataclass(frozen=True, slots=True)
class Interval:
    """The values of one cell that satisfy a relation; `point` is the one that satisfies it
    exactly (what a message advises), when there is one."""

    lo: Decimal
    hi: Decimal
    point: Decimal | None = None
    exact: bool = False  # the point solves an equation exactly (a sum), not a rounded rate

    def meet(self, other: Interval) -> Interval | None:
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo > hi:
            return None
        points = sorted(
            (i for i in (self, other) if i.point is not None and lo <= i.point <= hi),
            key=lambda i: not i.exact,
        )
        if not points:
            return Interval(lo, hi)
        return Interval(lo, hi, points[0].point, points[0].exact)

    @property
    def best(self) -> Decimal:
        return self.point if self.point is not None else (self.lo + self.hi) / 2


def dec(value: float | None) -> Decimal:
    return Decimal(0) if value is None else to_decimal(value)


class Relation:
    """Base of every relation. `code` is the finding it raises when reported at `anchor`."""

    code: C.Code
    anchor: Ref
    what: str  # how a message names it: 上级合计（2.1 基本支出）、增减额、执行率 …
    refs: Sequence[Ref]
    #: Two failing groups of these may be explained together by one cell of each (localizer).
    joinable = False

    def what_for(self, ref: Ref) -> str:
        """How the relation is named to the cell `ref` (a total sees its parts' sum)."""
        return self.what

    def state(self) -> State:
        raise NotImplementedError

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        """The values of `ref` that make the relation hold, the other cells as they are (or as
        `values` sets them)."""
        raise NotImplementedError

    def report(self, doubt: frozenset[CellId]) -> Finding:
        """The finding at the anchor; a value is advised only when no cell it is computed from
        is in `doubt`."""
        raise NotImplementedError

    def near(self) -> Finding | None:
        """The note or warning for a relation that holds only within its tolerance."""
        return None

    def around(self, wanted: set[CellId]) -> list[Relation]:
        """The relations (this one, or members of a family) that involve any `wanted` cell."""
        return [self] if any(ref.id in wanted for ref in self.refs) else []

    def refs_among(self, wanted: set[CellId]) -> list[Ref]:
        """Its cells that are `wanted` (a sum over 100,000 rows finds them without making the
        others)."""
        return [ref for ref in self.refs if ref.id in wanted]


@dataclass(eq=False)
class Linear(Relation):
    """stated = Σ coefficient × term, within `tolerance`: a total and its parts, 增减额, the
    balance. An empty term counts as 0 (a total left empty is flagged)."""

    code: C.Code
    anchor: Ref
    what: str
    terms: list[tuple[Ref, int]]
    tolerance: Decimal
    form: Form = amount
    #: (stated, computed, terms) → the message at the anchor; `advise` is False when in doubt
    say: Callable[[Linear, bool], str] = field(default=lambda rel, advise: "")
    rounding_code: C.Code | None = None
    #: how the relation is named to its stated cell (the total sees "its parts' sum")
    what_of_anchor: str = ""
    _computed: Decimal | None = None

    def what_for(self, ref: Ref) -> str:
        return self.what_of_anchor or self.what if ref.id == self.anchor.id else self.what

    def __post_init__(self) -> None:
        self.refs = [self.anchor, *(ref for ref, _ in self.terms)]

    @property
    def stated(self) -> Decimal:
        return dec(self.anchor.value)

    @property
    def computed(self) -> Decimal:
        if self._computed is None:
            plus = exact_sum(r.value for r, c in self.terms if c == 1)
            minus = exact_sum(r.value for r, c in self.terms if c == -1)
            other = sum((dec(r.value) * c for r, c in self.terms if c not in (1, -1)), Decimal(0))
            self._computed = plus - minus + other
        return self._computed

    @property
    def diff(self) -> Decimal:
        return self.stated - self.computed

    def state(self) -> State:
        diff = abs(self.diff)
        if diff == 0:
            return State.HOLDS
        return State.NEAR if diff <= self.tolerance else State.FAILS

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        computed, stated = self.computed, self.stated
        for cell, value in (values or {}).items():
            if cell == self.anchor.id:
                stated = value
            for r, c in self.terms:
                if r.id == cell:
                    computed += (value - dec(r.value)) * c
        if ref.id == self.anchor.id:
            return Interval(computed - self.tolerance, computed + self.tolerance, computed, True)
        coefficient = sum(c for r, c in self.terms if r.id == ref.id)
        if coefficient == 0:
            return None
        point = (stated - (computed - dec(ref.value) * coefficient)) / coefficient
        slack = self.tolerance / abs(coefficient)
        return Interval(point - slack, point + slack, point, True)

    def report(self, doubt: frozenset[CellId]) -> Finding:
        return self.code.finding(
            self.anchor.row.sheet,
            self.anchor.row.ref(self.anchor.key),
            self.say(self, not doubt),
            stated=self.anchor.value,
            computed=float(self.computed),
        )

    def near(self) -> Finding | None:
        if self.rounding_code is None or self.state() is not State.NEAR:
            return None
        return self.rounding_code.finding(
            self.anchor.row.sheet,
            self.anchor.row.ref(self.anchor.key),
            self.say(self, True),
            stated=self.anchor.value,
            computed=float(self.computed),
        )


@dataclass(eq=False)
class Ratio(Relation):
    """A stated percentage = Σ numerator terms ÷ denominator × 100, rounded as the stated value
    shows (增减率, 执行率, 占比). One unit off in the last shown decimal is a rounding warning."""

    code: C.Code
    anchor: Ref
    what: str
    numerator: list[tuple[Ref, int]]
    denominator: Ref
    #: (relation, comparison, advise) → the message at the anchor
    say: Callable[[Ratio, Comparison, bool], str]

    def __post_init__(self) -> None:
        refs = [self.anchor, *(ref for ref, _ in self.numerator)]
        if all(ref.id != self.denominator.id for ref in refs):  # 上年数 is in both for 增减率
            refs.append(self.denominator)
        self.refs = refs

    @property
    def cell(self) -> Cell:
        return self.anchor.row.at(self.anchor.key)

    @property
    def exact(self) -> Decimal | None:
        return self._exact({})

    def _exact(self, values: dict[CellId, Decimal]) -> Decimal | None:
        def v(ref: Ref) -> Decimal:
            return values.get(ref.id, dec(ref.value))

        whole = v(self.denominator)
        if whole == 0:
            return None
        return sum((v(r) * c for r, c in self.numerator), Decimal(0)) * 100 / whole

    def comparison(self) -> Comparison | None:
        exact = self.exact
        return compare(self.cell, exact) if exact is not None else None

    def state(self) -> State:
        if self._clearly_holds():
            return State.HOLDS
        cmp = self.comparison()
        if cmp is None or cmp.ok:
            return State.HOLDS
        return State.NEAR if cmp.rounding else State.FAILS

    def _clearly_holds(self) -> bool:
        """What the cell shows is the exact rate rounded, by a margin no float error can upset
        (a 100,000-project sheet's rates, without Decimal); close calls go to exact arithmetic."""
        stated, whole = self.anchor.value, self.denominator.value
        if stated is None or not whole:
            return False
        part = 0.0
        for ref, coefficient in self.numerator:
            value = ref.value
            part += (value or 0.0) * coefficient
        places = places_of(self.cell)
        return abs(round(stated, places) - part * 100 / whole) < 0.45 * 10.0**-places

    @property
    def unit(self) -> Decimal:
        return Decimal(1).scaleb(-places_of(self.cell))

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        values = values or {}
        unit = self.unit

        def v(r: Ref) -> Decimal:
            return values.get(r.id, dec(r.value))

        if ref.id == self.anchor.id:
            exact = self._exact(values)
            if exact is None:
                return None
            rounded = round_half_up(exact, places_of(self.cell))
            return Interval(rounded - unit, rounded + unit, rounded)
        stated = v(self.anchor)
        # Σ a·x (numerator) = r/100 × d (denominator), solved for `ref` at r = stated ± unit
        a = sum((Decimal(c) for r, c in self.numerator if r.id == ref.id), Decimal(0))
        is_den = ref.id == self.denominator.id
        rest_num = sum((v(r) * c for r, c in self.numerator if r.id != ref.id), Decimal(0))
        rest_den = Decimal(0) if is_den else v(self.denominator)

        def at(rate: Decimal) -> Decimal | None:
            divisor = rate / 100 * (1 if is_den else 0) - a
            if divisor == 0:
                return None
            return (rest_num - rate / 100 * rest_den) / divisor

        ends = [at(stated - unit), at(stated + unit)]
        point = at(stated)
        if any(e is None for e in ends) or point is None:
            return None
        lo, hi = sorted(e for e in ends if e is not None)
        if not lo <= point <= hi:  # a pole between the ends: no sound interval
            return None
        return Interval(lo, hi, point)

    def report(self, doubt: frozenset[CellId]) -> Finding:
        cmp = self.comparison()
        assert cmp is not None
        advise = not any(r.id in doubt for r in self.refs if r.id != self.anchor.id)
        return self.code.finding(
            self.anchor.row.sheet,
            self.cell.ref,
            self.say(self, cmp, advise),
            stated=self.cell.number,
            computed=float(cmp.rounded),
            severity=Severity.ERROR,
        )

    def near(self) -> Finding | None:
        cmp = self.comparison()
        if cmp is None or cmp.ok or not cmp.rounding:
            return None
        return self.code.finding(
            self.anchor.row.sheet,
            self.cell.ref,
            self.say(self, cmp, True),
            stated=self.cell.number,
            computed=float(cmp.rounded),
            severity=Severity.WARNING,
        )


def candidates_text(refs: Iterable[Ref]) -> str:
    names = [r.name for r in refs]
    shown = "、".join(names[:6]) + (f" 等 {len(names)} 处" if len(names) > 6 else "")
    return f"无法确定是哪一个数填错，可能是：{shown}。"


__all__ = [
    "CellId",
    "Interval",
    "Linear",
    "Ratio",
    "Ref",
    "Relation",
    "State",
    "candidates_text",
    "dec",
    "fmt",
]
