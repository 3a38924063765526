"""What our template states that other documents of a batch restate (result.stated, links.py):
the standard 收支情况 rows by the names every kind uses (figure_names: the 部门决算 links), and
every 收支情况 / 服务数量 row and ≥ 指标 by code and item (last year's workbook)."""

from __future__ import annotations

from ..figure_names import (
    ACHIEVED,
    ACTUAL,
    BUDGET,
    BY_CODE,
    CURRENT,
    INITIAL,
    PRIOR,
    TARGET,
    key,
    row_key,
)
from ..links import Stated
from ..model import Row, WorkbookModel
from ..read.indicator_values import parse_value
from ..schema import BUDGET as BUDGET_SHEET
from ..schema import INDICATORS, SERVICES

COLUMNS = (("budget_initial", INITIAL), ("budget_final", BUDGET), ("actual", ACTUAL))
BASIS = {"budget_initial": INITIAL, "budget_final": BUDGET, "actual": ACTUAL}


def department_stated(model: WorkbookModel) -> dict[str, Stated]:
    out: dict[str, Stated] = {}
    unit = model.unit
    budget = model.budget
    basis = BASIS.get(model.yoy_key, ACTUAL)
    for row in budget.rows if budget is not None else []:
        code, item = row.text("code"), row.text("item")
        if not code:
            continue
        for column, header in COLUMNS:
            stated = _stated(row, column, unit, header)
            if stated is None:
                continue
            if code in BY_CODE:
                out[key(BY_CODE[code], header)] = stated
            out[row_key(BUDGET_SHEET.name, code, item, header)] = stated
        prior = _stated(row, "prior", unit, PRIOR)
        if prior is not None:
            out[row_key(BUDGET_SHEET.name, code, item, f"{PRIOR}@{basis}")] = prior
    services = model.services
    for row in services.rows if services is not None else []:
        code, item = row.text("code"), row.text("item")
        measure = row.text("unit")
        for column, header in (("prior", PRIOR), ("current", CURRENT)):
            stated = _stated(row, column, measure, header)
            if stated is not None and code:
                out[row_key(SERVICES.name, code, item, header)] = stated
    indicators = model.indicators
    for row in indicators.rows if indicators is not None else []:
        name = row.text("level3")
        target, actual = parse_value(row.cell("target")), parse_value(row.cell("actual"))
        operator = row.text("operator") or (target.operator if target else "") or ""
        measure = row.text("unit")
        if target is not None and target.number is not None and operator == "≥" and name:
            out[row_key(INDICATORS.name, "", name, TARGET)] = Stated(
                float(target.number),
                measure,
                row.sheet,
                row.ref("target"),
                f"{row.label}{TARGET}",
            )
        if actual is not None and actual.number is not None and name:
            out[row_key(INDICATORS.name, "", name, ACHIEVED)] = Stated(
                float(actual.number),
                measure,
                row.sheet,
                row.ref("actual"),
                f"{row.label}{ACHIEVED}",
            )
    return out


def _stated(row: Row, column: str, unit: str, header: str) -> Stated | None:
    if not row.has(column) or row.unreadable(column):
        return None
    value = row.num(column)
    if value is None:
        return None
    return Stated(value, unit, row.sheet, row.ref(column), f"{row.label}{header}")
