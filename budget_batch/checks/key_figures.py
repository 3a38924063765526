"""The key figures of one workbook, as the summaries show them (汇总, 批量汇总, the report draft).

Computed from the model and the scorecard in the worker that read the workbook; the result
carries them as plain data (`result.KeyFigures`, picklable across processes). Shares and rates
are computed, never the stated ones.
"""

from __future__ import annotations

import heapq
from decimal import Decimal

from ..code_tree import Tree, code_text, parse_code
from ..column_table import column_numbers, data_rows
from ..decimals import percent_of, round_half_up
from ..model import Row, WorkbookModel
from ..result import IndicatorLine, KeyFigures, Line, Part, ProjectLine, ServiceLine
from .check_helpers import project_total
from .scorecard import Scorecard

TOP_PROJECTS = 30  # the project chart shows the largest projects only
OFFICE_CODE = "2.1.2"  # 公用经费
SANGONG_CODES = ("5", "5.1", "5.2", "5.2.1", "5.2.2", "5.3")  # “三公”经费 and its parts


def _pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    value = percent_of(part, whole)
    return float(round_half_up(value, 2)) if value is not None else None


def _line(row: Row | None, name: str, key: str) -> Line | None:
    if row is None:
        return None
    prior, current = row.num("prior"), row.num(key)
    actual, budget = row.num("actual"), row.num("budget_final")
    change = None
    if prior is not None and current is not None:
        change = float(Decimal(repr(current)) - Decimal(repr(prior)))
    return Line(
        code=row.text("code"),
        name=name,
        prior=prior,
        current=current,
        actual=actual,
        budget=budget,
        change=change,
        change_rate=_pct(change, prior),
        exec_rate=_pct(actual, budget),
    )


def _parts(tree: Tree, code: str) -> list[Part]:
    parent = tree.get(code)
    if parent is None:
        return []
    key = next((k for k in ("actual", "budget_final", "budget_initial") if parent.num(k)), "actual")
    out = []
    for child_code in tree.children(tuple(int(p) for p in code.split("."))):
        row = tree.nodes[child_code]
        amount = row.num(key)
        if amount:
            out.append(
                Part(code_text(child_code), row.text("item"), amount, _pct(amount, parent.num(key)))
            )
    return out


def key_figures(model: WorkbookModel, card: Scorecard) -> KeyFigures:
    figures = KeyFigures(
        unit=model.unit, grades=list(card.profile.grades), profile_title=card.profile.title
    )
    if model.budget is not None:
        tree = Tree.of(model.budget)
        key = model.yoy_key
        figures.income = _line(tree.get("1"), "收入合计", key)
        figures.spending = _line(tree.get("2"), "支出合计", key)
        figures.income_parts = _parts(tree, "1")
        figures.spending_parts = _parts(tree, "2")
        figures.exec_rate = figures.spending.exec_rate if figures.spending else None
        office = tree.get(OFFICE_CODE)
        figures.office = _line(office, office.text("item") if office else "", key)
        for part in SANGONG_CODES:
            row = tree.get(part)
            line = _line(row, row.text("item") if row else "", key)
            if line is not None and (line.actual is not None or line.budget is not None):
                figures.sangong.append(line)
    items = data_rows(model.projects)  # a column table's: made only for the largest
    figures.project_count = len(items)
    if items:
        budget = project_total(model, "budget_final")
        actual = project_total(model, "actual")
        figures.project_budget, figures.project_actual = float(budget), float(actual)
        figures.project_exec_rate = _pct(float(actual), float(budget))
        budgets = column_numbers(model.projects, "budget_final")
        top = heapq.nlargest(TOP_PROJECTS, range(len(budgets)), key=lambda i: budgets[i] or 0)
        largest = [items[i] for i in top]
        figures.top_projects = [
            ProjectLine(
                r.text("name"),
                r.num("budget_final"),
                r.num("actual"),
                _pct(r.num("actual"), r.num("budget_final")),
            )
            for r in largest
        ]
    for s in card.rows:
        r = s.row
        figures.indicators.append(
            IndicatorLine(
                level1=r.text("level1"),
                name=r.text("level3"),
                level2=r.text("level2"),
                weight=float(s.weight) if s.weight is not None else None,
                stated=float(s.stated) if s.stated is not None else None,
                computed=float(s.computed) if s.computed is not None else None,
                formula=s.formula or s.problem,
                target=r.text("target"),
                actual=r.text("actual"),
                deviation=r.text("deviation"),
                not_applicable=s.not_applicable,
                operator=r.text("operator") or (s.target.operator if s.target else None) or "",
                unit=r.text("unit"),
                computed_actual=(
                    float(card.exec_rate)
                    if r.text("level1") == "预算执行率"
                    and not r.text("actual")
                    and card.exec_rate is not None
                    else None
                ),
            )
        )
    if model.info is not None:
        figures.info = {key: cell.text for key, cell in model.info.cells.items() if cell.text}
        figures.basis = model.info.choice("yoy_basis")
    if model.problems is not None:
        for r in model.problems.rows:
            text = r.text("text")
            if text and r.text("kind") == "存在问题":
                figures.problems.append(text)
            elif text and r.text("kind") == "改进措施":
                figures.measures.append(text)
    if model.services is not None:
        tree = Tree.of(model.services)
        for r in model.services.rows:
            code = parse_code(r.text("code"))
            unit = tree.unit(code) if code in tree.nodes else r.text("unit")
            figures.services.append(
                ServiceLine(
                    r.text("code"),
                    r.text("item"),
                    unit,
                    r.num("current"),
                    r.text("in_total") == "否",
                )
            )
    return figures
