"""Where a finding is, in words that survive a resubmission: the key of its row (编码, 项目名称,
三级指标, 基本信息's label — per the schema's `row_key`) and the header of its column. A department
that inserts a row above a flagged cell moves the cell, not the key, so the next round still
knows the finding as the same one."""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding
from .model import Row, Table, WorkbookModel
from .refs import column_letter, split_ref
from .schema import INFO


def with_keys(findings: list[Finding], model: WorkbookModel) -> list[Finding]:
    """The findings, each with its `key`."""
    rows: dict[str, dict[int, Row]] = {}
    tables = {t.sheet: t for t in model.tables.values()}
    out = []
    for f in findings:
        out.append(replace(f, key=_key(f, model, tables, rows)) if f.sheet else f)
    return out


def _key(
    f: Finding, model: WorkbookModel, tables: dict[str, Table], rows: dict[str, dict[int, Row]]
) -> tuple[str, str]:
    row, col = split_ref(f.cell)
    if not row:
        return ("", "")
    info = model.info
    if info is not None and f.sheet == info.sheet:
        for field in INFO.fields:
            cell = info.cells.get(field.key)
            if cell is not None and cell.row == row:
                return (field.label, "")
        return (f.cell, "")
    table = tables.get(f.sheet)
    if table is None:
        return (f.cell, "")
    header = next(
        (table.spec.column(k).header for k, i in table.columns.items() if i == col),
        column_letter(col),
    )
    if row == table.header_row:
        return ("表头", header)
    if f.sheet not in rows:
        rows[f.sheet] = {r.index: r for r in (*table.rows, *table.totals)}
    found = rows[f.sheet].get(row)
    if found is not None:
        for key in table.spec.row_key:
            text = found.text(key).strip() if found.has(key) else ""
            if text:
                return (f"{key}:{text}", header)
        if found.total_label:
            return (found.total_label, header)
    return (f"第{row}行", header)
