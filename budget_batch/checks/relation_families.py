"""Relations over many rows — a 100,000-project sheet's totals and rates — kept cheap: their
sums are computed once, and their cells (or member relations) are made only when the localizer
asks about a cell of theirs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from .. import catalogue as C
from ..column_table import AllRows
from ..decimals import amount
from ..model import Row
from .relations import CellId, Interval, Linear, Ratio, Ref, Relation, State, Values, dec


class ColumnSum(Linear):
    """A total = Σ one column over many rows (2.2 项目支出 = Σ projects): its parts' sum is
    given (computed once, exactly), and its cells are made only if the localizer needs them."""

    def __init__(
        self,
        code: C.Code,
        anchor: Ref,
        what: str,
        rows: Sequence[Row],
        key: str,
        total: Decimal,
        tolerance: Decimal,
        say: Callable[[Linear, bool], str],
        rounding_code: C.Code | None,
        what_of_anchor: str,
    ) -> None:
        self.rows, self.key = rows, key
        self._terms: list[tuple[Ref, int]] | None = None
        # A column table's rows (`AllRows`) give their sheet rows without being made.
        self._indices = set(rows.indices) if isinstance(rows, AllRows) else {r.index for r in rows}
        self._sheet = rows.sheet if isinstance(rows, AllRows) else rows[0].sheet if rows else ""
        super().__init__(
            code, anchor, what, [], tolerance, amount, say, rounding_code, what_of_anchor
        )
        self._computed = total

    def __post_init__(self) -> None:  # terms and refs are made on demand
        pass

    @property
    def terms(self) -> list[tuple[Ref, int]]:
        if self._terms is None:  # made once, when the localizer first needs them
            self._terms = [(Ref(r, self.key), 1) for r in self.rows]
        return self._terms

    @terms.setter
    def terms(self, value: list[tuple[Ref, int]]) -> None:
        pass

    @property
    def refs(self) -> list[Ref]:
        return [self.anchor, *(ref for ref, _ in self.terms)]

    @refs.setter
    def refs(self, value: Sequence[Ref]) -> None:
        pass

    def around(self, wanted: set[CellId]) -> list[Relation]:
        touched = self.anchor.id in wanted or any(
            s == self._sheet and k == self.key and i in self._indices for s, i, k in wanted
        )
        return [self] if touched else []

    def refs_among(self, wanted: set[CellId]) -> list[Ref]:
        found = [self.anchor] if self.anchor.id in wanted else []
        for s, i, k in sorted(wanted):
            if s == self._sheet and k == self.key and i in self._indices:
                found.append(Ref(_row(self.rows, i), self.key))
        return found

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        if ref.id != self.anchor.id and not (
            ref.key == self.key and ref.row.index in self._indices
        ):
            return None
        computed, stated = self.computed, self.stated
        for cell, value in (values or {}).items():
            if cell == self.anchor.id:
                stated = value
            elif cell[2] == self.key and cell[1] in self._indices:
                row = _row(self.rows, cell[1])
                computed += value - dec(row.num(self.key))
        if ref.id == self.anchor.id:
            return Interval(computed - self.tolerance, computed + self.tolerance, computed, True)
        point = stated - (computed - dec(ref.value))
        return Interval(point - self.tolerance, point + self.tolerance, point, True)


def _row(rows: Sequence[Row], index: int) -> Row:
    """The row at sheet row `index` (a column table's made for the asking)."""
    if isinstance(rows, AllRows):
        found = rows.at(index)
        if found is not None:
            return found
    return next(r for r in rows if r.index == index)


class RatioFamily(Relation):
    """Many rate relations of one kind (a 执行率 per project) that clearly hold: kept as rows,
    made into Ratio relations only for the rows whose cells the localizer asks about."""

    def __init__(
        self,
        make: Callable[[Row], Ratio],
        rows: list[Row] | Mapping[tuple[str, int], Row],
        keys: tuple[str, ...],
    ) -> None:
        self.make, self.keys = make, frozenset(keys)
        # A column table's rows come by (sheet, row), made only when asked for (`RowsAt`).
        self.rows = rows if isinstance(rows, Mapping) else {(r.sheet, r.index): r for r in rows}
        self.refs = []

    def state(self) -> State:
        return State.HOLDS

    def around(self, wanted: set[CellId]) -> list[Relation]:
        hit = {(s, i) for s, i, k in wanted if k in self.keys and (s, i) in self.rows}
        return [self.make(self.rows[h]) for h in sorted(hit)]
