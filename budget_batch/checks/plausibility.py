"""Plausibility: negative figures, amounts in the wrong unit, years from another report, staffing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import catalogue as C
from ..code_tree import Tree
from ..column_table import ColumnTable, data_rows
from ..decimals import amount, count, fmt
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import header
from .column_rows import any_holding, any_negative, looked_at
from .registry import check
from .repairs import Repairs, repairs

#: Figures that are never negative (增减额 and 增减率 may be).
NON_NEGATIVE = {
    "收支情况": ("prior", "budget_initial", "budget_final", "actual"),
    "项目支出": ("prior_actual", "budget_initial", "budget_final", "actual"),
    "服务数量": ("prior", "current", "amount", "prior_amount"),
}
#: Free-text fields where a year pasted from another report shows.
FREE_TEXT = {
    "收支情况": ("item", "note"),
    "项目支出": ("name", "outcome", "note"),
    "绩效指标": ("level3", "deviation"),
    "服务数量": ("item", "note"),
    "问题与措施": ("text",),
}
INFO_TEXT = ("functions", "work", "goal")
#: Figures that are counts (people, items), not money.
COUNTED = {"服务数量": frozenset({"prior", "current"})}
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
#: What follows a year that is a plan or a deadline, not a copied fact (checks.md).
_PLAN = re.compile(r"\s*(?:的)?(?:目标|规划|远景|前|之前|底前|底|年底|末)")


@check(C.NEGATIVE_AMOUNT, on=WorkbookModel)
def negative_amounts(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Budget, execution and service figures are not negative."""
    fit = repairs()
    for table in model.tables.values():
        keys = NON_NEGATIVE.get(table.spec.name, ())
        counted = COUNTED.get(table.spec.name, frozenset())
        for row in looked_at(table, keys, any_negative):
            if not fit and all(
                type(v) is str or (type(v) is float and v >= 0) for v in row.cells.values()
            ):
                continue  # bare figures, none negative: the common row, at a glance
            for key in keys:
                value = fit.num(row, key)
                if value is not None and value < 0:
                    yield C.NEGATIVE_AMOUNT.finding(
                        row.sheet,
                        row.ref(key),
                        fit.premise(row, key) + f"{row.label}的{header(table, key)}为负数 "
                        f"{count(value) if key in counted else amount(value)}。"
                        "预算数、执行数和服务数量不能为负；减少额请填在“增减额”列。",
                        stated=value,
                    )


def _total(tree: Tree, code: str, fit: Repairs) -> tuple[Row, str, float] | None:
    """The first filled of 全年执行数, 全年预算数, 年初预算数 on a top-level row: the row, the
    column and its figure."""
    row = tree.get(code)
    if row is None:
        return None
    return next(((row, k, v) for k in AMOUNTS if (v := fit.num(row, k))), None)


AMOUNTS = ("actual", "budget_final", "budget_initial")


