"""Recompute every indicator score and the total by the profile's rules (checks.md, "Indicators
and scoring"). The scorecard is computed once per workbook and read by the checks and outputs.

Rules per row with weight W: 预算执行率 = W × min(执行/预算, 1) from 收支情况 row 2 (profile
`exec_score_cap` off: W × 执行/预算); `≥` W or W × A/T; `≤` W or W × T/A (target 0: W only when A
is 0; profile `reverse_rule = "linear"`: W × (1 − (A − T)/T), 0 from A ≥ 2T); `=` W within the
stated precision, else W × (1 − |A − T| / T) floored at 0 (profile `equal_rule = "as_at_least"`:
as `≥`); `定性` the stated score clamped into the band of the actual word; dates met or missed. Rows marked 不适用 are left out and the total is scaled to
the full weight. Rows that cannot be computed count with their stated score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..code_tree import Tree
from ..decimals import fmt, round_half_up, to_decimal
from ..layouts import Layouts
from ..model import Row, WorkbookModel
from ..read.indicator_values import IndicatorValue, parse_value
from ..settings import Settings
from .repairs import NONE, Repairs, repairs

TWO = 2
QUALITY_BANDS = {  # share of W: [low, high], high exclusive except for 达成
    "达成": (Decimal("0.8"), Decimal(1), True),
    "部分达成": (Decimal("0.6"), Decimal("0.8"), False),
    "未达成": (Decimal(0), Decimal("0.6"), False),
}
CENT = Decimal("0.01")


@dataclass
class RowScore:
    row: Row
    weight: Decimal | None
    stated: Decimal | None
    computed: Decimal | None = None  # None: not computable (or not applicable)
    exact: Decimal | None = None  # before rounding (a form that truncates its scores)
    formula: str = ""  # the arithmetic, as a message shows it
    met: bool | None = None  # did the actual meet the target?
    overshoot: bool = False  # TARGET_TOO_LOW
    not_applicable: bool = False
    target: IndicatorValue | None = None
    actual: IndicatorValue | None = None
    problem: str = ""  # why it could not be computed
    problem_key: str = ""  # the column at fault: "actual", "target", "operator" or "weight"
    #: The cells the computed score was read from: the row's own, and 支出合计's for 预算执行率
    #: (a finding names those that rest on a repair, `repairs.Repairs.premise`).
    inputs: tuple[tuple[Row, str], ...] = ()

    @property
    def counted(self) -> Decimal | None:
        """What enters the total: the computed score, else the stated one."""
        return self.computed if self.computed is not None else self.stated


@dataclass
class Scorecard:
    profile: Settings
    rows: list[RowScore] = field(default_factory=list)
    exec_rate: Decimal | None = None  # the department's 执行率, %
    exec_from: tuple[tuple[Row, str], ...] = ()  # the cells it was computed from
    capped: bool = False  # the execution-rate cap lowered the total
    raw_total: Decimal | None = None
    total: Decimal | None = None  # after scaling for N/A rows and the cap
    grade: str | None = None
    cap: float | None = None
    uncomputed: int = 0

    def by_row(self, row: Row) -> RowScore | None:
        return next((r for r in self.rows if r.row is row), None)


def _dec(value: float | None) -> Decimal | None:
    return to_decimal(value) if value is not None else None


def department_exec_rate(model: WorkbookModel, fit: Repairs = NONE) -> Decimal | None:
    """支出合计 全年执行数 ÷ 全年预算数 × 100."""
    cells = _exec_cells(model)
    if not cells:
        return None
    actual, budget = (fit.num(row, key) for row, key in cells)
    if actual is None or not budget:
        return None
    return to_decimal(actual) * 100 / to_decimal(budget)


def _exec_cells(model: WorkbookModel) -> tuple[tuple[Row, str], ...]:
    """支出合计's 全年执行数 and 全年预算数, when the row is there."""
    row = Tree.of(model.budget).get("2") if model.budget is not None else None
    return ((row, "actual"), (row, "budget_final")) if row is not None else ()


def scorecard(model: WorkbookModel, settings: Settings) -> Scorecard:
    """The scorecard of `model` under `settings` (and the repairs the checks consult), computed
    once and kept with the values it was computed from."""
    fit = repairs()
    cache = fit.cache(model)
    key = f"scorecard:{settings.name}:{id(settings)}"
    cached = cache.get(key)
    if isinstance(cached, Scorecard):
        return cached
    card = _score(model, settings, fit)
    cache[key] = card
    return card


