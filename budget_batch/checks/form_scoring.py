"""A project form's scores recomputed by the profile's rules: 执行率得分 = 分值 × min(执行率, 100%)
(`exec_score_cap`), each indicator by checks.md's rules (the same `score_row` as our template),
and the total. Computed once per form and kept on the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from ..decimals import round_half_up, to_decimal
from ..form_model import FormsModel, ProjectForm, ScoringTable
from ..form_schema import form_label
from ..layouts import Layouts
from ..model import Row
from ..settings import Settings
from .repairs import Repairs, repairs
from .scorecard import RowScore, execution_score, score_row


@dataclass
class FormScore:
    form: ProjectForm
    exec_weight: Decimal | None = None
    exec_rate: Decimal | None = None  # 全年执行数 ÷ 全年预算数 × 100 of 年度资金总额
    exec_stated: Decimal | None = None
    exec_computed: Decimal | None = None
    exec_formula: str = ""
    exec_from: tuple[tuple[Row, str], ...] = ()  # the cells exec_rate was computed from
    rows: list[RowScore] = field(default_factory=list)
    #: Rows of a rubric on the form's sheet whose stated scores count in the total.
    rubric: list[Row] = field(default_factory=list)
    total: Decimal | None = None  # computed
    exact_total: Decimal | None = None  # before rounding
    #: The decimals the form shows its scores with: the most any stated score shows.
    places: int = 2
    grade: str | None = None

    @property
    def exec_counted(self) -> Decimal | None:
        return self.exec_computed if self.exec_computed is not None else self.exec_stated

    @property
    def exec_inputs(self) -> tuple[tuple[Row, str], ...]:
        """The cells `exec_counted` was read from: 分值 and the execution, else the stated 得分."""
        total = self.form.fund_total
        if total is None:
            return ()
        if self.exec_computed is not None:
            return ((total, "weight"), *self.exec_from)
        return ((total, "score"),)

    @property
    def inputs(self) -> tuple[tuple[Row, str], ...]:
        """Every cell the computed total was read from."""
        rows = (c for r in self.rows if not r.not_applicable for c in r.inputs)
        return (*self.exec_inputs, *rows)

    @property
    def stated_total(self) -> Decimal | None:
        cell = self.form.stated_total
        return to_decimal(cell.number) if cell is not None and cell.number is not None else None

    @property
    def uncomputed(self) -> int:
        return sum(1 for r in self.rows if r.computed is None and not r.not_applicable) + (
            1 if self.exec_weight is not None and self.exec_computed is None else 0
        )


def _dec(value: float | None) -> Decimal | None:
    return to_decimal(value) if value is not None else None


def places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def form_places(form: ProjectForm) -> int:
    """The decimals a form shows its scores with: the most any of its stated scores shows (its
    indicators', its money rows', its 总分)."""
    rows = [*form.indicator_rows(), *(form.funds.totals if form.funds else []), *form.fund_parts]
    cells = [r.num("score") for r in rows]
    if form.stated_total is not None:
        cells.append(form.stated_total.number)
    return max((places_of(to_decimal(v)) for v in cells if v is not None), default=2)


def as_shown(stated: Decimal | None, exact: Decimal | None, places: int) -> bool:
    """A form that scores to one decimal (forms.md, "Shown precision") is right when its score is
    the computed one rounded or truncated to what the score shows (2.7 for 2.684, 1.8 for 1.897);
    a form that shows two decimals, or only whole numbers, is compared as checks.md says."""
    if places != 1 or stated is None or exact is None:
        return False
    shown = places_of(stated)
    step = Decimal(1).scaleb(-shown)
    return stated in (round_half_up(exact, shown), exact.quantize(step, rounding=ROUND_DOWN))


def _rubric(row: Row, fit: Repairs) -> RowScore:
    """A rubric's row (项目决策, 项目管理 …: no target to compare with): its stated score stands."""
    stated = _dec(fit.num(row, "score"))
    return RowScore(
        row=row,
        weight=_dec(fit.num(row, "weight")),
        stated=stated,
        computed=stated,
        formula="评分类指标（无年度指标值），按填报得分计入",
        inputs=((row, "score"),),
    )


def form_score(model: FormsModel, form: ProjectForm, settings: Settings) -> FormScore:
    """The form's scores under `settings` (and the repairs the checks consult), computed once
    and kept with the values they were computed from."""
    fit = repairs()
    cache = fit.cache(model)
    key = f"form_score:{form.sheet}:{settings.name}:{id(settings)}"
    cached = cache.get(key)
    if isinstance(cached, FormScore):
        return cached
    rubric = [t for t in model.scoring if t.sheet == form.sheet]
    score = _score(form, settings, fit, model.layouts, rubric)
    cache[key] = score
    return score


def _score(
    form: ProjectForm,
    settings: Settings,
    fit: Repairs,
    layouts: Layouts,
    rubric: list[ScoringTable] = [],  # noqa: B006 (read, never changed)
) -> FormScore:
    card = FormScore(form, places=form_places(form))
    total = form.fund_total
    if total is not None:
        card.exec_weight = _dec(fit.num(total, "weight"))
        card.exec_stated = _dec(fit.num(total, "score"))
        actual, budget = fit.num(total, "actual"), fit.num(total, "budget_final")
        if actual is not None and budget:
            card.exec_rate = to_decimal(actual) * 100 / to_decimal(budget)
            card.exec_from = ((total, "actual"), (total, "budget_final"))
        if card.exec_weight is not None and card.exec_rate is not None:
            score, card.exec_formula = execution_score(
                card.exec_weight, card.exec_rate, settings.exec_score_cap
            )
            card.exec_computed = round_half_up(score, 2)
    execution = layouts.labels("indicators", "execution")
    for row in form.indicator_rows():
        is_execution = form_label(row.text("level3")) in execution
        if row.index in form.rubric_rows and not is_execution:
            card.rows.append(_rubric(row, fit))
            continue
        empty = row.cell("actual") is None
        card.rows.append(
            score_row(
                row,
                settings,
                card.exec_rate if is_execution and empty else None,
                row.text("operator"),
                card.exec_from if is_execution and empty else (),
                fit=fit,
                layouts=layouts,
                execution=is_execution,
                equal_met=True,
            )
        )
    parts = [r.counted for r in card.rows if not r.not_applicable and r.counted is not None]
    if not parts:
        return card  # no indicator read: no total to compute (the execution score alone is not)
    if card.exec_counted is not None:
        parts.append(card.exec_counted)
    for table in rubric:  # a rubric on the form's sheet (项目决策, 项目管理): its stated scores
        for row in table.items():
            stated = fit.num(row, "score")
            if stated is not None and row.index not in table.alternatives:
                parts.append(to_decimal(stated))
                card.rubric.append(row)
    raw = sum(parts, Decimal(0))
    if any(r.not_applicable for r in card.rows):  # scaled to the full weight, as on our template
        applicable = sum(
            (r.weight or Decimal(0) for r in card.rows if not r.not_applicable),
            card.exec_weight or Decimal(0),
        )
        if applicable:
            raw = raw * to_decimal(settings.weight_total) / applicable
    card.exact_total = raw
    card.total = round_half_up(raw, 2)
    card.grade = settings.grade(card.total)
    return card