@check(C.UNIT_SUSPECT, on=WorkbookModel)
def unit_suspect(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """By magnitude: totals that look like 元 in a 万元 workbook (or the reverse), or one row
    a thousand times 支出合计."""
    if model.budget is None:
        return
    tree = Tree.of(model.budget)
    unit = model.unit
    fit = repairs()
    # One wrong unit is one finding: on 支出合计 (收入合计 when there is none).
    totals = [c for c in (_total(tree, "2", fit) or _total(tree, "1", fit),) if c is not None]
    flagged: set[str] = set()
    for row, key, value in totals:
        ref, premise = row.ref(key), fit.premise(row, key)
        if unit == "万元" and value >= settings.unit_wan_max:
            flagged.add(ref)
            yield C.UNIT_SUSPECT.finding(
                row.sheet,
                ref,
                premise
                + f"金额单位为万元，但该合计为 {amount(value)} 万元（即 {amount(value / 10000)} 亿元），"
                "像是按“元”填写的。请核对“基本信息 → 金额单位”，或把金额换算为万元。",
                stated=value,
                computed="元",
            )
        elif unit == "元" and 0 < value < settings.unit_yuan_min:
            flagged.add(ref)
            yield C.UNIT_SUSPECT.finding(
                row.sheet,
                ref,
                premise
                + f"金额单位为元，但该合计只有 {amount(value)} 元（不到 {fmt(settings.unit_yuan_min / 10000)} 万元），"
                "像是按“万元”填写的。"
                "请核对“基本信息 → 金额单位”，或把金额换算为元。",
                stated=value,
                computed="万元",
            )
    yield from _row_in_another_unit(model, settings, flagged)


def _row_in_another_unit(
    model: WorkbookModel, settings: Settings, flagged: set[str]
) -> Iterator[Finding]:
    """One row a thousand times its siblings (the median project, or 支出合计 for a row of
    收支情况): typed in 元 in a 万元 workbook. One finding per row, on its largest figure."""
    unit = model.unit
    factor = settings.unit_row_factor
    fit = repairs()
    total = _total(Tree.of(model.budget), "2", fit) if model.budget is not None else None
    spending = total[2] if total else None
    projects = data_rows(model.projects)  # a column table's: made only where they speak
    largest = _largest(model.projects, projects, fit)
    figures = sorted(f for f in largest if f)
    median = figures[len(figures) // 2] if len(figures) >= 3 else None
    spending_from = [(total[0], total[1])] if total else []
    median_from = []
    if fit and median:
        at = [p for p, f in enumerate(largest) if f == median]  # the others add nothing
        median_from = _repaired_median([projects[p] for p in at], [median] * len(at), median, fit)
    for table, rows, base, what, peak, base_from in (
        (
            model.budget,
            model.budget.rows if model.budget else [],
            spending,
            "支出合计",
            None,
            spending_from,
        ),
        (
            model.projects,
            projects,
            median,
            "各项目的中位数",
            figures[-1] if figures else 0.0,
            median_from,
        ),
    ):
        if table is None or not base or base < 0:
            continue
        limit = base * factor
        if peak is not None and peak < limit:
            continue  # no project comes near: nothing to look at row by row
        if rows is projects:  # a row's figure is its largest: only those at the limit speak
            rows = [projects[p] for p, f in enumerate(largest) if f >= limit]
        for row in rows:
            key = max(AMOUNTS, key=lambda k: fit.num(row, k) or 0)
            figure = fit.num(row, key)
            if figure is None or figure < limit or row.ref(key) in flagged:
                continue
            yield C.UNIT_SUSPECT.finding(
                row.sheet,
                row.ref(key),
                fit.premise(row, key, also=base_from)
                + f"{row.label}的{header(table, key)} {amount(figure)} 是{what} "
                f"{amount(base)} 的 {count(round(figure / base))} 倍，像是用了其他金额单位"
                f"（本表为{unit}）。请换算为{unit}。",
                stated=figure,
                computed=base,
            )


def _largest(table: Table | None, projects: Sequence[Row], fit: Repairs) -> list[float]:
    """Each project's largest of 全年执行数, 全年预算数, 年初预算数 (0 when none is filled), read
    through the repairs; a column table's from its columns."""
    if not isinstance(table, ColumnTable):
        return [max(fit.num(r, k) or 0 for k in AMOUNTS) for r in projects]
    a, b, c = (list(table.numbers(k)) for k in AMOUNTS)
    if fit:
        rows = {i: p for p, i in enumerate(table.all_rows().indices)}
        for (sheet, index, key), repair in fit.fitted.items():
            if sheet == table.sheet and index in rows and key in AMOUNTS:
                (a, b, c)[AMOUNTS.index(key)][rows[index]] = repair.value
    return list(map(max, *([v or 0 for v in column] for column in (a, b, c))))


def _repaired_median(
    projects: list[Row], largest: list[float], median: float, fit: Repairs
) -> list[tuple[Row, str]]:
    """The repaired cells the median rests on: those of the projects whose figure is the median,
    when every one of them is a repaired value (else the median stands without a repair)."""
    cells = [
        (row, key)
        for row, figure in zip(projects, largest, strict=True)
        if figure == median
        for key in AMOUNTS
        if fit.num(row, key) == median
    ]
    return cells if all(fit.get(row, key) is not None for row, key in cells) else []


@check(C.YEAR_MISMATCH, on=WorkbookModel)
def other_years(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Free text naming a year outside 预算年度 ± 1: copied from another year's report. A year
    that is a plan or a deadline (2035年远景目标, 2025年底前) is not, and neither is any year in
    改进措施 (next year's measures)."""
    year = model.year
    if year is None:
        return
    allowed = set(range(year - 1, year + 2))
    for sheet, ref, text in _free_text(model):
        years = sorted(
            {int(m.group(1)) for m in _YEAR.finditer(text) if not _PLAN.match(text, m.end())}
            - allowed
        )
        if years:
            shown = "、".join(f"{y} 年" for y in years)
            yield C.YEAR_MISMATCH.finding(
                sheet,
                ref,
                f"文字中出现了 {shown}，而预算年度为 {year} 年（前后一年以内的年份不提示）。"
                f"可能是从其他年度的报告中复制的，请核对并改为 {year} 年的情况。",
                stated=", ".join(str(y) for y in years),
                computed=year,
            )


def _free_text(model: WorkbookModel) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell, text) of the free text that names a year (年), 改进措施 left out."""
    if model.info is not None:
        for key in INFO_TEXT:
            c = model.info.cells.get(key)
            if c is not None and type(c.value) is str and "年" in c.value:
                yield c.sheet, c.ref, c.value
    for table in model.tables.values():
        keys = FREE_TEXT.get(table.spec.name, ())
        measures = table.spec.name == "问题与措施"
        for row in looked_at(table, keys, any_holding("年")):
            if measures and row.text("kind") != "存在问题":
                continue
            for key in keys:
                text = row.text(key)
                if "年" in text:
                    yield row.sheet, row.ref(key), text


@check(C.STAFF_OVER_QUOTA, on=WorkbookModel)
def staff_over_quota(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """实有在职人数 ≤ 编制人数."""
    info = model.info
    if info is None:
        return
    quota, actual = info.num("staff_quota"), info.num("staff_actual")
    if quota is None or actual is None or actual <= quota:
        return
    yield C.STAFF_OVER_QUOTA.finding(
        info.sheet,
        info.ref("staff_actual"),
        f"实有在职人数 {count(actual)} 人多于编制人数 {count(quota)} 人（超出 {count(actual - quota)} 人）。"
        "请核对人数；确属超编的请说明原因。",
        stated=actual,
        computed=quota,
    )
