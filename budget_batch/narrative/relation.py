"""A relation the text states between its figures, bound and judged; and one it was declined."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import fmt
from .figures import MONEY_SCALE, Figure
from .judge import Verdict

#: How a message names each kind of relation (narrative.md: 合计 / 占比 / 增减 / 比率).
RELATION_NAMES = {
    "sum": "合计",
    "names": "合计",
    "share": "占比",
    "change": "增减",
    "change_rate": "增减",
    "rate": "比率",
}


@dataclass
class Relation:
    kind: str  # sum, names, share, change, change_rate, rate
    stated: Figure  # the figure the relation tests, and the one a failure is reported on
    operands: tuple[Figure, ...]
    verdict: Verdict
    formula: str  # how a message writes the computation: 489.18 + 46.89 = 536.07
    what: str = ""  # what the stated figure is, in words: 占总收入的比例, 增减率

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (self.stated, *self.operands)

    @property
    def name(self) -> str:
        return RELATION_NAMES[self.kind]


@dataclass
class Declined:
    """A relation found but not checked: its binding is ambiguous (narrative.md: never guess)."""

    kind: str
    figures: tuple[Figure, ...]
    why: str


def shown(fig: Figure, value: Decimal | None = None) -> str:
    """A figure as a formula writes it: its value as written (no unit), or `value` (in 元 for
    money) in the figure's own unit."""
    if value is None:
        return fmt(fig.value)
    scale = MONEY_SCALE.get(fig.unit, Decimal(1)) if fig.family == "money" else Decimal(1)
    return fmt(value / scale)


def in_unit_of(fig: Figure, value: Decimal, decimals: int | None = None) -> str:
    """`value` (in 元 for money) in `fig`'s unit, with `decimals` (the figure's own when None)."""
    scale = MONEY_SCALE.get(fig.unit, Decimal(1)) if fig.family == "money" else Decimal(1)
    return fmt(value / scale, fig.decimals if decimals is None else decimals)
