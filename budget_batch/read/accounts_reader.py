"""Read a 部门决算 (final-accounts.md) into `AccountsModel`: each standard table recognised by its
title (never by position or sheet order), in one workbook or one table per file, .xls or .xlsx.

Per table: its unit (元 / 万元), its header (the columns by their labels; 行次 columns and a 栏次
row skipped), its rows up to the footnote; the department and the year from the lines above the
tables (部门：…, 编制单位：…, or the heading 某某局2024年度部门决算表). The 科目 tables (T2, T3,
T5, T8, T9) are read here; T1 and T4 (two sides), T6 (groups) and T7 (a matrix) in
accounts_sides.
"""

from __future__ import annotations

import re
from collections import Counter

from ..accounts_model import AccountsModel, AccountsTable
from ..accounts_schema import FUND_COLUMNS, SPECS, T2_COLUMNS, T3_COLUMNS, T5_COLUMNS, TITLES
from ..findings import Finding
from ..layouts import Layouts
from ..model import Cell
from .accounts_sides import read_matrix, read_sides, read_t6
from .accounts_tables import (
    Block,
    RowCells,
    blocks,
    code_of,
    column_labels,
    is_footer,
    joined_code,
    label,
    match_columns,
    numbers,
    says_empty,
    split_code,
    texts,
    year_in,
)
from .cell_parsing import CellParser
from .recognition import Fit
from .sheet_source import ReadResult, SheetSource
from .xlsx_package import Grid

SOUGHT = "部门决算的标准表（收入支出决算总表、支出决算表……，按表名识别）"
COLUMN_SECTIONS = {
    "T2": "t2_columns",
    "T3": "t3_columns",
    "T5": "t5_columns",
    "T8": "fund_columns",
    "T9": "fund_columns",
}
COLUMN_HEADERS = {
    "T2": T2_COLUMNS,
    "T3": T3_COLUMNS,
    "T5": T5_COLUMNS,
    "T8": FUND_COLUMNS,
    "T9": FUND_COLUMNS,
}
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|千元|元)")
_DEPARTMENT = re.compile(
    r"(?:部门名称|编制单位|单位名称|填报单位|部门)\s*[:：]\s*(\S+?)(?:\s|金额单位|单位[:：]|$)"
)
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+部分)?\s*(.+?)\s*(20\d\d)\s*年度?\s*部门决算"
)


def accounts_fit(source: SheetSource) -> Fit:
    """Each standard table titled near the top of a sheet is an anchor."""
    fit = Fit(sought=[SOUGHT])
    seen: set[str] = set()
    for sheet in source.user_sheets():
        for block in blocks(source.grid(sheet), sheet, source.layouts, scan_all=False):
            if block.table_id not in seen:
                seen.add(block.table_id)
                fit.add(1.5, f"工作表「{sheet}」的表名（{TITLES[block.table_id]}）")
    return fit


def read_accounts(source: SheetSource) -> ReadResult:
    findings: list[Finding] = []
    model = AccountsModel(path=source.path, sheet_names=list(source.sheet_names))
    parser = CellParser(findings)
    heads: list[str] = []
    for sheet in source.user_sheets():
        grid = source.record(model, sheet)
        found = blocks(grid, sheet, source.layouts)
        first = found[0].title_row if found else grid.max_row + 1
        heads.extend(t for r in range(1, first) for t in texts(grid, r).values())
        for block in found:
            if block.table_id in model.tables:
                continue  # printed twice: the first is the table
            table = read_block(grid, block, source.layouts, parser)
            model.tables[block.table_id] = table
            heads.extend(t for r in block.header for t in texts(grid, r).values())
        _mentions(model, grid, sheet, source.layouts)
    parser.flush()
    model.department_name, model.year_value = _who(heads, model)
    return ReadResult(model, findings)


def read_block(grid: Grid, block: Block, layouts: Layouts, parser: CellParser) -> AccountsTable:
    _zones(grid, block, layouts)
    spec = SPECS[block.table_id]
    title = _title_cell(grid, block)
    table = AccountsTable(spec, block.sheet, max(block.header, default=block.title_row), {})
    table.id, table.title = block.table_id, title
    table.unit = _unit(grid, block)
    parser.money_unit = table.unit
    cells = RowCells(grid, block.sheet, parser, spec.name)
    if block.table_id in ("T1", "T4"):
        read_sides(table, grid, block, layouts, cells)
    elif block.table_id == "T6":
        read_t6(table, grid, block, layouts, cells)
    elif block.table_id == "T7":
        read_matrix(table, grid, block, layouts, cells)
    else:
        _read_coded(table, grid, block, layouts, cells)
    table.empty = all(
        row.num(key) is None
        for row in (*table.rows, *table.totals)
        for key in row.columns
        if key not in ("code", "name")
    )
    table.note = next(
        (
            Cell(block.sheet, r, c, text)
            for r in block.footer
            for c, text in texts(grid, r).items()
            if says_empty(layouts, text)
        ),
        None,
    )
    return table


def _zones(grid: Grid, block: Block, layouts: Layouts) -> None:
    """Header rows (from the title to the first row with a figure or a code), data rows, and the
    footer (from the first 注 / 说明 line). A 栏次 row is neither."""
    serial = layouts.labels("accounts.words", "serial_rows")
    data_started = False
    for r in range(block.title_row + 1, block.end + 1):
        row_texts = texts(grid, r)
        if any(is_footer(layouts, t) for t in row_texts.values()) or (
            block.footer and not numbers(grid, r)
        ):
            block.footer.append(r)
            continue
        if any(label(t) in serial for t in row_texts.values()):
            continue
        if not data_started and (numbers(grid, r) or _coded(grid, r)):
            data_started = True
        (block.data if data_started else block.header).append(r)