def _score(model: WorkbookModel, settings: Settings, fit: Repairs) -> Scorecard:
    card = Scorecard(profile=settings, exec_rate=department_exec_rate(model, fit))
    if card.exec_rate is not None:
        card.exec_from = _exec_cells(model)
    table = model.indicators
    if table is None:
        return card
    for row in table.rows:
        card.rows.append(score_row(row, settings, card.exec_rate, None, card.exec_from, fit))
    counted = [r for r in card.rows if not r.not_applicable and r.counted is not None]
    card.uncomputed = sum(1 for r in card.rows if r.computed is None and not r.not_applicable)
    if not counted:
        return card
    raw = sum((r.counted for r in counted if r.counted is not None), Decimal(0))
    card.raw_total = round_half_up(raw, TWO)
    total = raw
    if any(r.not_applicable for r in card.rows):  # scale to the full weight
        applicable = sum(
            (r.weight or Decimal(0) for r in card.rows if not r.not_applicable), Decimal(0)
        )
        if applicable:
            total = raw * to_decimal(settings.weight_total) / applicable
    card.cap = settings.cap(card.exec_rate) if card.exec_rate is not None else None
    if card.cap is not None and total > to_decimal(card.cap):
        total, card.capped = to_decimal(card.cap), True
    card.total = round_half_up(total, TWO)
    card.grade = settings.grade(card.total)
    return card


def score_row(
    row: Row,
    settings: Settings,
    exec_rate: Decimal | None,
    operator: str | None = None,
    exec_from: tuple[tuple[Row, str], ...] = (),
    fit: Repairs = NONE,
    *,
    layouts: Layouts | None = None,
    execution: bool = False,
    equal_met: bool = False,
) -> RowScore:
    """Score one indicator row; `operator` overrides what the row states (a project form's rows
    carry it in 指标性质, in the value, or by the form's default); `exec_from`: the cells
    `exec_rate` was computed from; `fit`: the repairs the checks consult; `layouts`: the
    operators and qualitative words the values were written with; `execution`: the row is the
    预算执行率 whatever its 一级指标; `equal_met`: an actual written exactly as its (non-numeric)
    target is met (a form's 按时 → 按时, 有效 → 有效)."""
    weight = _dec(fit.num(row, "weight"))
    result = RowScore(
        row=row,
        weight=weight,
        stated=_dec(fit.num(row, "score")),
        target=parse_value(row.cell("target"), layouts),
        actual=parse_value(row.cell("actual"), layouts),
        inputs=((row, "weight"), (row, "score"), (row, "target"), (row, "actual")),
    )
    if weight is None:
        result.problem, result.problem_key = "分值为空或无法读取", "weight"
        return result
    if result.actual is not None and result.actual.not_applicable:
        result.not_applicable = True
        return result
    if execution or row.text("level1") == "预算执行率":
        if exec_rate is not None:
            result.inputs += exec_from
        return _execution(result, weight, exec_rate, settings.exec_score_cap)
    if operator is None:
        operator = row.text("operator") or (result.target.operator if result.target else None)
    operator = operator or ""
    target, actual = result.target, result.actual
    if equal_met and target is not None and actual is not None and _same_words(target, actual):
        return _qualitative(result, weight, "达成")
    if operator == "定性":
        return _qualitative(result, weight)
    if target is None or actual is None:
        result.problem = "指标值或实际完成值为空"
        result.problem_key = "target" if target is None else "actual"
        return result
    if target.day is not None:
        return _dated(result, weight, target, actual)
    if target.number is None:
        result.problem, result.problem_key = f"年度指标值“{target.text}”不是数字", "target"
        return result
    if actual.number is None:
        result.problem = f"实际完成值“{actual.text}”不是数字，无法按“{operator}”计算"
        result.problem_key = "actual"
        return result
    t, a = target.number, actual.number
    if operator == "=" and settings.equal_rule == "as_at_least":
        operator = "≥"
    if operator == "≥":
        return _at_least(result, weight, t, a, settings)
    if operator == "≤":
        return _at_most(result, weight, t, a, settings.reverse_rule == "linear")
    if operator == "=":
        return _equal(result, weight, t, a, max(target.decimals, actual.decimals))
    result.problem, result.problem_key = f"计算符号“{operator or '（空）'}”无法识别", "operator"
    return result


def _done(result: RowScore, score: Decimal, formula: str, met: bool) -> RowScore:
    result.exact = max(score, Decimal(0))
    result.computed = round_half_up(result.exact, TWO)
    result.formula = formula
    result.met = met
    return result


def _execution(
    result: RowScore, weight: Decimal, exec_rate: Decimal | None, capped: bool = True
) -> RowScore:
    rate = exec_rate
    if rate is None and result.actual is not None and result.actual.number is not None:
        rate = result.actual.number  # no 收支情况 row 2: the stated actual
    if rate is None:
        result.problem = "收支情况“支出合计”缺少全年预算数或全年执行数，无法计算预算执行率"
        result.problem_key = "budget"  # 收支情况 row 2, not this row
        return result
    score, formula = execution_score(weight, rate, capped)
    # "Met" is reaching the row's own target (≥90% say), 100% when it states none.
    target = result.target.number if result.target and result.target.number else Decimal(100)
    return _done(result, score, formula, rate >= target)


def execution_score(weight: Decimal, rate: Decimal, capped: bool) -> tuple[Decimal, str]:
    """分值 × min(执行率, 100%) (or × 执行率 when the profile does not cap it), and its formula."""
    score = weight * (min(rate / 100, Decimal(1)) if capped else rate / 100)
    shown = fmt(round_half_up(score, TWO), 2)
    if capped:
        return score, f"{fmt(weight)} × min({fmt(rate, 2)}%, 100%) = {shown}"
    return score, f"{fmt(weight)} × {fmt(rate, 2)}% = {shown}"


