"""The rows of a table a check must look at: every row of a small table; of a large one read as
columns (`column_table.ColumnTable`), the irregular rows, the plain rows a pre-filter over the
columns lets through (one pass over lists, no Row made), and the rows with a cell the localizer
repaired (read through the overlay, so the pre-filter on the stored values cannot speak for
them). The check then decides on each row it is given exactly as on a small sheet; a pre-filter
only has to let through every plain row the check could say something about."""

from __future__ import annotations

from collections.abc import Sequence

from ..column_table import Scan, rows_where
from ..model import Cell, Row, Table
from .repairs import repairs


def looked_at(table: Table | None, keys: Sequence[str], scan: Scan) -> list[Row]:
    """`table`'s rows that may make the check speak; `scan` gets the plain rows' columns `keys`
    (None where empty) and gives the positions of those to look at."""
    if table is None:
        return []
    fit = repairs()
    also = {i for s, i, _ in fit.fitted if s == table.sheet} if fit else set()
    return rows_where(table, keys, scan, also)


def any_negative(*columns: list[float | None]) -> list[int]:
    """Positions where some column holds a negative number (number columns: floats or None)."""
    if not any(min(filter(None, column), default=0.0) < 0 for column in columns):
        return []
    return [
        p
        for p, values in enumerate(zip(*columns, strict=True))
        if any(type(v) is float and v < 0 for v in values)
    ]


def any_holding(word: str) -> Scan:
    """Positions where some text column's text holds `word`."""

    def scan(*columns: list[object]) -> list[int]:
        if not any(word in _joined(column) for column in columns):
            return []
        return [
            p
            for p, values in enumerate(zip(*columns, strict=True))
            if any(word in _text(v) for v in values)
        ]

    return scan


def _joined(column: list[object]) -> str:
    try:
        return "".join(filter(None, column))  # type: ignore[arg-type]  # a TypeError if not text
    except TypeError:
        return "".join(_text(v) for v in column)


def _text(value: object) -> str:
    """What `Row.text` gives for a stored value."""
    if type(value) is str:
        return value
    if isinstance(value, Cell):
        return value.text
    if type(value) is float:
        return Cell("", 0, 0, value).text
    return ""
