"""Build a WorkbookModel in memory (no file) for fast property tests of the checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from budget_batch.decimals import decimals_of
from budget_batch.model import Cell, Info, Row, Table, WorkbookModel
from budget_batch.schema import BUDGET, INFO

SHEET = BUDGET.name


def _cell(sheet: str, row: int, col: int, value: Any, numeric: bool) -> Cell:
    if value is None:
        return Cell(sheet, row, col)
    if numeric:
        return Cell(sheet, row, col, float(value), value, decimals_of(value))
    return Cell(sheet, row, col, str(value), value)


def budget_model(rows: list[dict[str, Any]], **info: Any) -> WorkbookModel:
    """收支情况 with `rows` (keys as in the schema) at rows 2…, template column order."""
    columns = {c.key: i for i, c in enumerate(BUDGET.columns, start=1)}
    table = Table(BUDGET, SHEET, 1, columns)
    for r, data in enumerate(rows, start=2):
        cells = {
            key: _cell(SHEET, r, col, data.get(key), BUDGET.column(key).kind.numeric)
            for key, col in columns.items()
        }
        table.rows.append(Row(SHEET, r, cells, columns, BUDGET.name))
    values = {"unit": "万元", "year": Decimal(2023), **info}
    model = WorkbookModel(path=Path("memory.xlsx"), sheet_names=[INFO.name, SHEET])
    model.info = Info(
        INFO.name,
        {
            key: _cell(INFO.name, i, 2, values[key], INFO.field(key).kind.numeric)
            for i, key in enumerate(values, start=2)
        },
    )
    model.tables[SHEET] = table
    return model


def indicator_row(
    level1: str = "产出指标",
    operator: str = "≥",
    target: Any = None,
    actual: Any = None,
    weight: Any = 10,
    score: Any = None,
    level2: str = "数量指标",
    unit: str = "",
    row: int = 2,
) -> Row:
    """One 绩效指标 row in memory; numbers as Cells with their decimals, text as text."""
    from budget_batch.schema import INDICATORS

    sheet = INDICATORS.name
    values = {
        "level1": level1,
        "level2": level2,
        "level3": "测试指标",
        "operator": operator,
        "target": target,
        "actual": actual,
        "unit": unit,
        "weight": weight,
        "score": score,
    }
    cells = {}
    for col, spec in enumerate(INDICATORS.columns, start=1):
        value = values.get(spec.key)
        numeric = spec.kind.numeric or isinstance(value, (int, float, Decimal))
        cells[spec.key] = _cell(sheet, row, col, value, numeric and not isinstance(value, str))
    return Row(sheet, row, cells, table=INDICATORS.name)
