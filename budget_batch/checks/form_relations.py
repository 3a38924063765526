"""The arithmetic of a project form's 项目资金 block, as relations (so that the localizer blames
the one wrong cell, as on our template): 年度资金总额 = Σ its parts per column, 执行率 = 全年执行数
÷ 全年预算数, and 执行率得分 = 分值 × min(执行率, 100%) (the profile's `exec_score_cap`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import catalogue as C
from ..decimals import amount, fmt, joined, percent_of, round_half_up, to_decimal
from ..findings import Finding, Severity
from ..form_model import FormsModel
from ..model import Row
from ..settings import Settings
from .form_scoring import as_shown, form_places
from .registry import relations
from .relations import CellId, Interval, Linear, Ratio, Ref, Relation, State, Values, dec
from .stated_percent import Comparison, reproduces

SUMMED = ("budget_initial", "budget_final", "actual")


def header(row: Row, key: str) -> str:
    """The column as the form prints it."""
    return Ref(row, key).header


@relations(C.SUM_MISMATCH, C.ROUNDING_DIFF, on=FormsModel)
def fund_sums(model: FormsModel, settings: Settings) -> Iterator[Relation]:
    """年度资金总额 = Σ 其中 rows, in each column where a part is filled (an empty total counts as 0,
    so a total left at 0 over filled parts is flagged — on the total: its parts weigh more); each
    family of parts (by source, by nature) on its own. And a row's 合计 = Σ of its funding-source
    columns (中央 | 省 | 本级 | 其他)."""
    for form in model.forms:
        tolerance = settings.tolerance(form.unit)
        for row in [*(form.funds.totals if form.funds else []), *form.fund_parts]:
            yield from _source_columns(row, tolerance)
        total = form.fund_total
        if total is None:
            continue
        several = len(form.fund_families) > 1
        for family, members in form.fund_families.items():
            named = FAMILY_NAMES[family] if several else ""
            for key in SUMMED:
                parts = [p for p in members if p.num(key) is not None]
                if not parts or total.unreadable(key) or any(p.unreadable(key) for p in members):
                    continue  # a figure that cannot be read: its own finding, nothing to compare
                unfilled = not total.num(key)
                yield Linear(
                    C.SUM_MISMATCH,
                    Ref(total, key),
                    f"合计（{total.label}的{header(total, key)}）",
                    [(Ref(p, key, derived=unfilled), 1) for p in parts],
                    tolerance,
                    say=_say_sum(total, parts, key, named),
                    rounding_code=C.ROUNDING_DIFF,
                    what_of_anchor=f"{named}其中各项之和（{'、'.join(p.text('item') for p in parts)}）",
                )


#: How a message names a family of parts when a form lists two.
FAMILY_NAMES = {"source": "按资金来源的", "nature": "按支出性质的"}


def _source_columns(row: Row, tolerance: Decimal) -> Iterator[Relation]:
    """A row's 合计 (read as its 全年预算数) = Σ of its funding-source columns."""
    keys = [k for k in row.columns if k.startswith("source_") and row.num(k) is not None]
    if not keys or row.unreadable("budget_final", *keys):
        return
    yield Linear(
        C.SUM_MISMATCH,
        Ref(row, "budget_final"),
        f"合计（{row.label}的{header(row, 'budget_final')}）",
        [(Ref(row, k), 1) for k in keys],
        tolerance,
        say=_say_sources(row, keys),
        rounding_code=C.ROUNDING_DIFF,
        what_of_anchor=f"各资金来源之和（{'、'.join(header(row, k) for k in keys)}）",
    )


def _say_sources(row: Row, keys: list[str]) -> Callable[[Linear, bool], str]:
    def say(relation: Linear, advise: bool) -> str:
        stated = row.num("budget_final")
        head = (
            f"{row.label}的{header(row, 'budget_final')}填报 "
            f"{amount(stated) if stated is not None else '为空（按 0 计）'}，各资金来源（"
            f"{'、'.join(header(row, k) for k in keys)}）合计 "
            f"{joined([row.num(k) for k in keys], amount)} = {amount(relation.computed)}，"
            f"相差 {amount(relation.diff)}"
        )
        if relation.state() is State.NEAR:
            return f"{head}，在尾差容差 {fmt(relation.tolerance)} 以内。一般无需处理。"
        return f"{head}。请核对合计数和各资金来源。"

    return say


