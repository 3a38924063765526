"""Indicator and score checks: weights, dimensions, targets, row scores, the total and the grade.

Scores come from `scoring.scorecard` (computed once per workbook); messages show the arithmetic
and name the profile that scored it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .. import catalogue as C
from ..code_tree import Tree
from ..decimals import fmt, to_decimal
from ..findings import Finding, Severity
from ..model import Row, WorkbookModel
from ..read.indicator_values import parse_value
from ..settings import Settings
from .check_helpers import header_ref, is_boilerplate
from .registry import check
from .repairs import repairs
from .scorecard import RowScore, scorecard


def _rule(settings: Settings) -> str:
    return f"（评分规则：{settings.title}）"


@check(C.WEIGHT_TOTAL, on=WorkbookModel)
def weight_total(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Σ 分值 = weight_total; and per 一级指标 when the profile fixes its weight."""
    table = model.indicators
    if table is None or not table.rows or "weight" in table.unreadable_columns:
        return  # no indicator at all (DIMENSION_MISSING says so), or an unreadable weight
    ref = header_ref(table, "weight")
    weights = [
        (r.text("level1"), to_decimal(w)) for r in table.rows if (w := r.num("weight")) is not None
    ]
    total = sum((w for _, w in weights), Decimal(0))
    expected = to_decimal(settings.weight_total)
    tolerance = to_decimal(settings.score_tolerance)
    if abs(total - expected) > tolerance:
        yield C.WEIGHT_TOTAL.finding(
            table.sheet,
            ref,
            f"各指标分值合计为 {fmt(total)}，应为 {fmt(expected)}{_rule(settings)}，相差 {fmt(total - expected)}。"
            "请调整分值。",
            stated=float(total),
            computed=float(expected),
        )
    present = {d for d, _ in weights}
    for dimension, weight in settings.dimension_weights:
        if dimension not in present:
            continue  # DIMENSION_MISSING says so
        got = sum((w for d, w in weights if d == dimension), Decimal(0))
        if abs(got - to_decimal(weight)) > tolerance:
            yield C.WEIGHT_TOTAL.finding(
                table.sheet,
                ref,
                f"一级指标「{dimension}」的分值合计为 {fmt(got)}，评分规则规定为 {fmt(weight)}"
                f"{_rule(settings)}。请调整该类指标的分值。",
                stated=float(got),
                computed=weight,
            )


