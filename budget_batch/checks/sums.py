"""Hierarchy checks on 收支情况 and 服务数量: components add up to their parent.

SUM_MISMATCH / ROUNDING_DIFF per figure column, SUBSET_EXCEEDS for 其中 rows (计入上级合计 = 否),
UNIT_MISMATCH for children counted in another unit (they are left out of the sum).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Tree
from ..decimals import amount, count, fmt, joined
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import dec, header, names, total
from .registry import check

#: Figure columns that add up, per sheet; the money ones use the amount tolerance.
SUMMED = {
    "收支情况": ("prior", "budget_initial", "budget_final", "actual", "yoy_amount"),
    "服务数量": ("prior", "current", "amount", "prior_amount"),
}
MONEY_IN = {
    "收支情况": frozenset(SUMMED["收支情况"]),
    "服务数量": frozenset({"amount", "prior_amount"}),
}


@check(C.SUM_MISMATCH, C.ROUNDING_DIFF, C.SUBSET_EXCEEDS, C.UNIT_MISMATCH)
def hierarchy_sums(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Children marked 计入上级合计 add up to their parent; 其中 rows do not exceed it."""
    for table in (model.budget, model.services):
        if table is None or not table.has("code"):
            continue
        yield from _check_table(table, settings.tolerance(model.unit), model.yoy_key)


def figure(row: Row, key: str, yoy_key: str) -> tuple[bool, float | None]:
    """(known, value) of a summed figure. 增减额 is derived, not entered: an empty one is the
    row's own 同比口径 − 上年数 when both are filled, and unknown otherwise (checks.md)."""
    value = row.num(key)
    if key != "yoy_amount" or value is not None or row.unreadable(key):
        return not row.unreadable(key), value
    current, prior = row.num(yoy_key), row.num("prior")
    if current is None or prior is None:
        return False, None
    return True, float(dec(current) - dec(prior))


def _check_table(table: Table, tolerance: Decimal, yoy_key: str) -> Iterator[Finding]:
    tree = Tree.of(table)
    has_units = table.has("unit")
    columns = [k for k in SUMMED[table.spec.name] if table.has(k)]
    for code, parent, children in tree.parents():
        components: list[Row] = []
        subsets: list[Row] = []
        odd_unit = [c for cc, c in children if has_units and tree.unit(cc) != tree.unit(code)]
        for child_code, child in children:
            if child in odd_unit:
                yield _unit_mismatch(
                    table, parent, child, tree.unit(child_code), tree.unit(code), odd_unit
                )
            if child.text("in_total") == "否":
                subsets.append(child)
            else:
                components.append(child)
        for key in columns:
            money = key in MONEY_IN[table.spec.name]
            # Units only govern counts; money is always in 金额单位.
            parts = components if money else [c for c in components if c not in odd_unit]
            yield from _sum(table, parent, parts, key, tolerance if money else Decimal(0), yoy_key)
            subs = subsets if money else [c for c in subsets if c not in odd_unit]
            yield from _subsets(table, parent, subs, key, tolerance if money else Decimal(0))


def _unit_mismatch(
    table: Table, parent: Row, child: Row, unit: str, parent_unit: str, odd: list[Row]
) -> Finding:
    """Name the unit clash, and what the same-unit siblings add up to against the parent."""
    same = [r for r in odd if (r.text("unit") or unit) == unit]
    key = "current" if table.has("current") else "actual"
    context = ""
    if len(same) > 1 and parent.num(key) is not None:
        parts = joined([r.num(key) for r in same], count)
        context = (
            f"单位为“{unit}”的 {len(same)} 个下级合计 {parts} = {count(total(r.num(key) for r in same))}"
            f"{unit}，上级为 {count(parent.num(key))}{parent_unit}。"
        )
    return C.UNIT_MISMATCH.finding(
        child.sheet,
        child.ref("unit"),
        f"{child.label}的计量单位为“{unit or '（空）'}”，与上级{parent.label}的"
        f"“{parent_unit or '（空）'}”不同，因此未计入上级合计的核对。{context}"
        "请统一计量单位，或把该行移到单位相同的上级下。",
        stated=unit or None,
        computed=parent_unit or None,
    )


def _sum(
    table: Table, parent: Row, parts: list[Row], key: str, tolerance: Decimal, yoy_key: str
) -> Iterator[Finding]:
    if parent.unreadable(key) or not any(p.num(key) is not None for p in parts):
        return  # the total cannot be read (its own finding), or no breakdown in this column
    figures = [figure(p, key, yoy_key) for p in parts]
    if not all(known for known, _ in figures):
        return  # a part that cannot be read or derived: nothing sound to compare
    stated = parent.num(key)
    if key == "yoy_amount" and stated is None:
        return  # 增减额 is derived: an empty total states nothing
    values = [v for _, v in figures]
    computed = total(values)
    diff = dec(stated) - computed
    if diff == 0:
        return
    col = header(table, key)
    form = amount if key in MONEY_IN[table.spec.name] else count
    stated_text = form(stated) if stated is not None else "为空（按 0 计）"
    sums = joined(values, form)
    if abs(diff) <= tolerance:
        yield C.ROUNDING_DIFF.finding(
            parent.sheet,
            parent.ref(key),
            f"{parent.label}的{col}填报 {stated_text}，下级（{names(parts)}）合计 {sums} = {form(computed)}，"
            f"相差 {form(diff)}，在尾差容差 {fmt(tolerance)} 以内。一般无需处理。",
            stated=stated,
            computed=float(computed),
        )
        return
    yield C.SUM_MISMATCH.finding(
        parent.sheet,
        parent.ref(key),
        f"{parent.label}的{col}填报 {stated_text}，下级（{names(parts)}）合计 {sums} = {form(computed)}，"
        f"相差 {form(diff)}。请核对合计数和各下级数；若某下级只是“其中”数、不应计入合计，"
        "请在“计入上级合计”填“否”。",
        stated=stated,
        computed=float(computed),
    )


def _subsets(
    table: Table, parent: Row, subsets: list[Row], key: str, tolerance: Decimal
) -> Iterator[Finding]:
    top = parent.num(key)
    if top is None:
        return
    form = amount if key in MONEY_IN[table.spec.name] else count
    for sub in subsets:
        value = sub.num(key)
        if value is None or dec(value) - dec(top) <= tolerance:
            continue
        yield C.SUBSET_EXCEEDS.finding(
            sub.sheet,
            sub.ref(key),
            f"“其中”项{sub.label}的{header(table, key)}为 {form(value)}，大于上级{parent.label}的 "
            f"{form(top)}（多出 {form(dec(value) - dec(top))}）。“其中”数不能超过上级，请核对。",
            stated=value,
            computed=top,
        )
