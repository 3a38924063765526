"""A table sheet (收支情况, 项目支出, 绩效指标, 服务数量, 问题与措施): its header row, its columns by
header text, and one `Row` per non-empty row below, each required cell checked."""

from __future__ import annotations

import math

from .. import catalogue as C
from ..model import Cell, Row, Table
from ..schema import Column, Kind, TableSpec
from .cell_parsing import CellParser
from .code_checks import code_findings, link_code_findings
from .indicator_values import parse_value
from .sheet_lookup import HEADER_SEARCH_ROWS, find_header
from .xlsx_package import Grid

#: Kinds whose plain float needs no parsing and no decimals (only percentages compare decimals).
FAST_NUMBERS = frozenset({Kind.AMOUNT, Kind.COUNT, Kind.SCORE})


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
    specs = [(key, col, spec.column(key)) for key, col in columns.items()]
    # Number formats matter only where a stored fraction may mean a percentage.
    formatted = {col for _, col, s in specs if s.kind in (Kind.PERCENT, Kind.VALUE)}
    for index in range(header_row + 1, grid.max_row + 1):
        values = grid.row(index)
        n = len(values)
        special = grid.special(index)  # formula or error cells in this row
        cells: dict[str, Cell] = {}
        for key, col, s in specs:
            value = values[col - 1] if col <= n else None
            if special and col in special:
                raw = grid.cell(index, col, formats=col in formatted)
            elif value is None or value == "":
                continue
            # The common cases, without the parser (the hot loop of a 100,000-row sheet):
            elif type(value) is float and s.kind in FAST_NUMBERS and math.isfinite(value):
                cells[key] = Cell(name, index, col, value, value)
                continue
            elif type(value) is str and s.kind is Kind.TEXT:
                text = value.strip()
                if text:
                    cells[key] = Cell(name, index, col, text, value)
                continue
            else:
                raw = grid.cell(index, col, formats=col in formatted)
            if raw is not None:
                cells[key] = parser.parse(
                    name, index, col, raw, s.kind, s.header, s.choices, s.strict
                )
        if not cells:
            continue  # an empty row (in the middle or at the end) is not data
        row = Row(sheet=name, index=index, cells=cells, columns=columns, table=spec.name)
        table.rows.append(row)
        _required_in_row(spec, row, missing, parser)
    if spec.hierarchical and "code" in columns:
        findings.extend(code_findings(table))
    if "link" in columns:
        findings.extend(link_code_findings(table))
    return table


def _required_in_row(spec: TableSpec, row: Row, missing: list[Column], parser: CellParser) -> None:
    for col in spec.required_columns:
        if col in missing:
            continue
        if col.optional_if and row.text(col.optional_if[0]) == col.optional_if[1]:
            continue
        if col.inferable_from:
            carrier = parse_value(row.cells.get(col.inferable_from))
            if carrier is not None and carrier.operator:
                continue  # the operator was typed inside the value (≥95%)
        cell = row.at(col.key)
        if cell.value is None and cell.raw is None and cell.formula is None:
            parser.findings.append(
                C.REQUIRED_EMPTY.finding(
                    row.sheet,
                    cell.ref,
                    f"「{row.sheet}」第 {row.index} 行的必填项「{col.header}」为空。请填写。",
                )
            )