def _say_sum(
    total: Row, parts: list[Row], key: str, family: str = ""
) -> Callable[[Linear, bool], str]:
    def say(relation: Linear, advise: bool) -> str:
        stated = total.num(key)
        head = (
            f"{total.label}的{header(total, key)}填报 "
            f"{amount(stated) if stated is not None else '为空（按 0 计）'}，"
            f"{family}其中各项（{'、'.join(p.text('item') for p in parts)}）合计 "
            f"{joined([p.num(key) for p in parts], amount)} = {amount(relation.computed)}，"
            f"相差 {amount(relation.diff)}"
        )
        if relation.state() is State.NEAR:
            return f"{head}，在尾差容差 {fmt(relation.tolerance)} 以内。一般无需处理。"
        return f"{head}。请核对合计数和各项资金。"

    return say


@relations(C.EXEC_RATE_MISMATCH, on=FormsModel)
def fund_rates(model: FormsModel, settings: Settings) -> Iterator[Relation]:
    """Stated 执行率 = 全年执行数 ÷ 全年预算数 × 100, rounded as stated (rows with no budget —
    0.00% over 0 — are not checked)."""
    for form in model.forms:
        for row in [*(form.funds.totals if form.funds else []), *form.fund_parts]:
            if row.num("exec_rate") is None or row.num("actual") is None:
                continue
            if not row.num("budget_final"):
                continue
            yield Ratio(
                C.EXEC_RATE_MISMATCH,
                Ref(row, "exec_rate", derived=True),
                header(row, "exec_rate"),
                [(Ref(row, "actual"), 1)],
                Ref(row, "budget_final"),
                say=_say_rate(row),
            )


def _say_rate(row: Row) -> Callable[[Ratio, Comparison, bool], str]:
    def say(relation: Ratio, cmp: Comparison, advise: bool) -> str:
        actual, budget, initial = (
            row.num("actual"),
            row.num("budget_final"),
            row.num("budget_initial"),
        )
        why = ""
        if (
            initial
            and actual is not None
            and row.columns.get("budget_initial") != row.columns.get("budget_final")
        ):
            if reproduces(relation.cell, percent_of(actual, initial)):
                why = f"填报的执行率按{header(row, 'budget_initial')}计算，应按{header(row, 'budget_final')}计算。"
        return (
            f"{row.label}{header(row, 'exec_rate')}填报 {cmp.text(cmp.stated)}，按"
            f"{header(row, 'actual')} ÷ {header(row, 'budget_final')}计算为 {amount(actual)} ÷ "
            f"{amount(budget)} × 100 = {fmt(cmp.exact, 4)}%，{cmp.summary()}{why}"
            + (f"请改为 {cmp.text(cmp.rounded)}。" if advise else "")
        )

    return say


