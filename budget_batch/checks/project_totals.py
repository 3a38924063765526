"""The project list adds up to 收支情况 2.2 项目支出, and to its own 合计 row: relations, so that a
mistyped project figure is blamed on the project rather than on the total."""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as C
from ..code_tree import Tree
from ..column_table import column_numbers, data_rows
from ..decimals import amount
from ..model import Row, WorkbookModel
from ..settings import Settings
from .check_helpers import project_total
from .registry import relations
from .relation_families import ColumnSum
from .relations import Linear, Ref, Relation, State

COLUMNS = (
    ("budget_initial", "年初预算数"),
    ("budget_final", "全年预算数"),
    ("actual", "全年执行数"),
)


@relations(C.PROJECT_TOTAL_MISMATCH, C.ROUNDING_DIFF, on=WorkbookModel)
def project_totals(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """Σ projects = 收支情况 2.2 and = the 合计 row, for each amount filled on both sides."""
    table = model.projects
    if table is None:
        return
    items = data_rows(table)  # a column table's, made only if the localizer asks
    spending = Tree.of(model.budget).get("2.2") if model.budget is not None else None
    targets = [(spending, "收支情况「2.2 项目支出」", "项目合计（收支情况 2.2 项目支出）")] + [
        (row, f"项目支出表第 {row.index} 行“{row.total_label}”", "项目支出表的合计行")
        for row in table.totals
        if row.total_label != "小计"
    ]
    tolerance = settings.tolerance(model.unit)
    for key, label in COLUMNS:
        figures = column_numbers(table, key)
        if figures.count(None) == len(figures):
            continue
        if key in table.unreadable_columns:
            continue  # a figure that could not be read: its own finding says so
        total = project_total(model, key)
        for target, where, what in targets:
            if target is None or target.num(key) is None or target.unreadable(key):
                continue
            yield ColumnSum(
                C.PROJECT_TOTAL_MISMATCH,
                Ref(target, key),
                what,
                items,
                key,
                total,
                tolerance,
                _say(where, label, len(items)),
                C.ROUNDING_DIFF,
                f"各项目之和（{len(items):,} 个项目）",
            )


def _say(where: str, label: str, count: int):  # type: ignore[no-untyped-def]
    def say(relation: Linear, advise: bool) -> str:
        text = (
            f"{where}的{label}为 {amount(relation.stated)}，项目支出表 {count:,} 个项目的{label}合计为 "
            f"{amount(relation.computed)}，相差 {amount(relation.diff)}"
        )
        if relation.state() is State.NEAR:
            return text + "，在尾差容差以内。一般无需处理。"
        return text + "。请补全或核对项目明细（基本支出不应列入项目表），使两者一致。"

    return say


__all__ = ["project_totals", "Row"]
