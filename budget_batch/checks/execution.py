"""Budget execution: 执行率, over-spending, low execution, large adjustments, balance, "三公"."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Tree, parse_code
from ..column_table import ColumnTable, RowsAt
from ..decimals import amount, decimals_of, fmt, percent_of
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import dec
from .column_rows import looked_at
from .registry import check, relations
from .relation_families import RatioFamily
from .relations import Linear, Ratio, Ref, Relation
from .repairs import repairs
from .stated_percent import Comparison, places_of, reproduces

#: Float pre-filters decide only what is clear by far more than float error; close calls go
#: through exact decimal arithmetic.
FLOAT_SLACK = 1e-6
SPENDING_ROOTS = (2, 6)  # 支出合计 and 政府采购: execution above budget is over-spending
SANGONG_ROOT = 5


def _root(row: Row) -> int | None:
    code = parse_code(row.text("code"))
    return code[0] if code else None


def _exec_tables(model: WorkbookModel, projects: Sequence[Row]) -> Iterator[tuple[Table, Row]]:
    """Rows with a 执行率 to check: 收支情况's, the projects (`projects`: those to look at) and
    the projects' 合计 rows."""
    if model.budget is not None:
        for row in model.budget.rows:
            yield model.budget, row
    if model.projects is not None:
        for row in projects:
            yield model.projects, row
        for row in model.projects.totals:
            if row.total_label != "小计":
                yield model.projects, row


