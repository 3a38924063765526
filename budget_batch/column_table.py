"""A large table held as columns: a 100,000-project 项目支出 without 100,000 `Row` objects.

`read/table_columns.py` reads a table sheet above `COLUMNAR_ROWS` data rows column by column.
Most of its rows are *plain*: every value bare (a float in a number column, a trimmed string in a
text column, a percentage with its shown decimals), nothing parsed, nothing reported, not a 合计
row. Those are kept only as columns. The others — a formula, an error value, a merged cell, text
in a number column, an empty required cell, a label with 计 … — are *irregular*: read by the row
reader exactly as on a small sheet and kept as the `Row` objects it built.

A plain row becomes a `Row` only when something asks for it: `row_at` (a finding's row),
`where` (the rows a check must look at: the irregular ones, the plain ones its pre-filter on the
columns lets through, and those with a repaired cell) and `numbers` (a column over every row, for
sums). The Row made for a plain row is the one the row reader would have made — the same cells
dict in the same order — so a check that reads it says what it says on a small sheet. `rows`
gives every row, made once on first use: correct for any reader of the table, fast for none.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, overload

from .model import Cell, Row, Stored, Table
from .schema import TableSpec

#: A table sheet with more data rows than this is read as columns.
COLUMNAR_ROWS = 2_000
#: A pre-filter over some columns of a column table's plain rows: the positions to look at.
Scan = Callable[..., list[int]]


class ColumnTable(Table):
    """A table whose plain rows are columns (see the module's docstring)."""

    def __init__(
        self,
        spec: TableSpec,
        sheet: str,
        header_row: int,
        columns: dict[str, int],
        *,
        index: list[int],
        values: dict[str, list[Any]],
        decimals: dict[str, list[int | None]],
        numeric: set[str],
        irregular: list[Row],
        totals: list[Row],
        unreadable_columns: set[str],
    ) -> None:
        super().__init__(spec, sheet, header_row, columns, [], totals, unreadable_columns)
        #: The sheet row of each plain row, ascending.
        self.index = index
        #: Column key → each plain row's value as a Row stores it (None: empty), in plan order.
        self.values = values
        #: Percentage columns: each plain row's shown decimals (its Cell is made with them).
        self.decimals = decimals
        #: The number columns (their plain values are floats or None).
        self.numeric = numeric
        #: The rows read one by one, ascending: items only (a 合计 row is in `totals`).
        self.irregular = irregular
        self._made: dict[int, Row] = {}  # plain rows made so far, by position
        self._all: list[Row] | None = None
        self._positions: dict[int, int] | None = None

    # Every row, made (the fallback for readers without a column path).
    @property
    def rows(self) -> list[Row]:
        if self._all is None:
            self._all = list(self.every_row())
        return self._all

    @rows.setter
    def rows(self, value: list[Row]) -> None:
        if value:  # Table's own __init__ sets it empty
            raise AttributeError("a column table's rows are read from its columns")

    def __repr__(self) -> str:
        return (
            f"ColumnTable({self.spec.name!r}, {self.sheet!r}, {len(self.index)} plain rows, "
            f"{len(self.irregular)} irregular)"
        )

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def count(self) -> int:
        """How many data rows (items) the table has."""
        return len(self.index) + len(self.irregular)

    def plain_row(self, position: int) -> Row:
        """The Row of the plain row at `position` (made once)."""
        row = self._made.get(position)
        if row is None:
            index = self.index[position]
            cells: dict[str, Stored] = {}
            for key, column in self.values.items():
                value = column[position]
                if value is None:
                    continue
                shown = self.decimals.get(key)
                if shown is not None:
                    value = Cell(
                        self.sheet, index, self.columns[key], value, value, shown[position]
                    )
                cells[key] = value
            row = self._made[position] = Row(self.sheet, index, cells, self.columns, self.spec.name)
        return row

    def every_row(self) -> Iterator[Row]:
        """Every data row in sheet order, each made as it comes."""
        irregular = self.irregular
        k = 0
        for position, index in enumerate(self.index):
            while k < len(irregular) and irregular[k].index < index:
                yield irregular[k]
                k += 1
            yield self.plain_row(position)
        yield from irregular[k:]

    def walk(self) -> Iterator[tuple[int, Row | None]]:
        """Every data row in sheet order without making the plain ones: (its position, None)
        for a plain row, (-1, the row) for an irregular one."""
        irregular = self.irregular
        k = 0
        for position, index in enumerate(self.index):
            while k < len(irregular) and irregular[k].index < index:
                yield -1, irregular[k]
                k += 1
            yield position, None
        for row in irregular[k:]:
            yield -1, row

    def row_at(self, index: int) -> Row | None:
        """The data or 合计 row at sheet row `index`."""
        position = self.positions().get(index)
        if position is not None:
            return self.plain_row(position)
        return next((r for r in (*self.irregular, *self.totals) if r.index == index), None)

    def where(
        self, keys: Sequence[str], scan: Scan | None, also: AbstractSet[int] = frozenset()
    ) -> list[Row]:
        """The rows a check must look at, in sheet order: every irregular row, the plain rows at
        the positions `scan` gives (called with the plain rows' columns `keys`, None where a
        cell is empty) and the plain rows at the sheet rows `also` (a repaired cell's)."""
        empty = [None] * len(self.index)
        hits = scan(*(self.values.get(k, empty) for k in keys)) if scan is not None else []
        if also:
            positions = self.positions()
            hits = sorted({*hits, *(positions[i] for i in also if i in positions)})
        return self._merged([self.plain_row(p) for p in hits])

    def positions(self) -> dict[int, int]:
        """Sheet row → position, of the plain rows."""
        if self._positions is None:
            self._positions = {i: p for p, i in enumerate(self.index)}
        return self._positions

    def numbers(self, key: str) -> list[float | None]:
        """`Row.num(key)` of every data row, in sheet order (without making the plain rows; a
        list the caller must not change)."""
        column = self.values.get(key)
        if column is None:
            plain: list[float | None] = [None] * len(self.index)
        elif key in self.numeric:
            plain = column  # floats or None already (not to be written)
        else:
            plain = [
                v
                if type(v) is float
                else v.value
                if type(v) is Cell and type(v.value) is float
                else None
                for v in column
            ]
        if not self.irregular:
            return plain
        out: list[float | None] = []
        start = 0
        for row in self.irregular:
            at = bisect_left(self.index, row.index, start)
            out.extend(plain[start:at])
            out.append(row.num(key))
            start = at
        out.extend(plain[start:])
        return out

    def all_rows(self) -> AllRows:
        """Every data row as a sequence that makes a plain row only when it is asked for."""
        return AllRows(self)

    def _merged(self, plain: list[Row]) -> list[Row]:
        """`plain` rows and the irregular rows, in sheet order."""
        if not self.irregular:
            return plain
        return sorted([*plain, *self.irregular], key=lambda r: r.index)


class AllRows(Sequence[Row]):
    """A column table's data rows in sheet order, made one by one as they are asked for (a sum
    over a column keeps these and makes a term's Row only if the localizer needs it)."""

    def __init__(self, table: ColumnTable) -> None:
        self.table = table
        self.sheet = table.sheet
        self._indices: list[int] | None = None

    @property
    def indices(self) -> list[int]:
        """The sheet row of every data row, in order."""
        if self._indices is None:
            merged = [*self.table.index, *(r.index for r in self.table.irregular)]
            self._indices = sorted(merged) if self.table.irregular else merged
        return self._indices

    def at(self, index: int) -> Row | None:
        return self.table.row_at(index)

    def __len__(self) -> int:
        return self.table.count

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Row]: ...
    def __getitem__(self, i: int | slice) -> Row | Sequence[Row]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self.table.row_at(self.indices[i])
        if row is None:  # pragma: no cover - every index is a data row's
            raise IndexError(i)
        return row

    def __iter__(self) -> Iterator[Row]:
        return self.table.every_row()


