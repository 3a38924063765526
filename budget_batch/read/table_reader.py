"""A table sheet (收支情况, 项目支出, 绩效指标, 服务数量, 问题与措施): its header row, its columns by
header text, and one `Row` per non-empty row below, each required cell checked."""

from __future__ import annotations

import math

from .. import catalogue as C
from ..code_tree import parse_code
from ..column_table import COLUMNAR_ROWS
from ..findings import Finding
from ..model import Cell, Row, Stored, Table
from ..schema import PROJECTS, Column, Kind, TableSpec
from .cell_parsing import CellParser, is_dash
from .code_checks import code_findings, link_code_findings
from .indicator_values import parse_value
from .sheet_lookup import HEADER_SEARCH_ROWS, find_header
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


def read_table(grid: Grid, spec: TableSpec, name: str, parser: CellParser) -> Table | None:
    findings = parser.findings
    header_row, columns = find_header(grid, spec)
    if header_row == 0:
        findings.append(
            C.COLUMN_MISSING.finding(
                name,
                "",
                f"工作表「{name}」前 {HEADER_SEARCH_ROWS} 行中找不到表头行"
                f"（应包含：{'、'.join(c.header for c in spec.required_columns)}）。请按模板恢复表头。",
            )
        )
        return None
    missing = [c for c in spec.required_columns if c.key not in columns]
    for absent in missing:
        findings.append(
            C.COLUMN_MISSING.finding(
                name,
                f"A{header_row}",
                f"工作表「{name}」第 {header_row} 行的表头缺少必填列「{absent.header}」。"
                "请按模板恢复该列标题（列的位置可以调整，标题文字不能改）。",
            )
        )
    table = Table(spec=spec, sheet=name, header_row=header_row, columns=columns)
    reader = RowReader(
        grid, spec, name, parser, table, [c for c in spec.required_columns if c not in missing]
    )
    first, last = header_row + 1, grid.max_row
    if last - header_row > COLUMNAR_ROWS:  # a large table: its plain rows as columns
        from .table_columns import read_columns

        table = read_columns(reader, first, last)
    else:
        for index in range(first, last + 1):
            reader.take(index, table.rows)
    if spec.hierarchical and "code" in columns:
        findings.extend(code_findings(table))
    findings.extend(_ignored_totals(table))
    if "link" in columns:
        findings.extend(link_code_findings(table))
    return table


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
        if labelled and _is_total(row, self.spec):
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


def _is_total(row: Row, spec: TableSpec) -> bool:
    """A 合计 / 总计 / 小计 row (a stated total, never an item). On a hierarchical sheet a row
    with a code is an item whatever its label: the code says what it totals."""
    if not row.total_label:  # (every label of a total row ends in 计)
        return False
    return not (spec.hierarchical and parse_code(row.text("code")) is not None)


def _ignored_totals(table: Table) -> list[Finding]:
    """Total rows that say nothing about what they total: a code-less one on a hierarchical
    sheet, a 小计 (subtotal of which rows?) elsewhere. A table's own 合计 is checked instead."""
    found = []
    for row in table.totals:
        if table.spec.hierarchical:
            why = "没有编码，无法确定是哪些行的合计"
            fix = "各级合计请用带编码的行填写（如收入合计编码为 1、支出合计编码为 2）；此行可删除或保留。"
        elif row.total_label == "小计" or table.spec.name != PROJECTS.name:
            why = "无法确定是哪些行的小计"
            fix = "无需处理。"
        else:
            continue
        found.append(
            C.TOTAL_ROW_IGNORED.finding(
                row.sheet,
                row.ref("code" if table.spec.hierarchical else "seq"),
                f"「{row.sheet}」第 {row.index} 行是{row.total_label}行，{why}，不作为数据、未参与核对。{fix}",
            )
        )
    return found


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
