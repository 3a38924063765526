"""One data row of a table sheet → a `Row`: each column read by how the hot loop treats its kind,
a 合计 / 小计 row told from an item, each required cell checked. `table_reader.py` reads a sheet
with it row by row; `table_columns.py` reads a large sheet's plain rows as columns and its
irregular rows with it."""

from __future__ import annotations

import math

from .. import catalogue as C
from ..code_tree import parse_code
from ..model import Cell, Row, Stored, Table
from ..schema import Column, Kind, TableSpec
from .cell_parsing import CellParser, is_dash
from .indicator_values import parse_value
from .xlsx_package import Grid

#: How the reader's hot loop treats a column: a plain float of an amount, count or score needs
#: no parsing and no decimals (only percentages compare decimals); a plain string of a text
#: column is itself; a percentage needs its cell's number format; the rest go to the parser.
FAST_NUMBER, TEXT, PERCENT, OTHER = range(4)
_MODES = {
    Kind.AMOUNT: FAST_NUMBER,
    Kind.COUNT: FAST_NUMBER,
    Kind.SCORE: FAST_NUMBER,
    Kind.TEXT: TEXT,
    Kind.PERCENT: PERCENT,
}


class RowReader:
    """Reads the data rows of one table sheet one by one: every row of a small sheet, the
    irregular rows of a large one (read/table_columns.py reads its plain rows as columns)."""

    def __init__(
        self,
        grid: Grid,
        spec: TableSpec,
        name: str,
        parser: CellParser,
        table: Table,
        required: list[Column],
    ) -> None:
        self.grid, self.spec, self.name, self.parser, self.table = grid, spec, name, parser, table
        self.required = required
        # One plan per column, so the loop over a 100,000-row sheet decides by a small int.
        self.plan = [
            (key, col, col - 1, _MODES.get(spec.column(key).kind, OTHER), spec.column(key))
            for key, col in table.columns.items()
        ]
        # Number formats matter only where a stored fraction may mean a percentage.
        self.formatted = {
            col for _, col, _, _, s in self.plan if s.kind in (Kind.PERCENT, Kind.VALUE)
        }
        self.merged: dict[tuple[int, int], Cell] = {}  # a merged range's one Cell, shared

    def take(self, index: int, rows: list[Row]) -> None:
        """Read row `index`: a 合计 row goes to the table's totals, an item to `rows` (with
        REQUIRED_EMPTY for its empty required cells), an empty row nowhere."""
        read = self.read(index)
        if read is None:
            return
        row, labelled = read
        if labelled and is_total_row(row, self.spec):
            self.table.totals.append(row)
            return
        rows.append(row)
        _required_in_row(self.required, row, self.parser)

    def read(self, index: int) -> tuple[Row, bool] | None:
        """Row `index` and whether some text of it holds 计 (a 合计 row, perhaps); None when
        it has no value in the table's columns."""
        grid, name, parser, table, merged = (
            self.grid,
            self.name,
            self.parser,
            self.table,
            self.merged,
        )
        anchors, merged_anchors = grid.anchors, grid.merged_anchors
        isfinite = math.isfinite
        formatted = self.formatted
        values = grid.row(index)
        n = len(values)
        special = grid.special(index)  # formula or error cells in this row
        cells: dict[str, Stored] = {}
        labelled = False  # some text holds 计: a 合计 / 总计 / 小计 row, perhaps
        for key, col, col0, mode, s in self.plan:
            value = values[col0] if col0 < n else None
            if anchors and (index, col) in anchors:
                anchor = anchors[(index, col)]
                if anchor not in merged:
                    raw = grid.cell(index, col, formats=col in formatted)
                    if raw is None:
                        continue
                    merged[anchor] = parser.parse(
                        name, *anchor, raw, s.kind, s.header, s.choices, s.strict, s.required
                    )
                cells[key] = shared = merged[anchor]
                labelled = labelled or (isinstance(shared.value, str) and "计" in shared.value)
                continue
            if special and col in special:
                raw = grid.cell(index, col, formats=col in formatted)
            elif value is None or value == "":
                continue
            # The common cases, without the parser (the hot loop of a 100,000-row sheet):
            elif mode == FAST_NUMBER and type(value) is float and isfinite(value):
                cells[key] = value
                continue
            elif mode == TEXT and type(value) is str:
                text = value.strip()
                if text and not (s.required and len(text) < 3 and is_dash(text)):
                    labelled = labelled or "计" in text
                    if text == value:
                        cells[key] = text
                    else:  # keep what was stored (raw) beside what it says (value)
                        cells[key] = Cell(name, index, col, text, value)
                continue
            elif mode == PERCENT and type(value) is float and isfinite(value):
                number_format = grid.number_format(index, col)
                if number_format is None or not number_format.percent:  # points as stored
                    decimals = number_format.decimals if number_format else None
                    cells[key] = Cell(name, index, col, value, value, decimals)
                    continue
                raw = grid.cell(index, col, formats=True)
            else:
                raw = grid.cell(index, col, formats=col in formatted)
            if raw is not None:
                cell = parser.parse(
                    name, index, col, raw, s.kind, s.header, s.choices, s.strict, s.required
                )
                if (index, col) in merged_anchors:
                    merged[(index, col)] = cell
                if cell.unreadable:
                    table.unreadable_columns.add(key)
                labelled = labelled or (type(cell.value) is str and "计" in cell.value)
                cells[key] = cell
        if not cells:
            return None  # an empty row (in the middle or at the end) is not data
        return Row(name, index, cells, table.columns, self.spec.name), labelled


def is_total_row(row: Row, spec: TableSpec) -> bool:
    """A 合计 / 总计 / 小计 row (a stated total, never an item). On a hierarchical sheet a row
    with a code is an item whatever its label: the code says what it totals."""
    if not row.total_label:  # (every label of a total row ends in 计)
        return False
    return not (spec.hierarchical and parse_code(row.text("code")) is not None)


def _required_in_row(required: list[Column], row: Row, parser: CellParser) -> None:
    """REQUIRED_EMPTY for each required column (present in the header) left empty."""
    cells = row.cells
    for col in required:
        c = cells.get(col.key)
        if c is not None and (
            type(c) is not Cell or c.value is not None or c.raw is not None or c.formula is not None
        ):
            continue  # filled: the common case
        if col.optional_if and row.text(col.optional_if[0]) == col.optional_if[1]:
            continue
        if col.inferable_from:
            carrier = parse_value(row.cell(col.inferable_from))
            if carrier is not None and carrier.operator:
                continue  # the operator was typed inside the value (≥95%)
        cell = row.at(col.key)
        if not cell.unreadable:
            parser.findings.append(
                C.REQUIRED_EMPTY.finding(
                    row.sheet,
                    cell.ref,
                    f"「{row.sheet}」第 {row.index} 行的必填项「{col.header}」为空。请填写。",
                )
            )