class RowsAt(Mapping[tuple[str, int], Row]):
    """Some rows of a column table by (sheet, row): plain ones by position, made when looked up,
    and rows already made."""

    def __init__(self, table: ColumnTable, positions: list[int], rows: list[Row]) -> None:
        self.table = table
        self._plain = {table.index[p]: p for p in positions}
        self._rows = {r.index: r for r in rows}

    def __getitem__(self, key: tuple[str, int]) -> Row:
        sheet, index = key
        if sheet == self.table.sheet:
            if index in self._rows:
                return self._rows[index]
            if index in self._plain:
                return self.table.plain_row(self._plain[index])
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2 or key[0] != self.table.sheet:
            return False
        return key[1] in self._rows or key[1] in self._plain

    def __iter__(self) -> Iterator[tuple[str, int]]:
        sheet = self.table.sheet
        return iter(sorted((sheet, i) for i in (*self._rows, *self._plain)))

    def __len__(self) -> int:
        return len(self._rows) + len(self._plain)


def data_rows(table: Table | None) -> Sequence[Row]:
    """A table's data rows: a column table's without making them (`AllRows`)."""
    if table is None:
        return []
    return table.all_rows() if isinstance(table, ColumnTable) else table.rows


def rows_where(
    table: Table | None, keys: Sequence[str], scan: Scan, also: AbstractSet[int] = frozenset()
) -> list[Row]:
    """The rows of `table` a check must look at: all of a row table's; of a column table, those
    `ColumnTable.where` gives. `scan` must give every plain row the check could say something
    about (a pre-filter over the columns, in one pass: the check itself still decides on each
    row it is given)."""
    if table is None:
        return []
    if isinstance(table, ColumnTable):
        return table.where(keys, scan, also)
    return table.rows


def column_numbers(table: Table | None, key: str) -> list[float | None]:
    """`Row.num(key)` of every data row of `table`, in sheet order."""
    if table is None:
        return []
    if isinstance(table, ColumnTable):
        return table.numbers(key)
    return [r.num(key) for r in table.rows]


__all__ = [
    "COLUMNAR_ROWS",
    "AllRows",
    "ColumnTable",
    "RowsAt",
    "column_numbers",
    "data_rows",
    "rows_where",
]