@relations(C.EXEC_RATE_MISMATCH, on=WorkbookModel)
def exec_rates(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """Stated 执行率 = 全年执行数 ÷ 全年预算数 × 100, rounded as stated."""
    holding: list[Row] = []
    table = model.projects
    held: list[int] = []  # plain rows of a column table whose rate clearly holds
    if isinstance(table, ColumnTable):
        held, looked = _plain_rates(table)
        projects: Sequence[Row] = table.where((), None, looked)
    else:
        projects = model.project_rows()
    for _table, row in _exec_tables(model, projects):
        stated, actual, budget = row.num("exec_rate"), row.num("actual"), row.num("budget_final")
        if stated is None or actual is None or not budget:
            continue
        if row.table == "项目支出" and _clearly_holds(row, stated, actual, budget):
            holding.append(row)  # made into a relation only if the localizer asks
            continue
        yield _rate(row)
    if isinstance(table, ColumnTable) and (held or holding):
        yield RatioFamily(
            _rate, RowsAt(table, held, holding), ("exec_rate", "actual", "budget_final")
        )
    elif holding:
        yield RatioFamily(_rate, holding, ("exec_rate", "actual", "budget_final"))


def _rate(row: Row) -> Ratio:
    return Ratio(
        C.EXEC_RATE_MISMATCH,
        Ref(row, "exec_rate", derived=True),
        "执行率",
        [(Ref(row, "actual"), 1)],
        Ref(row, "budget_final"),
        say=_say_rate(row),
    )


def _clearly_holds(row: Row, stated: float, actual: float, budget: float) -> bool:
    """The stated rate, as its cell shows it, is the exact one rounded by a margin no float
    error can upset (the exact decimal test is for the close calls)."""
    return _holds(stated, actual, budget, places_of(row.at("exec_rate")))


def _holds(stated: float, actual: float, budget: float, places: int) -> bool:
    return abs(round(stated, places) - actual * 100 / budget) < 0.45 * 10.0**-places


def _plain_rates(table: ColumnTable) -> tuple[list[int], set[int]]:
    """A column table's plain rows with a rate: the positions of those whose rate clearly holds,
    and the sheet rows of the others (made into relations, as on the row path)."""
    held: list[int] = []
    looked: set[int] = set()
    empty = [None] * len(table.index)
    stated = table.values.get("exec_rate", empty)
    actual = table.values.get("actual", empty)
    budget = table.values.get("budget_final", empty)
    shown = table.decimals.get("exec_rate", empty)
    margins: dict[int, float] = {}
    for p, (s, a, b, d) in enumerate(zip(stated, actual, budget, shown, strict=True)):
        if s is None or a is None or not b:
            continue
        places = d if d is not None else decimals_of(s)
        margin = margins.get(places)
        if margin is None:
            margin = margins[places] = 0.45 * 10.0**-places
        if abs(round(s, places) - a * 100 / b) < margin:  # `_holds`, inlined
            held.append(p)
        else:
            looked.add(table.index[p])
    return held, looked


def _say_rate(row: Row):  # type: ignore[no-untyped-def]
    def say(relation: Ratio, cmp: Comparison, advise: bool) -> str:
        actual, budget = row.num("actual"), row.num("budget_final")
        initial = row.num("budget_initial")
        why = ""
        if (
            initial
            and actual is not None
            and reproduces(relation.cell, percent_of(actual, initial))
        ):
            why = "填报的执行率按年初预算数计算，应按全年预算数（调整后预算）计算。"
        return (
            f"{row.label}执行率填报 {cmp.text(cmp.stated)}，按全年执行数 ÷ 全年预算数计算为 "
            f"{amount(actual)} ÷ {amount(budget)} × 100 = {fmt(cmp.exact, 4)}%，{cmp.summary()}{why}"
            + (f"请改为 {cmp.text(cmp.rounded)}。" if advise else "")
        )

    return say


def _spending(
    model: WorkbookModel, projects: Sequence[Row], roots: tuple[int, ...] = SPENDING_ROOTS
) -> Iterator[Row]:
    """支出合计 and its sub-rows, 政府采购 (the 收支情况 rows under `roots`), and the projects
    to look at."""
    if model.budget is not None:
        yield from (r for r in model.budget.rows if _root(r) in roots)
    yield from projects


@check(C.EXEC_OVER_BUDGET, on=WorkbookModel)
def over_budget(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """Spending above its (adjusted) budget; "三公" has its own check."""
    tolerance = settings.tolerance(model.unit)
    fit = repairs()
    projects = looked_at(
        model.projects,
        ("actual", "budget_final"),
        lambda actual, budget: [
            p
            for p, (a, b) in enumerate(zip(actual, budget, strict=True))
            if a is not None and b is not None and a > b
        ],
    )
    for row in _spending(model, projects):
        actual, budget = fit.num(row, "actual"), fit.num(row, "budget_final")
        if actual is None or budget is None or actual <= budget:
            continue
        if dec(actual) - dec(budget) <= tolerance:
            continue
        yield C.EXEC_OVER_BUDGET.finding(
            row.sheet,
            row.ref("actual"),
            fit.premise(row, "actual", "budget_final")
            + f"{row.label}全年执行数 {amount(actual)} 大于全年预算数 {amount(budget)}，超出 "
            f"{amount(dec(actual) - dec(budget))}。请核对执行数；确有预算调整的，请按调整后预算填写全年预算数。",
            stated=actual,
            computed=budget,
        )


@check(C.EXEC_RATE_LOW, on=WorkbookModel)
def low_execution(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """执行率 below exec_rate_low_pct with no 说明 (支出合计 and below, and each project)."""
    threshold = Decimal(repr(settings.exec_rate_low_pct))
    clearly_fine = float(threshold) + FLOAT_SLACK
    fit = repairs()
    projects = looked_at(
        model.projects,
        ("actual", "budget_final"),
        lambda actual, budget: [
            p
            for p, (a, b) in enumerate(zip(actual, budget, strict=True))
            if a is not None and b and a * 100 / b < clearly_fine
        ],
    )
    # 政府采购 below its budget is not under-spending
    for row in _spending(model, projects, roots=(2,)):
        actual, budget = fit.num(row, "actual"), fit.num(row, "budget_final")
        if actual is None or not budget or actual * 100 / budget >= clearly_fine:
            continue
        if row.text("note"):
            continue
        rate = percent_of(actual, budget)
        if rate is None or rate >= threshold:
            continue
        yield C.EXEC_RATE_LOW.finding(
            row.sheet,
            row.ref("exec_rate"),
            fit.premise(row, "actual", "budget_final")
            + f"{row.label}执行率为 {amount(actual)} ÷ {amount(budget)} × 100 = {fmt(rate, 2)}%，低于 "
            f"{fmt(threshold)}%，但“说明”为空。请在“说明”列写明执行率偏低的原因和整改措施。",
            stated=row.num("exec_rate"),  # as stated (a blamed rate has its own finding)
            computed=float(round(rate, 2)),
        )


@check(C.BUDGET_ADJUST_LARGE, on=WorkbookModel)
def large_adjustments(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """|全年预算数 − 年初预算数| ÷ 年初预算数 ≥ adjust_warn_pct; new items (年初 empty or 0) are not."""
    threshold = Decimal(repr(settings.adjust_warn_pct))
    clearly_below = float(threshold) - FLOAT_SLACK
    projects = looked_at(
        model.projects,
        ("budget_initial", "budget_final"),
        lambda initial, final: [
            p
            for p, (i, f) in enumerate(zip(initial, final, strict=True))
            if i and f is not None and not abs(f - i) * 100 / abs(i) < clearly_below
        ],
    )
    rows = [*(model.budget.rows if model.budget else []), *projects]
    fit = repairs()
    for row in rows:
        initial, final = fit.num(row, "budget_initial"), fit.num(row, "budget_final")
        if not initial or final is None:
            continue  # a new item
        if abs(final - initial) * 100 / abs(initial) < clearly_below:
            continue  # clearly below the threshold; the exact test is for the close calls
        if row.text("note"):
            continue  # an adjustment its 说明 explains
        change = percent_of(final - initial, initial)
        if change is None or abs(change) < threshold:
            continue
        yield C.BUDGET_ADJUST_LARGE.finding(
            row.sheet,
            row.ref("budget_final"),
            fit.premise(row, "budget_final", "budget_initial")
            + f"{row.label}全年预算数 {amount(final)} 比年初预算数 {amount(initial)} "
            f"{'调增' if change > 0 else '调减'} {amount(abs(dec(final) - dec(initial)))}（{fmt(change, 2)}%），"
            f"达到 {fmt(threshold)}% 以上。请核实调整依据，并在“说明”列写明原因。",
            stated=final,
            computed=initial,
        )


@relations(C.BALANCE_MISMATCH, on=WorkbookModel)
def balance(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """收入合计 + 年初结转结余 − 支出合计 = 年末结转结余 (全年执行数)."""
    if model.budget is None:
        return
    tree = Tree.of(model.budget)
    income, carry_in, spending, carry_out = (tree.get(code) for code in ("1", "3", "2", "4"))
    if income is None or carry_in is None or spending is None or carry_out is None:
        return
    if any(r.num("actual") is None for r in (income, carry_in, spending, carry_out)):
        return

    def say(relation: Linear, advise: bool) -> str:
        return (
            f"年末结转结余填报 {amount(relation.stated)}，按收入合计 + 年初结转结余 − 支出合计计算为 "
            f"{amount(income.num('actual'))} + {amount(carry_in.num('actual'))} − "
            f"{amount(spending.num('actual'))} = {amount(relation.computed)}，相差 "
            f"{amount(relation.diff)}。请核对收入、支出和结转结余（均为全年执行数）。"
        )

    yield Linear(
        C.BALANCE_MISMATCH,
        Ref(carry_out, "actual"),
        "收支平衡（收入合计 + 年初结转结余 − 支出合计 = 年末结转结余）",
        [(Ref(income, "actual"), 1), (Ref(carry_in, "actual"), 1), (Ref(spending, "actual"), -1)],
        settings.tolerance(model.unit),
        say=say,
    )


@check(C.SANGONG_INCREASE, on=WorkbookModel)
def sangong(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """ "三公"经费 above its budget, or above last year."""
    if model.budget is None:
        return
    tolerance = settings.tolerance(model.unit)
    fit = repairs()
    for row in model.budget.rows:
        actual = fit.num(row, "actual")
        if _root(row) != SANGONG_ROOT or actual is None:
            continue
        budget_key = (
            "budget_final" if fit.num(row, "budget_final") is not None else "budget_initial"
        )
        budget = fit.num(row, budget_key)
        prior = fit.num(row, "prior")
        reasons = []
        read = ["actual", budget_key] if budget is not None else ["actual"]  # (computed=budget)
        if budget is not None and dec(actual) - dec(budget) > tolerance:
            reasons.append(f"超过预算 {amount(budget)}（多 {amount(dec(actual) - dec(budget))}）")
        if prior is not None and dec(actual) - dec(prior) > tolerance:
            reasons.append(f"比上年 {amount(prior)} 增长 {amount(dec(actual) - dec(prior))}")
            read.append("prior")
        if reasons:
            yield C.SANGONG_INCREASE.finding(
                row.sheet,
                row.ref("actual"),
                fit.premise(row, *read)
                + f"{row.label}全年执行数 {amount(actual)}，{'，'.join(reasons)}。“三公”经费应只减不增，"
                "请核实并在“说明”列写明原因。",
                stated=actual,
                computed=budget if budget is not None else prior,
            )
