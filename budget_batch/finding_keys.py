"""Where a finding is, in words that survive a resubmission: the key of its row (编码, 项目名称,
三级指标, 基本信息's label — per the schema's `row_key`) and the header of its column. A department
that inserts a row above a flagged cell moves the cell, not the key, so the next round still
knows the finding as the same one."""

from __future__ import annotations

from dataclasses import replace

from .column_table import ColumnTable
from .findings import Finding
from .model import Document, Row, Table
from .refs import column_letter, split_ref


def with_keys(findings: list[Finding], model: Document) -> list[Finding]:
    """The findings, each with its `key`."""
    rows: dict[tuple[str, int], dict[int, Row]] = {}
    tables: dict[str, list[Table]] = {}
    for table in model.keyed_tables():
        tables.setdefault(table.sheet, []).append(table)
    out = []
    for f in findings:
        out.append(replace(f, key=_key(f, model, tables, rows)) if f.sheet else f)
    return out


def _key(
    f: Finding,
    model: Document,
    tables: dict[str, list[Table]],
    rows: dict[tuple[str, int], dict[int, Row]],
) -> tuple[str, str]:
    row, col = split_ref(f.cell)
    if not row:
        return ("", "")
    name = model.cell_name(f.sheet, f.cell)
    if name is not None:
        return (name, "")
    table = _table_at(tables.get(f.sheet, []), row)
    if table is None:
        return (f.cell, "")
    header = next(
        (_header(table, k) for k, i in table.columns.items() if i == col), column_letter(col)
    )
    if row == table.header_row:
        return ("表头", header)
    if isinstance(table, ColumnTable):  # its rows by sheet row, made for the asking
        found = table.row_at(row)
    else:
        where = (f.sheet, id(table))
        if where not in rows:
            rows[where] = {r.index: r for r in (*table.rows, *table.totals)}
        found = rows[where].get(row)
    if found is not None:
        for key in table.spec.row_key:
            text = found.text(key).strip() if found.has(key) else ""
            if text:
                return (f"{key}:{text}", header)
        if found.total_label:
            return (found.total_label, header)
    return (f"第{row}行", header)


def _header(table: Table, key: str) -> str:
    """A column's header: the schema's; a form's own column (a funding source …) by its key."""
    known = {c.key: c.header for c in table.spec.columns}
    return known.get(key, key)


def _table_at(tables: list[Table], row: int) -> Table | None:
    """The table of a sheet that holds `row` (a form has two, one above the other)."""
    if len(tables) <= 1:
        return tables[0] if tables else None
    above = [t for t in tables if t.header_row <= row]
    return max(above, key=lambda t: t.header_row) if above else tables[0]
