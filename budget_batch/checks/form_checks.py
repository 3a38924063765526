"""Checks of a project form that are not arithmetic relations: spending over budget, a low
execution rate left unexplained (where the form has a 原因 cell), a large adjustment, the weights,
required values, the 一级指标 a profile requires, and 四川's 存在问题 / 改进措施."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..decimals import amount, fmt, percent_of, to_decimal
from ..findings import Finding
from ..form_model import FormsModel
from ..model import Cell
from ..settings import Settings
from .check_helpers import dec, header_ref, is_boilerplate
from .form_relations import header
from .registry import check
from .repairs import repairs

EXECUTION = "预算执行率"  # the dimension a form's 项目资金 block stands for


def _rule(settings: Settings) -> str:
    return f"（评分规则：{settings.title}）"


@check(C.EXEC_OVER_BUDGET, on=FormsModel)
def form_over_budget(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    fit = repairs()
    for form in model.forms:
        if form.budget_is_initial:
            continue  # above 年初预算数 is no overspending: the budget may have been adjusted
        tolerance = settings.tolerance(form.unit)
        for row in [*(form.funds.totals if form.funds else []), *form.fund_parts]:
            actual, budget = fit.num(row, "actual"), fit.num(row, "budget_final")
            if actual is None or budget is None or dec(actual) - dec(budget) <= tolerance:
                continue
            yield C.EXEC_OVER_BUDGET.finding(
                row.sheet,
                row.ref("actual"),
                fit.premise(row, "actual", "budget_final")
                + f"{row.label}{header(row, 'actual')} {amount(actual)} 大于{header(row, 'budget_final')} "
                f"{amount(budget)}，超出 {amount(dec(actual) - dec(budget))}。请核对执行数；"
                "确有预算调整的，请按调整后的预算填写。",
                stated=actual,
                computed=budget,
            )


@check(C.EXEC_RATE_LOW, on=FormsModel)
def form_low_execution(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """执行率 below exec_rate_low_pct and the form's reason cell empty (layouts without one are not
    checked; the form's printed instruction is not a reason)."""
    threshold = to_decimal(settings.exec_rate_low_pct)
    fit = repairs()
    for form in model.forms:
        total = form.fund_total
        if total is None or not total.has("reason") or total.text("reason"):
            continue
        actual, budget = fit.num(total, "actual"), fit.num(total, "budget_final")
        rate = percent_of(actual, budget) if actual is not None and budget else None
        if rate is None or rate >= threshold:
            continue
        yield C.EXEC_RATE_LOW.finding(
            total.sheet,
            total.ref("reason"),
            fit.premise(total, "actual", "budget_final")
            + f"{total.label}执行率为 {amount(actual)} ÷ {amount(budget)} × 100 = {fmt(rate, 2)}%，低于 "
            f"{fmt(threshold)}%，但“{header(total, 'reason')}”没有写明原因。请说明执行率偏低的原因和整改措施。",
            stated=total.num("exec_rate"),
            computed=float(round(rate, 2)),
        )


