"""How a stated percentage is compared with the exact one (checks.md, Tolerances).

Round the exact value half-up to the decimals the stated value shows. Equal: fine. One unit off
in the last shown decimal: a rounding warning. More: an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import decimals_of, fmt, round_half_up, to_decimal, truncate
from ..findings import Severity
from ..model import Cell


@dataclass(frozen=True)
class Comparison:
    stated: Decimal
    exact: Decimal
    places: int

    @property
    def rounded(self) -> Decimal:
        return round_half_up(self.exact, self.places)

    @property
    def diff(self) -> Decimal:
        return self.stated - self.rounded

    @property
    def ok(self) -> bool:
        return self.diff == 0

    @property
    def rounding(self) -> bool:
        return abs(self.diff) <= Decimal(1).scaleb(-self.places)

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.rounding else Severity.ERROR

    @property
    def truncated(self) -> bool:
        """The stated value is the exact one cut off instead of rounded."""
        return not self.ok and truncate(self.exact, self.places) == self.stated

    def text(self, value: Decimal) -> str:
        return f"{fmt(value, self.places)}%"

    def summary(self) -> str:
        """'四舍五入为 99.10%，相差 0.01 个百分点（末位尾差）' — the shared tail of a message."""
        tail = "（末位尾差）" if self.rounding else ""
        why = (
            f"填报值为截尾（直接舍去），四舍五入应为 {self.text(self.rounded)}。"
            if self.truncated
            else ""
        )
        return (
            f"四舍五入为 {self.text(self.rounded)}，相差 {fmt(abs(self.diff), self.places)} 个百分点"
            f"{tail}。{why}"
        )


def places_of(cell: Cell) -> int:
    value = cell.number
    if cell.decimals is not None:
        return cell.decimals
    return decimals_of(value) if value is not None else 0


def compare(cell: Cell, exact: Decimal) -> Comparison | None:
    """Compare a stated percent cell with an exact value; None when nothing is stated."""
    value = cell.number
    if value is None:
        return None
    places = places_of(cell)
    # Compare what the cell shows: 99.094 in a 0.00 cell is stated as 99.09.
    return Comparison(round_half_up(to_decimal(value), places), exact, places)


def reproduces(cell: Cell, exact: Decimal | None) -> bool:
    """Does `exact`, rounded like the stated value, give exactly the stated value?"""
    if exact is None:
        return False
    c = compare(cell, exact)
    return c is not None and c.ok
