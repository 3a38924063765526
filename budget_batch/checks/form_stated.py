"""What a 部门整体 form states that the department's 部门决算 restates (final-accounts.md, the
table of links): its money block's total (年度资金总额 全年执行数 = T1 本年支出合计) and its parts by
nature (基本支出, 项目支出 = T3's), by the names every kind uses (figure_names)."""

from __future__ import annotations

from ..figure_names import ACTUAL, BUDGET, INITIAL, key
from ..form_model import DEPARTMENT, FormsModel
from ..form_schema import form_label
from ..links import Stated
from ..model import Row

COLUMNS = (("budget_initial", INITIAL), ("budget_final", BUDGET), ("actual", ACTUAL))
#: A part by nature, as the form names it → the name every kind uses.
NATURE = {
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "人员经费": "人员经费",
    "公用经费": "公用经费",
}


def form_stated(model: FormsModel) -> dict[str, Stated]:
    """The first 部门整体 form's money figures (a workbook holds one department's form)."""
    form = next((f for f in model.forms if f.kind == DEPARTMENT), None)
    if form is None or form.fund_total is None:
        return {}
    out: dict[str, Stated] = {}
    _put(out, "支出合计", form.fund_total, form.unit)
    for row in form.fund_families.get("nature", []):
        name = NATURE.get(form_label(row.text("item")))
        if name is not None:
            _put(out, name, row, form.unit)
    return out


def _put(out: dict[str, Stated], name: str, row: Row, unit: str) -> None:
    for column, header in COLUMNS:
        if not row.has(column) or row.num(column) is None or row.unreadable(column):
            continue
        if column == "budget_initial" and row.columns.get(column) == row.columns.get(
            "budget_final"
        ):
            continue  # one budget printed (年初预算数 read as the rate's base): said once
        value = row.num(column)
        assert value is not None
        out[key(name, header)] = Stated(
            value, unit, row.sheet, row.ref(column), f"{row.label}{header}"
        )