def _at_least(
    result: RowScore, weight: Decimal, t: Decimal, a: Decimal, settings: Settings
) -> RowScore:
    if a >= t:
        score = weight
        over = to_decimal(settings.overshoot_pct)
        if t > 0 and a >= t * (1 + over / 100):
            result.overshoot = True
            deduction = to_decimal(settings.overshoot_deduction)
            if deduction:
                score = weight - deduction
                return _done(
                    result,
                    score,
                    f"超额完成，{fmt(weight)} − {fmt(deduction)} = "
                    f"{fmt(max(score, Decimal(0)), 2)}",
                    True,
                )
        return _done(result, score, f"{fmt(a)} ≥ {fmt(t)}，得满分 {fmt(weight, 2)}", True)
    if t <= 0:  # a floor that must not be crossed (a rate ≥ 0%): below it nothing is earned
        return _done(result, Decimal(0), f"{fmt(a)} < {fmt(t)}，未达到目标，得 0 分", False)
    score = weight * a / t
    return _done(
        result,
        score,
        f"{fmt(a)} / {fmt(t)} × {fmt(weight)} = {fmt(round_half_up(score, TWO), 2)}",
        False,
    )


def _at_most(result: RowScore, weight: Decimal, t: Decimal, a: Decimal, linear: bool) -> RowScore:
    if a <= t:
        return _done(result, weight, f"{fmt(a)} ≤ {fmt(t)}，得满分 {fmt(weight, 2)}", True)
    if t == 0 or a == 0:
        return _done(result, Decimal(0), f"目标值为 0，实际 {fmt(a)}，得 0 分", False)
    if linear:  # the FASP2 一体化 module: each 1% over the target costs 1% of W
        score = max(weight * (1 - (a - t) / t), Decimal(0))
        shown = fmt(round_half_up(score, TWO), 2)
        return _done(
            result,
            score,
            f"{fmt(weight)} × (1 − ({fmt(a)} − {fmt(t)}) / {fmt(t)}) = {shown}",
            False,
        )
    score = weight * t / a
    return _done(
        result,
        score,
        f"{fmt(t)} / {fmt(a)} × {fmt(weight)} = {fmt(round_half_up(score, TWO), 2)}",
        False,
    )


def _equal(result: RowScore, weight: Decimal, t: Decimal, a: Decimal, places: int) -> RowScore:
    if round_half_up(a, places) == round_half_up(t, places):
        return _done(result, weight, f"{fmt(a)} = {fmt(t)}，得满分 {fmt(weight, 2)}", True)
    if t == 0:
        return _done(result, Decimal(0), f"目标值为 0，实际 {fmt(a)}，得 0 分", False)
    score = weight * (1 - abs(a - t) / abs(t))
    shown = fmt(round_half_up(max(score, Decimal(0)), TWO), 2)
    return _done(
        result, score, f"{fmt(weight)} × (1 − |{fmt(a)} − {fmt(t)}| / {fmt(t)}) = {shown}", False
    )


def _same_words(target: IndicatorValue, actual: IndicatorValue) -> bool:
    """An actual written as its target, where the target is words (按时, 有效, 符合相关规定)."""
    return target.number is None and "".join(target.text.split()) == "".join(actual.text.split())


def _qualitative(result: RowScore, weight: Decimal, quality: str | None = None) -> RowScore:
    actual = result.actual
    quality = quality or (actual.quality if actual is not None else None)
    if actual is None or quality is None:
        result.problem = "定性指标的实际完成值应为 达成 / 部分达成 / 未达成"
        result.problem_key = "actual"
        return result
    low_share, high_share, closed = QUALITY_BANDS[quality]
    low = round_half_up(weight * low_share, TWO)
    high = round_half_up(weight * high_share, TWO) - (Decimal(0) if closed else CENT)
    stated = result.stated
    score = high if stated is None else min(max(stated, low), high)
    band = f"[{fmt(low, 2)}, {fmt(high, 2)}]"
    said = "实际完成值与指标值相同，视为“达成”" if quality != actual.quality else f"“{quality}”"
    return _done(result, score, f"{said}的得分区间为 {band}", quality == "达成")


def _dated(
    result: RowScore, weight: Decimal, target: IndicatorValue, actual: IndicatorValue
) -> RowScore:
    if actual.on_time or (
        actual.day is not None and target.day is not None and actual.day.on_or_before(target.day)
    ):
        return _done(
            result,
            weight,
            f"“{actual.text}”按时完成（目标“{target.text}”），得满分 {fmt(weight, 2)}",
            True,
        )
    if actual.day is None:
        result.problem = f"实际完成值“{actual.text}”不是日期，也不是“按时完成”一类的说法"
        result.problem_key = "actual"
        return result
    return _done(result, Decimal(0), f"“{actual.text}”晚于目标“{target.text}”，得 0 分", False)
