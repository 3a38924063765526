"""The figures of each project form for its 汇总 and the batch's 项目自评一览: the project, its
money, the execution rate, each indicator stated and computed, the totals and grades."""

from __future__ import annotations

from decimal import Decimal

from .. import catalogue as C
from ..decimals import percent_of, round_half_up, to_decimal
from ..form_model import DEPARTMENT, FormsModel, ProjectForm, ScoringTable
from ..model import Row
from ..result import FormFigures, FundFigures, IndicatorLine, WorkbookResult
from ..settings import Settings
from .form_score_checks import grade_of
from .form_scoring import FormScore, form_score


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def form_figures(model: FormsModel, settings: Settings) -> list[FormFigures]:
    """Each form's figures, then each scoring table's that stands on a sheet of its own."""
    found = [_figures(form, form_score(model, form, settings), settings) for form in model.forms]
    on_forms = {form.sheet for form in model.forms}
    found += [_scoring(t, settings) for t in model.scoring if t.sheet not in on_forms]
    return found


def _scoring(table: ScoringTable, settings: Settings) -> FormFigures:
    """A scoring table: its items stated (the computed total is the sum of the scores)."""
    scored = [r.num("score") for r in table.items() if r.num("score") is not None]
    stated = table.stated_total
    figures = FormFigures(
        sheet=table.sheet,
        family="评分表",
        family_title="评分表",
        project=(table.title.text if table.title is not None else "") or table.text("project"),
        department=table.text("department"),
        implementer=table.text("implementer"),
        year=table.year,
        unit="万元",
        total_stated=stated.number if stated is not None else None,
        total_computed=float(round_half_up(to_decimal(sum(x or 0 for x in scored)), 2))
        if scored
        else None,
        profile_title=settings.title,
        kind_title="评分表",
        reading=table.reading,
    )
    if figures.total_computed is not None:
        figures.grade_computed = settings.grade(to_decimal(figures.total_computed))
    labels = [label for label, _ in settings.grades]
    for key in ("grade", "conclusion"):
        said = grade_of(table.text(key), labels, strict=key == "grade")
        if said:
            figures.grade_stated = said
            break
    for row in table.items():
        score = row.num("score")
        figures.indicators.append(
            IndicatorLine(
                level1=row.text("level1"),
                name=row.text("level3") or row.text("level2") or row.text("level1"),
                level2=row.text("level2"),
                weight=row.num("weight"),
                stated=score,
                computed=score,
                formula=row.text("criteria"),
                target="",
                actual="",
                deviation="",
            )
        )
    return figures


def form_result(result: WorkbookResult, model: FormsModel, settings: Settings) -> WorkbookResult:
    """A workbook of project forms: its forms' figures; its department, year and scores those of
    its form (of the first, for year and department, when it holds several; no score then, since
    each form is scored on its own — 项目自评一览 has one row per form)."""
    try:
        result.forms = form_figures(model, settings)
    except Exception as exc:  # like a broken check: a finding, never a crash
        result.findings.append(
            C.CHECK_FAILED.finding(
                "",
                "",
                f"本工具计算项目自评表的得分和汇总数据时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
                "汇总中的数据可能不完整。请把工作簿反馈给技术支持。",
            )
        )
        return result
    if result.forms:
        first = result.forms[0]
        result.department = first.department or None
        result.year = first.year
    if len(result.forms) == 1:
        only = result.forms[0]
        result.score.stated, result.score.computed = only.total_stated, only.total_computed
        result.score.grade_stated, result.score.grade_computed = (
            only.grade_stated,
            only.grade_computed,
        )
    return result


def _fund(row: Row) -> FundFigures:
    actual, budget = row.num("actual"), row.num("budget_final")
    rate = percent_of(actual, budget) if actual is not None and budget else None
    return FundFigures(
        row.text("item"),
        row.num("budget_initial")
        if row.columns.get("budget_initial") != row.columns.get("budget_final")
        else None,
        budget,
        actual,
        row.num("exec_rate"),
        float(round_half_up(rate, 2)) if rate is not None else None,
    )


def _figures(form: ProjectForm, card: FormScore, settings: Settings) -> FormFigures:
    funds = [*(form.funds.totals if form.funds else []), *form.fund_parts]
    figures = FormFigures(
        sheet=form.sheet,
        family=form.family.name,
        family_title=form.family.title,
        project=form.project,
        department=form.department,
        implementer=form.text("implementer"),
        year=form.year,
        unit=form.unit,
        funds=[_fund(row) for row in funds],
        exec_weight=_f(card.exec_weight),
        exec_score_stated=_f(card.exec_stated),
        exec_score_computed=_f(card.exec_computed),
        exec_formula=card.exec_formula,
        exec_rate=float(round_half_up(card.exec_rate, 2)) if card.exec_rate is not None else None,
        total_stated=_f(card.stated_total),
        total_computed=_f(card.total),
        grade_computed=card.grade,
        profile_title=settings.title,
        kind_title="部门整体支出绩效自评表" if form.kind == DEPARTMENT else "项目支出绩效自评表",
        reading=form.reading,
    )
    labels = [label for label, _ in settings.grades]
    for key in ("grade", "conclusion"):
        said = grade_of(form.text(key), labels, strict=key == "grade")
        if said:
            figures.grade_stated = said
            break
    for s in card.rows:
        row = s.row
        figures.indicators.append(
            IndicatorLine(
                level1=row.text("level1"),
                name=row.text("level3") or row.text("level2"),
                level2=row.text("level2"),
                weight=_f(s.weight),
                stated=_f(s.stated),
                computed=_f(s.computed),
                formula=s.formula or s.problem,
                target=s.target.text if s.target else "",
                actual=s.actual.text if s.actual else "",
                deviation=row.text("deviation"),
                not_applicable=s.not_applicable,
                operator=row.text("operator"),
                unit=row.text("unit"),
            )
        )
    return figures