@check(C.BUDGET_ADJUST_LARGE, on=FormsModel)
def form_adjustments(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """全年预算数 against 年初预算数 (年初 0 or empty: added in the year, not flagged)."""
    threshold = to_decimal(settings.adjust_warn_pct)
    fit = repairs()
    for form in model.forms:
        total = form.fund_total
        if total is None or total.columns.get("budget_initial") in (
            None,
            total.columns["budget_final"],
        ):
            continue
        initial, final = fit.num(total, "budget_initial"), fit.num(total, "budget_final")
        if not initial or final is None or (total.has("reason") and total.text("reason")):
            continue
        change = percent_of(final - initial, initial)
        if change is None or abs(change) < threshold:
            continue
        yield C.BUDGET_ADJUST_LARGE.finding(
            total.sheet,
            total.ref("budget_final"),
            fit.premise(total, "budget_final", "budget_initial")
            + f"{total.label}{header(total, 'budget_final')} {amount(final)} 比{header(total, 'budget_initial')} "
            f"{amount(initial)} {'调增' if change > 0 else '调减'} {amount(abs(dec(final) - dec(initial)))}"
            f"（{fmt(change, 2)}%），达到 {fmt(threshold)}% 以上。请核实调整依据"
            + ("，并在“原因”中写明。" if total.has("reason") else "。"),
            stated=final,
            computed=initial,
        )


@check(C.WEIGHT_TOTAL, on=FormsModel)
def form_weights(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """Σ 指标分值 + 执行率分值 = weight_total; each printed weight (产出指标(50分), 绩效指标(90分),
    预算执行情况(10分)) = Σ of the weights it heads."""
    tolerance = to_decimal(settings.score_tolerance)
    for form in model.forms:
        rows = form.indicator_rows()
        if not rows or any(r.unreadable("weight") for r in rows):
            continue
        indicators = sum((dec(r.num("weight")) for r in rows), Decimal(0))
        for table in model.scoring:  # a rubric on the form's sheet weighs in the same 100
            if table.sheet == form.sheet:
                indicators += sum(
                    (
                        dec(r.num("weight"))
                        for r in table.items()
                        if r.index not in table.alternatives
                    ),
                    Decimal(0),
                )
        total = form.fund_total
        fund = dec(total.num("weight")) if total is not None else Decimal(0)
        expected = to_decimal(settings.weight_total)
        if abs(indicators + fund - expected) > tolerance:
            at = form.total_weight.ref if form.total_weight is not None else ""
            if not at and form.indicators is not None:
                at = header_ref(form.indicators, "weight")
            yield C.WEIGHT_TOTAL.finding(
                form.sheet,
                at,
                f"各指标分值合计 {fmt(indicators)} 加执行率分值 {fmt(fund)}，共 {fmt(indicators + fund)}，"
                f"应为 {fmt(expected)}{_rule(settings)}，相差 {fmt(indicators + fund - expected)}。请调整分值。",
                stated=float(indicators + fund),
                computed=float(expected),
            )
        if form.indicators is None or not form.indicators.has("weight"):
            continue  # weights only in the labels (项目绩效85分 …): no rows' 分值 to add up
        printed = [
            (p, [r for r in rows if r.text("level1") == p.label]) for p in form.level1_weights
        ]
        if "indicators" in form.block_weights:
            printed.append((form.block_weights["indicators"], rows))
        for p, group in printed:
            got = sum((dec(r.num("weight")) for r in group), Decimal(0))
            if abs(got - to_decimal(p.weight)) > tolerance:
                yield _printed(p.cell, p.weight, got, "其下各指标分值")
        block = form.block_weights.get("funds")
        if (
            block is not None
            and total is not None
            and abs(fund - to_decimal(block.weight)) > tolerance
        ):
            yield _printed(
                block.cell, block.weight, fund, f"{total.label}的{header(total, 'weight')}"
            )


def _printed(cell: Cell, weight: float, got: Decimal, what: str) -> Finding:
    return C.WEIGHT_TOTAL.finding(
        cell.sheet,
        cell.ref,
        f"“{cell.text}”标明 {fmt(weight)} 分，但{what}合计为 {fmt(got)}，相差 {fmt(got - to_decimal(weight))}。"
        "请调整分值，或改正标明的分数。",
        stated=float(got),
        computed=weight,
    )


@check(C.REQUIRED_EMPTY, on=FormsModel)
def form_required(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """项目名称; 年度资金总额's 全年预算数 and 全年执行数; a named indicator's 年度指标值, 实际完成值, 分值."""
    fit = repairs()
    for form in model.forms:
        if not form.project and "project" in form.labels:
            yield _empty(form.sheet, form.ref("project"), "项目名称", "")
        total = form.fund_total
        if total is not None:
            for key in ("budget_final", "actual"):
                if not total.has(key):
                    continue  # a block without the column (a target form: no 执行数)
                if total.cell(key) is None and fit.get(total, key) is None:  # (blamed: said)
                    yield _empty(total.sheet, total.ref(key), header(total, key), total.label)
        for row in form.indicator_rows():
            if not row.text("level3"):
                continue  # an unnamed row with figures is counted, not required
            for key in ("target", "actual", "weight"):
                if key == "target" and row.index in form.rubric_rows:
                    continue  # printed 一 / —: a rubric's row has no target
                if row.has(key) and row.cell(key) is None:
                    yield _empty(row.sheet, row.ref(key), header(row, key), row.label)


def _empty(sheet: str, ref: str, what: str, where: str) -> Finding:
    return C.REQUIRED_EMPTY.finding(sheet, ref, f"{where}「{what}」为空。请填写。")


@check(C.DIMENSION_MISSING, on=FormsModel)
def form_dimensions(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """Each 一级指标 the profile requires; 预算执行率 is the form's 项目资金 block."""
    for form in model.forms:
        if form.indicators is None or not form.indicators.has("level1"):
            continue  # a grid without 一级指标 (指标名称 only) says nothing of its dimensions
        rows = form.indicator_rows()
        present = {r.text("level1") for r in rows}
        if any(EXECUTION in (r.text("level2"), r.text("level3")) for r in rows):
            present.add(EXECUTION)  # an indicator row of its own (银川: under 项目管理)
        if form.fund_total is not None and form.fund_total.has("weight"):
            present.add(EXECUTION)
        for dimension in settings.required_dimensions:
            if dimension not in present:
                key = "level1" if form.indicators.has("level1") else "level3"
                yield C.DIMENSION_MISSING.finding(
                    form.sheet,
                    header_ref(form.indicators, key),
                    f"绩效指标中没有一级指标「{dimension}」，评分规则要求设置{_rule(settings)}。请补充该类指标。",
                    computed=dimension,
                )


@check(C.PROBLEMS_BOILERPLATE, on=FormsModel)
def form_problems(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """存在问题 and 改进措施, where the form has them (四川): real, specific text."""
    for form in model.forms:
        for key, what in (("problems", "存在问题"), ("measures", "改进措施")):
            if key not in form.labels:
                continue
            text = form.text(key)
            length = len("".join(text.split()))
            if not is_boilerplate(text) and length >= settings.min_text_chars:
                continue
            said = f"写作“{text}”" if text else "为空（只有表中印好的填写说明也算空）"
            yield C.PROBLEMS_BOILERPLATE.finding(
                form.sheet,
                form.ref(key),
                f"{what}{said}（{length} 字，少于 {settings.min_text_chars} 字或为套话）。"
                f"请具体写明{'存在的问题及原因' if key == 'problems' else '针对问题的改进措施'}。",
                stated=text or None,
                computed=settings.min_text_chars,
            )
