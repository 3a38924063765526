"""A project form's scores recomputed by the profile's rules: 执行率得分 = 分值 × min(执行率, 100%)
(`exec_score_cap`), each indicator by checks.md's rules (the same `score_row` as our template),
and the total. Computed once per form and kept on the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..decimals import round_half_up, to_decimal
from ..form_model import FormsModel, ProjectForm
from ..settings import Settings
from .scorecard import RowScore, execution_score, score_row


@dataclass
class FormScore:
    form: ProjectForm
    exec_weight: Decimal | None = None
    exec_rate: Decimal | None = None  # 全年执行数 ÷ 全年预算数 × 100 of 年度资金总额
    exec_stated: Decimal | None = None
    exec_computed: Decimal | None = None
    exec_formula: str = ""
    rows: list[RowScore] = field(default_factory=list)
    total: Decimal | None = None  # computed
    grade: str | None = None

    @property
    def exec_counted(self) -> Decimal | None:
        return self.exec_computed if self.exec_computed is not None else self.exec_stated

    @property
    def stated_total(self) -> Decimal | None:
        cell = self.form.total_score
        return to_decimal(cell.number) if cell is not None and cell.number is not None else None

    @property
    def uncomputed(self) -> int:
        return sum(1 for r in self.rows if r.computed is None and not r.not_applicable) + (
            1 if self.exec_weight is not None and self.exec_computed is None else 0
        )


def _dec(value: float | None) -> Decimal | None:
    return to_decimal(value) if value is not None else None


def form_score(model: FormsModel, form: ProjectForm, settings: Settings) -> FormScore:
    key = f"form_score:{form.sheet}:{settings.name}:{id(settings)}"
    cached = model.derived.get(key)
    if isinstance(cached, FormScore):
        return cached
    score = _score(form, settings)
    model.derived[key] = score
    return score


def _score(form: ProjectForm, settings: Settings) -> FormScore:
    card = FormScore(form)
    total = form.fund_total
    if total is not None:
        card.exec_weight, card.exec_stated = _dec(total.num("weight")), _dec(total.num("score"))
        actual, budget = total.num("actual"), total.num("budget_final")
        if actual is not None and budget:
            card.exec_rate = to_decimal(actual) * 100 / to_decimal(budget)
        if card.exec_weight is not None and card.exec_rate is not None:
            score, card.exec_formula = execution_score(
                card.exec_weight, card.exec_rate, settings.exec_score_cap
            )
            card.exec_computed = round_half_up(score, 2)
    for row in form.indicator_rows():
        card.rows.append(score_row(row, settings, None, operator=row.text("operator")))
    parts = [r.counted for r in card.rows if not r.not_applicable and r.counted is not None]
    if card.exec_counted is not None:
        parts.append(card.exec_counted)
    if not parts:
        return card
    raw = sum(parts, Decimal(0))
    if any(r.not_applicable for r in card.rows):  # scaled to the full weight, as on our template
        applicable = sum(
            (r.weight or Decimal(0) for r in card.rows if not r.not_applicable),
            card.exec_weight or Decimal(0),
        )
        if applicable:
            raw = raw * to_decimal(settings.weight_total) / applicable
    card.total = round_half_up(raw, 2)
    card.grade = settings.grade(card.total)
    return card
