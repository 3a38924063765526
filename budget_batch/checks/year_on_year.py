"""Year-on-year checks on 收支情况: 增减额, 增减率 and large changes left unexplained.

The current-year figure is the column named by 基本信息 `同比口径` (default 全年执行数).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..decimals import amount, fmt, percent_of
from ..findings import Finding
from ..model import YOY_KEYS, Cell, Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import dec, header
from .registry import check, relations
from .relations import Linear, Ratio, Ref, Relation
from .repairs import NONE, Repairs, repairs
from .stated_percent import Comparison, reproduces

BASIS_KEYS = YOY_KEYS


def _change(row: Row, key: str, fit: Repairs = NONE) -> Decimal | None:
    current, prior = fit.num(row, key), fit.num(row, "prior")
    if current is None or prior is None:
        return None
    return dec(current) - dec(prior)


@relations(C.YOY_AMOUNT_MISMATCH, on=WorkbookModel)
def yoy_amounts(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """Stated 增减额 = current (同比口径) − 上年数, within the amount tolerance."""
    table = model.budget
    if table is None or not table.has("yoy_amount"):
        return
    key = model.yoy_key
    tolerance = settings.tolerance(model.unit)
    for row in table.rows:
        if row.num("yoy_amount") is None or _change(row, key) is None:
            continue
        yield Linear(
            C.YOY_AMOUNT_MISMATCH,
            Ref(row, "yoy_amount", derived=True),
            "增减额",
            [(Ref(row, key), 1), (Ref(row, "prior"), -1)],
            tolerance,
            say=_say_amount(table, row, key, tolerance),
        )


def _say_amount(table: Table, row: Row, key: str, tolerance: Decimal):  # type: ignore[no-untyped-def]
    def say(relation: Linear, advise: bool) -> str:
        stated, computed = relation.stated, relation.computed
        why = _amount_why(table, row, key, stated, computed, tolerance)
        return (
            f"{row.label}增减额填报 {amount(stated)}，按{header(table, key)} − 上年数计算为 "
            f"{amount(row.num(key))} − {amount(row.num('prior'))} = {amount(computed)}，相差 "
            f"{amount(stated - computed)}。{why}"
            + (f"请改为 {amount(computed)}。" if advise else "")
        )

    return say


def _amount_why(
    table: Table, row: Row, key: str, stated: Decimal, computed: Decimal, tolerance: Decimal
) -> str:
    if stated == -computed:
        return "填报值符号相反（减少应填负数）。"
    for other in BASIS_KEYS.values():
        alt = _change(row, other)
        if other != key and alt is not None and abs(alt - stated) <= tolerance:
            return (
                f"填报值按{header(table, other)}计算，而“基本信息 → 同比口径”为"
                f"{header(table, key)}；如口径选错，请改同比口径。"
            )
    return ""


@relations(C.YOY_RATE_MISMATCH, on=WorkbookModel)
def yoy_rates(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """Stated 增减率 = (current − 上年数) ÷ 上年数 × 100, rounded as stated (the stated 增减额
    over 上年数 when the current-year figure is empty)."""
    table = model.budget
    if table is None or not table.has("yoy_rate"):
        return
    key = model.yoy_key
    for row in table.rows:
        prior = row.num("prior")
        if row.num("yoy_rate") is None or not prior or row.unreadable(key, "prior"):
            continue
        if _change(row, key) is not None:
            numerator = [(Ref(row, key), 1), (Ref(row, "prior"), -1)]
        elif row.num("yoy_amount") is not None:
            numerator = [(Ref(row, "yoy_amount", derived=True), 1)]
        else:
            continue
        yield Ratio(
            C.YOY_RATE_MISMATCH,
            Ref(row, "yoy_rate", derived=True),
            "增减率",
            numerator,
            Ref(row, "prior"),
            say=_say_rate(table, row, key),
        )


def _say_rate(table: Table, row: Row, key: str):  # type: ignore[no-untyped-def]
    def say(relation: Ratio, cmp: Comparison, advise: bool) -> str:
        prior = row.num("prior") or 0.0
        change = cmp.exact * dec(prior) / 100
        return (
            f"{row.label}增减率填报 {cmp.text(cmp.stated)}，按增减额 ÷ 上年数计算为 {amount(change)} ÷ "
            f"{amount(prior)} × 100 = {fmt(cmp.exact, 4)}%，{cmp.summary()}"
            f"{_rate_why(table, row, key, relation.cell, change, prior)}"
            + (f"请改为 {cmp.text(cmp.rounded)}。" if advise else "")
        )

    return say


def _rate_why(table: Table, row: Row, key: str, cell: Cell, change: Decimal, prior: float) -> str:
    """Say what reproduces the stated rate — a flipped sign, another column, a figure of the row
    used as the base — and nothing when nothing does (never an invented cause)."""
    stated = dec(cell.number)
    if stated == 0:
        return ""
    if reproduces(cell, percent_of(float(-change), prior)):
        return "填报值符号相反（减少应为负数）。"
    for other in BASIS_KEYS.values():
        alt = _change(row, other)
        if other != key and alt is not None and reproduces(cell, percent_of(float(alt), prior)):
            return f"填报值按{header(table, other)}计算，与同比口径（{header(table, key)}）不一致。"
    for other in BASIS_KEYS.values():
        base = row.num(other)
        if base and reproduces(cell, percent_of(float(change), base)):
            return f"填报值是以{header(table, other)}作分母计算的，增减率应以上年数为分母。"
    return ""


@check(C.YOY_UNEXPLAINED, on=WorkbookModel)
def yoy_explained(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """A change of yoy_explain_pct or more needs a 说明."""
    table = model.budget
    if table is None:
        return
    key = model.yoy_key
    threshold = Decimal(repr(settings.yoy_explain_pct))
    fit = repairs()
    for row in table.rows:
        if row.text("note"):
            continue
        prior, current = fit.num(row, "prior"), fit.num(row, key)
        change = _change(row, key, fit)
        if change is None or change == 0:
            continue
        if prior == 0:
            what = f"上年数为 0，本年{header(table, key)} {amount(current)}（新增）"
        else:
            rate = change * 100 / abs(dec(prior))
            if abs(rate) < threshold:
                continue
            what = (
                f"{header(table, key)} {amount(current)} 比上年数 {amount(prior)} "
                f"{'增加' if change > 0 else '减少'} {amount(abs(change))}（{fmt(rate, 2)}%）"
            )
        yield C.YOY_UNEXPLAINED.finding(
            row.sheet,
            row.ref("note"),
            fit.premise(row, "prior", key)
            + f"{row.label}{what}，变动幅度达到 {fmt(threshold)}% 以上，但“说明”为空。"
            "请在“说明”列写明增减原因。",
            stated=None,
            computed=float(change),
        )
