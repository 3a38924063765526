"""The figures our template states that other documents of a batch may restate (links.py): each
收支情况 row of the standard list, by its standard name and column (“收入合计.全年执行数”,
“一般公共预算财政拨款.占比”), so that a report's text, a 决算 or last year's workbook can be compared
with it across the batch without the model."""

from __future__ import annotations

from ..links import Stated
from ..model import WorkbookModel
from ..schema import BUDGET

#: 收支情况 columns other documents restate, by key → the name a Stated key uses.
COLUMNS = {
    "prior": "上年数",
    "budget_initial": "年初预算数",
    "budget_final": "全年预算数",
    "actual": "全年执行数",
    "yoy_amount": "增减额",
    "yoy_rate": "增减率",
    "share": "占比",
    "exec_rate": "执行率",
}
STANDARD = {row.code: row.label for row in BUDGET.standard_rows}


def budget_stated(model: WorkbookModel) -> dict[str, Stated]:
    """Each standard 收支情况 row's filled figures, keyed “项目.列”."""
    table = model.budget
    if table is None:
        return {}
    found: dict[str, Stated] = {}
    for row in table.rows:
        item = STANDARD.get(row.text("code").strip())
        if item is None:
            continue
        for key, name in COLUMNS.items():
            value = row.num(key) if row.has(key) else None
            if value is None:
                continue
            header = BUDGET.column(key).header
            found[f"{item}.{name}"] = Stated(
                value, model.unit, row.sheet, row.ref(key), f"{row.label}{header}"
            )
    return found
