"""A large table sheet read column by column (`column_table.ColumnTable`).

The sheet's values (python-calamine's rows) are turned into columns once; each column is then
sorted out in one pass — the values a Row would keep bare, and the rows that need more than that.
A row needs the row reader (it is *irregular*) when any of its cells does: a formula or an error
value, a merged range, a number column holding anything but a finite float, text with spaces
around it, a dash or 计 (a 合计 row, perhaps) in it, a percentage formatted as one, any value in a
column of another kind (choices, codes, indicator values), or an empty required cell. Those rows
go through `RowReader` in sheet order, as every row of a small sheet does, so what they say
(findings, merged values, totals) is what they always said; the other rows have nothing to say
and are kept as columns. One more kind of value is kept in the columns: a number in a text column
(a 序号 typed as a number), parsed by the same parser call as on the row path, which for a text
column reports nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import repeat, zip_longest
from operator import itemgetter
from typing import Any

from ..column_table import ColumnTable
from ..model import Row
from ..schema import Column
from .cell_parsing import is_dash
from .row_reader import FAST_NUMBER, PERCENT, TEXT, RowReader

INF = math.inf


def read_columns(reader: RowReader, first: int, last: int) -> ColumnTable:
    """Rows `first` … `last` of the reader's sheet as a column table."""
    grid, table = reader.grid, reader.table
    stored = grid.values
    stop = min(last, len(stored))
    data = stored[first - 1 : stop] if stop >= first else []
    n = len(data)
    # Rows with a formula, an error value or a merged range: the row reader's.
    bad: set[int] = set()
    merges = (
        *grid.special_rows,
        *(r for r, _ in grid.anchors),
        *(r for r, _ in grid.merged_anchors),
    )
    bad.update(r - first for r in merges if first <= r <= stop)
    wanted = {col0 for _, _, col0, _, _ in reader.plan}
    widest = max((col0 for _, _, col0, _, _ in reader.plan), default=-1)
    if data and min(map(len, data)) > widest:  # (calamine's rows are all as wide as the sheet)
        transposed: list[Sequence[Any]] = [
            list(map(itemgetter(c), data)) if c in wanted else () for c in range(widest + 1)
        ]
    else:
        transposed = list(zip_longest(*data, fillvalue="")) if data else []
    values: dict[str, list[Any]] = {}
    decimals: dict[str, list[int | None]] = {}
    for key, col, col0, mode, spec in reader.plan:
        column = transposed[col0] if col0 < len(transposed) else ("",) * n
        if mode == FAST_NUMBER:
            values[key] = _numbers(column, bad)
        elif mode == TEXT:
            values[key] = _texts(reader, column, col, first, spec, bad)
        elif mode == PERCENT:
            styles = grid.style_ids(col, first, first + n - 1)
            formats = {s: grid.format_of(s) for s in set(styles)}
            shown = {s: f.decimals if f is not None else None for s, f in formats.items()}
            decimals[key] = list(map(shown.__getitem__, styles))
            values[key] = _numbers(column, bad)
            percent = {s for s, f in formats.items() if f is not None and f.percent}
            if percent:  # a percentage formatted as one: the parser reads it
                bad.update(
                    i
                    for i, (v, s) in enumerate(zip(column, styles, strict=True))
                    if type(v) is float and s in percent
                )
        else:  # choices, codes, indicator values …: the parser, row by row
            values[key] = [None] * n
            bad.update(i for i, v in enumerate(column) if v != "" and v is not None)
    empty = _empty_rows(values, [c.key for c in reader.required], n)
    for c in reader.required:  # an empty required cell is reported by the row reader
        if values[c.key].count(None):
            bad.update(i for i, v in enumerate(values[c.key]) if v is None and i not in empty)
    irregular: list[Row] = []
    for index in sorted({*(first + i for i in bad), *range(stop + 1, last + 1)}):
        reader.take(index, irregular)
    dropped = bad | empty
    plain = [i for i in range(n) if i not in dropped] if dropped else list(range(n))
    return ColumnTable(
        reader.spec,
        reader.name,
        table.header_row,
        table.columns,
        index=[first + i for i in plain],
        values={k: _pick(v, plain, n) for k, v in values.items()},
        decimals={k: _pick(v, plain, n) for k, v in decimals.items()},
        numeric={key for key, _, _, mode, _ in reader.plan if mode in (FAST_NUMBER, PERCENT)},
        irregular=irregular,
        totals=table.totals,
        unreadable_columns=table.unreadable_columns,
    )


