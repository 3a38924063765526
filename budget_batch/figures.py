"""The key figures of one workbook, as the summaries show them (汇总, 批量汇总, the report draft).

Computed from the model and the scorecard in the worker that read the workbook, and carried in
the result as plain data (picklable across processes). Shares and rates are computed, never the
stated ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .checks.common import project_total
from .hierarchy import Tree, code_text
from .model import Row, WorkbookModel
from .numbers import percent_of, round_half_up
from .scoring import Scorecard

TOP_PROJECTS = 30  # the project chart shows the largest projects only


def _pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    value = percent_of(part, whole)
    return float(round_half_up(value, 2)) if value is not None else None


@dataclass
class Part:
    code: str
    name: str
    amount: float
    share: float | None  # % of the parent, computed


@dataclass
class Line:
    """A 收支情况 total: last year, this year (同比口径), the change and the execution rate."""

    name: str
    prior: float | None = None
    current: float | None = None
    actual: float | None = None
    budget: float | None = None
    change: float | None = None
    change_rate: float | None = None
    exec_rate: float | None = None


@dataclass
class ProjectLine:
    name: str
    budget: float | None
    actual: float | None
    exec_rate: float | None


@dataclass
class IndicatorLine:
    level1: str
    name: str
    level2: str
    weight: float | None
    stated: float | None
    computed: float | None
    formula: str
    target: str
    actual: str
    deviation: str
    not_applicable: bool = False


@dataclass
class ServiceLine:
    code: str
    item: str
    unit: str  # effective: inherited from the parent when empty
    current: float | None
    subset: bool  # 计入上级合计 = 否 (an 其中 row)


@dataclass
class KeyFigures:
    unit: str = "万元"
    income: Line | None = None
    spending: Line | None = None
    income_parts: list[Part] = field(default_factory=list)
    spending_parts: list[Part] = field(default_factory=list)
    project_count: int = 0
    project_budget: float | None = None
    project_actual: float | None = None
    project_exec_rate: float | None = None
    top_projects: list[ProjectLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    exec_rate: float | None = None  # the department's (支出合计)
    services: list[ServiceLine] = field(default_factory=list)
    #: 基本信息 as text (department, functions, work, goal, staff_quota, …) and 问题与措施.
    info: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    basis: str = "全年执行数"  # 同比口径


def _line(row: Row | None, name: str, key: str) -> Line | None:
    if row is None:
        return None
    prior, current = row.num("prior"), row.num(key)
    actual, budget = row.num("actual"), row.num("budget_final")
    change = None
    if prior is not None and current is not None:
        change = float(Decimal(repr(current)) - Decimal(repr(prior)))
    return Line(
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
    figures = KeyFigures(unit=model.unit)
    if model.budget is not None:
        tree = Tree.of(model.budget)
        key = model.yoy_key
        figures.income = _line(tree.get("1"), "收入合计", key)
        figures.spending = _line(tree.get("2"), "支出合计", key)
        figures.income_parts = _parts(tree, "1")
        figures.spending_parts = _parts(tree, "2")
        figures.exec_rate = figures.spending.exec_rate if figures.spending else None
    items = model.project_rows()
    figures.project_count = len(items)
    if items:
        budget = project_total(model, "budget_final")
        actual = project_total(model, "actual")
        figures.project_budget, figures.project_actual = float(budget), float(actual)
        figures.project_exec_rate = _pct(float(actual), float(budget))
        largest = sorted(items, key=lambda r: -(r.num("budget_final") or 0))[:TOP_PROJECTS]
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
        units: dict[str, str] = {}
        for r in model.services.rows:
            code = r.text("code")
            unit = r.text("unit") or units.get(code.rpartition(".")[0], "")
            units[code] = unit
            figures.services.append(
                ServiceLine(
                    code, r.text("item"), unit, r.num("current"), r.text("in_total") == "否"
                )
            )
    return figures
