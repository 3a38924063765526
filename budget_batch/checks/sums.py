"""Hierarchy checks on 收支情况 and 服务数量: components add up to their parent.

SUM_MISMATCH / ROUNDING_DIFF per figure column (as relations, so that one mistyped part is
blamed instead of its total), SUBSET_EXCEEDS for 其中 rows (计入上级合计 = 否), UNIT_MISMATCH for
children counted in another unit (they are left out of the sum).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Code, Tree
from ..decimals import amount, count, fmt, joined
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import dec, header, names, total
from .registry import check, relations
from .relations import Linear, Ref, State
from .repairs import repairs

#: Figure columns that add up, per sheet; the money ones use the amount tolerance.
SUMMED = {
    "收支情况": ("prior", "budget_initial", "budget_final", "actual", "yoy_amount"),
    "服务数量": ("prior", "current", "amount", "prior_amount"),
}
MONEY_IN = {
    "收支情况": frozenset(SUMMED["收支情况"]),
    "服务数量": frozenset({"amount", "prior_amount"}),
}
DERIVED = frozenset({"yoy_amount"})


def _tables(model: WorkbookModel) -> Iterator[Table]:
    for table in (model.budget, model.services):
        if table is not None and table.has("code"):
            yield table


def _split(
    tree: Tree, code: Code, children: list[tuple[Code, Row]]
) -> tuple[list[Row], list[Row], list[Row]]:
    """(components, 其中 rows, children in another unit) of a parent."""
    odd = [c for cc, c in children if tree.unit(cc) != tree.unit(code)]
    components = [c for _, c in children if c.text("in_total") != "否"]
    subsets = [c for _, c in children if c.text("in_total") == "否"]
    return components, subsets, odd


@relations(C.SUM_MISMATCH, C.ROUNDING_DIFF, on=WorkbookModel)
def hierarchy_sums(model: WorkbookModel, settings: Settings) -> Iterator[Linear]:
    """Children marked 计入上级合计 add up to their parent, in each figure column where at
    least one of them is filled. 增减额 is derived: an empty one counts as the child's own
    同比口径 − 上年数, and when that cannot be had the column is not checked."""
    tolerance = settings.tolerance(model.unit)
    for table in _tables(model):
        tree = Tree.of(table)
        has_units = table.has("unit")
        columns = [k for k in SUMMED[table.spec.name] if table.has(k)]
        for code, parent, children in tree.parents():
            components, _, odd = _split(tree, code, children)
            for key in columns:
                money = key in MONEY_IN[table.spec.name]
                # Units only govern counts; money is always in 金额单位.
                parts = (
                    components
                    if money or not has_units
                    else [c for c in components if c not in odd]
                )
                relation = _sum(
                    table, parent, parts, key, model.yoy_key, tolerance if money else Decimal(0)
                )
                if relation is not None:
                    yield relation


def _sum(
    table: Table, parent: Row, parts: list[Row], key: str, yoy_key: str, tolerance: Decimal
) -> Linear | None:
    if parent.unreadable(key) or not any(p.num(key) is not None for p in parts):
        return None  # the total cannot be read (its own finding), or no breakdown here
    if key == "yoy_amount" and parent.num(key) is None:
        return None  # 增减额 is derived: an empty total states nothing
    terms: list[tuple[Ref, int]] = []
    for part in parts:
        if part.unreadable(key):
            return None  # a part that cannot be read: nothing sound to compare
        if key == "yoy_amount" and part.num(key) is None:
            current, prior = part.num(yoy_key), part.num("prior")
            if current is None or prior is None:
                return None  # a change that cannot be derived
            terms += [(Ref(part, yoy_key), 1), (Ref(part, "prior"), -1)]
        else:
            terms.append((Ref(part, key, derived=key in DERIVED), 1))
    form = amount if key in MONEY_IN[table.spec.name] else count
    return Linear(
        C.SUM_MISMATCH,
        Ref(parent, key, derived=key in DERIVED),
        f"上级合计（{parent.label}的{header(table, key)}）",
        terms,
        tolerance,
        form,
        say=_say(table, parent, parts, key, yoy_key, form),
        rounding_code=C.ROUNDING_DIFF,
        what_of_anchor=f"下级之和（{names(parts, limit=3)}）",
    )


def _say(table: Table, parent: Row, parts: list[Row], key: str, yoy_key: str, form):  # type: ignore[no-untyped-def]
    def say(relation: Linear, advise: bool) -> str:
        stated = parent.num(key)
        col = header(table, key)
        values = [
            p.num(key)
            if key != "yoy_amount" or p.num(key) is not None
            else float(dec(p.num(yoy_key)) - dec(p.num("prior")))
            for p in parts
        ]
        stated_text = form(stated) if stated is not None else "为空（按 0 计）"
        head = (
            f"{parent.label}的{col}填报 {stated_text}，下级（{names(parts)}）合计 "
            f"{joined(values, form)} = {form(relation.computed)}，相差 {form(relation.diff)}"
        )
        if relation.state() is State.NEAR:
            return f"{head}，在尾差容差 {fmt(relation.tolerance)} 以内。一般无需处理。"
        return (
            f"{head}。请核对合计数和各下级数；若某下级只是“其中”数、不应计入合计，"
            "请在“计入上级合计”填“否”。"
        )

    return say


@check(C.SUBSET_EXCEEDS, C.UNIT_MISMATCH, on=WorkbookModel)
def hierarchy_parts(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """其中 rows do not exceed their parent; a child in another unit is named (and left out of
    the sum)."""
    tolerance = settings.tolerance(model.unit)
    for table in _tables(model):
        tree = Tree.of(table)
        has_units = table.has("unit")
        columns = [k for k in SUMMED[table.spec.name] if table.has(k)]
        for code, parent, children in tree.parents():
            _, subsets, odd = _split(tree, code, children)
            odd = odd if has_units else []
            for child_code, child in children:
                # An 其中 row is never summed: counting it in another unit is its own business.
                if child in odd and child not in subsets:
                    yield _unit_mismatch(
                        table, parent, child, tree.unit(child_code), tree.unit(code), odd
                    )
            for key in columns:
                money = key in MONEY_IN[table.spec.name]
                subs = subsets if money else [c for c in subsets if c not in odd]
                yield from _subsets(table, parent, subs, key, tolerance if money else Decimal(0))


def _unit_mismatch(
    table: Table, parent: Row, child: Row, unit: str, parent_unit: str, odd: list[Row]
) -> Finding:
    """Name the unit clash, and what the same-unit siblings add up to against the parent."""
    same = [r for r in odd if (r.text("unit") or unit) == unit]
    key = "current" if table.has("current") else "actual"
    context = premise = ""
    fit = repairs()
    if len(same) > 1 and fit.num(parent, key) is not None:
        parts = joined([fit.num(r, key) for r in same], count)
        context = (
            f"单位为“{unit}”的 {len(same)} 个下级合计 {parts} = "
            f"{count(total(fit.num(r, key) for r in same))}"
            f"{unit}，上级为 {count(fit.num(parent, key))}{parent_unit}。"
        )
        premise = fit.premise(child, also=[(r, key) for r in (*same, parent)])
    return C.UNIT_MISMATCH.finding(
        child.sheet,
        child.ref("unit"),
        premise + f"{child.label}的计量单位为“{unit or '（空）'}”，与上级{parent.label}的"
        f"“{parent_unit or '（空）'}”不同，因此未计入上级合计的核对。{context}"
        "请统一计量单位，或把该行移到单位相同的上级下；若它只是上级的“其中”数，请在“计入上级合计”填“否”。",
        stated=unit or None,
        computed=parent_unit or None,
    )


def _subsets(
    table: Table, parent: Row, subsets: list[Row], key: str, tolerance: Decimal
) -> Iterator[Finding]:
    fit = repairs()
    top = fit.num(parent, key)
    if top is None:
        return
    form = amount if key in MONEY_IN[table.spec.name] else count
    for sub in subsets:
        value = fit.num(sub, key)
        if value is None or dec(value) - dec(top) <= tolerance:
            continue
        yield C.SUBSET_EXCEEDS.finding(
            sub.sheet,
            sub.ref(key),
            fit.premise(sub, key, also=[(parent, key)])
            + f"“其中”项{sub.label}的{header(table, key)}为 {form(value)}，大于上级{parent.label}的 "
            f"{form(top)}（多出 {form(dec(value) - dec(top))}）。“其中”数不能超过上级，请核对。",
            stated=value,
            computed=top,
        )