def _numbers(column: Sequence[Any], bad: set[int]) -> list[float | None]:
    """A number column: its finite floats (None where empty); anything else makes its row bad."""
    n = len(column)
    floats = sum(map(isinstance, column, repeat(float)))
    if floats == n:
        out = list(column)
    elif floats + column.count("") == n and set(map(type, column)) <= {float, str}:
        out = [None if v == "" else v for v in column]
    else:
        bad.update(
            i
            for i, v in enumerate(column)
            if v != "" and v is not None and not (type(v) is float and -INF < v < INF)
        )
        return [v if type(v) is float and -INF < v < INF else None for v in column]
    if not -INF < sum(filter(None, out)) < INF:  # an infinity or NaN (or a sum beyond floats)
        bad.update(i for i, v in enumerate(out) if v is not None and not -INF < v < INF)
    return out


def _texts(
    reader: RowReader, column: Sequence[Any], col: int, first: int, spec: Column, bad: set[int]
) -> list[Any]:
    """A text column: its strings as stored (None where empty); a row is bad whose string has
    spaces around it, 计 in it, or is a dash in a required column. A number (or a date …) is
    kept as the parser's text of it, as the row reader keeps it (for a text column the parser
    reports nothing)."""
    everything = sum(map(isinstance, column, repeat(str))) == len(column)
    strings = column if everything else [v for v in column if type(v) is str]
    out: list[Any] = (
        [v or None for v in column]
        if everything
        else [v if type(v) is str and v else None for v in column]
    )
    # Cheap tests of all the strings at once (C loops), then the exact one where they hit.
    if "计" in "".join(strings):
        bad.update(i for i, v in enumerate(column) if type(v) is str and "计" in v)
    filled = list(filter(None, strings))
    if any(map(str.isspace, map(itemgetter(0), filled))) or any(
        map(str.isspace, map(itemgetter(-1), filled))
    ):  # (str.strip strips what str.isspace calls space)
        bad.update(i for i, v in enumerate(column) if type(v) is str and v.strip() != v)
    if spec.required and filled and min(map(len, filled)) < 3:
        bad.update(
            i for i, v in enumerate(column) if type(v) is str and 0 < len(v) < 3 and is_dash(v)
        )
    if not everything:
        for i, v in enumerate(column):
            if v is None or type(v) is str:
                continue
            raw = reader.grid.cell(first + i, col, formats=col in reader.formatted)
            cell = reader.parser.parse(
                reader.name, first + i, col, raw, spec.kind, spec.header, spec.choices,
                spec.strict, spec.required,
            )  # fmt: skip
            if cell.unreadable or (type(cell.value) is str and "计" in cell.value):
                bad.add(i)
            out[i] = cell
    return out


def _empty_rows(values: dict[str, list[Any]], required: list[str], n: int) -> set[int]:
    """Rows with no value in any column (not data). None when a required column is full."""
    if any(values[k].count(None) == 0 for k in required):
        return set()
    width = len(values)
    if not width:
        return set(range(n))
    rows = zip(*values.values(), strict=True)
    return {i for i, t in enumerate(rows) if t.count(None) == width}


def _pick(column: list[Any], positions: list[int], n: int) -> list[Any]:
    if len(positions) == n:
        return column
    if not positions:
        return []
    if len(positions) == 1:
        return [column[positions[0]]]
    return list(itemgetter(*positions)(column))
