"""Small helpers the check modules share: naming rows and columns, decimal sums."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..column_table import column_numbers
from ..decimals import exact_sum, to_decimal
from ..model import Row, Table, WorkbookModel
from ..refs import column_letter


def dec(value: float | None) -> Decimal:
    """Empty counts as 0 (SUM_MISMATCH's rule for a total left empty)."""
    return Decimal(0) if value is None else to_decimal(value)


def total(values: Iterable[float | None]) -> Decimal:
    return exact_sum(values)


def project_total(model: WorkbookModel, key: str) -> Decimal:
    """Σ of a 项目支出 column over the projects (the 合计 row left out), computed once."""
    cache = f"project_total:{key}"
    cached = model.derived.get(cache)
    if isinstance(cached, Decimal):
        return cached
    value = total(column_numbers(model.projects, key))
    model.derived[cache] = value
    return value


def header(table: Table, key: str) -> str:
    return table.spec.column(key).header


def names(rows: list[Row], limit: int = 6) -> str:
    shown = "、".join(r.text("item") or r.text("code") for r in rows[:limit])
    return shown + (f" 等 {len(rows)} 项" if len(rows) > limit else "")


#: "Empty or boilerplate" text (checks.md, Boilerplate), after trimming.
BOILERPLATE = frozenset(
    {"", "无", "暂无", "没有", "无偏差", "不适用", "—", "/", "-", "——", "无。", "暂无。"}
)


def is_boilerplate(text: str) -> bool:
    return "".join(text.split()) in BOILERPLATE


def header_ref(table: Table, key: str) -> str:
    """The header cell of a column: where a table-level finding points."""
    if key in table.header_cells:
        return table.header_cells[key]
    col = table.columns.get(key)
    return f"{column_letter(col)}{table.header_row}" if col else f"A{table.header_row}"
