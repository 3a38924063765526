"""占比 checks on 收支情况: each stated share, and the shares of one parent's components.

A share is the row's 全年执行数 over a legitimate total: its top-level row (收入合计, 支出合计)
or its immediate parent. Stated values are compared after rounding the exact share half-up to
the decimals the stated value shows; one unit off in the last decimal is a rounding warning.
When the stated value is reproduced only by a wrong basis, the message says which.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Code, Tree
from ..decimals import amount, fmt, percent_of, to_decimal
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import header
from .registry import check
from .stated_percent import compare, reproduces

#: The legitimate basis first, then the columns people wrongly use.
BASIS = ("actual", "budget_final", "budget_initial")
WRONG_BASES = ("budget_final", "budget_initial", "prior")


@dataclass(frozen=True)
class Share:
    exact: Decimal
    basis: str  # column key
    part: float
    whole: float
    whole_row: Row


def basis_key(row: Row, whole: Row) -> str | None:
    """The column a share of `row` in `whole` is computed on: 全年执行数 if both have it. None
    when a figure of that column cannot be read (its own finding says so): no fallback to a
    basis the share was never meant for."""
    for key in BASIS:
        if row.unreadable(key) or whole.unreadable(key):
            return None
        if row.num(key) is not None and whole.num(key) is not None:
            return key
    return None


def share(row: Row, whole: Row, key: str | None = None) -> Share | None:
    key = key or basis_key(row, whole)
    if key is None:
        return None
    part, amount = row.num(key), whole.num(key)
    if part is None or amount is None:
        return None
    exact = percent_of(part, amount)
    return Share(exact, key, part, amount, whole) if exact is not None else None


def unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def denominators(tree: Tree, code: Code) -> list[Row]:
    """Top-level row first, then the immediate parent; a top-level row is its own whole."""
    rows: list[Row] = []
    for candidate in (code[:1], code[:-1]) if len(code) > 1 else (code,):
        node = tree.nodes.get(candidate)
        if node is not None and node not in rows:
            rows.append(node)
    return rows


@check(C.SHARE_MISMATCH)
def stated_shares(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Each stated 占比 equals the computed share on a legitimate basis."""
    table = model.budget
    if table is None or not table.has("share") or not table.has("code"):
        return
    tree = Tree.of(table)
    for code, row in sorted(tree.nodes.items()):
        cell = row.at("share")
        candidates = [s for s in (share(row, w) for w in denominators(tree, code)) if s]
        comparisons = [(s, compare(cell, s.exact)) for s in candidates]
        if not comparisons or comparisons[0][1] is None or any(c.ok for _, c in comparisons if c):
            continue
        best, cmp = min(((s, c) for s, c in comparisons if c), key=lambda sc: abs(sc[1].diff))
        whole = best.whole_row
        message = (
            f"{row.label}占比填报 {cmp.text(cmp.stated)}，按{whole.label}的"
            f"{header(table, best.basis)}计算为 {amount(best.part)} ÷ {amount(best.whole)} × 100 = "
            f"{fmt(best.exact, 4)}%，{cmp.summary()}{_wrong_basis(table, tree, row, code, best)}"
            f"请改为 {cmp.text(cmp.rounded)}。"
        )
        yield C.SHARE_MISMATCH.finding(
            row.sheet,
            cell.ref,
            message,
            stated=cell.number,
            computed=float(cmp.rounded),
            severity=cmp.severity,
        )


def _wrong_basis(table: Table, tree: Tree, row: Row, code: Code, best: Share) -> str:
    """Say which wrong basis reproduces the stated value, if one does."""
    cell = row.at("share")
    for key in WRONG_BASES:
        if key == best.basis:
            continue
        for whole in denominators(tree, code):
            alt = share(row, whole, key)
            if alt and reproduces(cell, alt.exact):
                return (
                    f"填报的占比按{header(table, key)}计算（{amount(alt.part)} ÷ {amount(alt.whole)}），"
                    f"应按{header(table, best.basis)}计算。"
                )
    return ""


@check(C.SHARE_TOTAL)
def share_totals(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """The shares of a parent's non-zero components total 100% (± a last-decimal unit each)."""
    table = model.budget
    if table is None or not table.has("share") or not table.has("code"):
        return
    tree = Tree.of(table)
    for code, parent, children in tree.parents():
        if any(c.unreadable("share") for _, c in children):
            continue  # a share that cannot be read: its own finding says so
        key = next((k for k in BASIS if parent.num(k)), None)
        if key is None or parent.unreadable(key) or any(c.unreadable(key) for _, c in children):
            continue
        nonzero = [c for _, c in children if c.num(key)]
        stated = [c for _, c in children if c.at("share").number is not None]
        if not nonzero or any(c.at("share").number is None for c in nonzero):
            continue
        shown = sum((to_decimal(c.at("share").number or 0) for c in stated), Decimal(0))
        slack = sum((unit(c.at("share").decimals or 0) for c in stated), Decimal(0))
        expected = [Decimal(100)]
        if len(code) > 1:  # shares may be of the top-level total: they then add to the parent's
            top = tree.nodes.get(code[:1])
            whole = share(parent, top, key) if top is not None else None
            if whole:
                expected.append(whole.exact)
        if any(abs(shown - e) <= slack for e in expected):
            continue
        places = max((c.at("share").decimals or 0) for c in stated)
        parts = " + ".join(fmt(c.at("share").number, places) for c in stated)
        yield C.SHARE_TOTAL.finding(
            parent.sheet,
            parent.ref("share"),
            f"{parent.label}下各组成部分的占比合计 {parts} = {fmt(shown, places)}%，不等于 100%"
            f"（相差 {fmt(abs(shown - 100), places)} 个百分点，超出各项末位尾差之和 {fmt(slack)}）。"
            "请逐项核对占比。",
            stated=float(shown),
            computed=100.0,
        )
