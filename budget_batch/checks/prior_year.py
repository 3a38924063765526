"""This year's 自评 against the same department's workbook of the year before (in the batch, or
`--previous FOLDER`: final-accounts.md, "Last year's workbook").

- PRIOR_YEAR_MISMATCH (warning): a 收支情况 row's 上年数 ≠ last year's figure of the same row in
  the column this year's 同比口径 compares it with (全年执行数 by default); a 服务数量 row's 上年数
  ≠ last year's 本年数. Rows are matched by code and item, by item when the codes changed, by
  code when the item was reworded.
- TARGET_TOO_LOW across years (warning): a ≥ 指标's target below what the same 指标 achieved
  last year (same 计量单位).

Written on this year's cell, naming last year's file and cell; when last year's workbook is in
the batch, its cell gets the finding too (interface.md: on every document involved). Last year's
workbooks given by `--previous` are read only: their findings are not kept, nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import catalogue as C
from ..decimals import amount, fmt
from ..departments import department_key, same_department
from ..figure_names import ACHIEVED, CURRENT, PRIOR, TARGET, row_key, split_row_key
from ..links import Link, Stated
from ..result import WorkbookResult
from ..schema import BUDGET, INDICATORS, SERVICES
from ..settings import Settings
from .accounts_join import TO_WAN
from .across import Outcome, across, file_name
from .check_helpers import dec

SELF_KINDS = ("department", "department_form")
KIND = "prior_year"  # the links this check makes


@across(C.PRIOR_YEAR_MISMATCH, C.TARGET_TOO_LOW)
def prior_year(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    outcome = Outcome()
    selves = [r for r in results if r.kind in SELF_KINDS and r.status == "checked" and r.year]
    for this in selves:
        last = [
            r
            for r in selves
            if r.year == (this.year or 0) - 1 and same_department(r.department, this.department)
        ]
        if len(last) != 1 and len({department_key(r.department) for r in last}) != 1:
            continue  # none, or several departments: never guessed
        if last:
            _compare(this, last[0], settings, outcome)
    return outcome


def _compare(
    this: WorkbookResult, last: WorkbookResult, settings: Settings, outcome: Outcome
) -> None:
    rows = _rows(last)
    for name, stated in this.stated.items():
        parts = split_row_key(name)
        if parts is None:
            continue
        table, code, item, column = parts
        if table == BUDGET.name and column.startswith(f"{PRIOR}@"):
            found = _find(rows, table, code, item, column.split("@", 1)[1])
            if found is not None:
                _prior(this, stated, last, found, outcome, settings.tolerance("万元"), True)
        elif table == SERVICES.name and column == PRIOR:
            found = _find(rows, table, code, item, CURRENT)
            if found is not None:
                _prior(this, stated, last, found, outcome, Decimal(0), False)
        elif table == INDICATORS.name and column == TARGET:
            achieved = last.stated.get(row_key(table, "", item, ACHIEVED))
            if achieved is not None and achieved.unit == stated.unit:
                _target(this, stated, last, (row_key(table, "", item, ACHIEVED), achieved), outcome)


def _rows(result: WorkbookResult) -> dict[tuple[str, str, str, str], str]:
    out = {}
    for name in result.stated:
        parts = split_row_key(name)
        if parts is not None:
            out[parts] = name
    return out


def _find(
    rows: dict[tuple[str, str, str, str], str], table: str, code: str, item: str, column: str
) -> str | None:
    """Last year's row: the same code and item; else the same item; else the same code."""
    exact = rows.get((table, code, item, column))
    if exact is not None:
        return exact
    same_item = [n for (t, _, i, c), n in rows.items() if (t, i, c) == (table, item, column)]
    if len(same_item) == 1:
        return same_item[0]
    same_code = [n for (t, k, _, c), n in rows.items() if (t, k, c) == (table, code, column)]
    return same_code[0] if len(same_code) == 1 and code else None


def _value(stated: Stated, money: bool) -> Decimal:
    return dec(stated.value) * (TO_WAN.get(stated.unit, Decimal(1)) if money else Decimal(1))


def _prior(
    this: WorkbookResult,
    ours: Stated,
    last: WorkbookResult,
    name: str,
    outcome: Outcome,
    tol: Decimal,
    money: bool,
) -> None:
    theirs = last.stated[name]
    if not money and theirs.unit and ours.unit and theirs.unit != ours.unit:
        return  # counted in another 计量单位
    a, b = _value(ours, money), _value(theirs, money)
    agrees = abs(a - b) <= tol
    unit = " 万元" if money else (ours.unit or "")
    shown = amount if money else fmt
    values = float(a), float(b)
    outcome.links[this.file].append(
        Link.between(KIND, ours.label, ours, last.file, theirs, agrees, values, "warning")
    )
    outcome.links[last.file].append(
        Link.between(KIND, theirs.label, theirs, this.file, ours, agrees, values[::-1], "warning")
    )
    if agrees:
        return
    outcome.findings[this.file].append(
        C.PRIOR_YEAR_MISMATCH.finding(
            ours.sheet,
            ours.cell,
            f"{ours.label} {shown(a)}{unit}，与上一年度自评（{file_name(last.file)} {theirs.sheet}!{theirs.cell}"
            f"「{theirs.label}」）{shown(b)}{unit}不一致，相差 {shown(a - b)}{unit}。请按上年度自评表（或上年决算）"
            "核对上年数；口径调整的，在说明中写明。",
            stated=float(a),
            computed=float(b),
        )
    )
    outcome.findings[last.file].append(
        C.PRIOR_YEAR_MISMATCH.finding(
            theirs.sheet,
            theirs.cell,
            f"{theirs.label} {shown(b)}{unit}，在下一年度自评（{file_name(this.file)} {ours.sheet}!{ours.cell}）"
            f"中作为上年数填报为 {shown(a)}{unit}，相差 {shown(b - a)}{unit}。请核对两处数字。",
            stated=float(b),
            computed=float(a),
        )
    )


def _target(
    this: WorkbookResult,
    ours: Stated,
    last: WorkbookResult,
    named: tuple[str, Stated],
    outcome: Outcome,
) -> None:
    _, theirs = named
    agrees = dec(ours.value) >= dec(theirs.value)
    values = ours.value, theirs.value
    outcome.links[this.file].append(
        Link.between(KIND, ours.label, ours, last.file, theirs, agrees, values, "warning")
    )
    if agrees:
        return
    unit = ours.unit
    outcome.findings[this.file].append(
        C.TARGET_TOO_LOW.finding(
            ours.sheet,
            ours.cell,
            f"{ours.label} ≥{fmt(ours.value)}{unit}，低于上一年度同一指标的实际完成值 {fmt(theirs.value)}{unit}"
            f"（{file_name(last.file)} {theirs.sheet}!{theirs.cell}）：目标低于上年实际，可能设定偏低。"
            "请在偏差原因中说明，或合理提高目标值。",
            stated=ours.value,
            computed=theirs.value,
        )
    )
