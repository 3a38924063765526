"""The project list adds up to 收支情况 2.2 项目支出, and to its own 合计 row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Tree
from ..decimals import amount
from ..findings import Finding
from ..model import Row, WorkbookModel
from ..settings import Settings
from .check_helpers import dec, project_total
from .registry import check

COLUMNS = (
    ("budget_initial", "年初预算数"),
    ("budget_final", "全年预算数"),
    ("actual", "全年执行数"),
)


@check(C.PROJECT_TOTAL_MISMATCH, C.ROUNDING_DIFF)
def project_totals(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Σ projects = 收支情况 2.2 and = the 合计 row, for each amount filled on both sides."""
    table = model.projects
    if table is None:
        return
    items = model.project_rows()
    grand_totals = [r for r in table.totals if r.total_label != "小计"]
    spending = Tree.of(model.budget).get("2.2") if model.budget is not None else None
    tolerance = settings.tolerance(model.unit)
    targets = [(spending, "收支情况「2.2 项目支出」")] + [
        (row, f"项目支出表第 {row.index} 行“{row.total_label}”") for row in grand_totals
    ]
    for key, label in COLUMNS:
        if not any(r.num(key) is not None for r in items):
            continue
        if key in table.unreadable_columns:
            continue  # a figure that could not be read: its own finding says so
        computed = project_total(model, key)
        for target, what in targets:
            if target is not None and not target.unreadable(key):
                yield from _compare(target, key, label, what, computed, len(items), tolerance)


def _compare(
    target: Row, key: str, label: str, what: str, computed: Decimal, count: int, tolerance: Decimal
) -> Iterator[Finding]:
    stated = target.num(key)
    if stated is None:
        return
    diff = dec(stated) - computed
    if diff == 0:
        return
    text = (
        f"{what}的{label}为 {amount(stated)}，项目支出表 {count:,} 个项目的{label}合计为 {amount(computed)}，"
        f"相差 {amount(diff)}"
    )
    if abs(diff) <= tolerance:
        yield C.ROUNDING_DIFF.finding(
            target.sheet,
            target.ref(key),
            text + "，在尾差容差以内。一般无需处理。",
            stated=stated,
            computed=float(computed),
        )
        return
    yield C.PROJECT_TOTAL_MISMATCH.finding(
        target.sheet,
        target.ref(key),
        text + "。请补全或核对项目明细（基本支出不应列入项目表），使两者一致。",
        stated=stated,
        computed=float(computed),
    )