def _coded(grid: Grid, r: int) -> bool:
    return any(joined_code([v]) for v in grid.stored(r)[:4])


def _title_cell(grid: Grid, block: Block) -> Cell | None:
    if not block.title_row:
        return None
    raw = grid.cell(block.title_row, block.title_col, formats=False)
    return Cell(block.sheet, block.title_row, block.title_col, raw.value if raw else None)


def _unit(grid: Grid, block: Block) -> str:
    for r in [block.title_row, *block.header][:6]:
        for text in texts(grid, r).values():
            m = _UNIT.search(text)
            if m:
                return "元" if m.group(1) == "元" else "万元"
    return "万元"


def _read_coded(
    table: AccountsTable, grid: Grid, block: Block, layouts: Layouts, cells: RowCells
) -> None:
    """A 科目 table: code (one column or 类 | 款 | 项), name, and its amount columns by header; the
    合计 row where it is printed (top or bottom), its sub-headers too when it carries them."""
    words = layouts.labels("accounts.words", "totals")
    first = block.data[0] if block.data else None
    extra: dict[int, list[str]] = {}
    headed: dict[int, str] = {}
    first_texts = texts(grid, first) if first is not None else {}
    at = next((c for c, t in sorted(first_texts.items()) if label(t) in words), None)
    if (
        at is not None
    ):  # a 合计 row: the labels right of 合计 are sub-headers (T8 合计 | 基本 | 项目)
        for c, text in first_texts.items():
            if c < at:
                extra.setdefault(c, []).append(label(text))  # 类 | 款 | 项 beside 合计
            elif c > at and not code_of(text):
                extra.setdefault(c, []).append(label(text))
                headed[c] = label(text)
    labels = column_labels(grid, block.header, extra)
    aliases = {
        k: list(v) for k, v in layouts.table(f"accounts.{COLUMN_SECTIONS[block.table_id]}").items()
    }
    amounts = match_columns(labels, aliases)
    left = min(amounts.values(), default=99)
    name_col = _name_column(labels, layouts, left)
    code_cols = [c for c in range(1, (name_col or left)) if c not in amounts.values()]
    table.columns = {**({"name": name_col} if name_col else {}), **amounts}
    if code_cols:
        table.columns["code"] = code_cols[0]
    headers = COLUMN_HEADERS[block.table_id]
    named = {k: {label(a.split("/")[-1]) for a in v} for k, v in aliases.items()}
    printed = {  # the label that named the column (本年支出合计, not a 决算数 row under it)
        k: next((s for s in reversed(labels.get(c, [])) if s in named[k]), headers[k])
        for k, c in amounts.items()
    }
    for r in block.data:
        stored = grid.row(r)
        code = joined_code([stored[c - 1] if c - 1 < len(stored) else "" for c in code_cols])
        name_value = stored[name_col - 1] if name_col and name_col - 1 < len(stored) else ""
        name = label(name_value) if isinstance(name_value, str) else ""
        if not code and name:
            code, name = split_code(str(name_value).strip())
            name = label(name)
        row_words = {label(t) for c, t in texts(grid, r).items() if c < left}
        is_total = bool(row_words & words) and not code
        if not code and not is_total:
            if not numbers(grid, r):
                continue
        where = {"code": code_cols[0] if code_cols else 1, "name": name_col or left - 1}
        row = cells.row(
            r, amounts, code=code, name=name or ("合计" if is_total else ""), where=where
        )
        row.headers = {**printed, **{k: headers.get(k, k) for k in ("code", "name")}}
        if is_total:
            row.headed = frozenset(k for k, c in amounts.items() if c in headed)
            row.role = "total"
            table.totals.append(row)
        else:
            table.rows.append(row)


def _name_column(labels: dict[int, list[str]], layouts: Layouts, left: int) -> int | None:
    names = layouts.labels("accounts.words", "name_headers")
    for c in sorted(labels):
        if c < left and any(s in names for s in labels[c]):
            return c
    return None


def _mentions(model: AccountsModel, grid: Grid, sheet: str, layouts: Layouts) -> None:
    """A 说明 anywhere that names a standard table and says it has no data."""
    titles = layouts.aliases("accounts.titles")
    for r in range(1, grid.max_row + 1):
        for c, text in texts(grid, r).items():
            if len(text) < 8 or not says_empty(layouts, text):
                continue
            s = label(text)
            for alias, table_id in titles.items():
                if alias in s and table_id not in model.mentions:
                    model.mentions[table_id] = Cell(sheet, r, c, text)


def _who(heads: list[str], model: AccountsModel) -> tuple[str, int | None]:
    """The department and the year the header lines name (the most named)."""
    departments: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for text in heads:
        squeezed = text.strip()
        m = _HEADING.match("".join(squeezed.split()))
        if m:
            departments[m.group(1)] += 2
            years[int(m.group(2))] += 2
            continue
        d = _DEPARTMENT.search(squeezed)
        if d and len(d.group(1)) >= 2:
            departments[d.group(1)] += 1
        y = year_in(squeezed)
        if y is not None:
            years[y] += 1
    for table in model.tables.values():
        if table.title is not None and isinstance(table.title.value, str):
            y = year_in(table.title.value)
            if y is not None:
                years[y] += 1
    department = departments.most_common(1)[0][0] if departments else ""
    year = years.most_common(1)[0][0] if years else None
    return department, year