@check(C.DIMENSION_MISSING, on=WorkbookModel)
def dimensions(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Every 一级指标 the profile requires is present."""
    table = model.indicators
    if table is None:
        return
    present = {r.text("level1") for r in table.rows}
    for dimension in settings.required_dimensions:
        if dimension not in present:
            yield C.DIMENSION_MISSING.finding(
                table.sheet,
                header_ref(table, "level1"),
                f"绩效指标中没有一级指标「{dimension}」，评分规则要求设置{_rule(settings)}。请补充该类指标。",
                computed=dimension,
            )


@check(C.TARGET_NOT_QUANTIFIED, C.OPERATOR_SUSPECT, C.NUMBER_NORMALIZED, on=WorkbookModel)
def targets(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Targets of ≥ / ≤ / = rows are numbers; operators make sense; split operators are noted."""
    table = model.indicators
    if table is None:
        return
    for row in table.rows:
        yield from target_findings(row, row.text("operator"))


def target_findings(
    row: Row, column_op: str, note_split: bool = True, operator: str | None = None
) -> Iterator[Finding]:
    """One indicator row's target: an operator typed in the value that contradicts `column_op`
    (OPERATOR_SUSPECT) or is split from it (NUMBER_NORMALIZED, when `note_split`: on a project
    form the value is where the operator belongs); a ≥ / ≤ / = target that is not a number; a
    成本指标 with ≥; a ≥ percentage above 100. `operator` is the row's operator when known
    otherwise (a project form's default)."""
    target = parse_value(row.cell("target"))
    if target is None:
        return
    ref = row.ref("target")
    if target.operator:
        if column_op and column_op != target.operator:
            yield C.OPERATOR_SUSPECT.finding(
                row.sheet,
                ref,
                f"{row.label}的计算符号为“{column_op}”，但年度指标值写作“{target.text}”（{target.operator}）。"
                "请统一两者。",
                stated=column_op,
                computed=target.operator,
            )
        elif note_split:
            yield C.NUMBER_NORMALIZED.finding(
                row.sheet,
                ref,
                f"{row.label}的年度指标值“{target.text}”中的符号“{target.operator}”已拆出，"
                f"按 {target.operator} {fmt(target.number) if target.number is not None else target.text}"
                f"{'%' if target.percent else ''} 计算。",
                stated=target.text,
                computed=target.operator,
            )
    operator = operator or column_op or target.operator or ""
    if row.text("level1") == "预算执行率" or target.not_applicable:
        return
    if operator in ("≥", "≤", "=") and target.number is None and target.day is None:
        yield C.TARGET_NOT_QUANTIFIED.finding(
            row.sheet,
            ref,
            f"{row.label}的计算符号为“{operator}”，但年度指标值“{target.text}”不是可衡量的数字或日期，"
            "该行得分无法计算，总分中按填报得分计入。"
            "请改为具体数值（如 95%、2300 人），无法量化的请把计算符号改为“定性”。",
            stated=target.text,
        )
    if operator == "≥" and "成本" in row.text("level2"):
        yield C.OPERATOR_SUSPECT.finding(
            row.sheet,
            row.ref("operator"),
            f"{row.label}是成本指标，计算符号却是“≥”（越多越好）。成本指标一般应为“≤”。请核对。",
            stated="≥",
            computed="≤",
        )
    percent = target.percent or row.text("unit") == "%"
    if operator == "≥" and percent and target.number is not None and target.number > 100:
        yield C.OPERATOR_SUSPECT.finding(
            row.sheet,
            ref,
            f"{row.label}的目标为 ≥ {fmt(target.number)}%，百分比目标超过 100% 无法达到。请核对指标值或计算符号。",
            stated=float(target.number),
            computed=100.0,
        )


def _scored(model: WorkbookModel, settings: Settings) -> list[RowScore]:
    return scorecard(model, settings).rows


#: Problems that another finding already names: an empty required cell (REQUIRED_EMPTY) and an
#: unquantified target (TARGET_NOT_QUANTIFIED).
SAID_ELSEWHERE = frozenset({"weight", "target"})


@check(C.SCORE_UNCOMPUTABLE, on=WorkbookModel)
def uncomputable(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """A row whose score cannot be computed says why, and that its stated score was counted."""
    spending = Tree.of(model.budget).get("2") if model.budget is not None else None
    for s in _scored(model, settings):
        if s.computed is not None or s.not_applicable or not s.problem:
            continue
        if s.problem_key in SAID_ELSEWHERE or s.row.unreadable(s.problem_key or "actual"):
            continue
        if s.problem_key == "budget" and spending and spending.unreadable("actual", "budget_final"):
            continue  # the figure that cannot be read has its own finding
        if s.problem_key == "actual" and s.actual is None:
            continue  # an empty actual is REQUIRED_EMPTY
        yield uncomputable_finding(
            s,
            settings,
            "自评得分",
            "请把实际完成值改为可计算的数字、日期或“达成 / 部分达成 / 未达成”",
        )


def uncomputable_finding(s: Any, settings: Settings, score_word: str, fix: str) -> Finding:
    """SCORE_UNCOMPUTABLE on a scored row (`s`, a ScoredRow): why, how the total counts it
    (its stated `score_word`, else 0), and `fix`."""
    counted = (
        f"总分中按填报得分 {fmt(s.stated, 2)} 计入"
        if s.stated is not None
        else f"该行未填{score_word}，总分中按 0 计入"
    )
    key = s.problem_key if s.problem_key in ("actual", "operator") else "score"
    return C.SCORE_UNCOMPUTABLE.finding(
        s.row.sheet,
        s.row.ref(key if s.row.has(key) else "score"),
        f"{s.row.label}的得分无法计算：{s.problem}；{counted}{_rule(settings)}。{fix}，或核对计算符号。",
        stated=float(s.stated) if s.stated is not None else None,
    )


@check(C.SCORE_MISMATCH, on=WorkbookModel)
def row_scores(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Each stated 自评得分 equals the computed one (±score_tolerance)."""
    tolerance = to_decimal(settings.score_tolerance)
    fit = repairs()
    for s in _scored(model, settings):
        if s.stated is None or s.computed is None:
            continue
        diff = s.stated - s.computed
        if abs(diff) <= tolerance:
            continue
        higher = diff > 0
        yield C.SCORE_MISMATCH.finding(
            s.row.sheet,
            s.row.ref("score"),
            fit.premise(s.row, also=s.inputs)
            + f"{s.row.label}：{s.formula}，填报 {fmt(s.stated, 2)}，{'高出' if higher else '低于计算值'} "
            f"{fmt(abs(diff), 2)}{_rule(settings)}。"
            + (
                "请按计算得分修改，不应高于规则得分。"
                if higher
                else "请核对；如无扣分理由，可按计算得分填写。"
            ),
            stated=float(s.stated),
            computed=float(s.computed),
            severity=Severity.ERROR if higher else Severity.WARNING,
        )


@check(C.DEVIATION_UNEXPLAINED, C.TARGET_TOO_LOW, on=WorkbookModel)
def deviations(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Rows below full marks, or far above target, explain why."""
    tolerance = to_decimal(settings.score_tolerance)
    fit = repairs()
    for s in _scored(model, settings):
        row = s.row
        if (
            s.overshoot
            and s.target
            and s.actual
            and s.target.number
            and s.actual.number is not None
        ):
            over = (s.actual.number - s.target.number) * 100 / s.target.number
            yield C.TARGET_TOO_LOW.finding(
                row.sheet,
                row.ref("target"),
                f"{row.label}实际完成 {fmt(s.actual.number)}，超过目标 {fmt(s.target.number)} 的 {fmt(over, 1)}%，"
                f"达到 {fmt(settings.overshoot_pct)}% 以上，目标可能设定偏低。请说明原因，并合理设定下年目标。",
                stated=float(s.target.number),
                computed=float(s.actual.number),
            )
        short = (
            s.computed is not None and s.weight is not None and s.computed < s.weight - tolerance
        )
        if (short or s.overshoot) and is_boilerplate(row.text("deviation")):
            why = (
                f"计算得分 {fmt(s.computed, 2)} 低于分值 {fmt(s.weight)}"
                if short and s.computed is not None
                else "实际完成值远超目标"
            )
            yield C.DEVIATION_UNEXPLAINED.finding(
                row.sheet,
                row.ref("deviation"),
                (fit.premise(row, also=s.inputs) if short else "")
                + f"{row.label}{why}，但“偏差原因分析及改进措施”{'为空' if not row.text('deviation') else '为套话'}。"
                "请写明偏差原因和改进措施。",
                stated=row.text("deviation") or None,
            )


@check(C.LINK_MISMATCH, on=WorkbookModel)
def links(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """实际完成值 equals the 本年数 of the 服务数量 item named in 关联数据."""
    table = model.indicators
    if table is None:
        return
    tree = Tree.of(model.services) if model.services is not None else None
    fit = repairs()
    for row in table.rows:
        link = row.text("link")
        if not link:
            continue
        target = tree.get(link) if tree else None
        if target is None:
            yield C.LINK_MISMATCH.finding(
                row.sheet,
                row.ref("link"),
                f"{row.label}的关联数据“{link}”在服务数量表中不存在。请填写服务数量表中的编码。",
                stated=link,
            )
            continue
        actual = parse_value(row.cell("actual"))
        current = fit.num(target, "current")
        if actual is None or actual.number is None or current is None:
            continue
        if actual.number != to_decimal(current):
            yield C.LINK_MISMATCH.finding(
                row.sheet,
                row.ref("actual"),
                fit.premise(row, also=[(target, "current")])
                + f"{row.label}实际完成值 {fmt(actual.number)}，与服务数量「{link} {target.text('item')}」的本年数 "
                f"{fmt(current)} 不一致（相差 {fmt(actual.number - to_decimal(current))}）。请统一两处数字。",
                stated=float(actual.number),
                computed=current,
            )