@dataclass(eq=False)
class ExecScore(Relation):
    """执行率得分 = 分值 × min(全年执行数 ÷ 全年预算数, 1) (uncapped when the profile says so),
    compared after rounding to 2 decimals within the score tolerance."""

    anchor: Ref  # the stated score (derived)
    actual: Ref
    budget: Ref
    weight: Ref
    capped: bool
    tolerance: Decimal
    rule: str  # the profile's title, for the message
    places: int = 2  # the decimals the form shows its scores with (forms.md, "Shown precision")

    code = C.SCORE_MISMATCH
    what = "执行率得分（分值 × 执行率）"

    def __post_init__(self) -> None:
        self.refs = [self.anchor, self.actual, self.budget, self.weight]

    def _value(self, ref: Ref, values: Values | None) -> Decimal:
        return (values or {}).get(ref.id, dec(ref.value))

    def computed(self, values: Values | None = None) -> Decimal | None:
        budget = self._value(self.budget, values)
        if budget == 0:
            return None
        rate = self._value(self.actual, values) / budget
        share = min(rate, Decimal(1)) if self.capped else rate
        return round_half_up(self._value(self.weight, values) * share, 2)

    def exact(self) -> Decimal | None:
        budget = dec(self.budget.value)
        if budget == 0:
            return None
        rate = dec(self.actual.value) / budget
        return dec(self.weight.value) * (min(rate, Decimal(1)) if self.capped else rate)

    def state(self) -> State:
        computed = self.computed()
        stated = dec(self.anchor.value)
        if computed is None or abs(stated - computed) <= self.tolerance:
            return State.HOLDS
        if as_shown(stated, self.exact(), self.places):
            return State.HOLDS  # 8.6 for 8.62 on a form that scores to one decimal
        return State.FAILS

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        stated, weight = self._value(self.anchor, values), self._value(self.weight, values)
        if ref.id == self.anchor.id:
            computed = self.computed(values)
            if computed is None:
                return None
            return Interval(computed - self.tolerance, computed + self.tolerance, computed, True)
        if weight <= 0 or (self.capped and stated >= weight) or stated <= self.tolerance:
            return None  # any larger execution gives full marks: nothing pins the figure
        share, lo, hi = (
            stated / weight,
            (stated - self.tolerance) / weight,
            (stated + self.tolerance) / weight,
        )
        if ref.id == self.actual.id:
            budget = self._value(self.budget, values)
            return Interval(lo * budget, hi * budget, share * budget)
        if ref.id == self.budget.id:
            actual = self._value(self.actual, values)
            return Interval(actual / hi, actual / lo, actual / share)
        return None

    def report(self, doubt: frozenset[CellId]) -> Finding:
        computed = self.computed()
        assert computed is not None
        stated = dec(self.anchor.value)
        row = self.anchor.row
        higher = stated > computed
        rate = percent_of(self.actual.value or 0.0, self.budget.value or 0.0)
        formula = (
            f"{fmt(self.weight.value)} × min({fmt(rate, 2)}%, 100%)"
            if self.capped
            else f"{fmt(self.weight.value)} × {fmt(rate, 2)}%"
        )
        advise = not any(r.id in doubt for r in self.refs[1:])
        return self.code.finding(
            row.sheet,
            row.ref(self.anchor.key),
            f"{row.label}{header(row, 'score')}填报 {fmt(stated, 2)}，按{header(row, 'weight')} × "
            f"{'min(执行率, 100%)' if self.capped else '执行率'}计算为 {formula} = {fmt(computed, 2)}，"
            f"{'高出' if higher else '低于计算值'} {fmt(abs(stated - computed), 2)}"
            f"{rounded_note(stated, computed)}（评分规则：{self.rule}）。"
            + (f"请改为 {fmt(computed, 2)}。" if advise else ""),
            stated=self.anchor.value,
            computed=float(computed),
            severity=Severity.ERROR if higher else Severity.WARNING,
        )


def rounded_note(stated: Decimal, computed: Decimal) -> str:
    """，疑为把 8.62 四舍五入为整数 — when that is what happened."""
    if stated == stated.to_integral_value() and round_half_up(computed, 0) == stated:
        return f"，疑为把 {fmt(computed, 2)} 四舍五入为整数"
    return ""


@relations(C.SCORE_MISMATCH, on=FormsModel)
def exec_scores(model: FormsModel, settings: Settings) -> Iterator[Relation]:
    """The 执行率得分 of each money row that states its weight and score: 年度资金总额, and any
    part that repeats them (临翔's 其中 row) or is scored on its own (a 部门整体 form's 基本支出
    and 项目支出)."""
    for form in model.forms:
        places = form_places(form)
        for row in [*(form.funds.totals if form.funds else []), *form.fund_parts]:
            if not _scored(row):
                continue
            yield ExecScore(
                Ref(row, "score", derived=True),
                Ref(row, "actual"),
                Ref(row, "budget_final"),
                Ref(row, "weight"),
                settings.exec_score_cap,
                to_decimal(settings.score_tolerance),
                settings.title,
                places,
            )


def _scored(row: Row) -> bool:
    keys = ("score", "weight", "actual", "budget_final")
    if any(row.num(k) is None for k in keys) or row.unreadable(*keys):
        return False
    return bool(row.num("budget_final"))
