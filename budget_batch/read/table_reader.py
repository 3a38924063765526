"""A table sheet (收支情况, 项目支出, 绩效指标, 服务数量, 问题与措施): its header row, its columns by
header text, and one `Row` per non-empty row below (`row_reader.py`), each required cell
checked; a large sheet's plain rows as columns (`table_columns.py`)."""

from __future__ import annotations

from .. import catalogue as C
from ..column_table import COLUMNAR_ROWS
from ..findings import Finding
from ..model import Table
from ..schema import PROJECTS, TableSpec
from .cell_parsing import CellParser
from .code_checks import code_findings, link_code_findings
from .row_reader import RowReader
from .sheet_lookup import HEADER_SEARCH_ROWS, find_header
from .table_columns import read_columns
from .xlsx_package import Grid


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
