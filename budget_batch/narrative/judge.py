"""How a stated figure is judged against what the text's other figures give, at the precision the
text shows (checks.md "Tolerances"): the exact value rounded half-up to the stated decimals equal
is right; one unit of the last shown decimal off is rounding (a warning); more is wrong (an
error). Operands are taken as the intervals their shown digits allow (an amount shown as 30 may
be 29.5 … 30.5; a count is exact), so that a figure whose operands are too coarse to test it
is never called wrong (tests/documents/reports, lesson 14). 约 / 近 widen a figure by one unit of
its last digit; 以上 / 不少于 (≥), 超过 / 多 / 余 (>), 不足 (<), 以下 (≤) bound it on one side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from ..decimals import round_half_up
from .figures import Figure

OK, ROUNDING, WRONG, UNTESTABLE = "ok", "rounding", "wrong", "untestable"


@dataclass(frozen=True)
class Span:
    """An interval of values a figure (or what is computed from figures) may have."""

    lo: Decimal
    hi: Decimal

    def overlaps(self, other: Span) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


@dataclass(frozen=True)
class Verdict:
    status: str  # ok, rounding, wrong, untestable
    computed: Decimal | None = None  # the point value the other figures give (as compared)
    shown: Decimal | None = None  # that value rounded as the figure is shown


def precision(figs: Sequence[Figure]) -> int:
    """The decimals amounts that are computed together are shown to: a paragraph that writes
    2204.46 and 2224.46 writes 20 万元 for 20.00 (its trailing zeros dropped), not for 19.5 … 20.5.
    Counts and percentages are left out."""
    return max((f.decimals for f in figs if f.family == "money"), default=0)


def operand(fig: Figure, value: Decimal | None = None, decimals: int = 0) -> Span | None:
    """What `fig` may be (in 元 for money), shown to at least `decimals`; None when a one-sided
    word leaves it unbounded."""
    v = fig.in_yuan if value is None else value
    half = fig.half(max(fig.decimals, decimals))
    if fig.approx == "about":
        half += half * 2 if half else Decimal(1)  # one unit more
    elif fig.approx:
        return None
    return Span(v - half, v + half)


def fixed(value: Decimal) -> Span:
    return Span(value, value)


def total_of(spans: Sequence[Span]) -> Span:
    return Span(sum((s.lo for s in spans), Decimal(0)), sum((s.hi for s in spans), Decimal(0)))


def ratio(num: Span, den: Span) -> Span | None:
    """num ÷ den × 100 over the box; None when den may be zero or negative."""
    if den.lo <= 0:
        return None
    corners = [n * 100 / d for n in (num.lo, num.hi) for d in (den.lo, den.hi)]
    return Span(min(corners), max(corners))


def over_box(fn: Callable[..., Decimal], spans: Sequence[Span]) -> Span | None:
    """`fn` over the corners of the box `spans` (fn monotonic in each argument there)."""
    values: list[Decimal] = []

    def walk(i: int, args: list[Decimal]) -> None:
        if i == len(spans):
            values.append(fn(*args))
            return
        for v in (spans[i].lo, spans[i].hi):
            walk(i + 1, [*args, v])

    try:
        with localcontext() as ctx:
            ctx.traps[DivisionByZero] = True
            walk(0, [])
    except (DivisionByZero, InvalidOperation):
        return None
    return Span(min(values), max(values))


def judge_percent(stated: Figure, point: Decimal, possible: Span | None) -> Verdict:
    """A stated percentage (share, rate, rate of change; unsigned) against the exact `point` the
    other figures give and the interval `possible` their shown digits allow."""
    d = stated.decimals
    unit = Decimal(1).scaleb(-d)
    shown = round_half_up(point, d)
    value = abs(stated.value)
    if _bound_holds(stated, point):
        return Verdict(OK, point, shown)
    if stated.approx and stated.approx != "about":
        return Verdict(WRONG, point, shown)
    off = abs(shown - value)
    if off == 0:
        return Verdict(OK, point, shown)
    if stated.approx == "about" and off <= unit:
        return Verdict(OK, point, shown)
    if possible is not None and possible.overlaps(Span(value - unit / 2, value + unit / 2)):
        return Verdict(OK, point, shown)  # the operands are too coarse to tell
    return Verdict(ROUNDING if off == unit else WRONG, point, shown)


def judge_amount(
    stated: Figure, point: Decimal, possible: Span, value: Decimal, decimals: int = 0
) -> Verdict:
    """A stated amount or count (`value`, in 元 for money) against what the other figures give."""
    if _bound_holds(stated, point, value):
        return Verdict(OK, point, point)
    if stated.approx and stated.approx != "about":
        return Verdict(WRONG, point, point)
    mine = operand(stated, value, decimals)
    if mine is not None and mine.overlaps(possible):
        return Verdict(OK, point, point)
    return Verdict(WRONG, point, point)


def _bound_holds(stated: Figure, point: Decimal, value: Decimal | None = None) -> bool:
    """以上 / 不少于: point ≥ stated; 超过 / 多 / 余: point > stated; 不足: <; 以下: ≤."""
    v = abs(stated.value) if value is None else value
    half = Decimal(1).scaleb(-stated.decimals) / 2 if value is None else stated.half_unit
    if stated.approx == "at_least":
        return point >= v - half
    if stated.approx == "more_than":
        return point > v - half
    if stated.approx == "less_than":
        return point < v + half
    if stated.approx == "at_most":
        return point <= v + half
    return False
