"""LINK_ACCOUNTS_MISMATCH: the 自评 of a department and year against its 部门决算 in the batch
(final-accounts.md, "The 自评 figures that must agree with the 决算").

The 自评 (our template, a 部门整体 form) states its figures by the names of figure_names; the
决算 by the names of accounts_figures. `LINKS` pairs them. Each comparison is a `Link` on both
documents; a disagreement is a finding on both, each naming the other file and cell. Amounts are
compared in 万元 within the amount tolerance. A department is matched by its name (departments.py)
and the year; a 决算 that matches no 自评, or several departments, is linked to none (never
guessed) and said once in 批量汇总's 决算核对.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import catalogue as C
from ..departments import department_key, same_department
from ..figure_names import ACTUAL, BUDGET, BY_CODE, PROJECT_FORMS, key
from ..findings import Severity
from ..links import Link, Stated
from ..result import ProjectFigures, WorkbookResult
from ..settings import Settings
from .accounts_join import TO_WAN, AccountsSet, accounts_sets, wan
from .across import Outcome, across, file_name
from .check_helpers import dec

SELF_KINDS = ("department", "department_form")
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class LinkRule:
    """A 自评 figure (name, column) and the 决算 figures it equals (the first the 决算 prints)."""

    name: str
    column: str
    accounts: tuple[str, ...]
    severity: Severity = E
    #: Compared only when the 决算 says so (人员经费 / 公用经费: basic spending all 一般公共预算).
    when: Callable[[AccountsSet], bool] | None = None


def _general_only(s: AccountsSet) -> bool:
    """T6 is 一般公共预算's basic spending: the 自评's 人员经费 and 公用经费 (of all funds) equal
    it only when all basic spending is 一般公共预算 (T3 合计 基本支出 = T5's)."""
    t3, t5 = s.get("T3.total.basic"), s.get("T5.total.basic")
    return t3 is not None and t5 is not None and abs(wan(t3[1]) - wan(t5[1])) <= Decimal("0.01")


SANGONG = (
    ("“三公”经费", "total"),
    ("因公出国（境）费", "travel"),
    ("公务用车购置及运行费", "car"),
    ("公务用车购置费", "car_purchase"),
    ("公务用车运行维护费", "car_running"),
    ("公务接待费", "reception"),
)
LINKS: tuple[LinkRule, ...] = (
    LinkRule(BY_CODE["1"], ACTUAL, ("T1.income_total", "T2.total.total")),
    LinkRule(BY_CODE["1.1"], ACTUAL, ("T1.general", "T4.general")),
    LinkRule(BY_CODE["1.2"], ACTUAL, ("T1.fund", "T4.fund")),
    LinkRule(BY_CODE["1.3"], ACTUAL, ("T1.soe", "T4.soe")),
    LinkRule(BY_CODE["1.4"], ACTUAL, ("T1.business", "T2.total.business")),
    LinkRule(BY_CODE["1.5"], ACTUAL, ("T1.other", "T2.total.other")),
    LinkRule(BY_CODE["2"], ACTUAL, ("T1.spending_total", "T3.total.total")),
    LinkRule(BY_CODE["2.1"], ACTUAL, ("T3.total.basic",)),
    LinkRule(BY_CODE["2.2"], ACTUAL, ("T3.total.project",)),
    LinkRule(BY_CODE["2.1.1"], ACTUAL, ("T6.staff_total",), when=_general_only),
    LinkRule(BY_CODE["2.1.2"], ACTUAL, ("T6.office_total",), when=_general_only),
    *(LinkRule(name, ACTUAL, (f"T7.{item}.actual",)) for name, item in SANGONG),
    *(LinkRule(name, BUDGET, (f"T7.{item}.budget",)) for name, item in SANGONG),
    # 结转结余: the 自评 may state them for 财政拨款 only, the 决算 for all funds: a warning.
    LinkRule(BY_CODE["3"], ACTUAL, ("T1.carry_in",), W),
    LinkRule(BY_CODE["4"], ACTUAL, ("T1.carry_out",), W),
)


@across(C.LINK_ACCOUNTS_MISMATCH)
def accounts_links(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    outcome = Outcome()
    selves = [r for r in results if r.kind in SELF_KINDS and r.status == "checked"]
    forms = [r for r in results if r.kind == "project_form" and r.status == "checked"]
    for s in accounts_sets(results):
        matched = matches(s, selves)
        for selfe in matched:
            _compare(selfe, s, settings, outcome)
        _project_forms(s, forms, settings, outcome)
    return outcome


def matches(s: AccountsSet, selves: Sequence[WorkbookResult]) -> list[WorkbookResult]:
    """The 自评 of the 决算's department and year; none when they name several departments."""
    year, department = s.year, s.department
    found = [
        r for r in selves if year and r.year == year and same_department(r.department, department)
    ]
    return found if len({department_key(r.department) for r in found}) == 1 else []


@dataclass
class Compared:
    """One 自评 figure against its 决算 figure (both in 万元)."""

    name: str  # the 自评's figure name
    ours: Stated
    theirs_name: str  # the 决算's
    file: str
    theirs: Stated
    severity: Severity
    a: Decimal
    b: Decimal
    agrees: bool
    #: Parents whose difference is this figure's (「5 “三公”经费」 when only 5.3 differs): their
    #: findings are this one's consequence (checks.md "Blame"), said in its message.
    explains: list[Compared] = field(default_factory=list)


CODE_OF = {name: code for code, name in BY_CODE.items()}


def _compare(selfe: WorkbookResult, s: AccountsSet, settings: Settings, outcome: Outcome) -> None:
    tol = settings.tolerance("万元")
    done: list[Compared] = []
    for rule in LINKS:
        name = key(rule.name, rule.column)
        ours = selfe.stated.get(name)
        theirs = next(((n, f) for n in rule.accounts if (f := s.get(n)) is not None), None)
        if ours is None or theirs is None or (rule.when is not None and not rule.when(s)):
            continue
        done.append(_compared(name, ours, theirs, rule.severity, tol))
    unspent = _unspent(selfe, s)
    if unspent is not None:
        done.append(
            _compared(
                key(BY_CODE["2"], "未执行"),
                unspent,
                ("T1.carry_out", s.figures["T1.carry_out"]),
                W,
                tol,
            )
        )
    folded = _fold(done, tol)
    for c in done:
        _link(outcome, selfe, c, folded)


def _compared(
    name: str,
    ours: Stated,
    theirs: tuple[str, tuple[str, Stated]],
    severity: Severity,
    tol: Decimal,
) -> Compared:
    theirs_name, (file, stated) = theirs
    a, b = _wan(ours), wan(stated)
    return Compared(name, ours, theirs_name, file, stated, severity, a, b, abs(a - b) <= tol)


def _unspent(selfe: WorkbookResult, s: AccountsSet) -> Stated | None:
    """全年预算数 − 全年执行数 of 支出合计, against T1 年末结转和结余 (no 结余分配), when the 自评
    states no 年末结转结余 of its own."""
    if key(BY_CODE["4"], ACTUAL) in selfe.stated:
        return None
    budget = selfe.stated.get(key(BY_CODE["2"], BUDGET))
    actual = selfe.stated.get(key(BY_CODE["2"], ACTUAL))
    distribution = s.get("T1.surplus_distribution")
    if (
        budget is None
        or actual is None
        or "T1.carry_out" not in s.figures
        or (distribution and distribution[1].value)
    ):
        return None
    return Stated(
        float(_wan(budget) - _wan(actual)), "万元", budget.sheet, budget.cell,
        f"{budget.label} − 全年执行数（未执行的预算）",
    )  # fmt: skip


def _fold(done: list[Compared], tol: Decimal) -> set[int]:
    """The comparisons whose difference is one child's (the same amount, the only child that
    differs): folded into that child's finding. Returns their ids."""
    by_code = {(CODE_OF.get(c.name.split(".")[0]), c.name.split(".")[1]): c for c in done}
    folded: set[int] = set()
    for c in done:
        code, column = CODE_OF.get(c.name.split(".")[0]), c.name.split(".")[-1]
        if c.agrees or code is None:
            continue
        node = c
        while True:
            node_code = CODE_OF.get(node.name.split(".")[0])
            children = [
                x for (k, col), x in by_code.items()
                if col == column and k is not None and k.rpartition(".")[0] == node_code
            ]  # fmt: skip
            wrong = [x for x in children if not x.agrees]
            if len(wrong) != 1 or abs((wrong[0].a - wrong[0].b) - (node.a - node.b)) > tol:
                break
            node = wrong[0]
        if node is not c:
            node.explains.append(c)
            folded.add(id(c))
    return folded


def _wan(stated: Stated) -> Decimal:
    return dec(stated.value) * TO_WAN.get(stated.unit, Decimal(1))


def _link(outcome: Outcome, selfe: WorkbookResult, c: Compared, folded: set[int]) -> None:
    """One comparison: a Link on both documents, and a finding on both when they differ (unless
    another figure's difference explains it)."""
    ours, stated, file, a, b = c.ours, c.theirs, c.file, c.a, c.b
    sev, values = c.severity.value, (float(a), float(b))
    outcome.links[selfe.file].append(
        Link.between("final_accounts", c.name, ours, file, stated, c.agrees, values, sev)
    )
    outcome.links[file].append(
        Link.between(
            selfe.kind, c.theirs_name, stated, selfe.file, ours, c.agrees, values[::-1], sev
        )
    )
    if c.agrees or id(c) in folded:
        return
    said = (
        "结转口径可能不同（自评可能只列财政拨款），请核实。"
        if c.severity is W
        else "部门决算是经审计的决算数，请以决算为准核对自评中的数字。"
    )
    also_ours = _also(c, lambda x: x.ours.label, a - b)
    also_theirs = _also(c, lambda x: x.theirs.label, b - a)
    outcome.findings[selfe.file].append(
        C.LINK_ACCOUNTS_MISMATCH.finding(
            ours.sheet,
            ours.cell,
            f"{ours.label} {_amount(a)} 万元，与同一部门同一年度的部门决算（{file_name(file)} "
            f"{stated.sheet}!{stated.cell} {stated.label}）{_amount(b)} 万元不一致，相差 {_amount(a - b)} 万元"
            f"{also_ours}。{said}",
            stated=float(a),
            computed=float(b),
            severity=c.severity,
        )
    )
    outcome.findings[file].append(
        C.LINK_ACCOUNTS_MISMATCH.finding(
            stated.sheet,
            stated.cell,
            f"{stated.label} {_amount(b)} 万元，与同一部门同一年度的自评（{file_name(selfe.file)} "
            f"{ours.sheet}!{ours.cell} {ours.label}）{_amount(a)} 万元不一致，相差 {_amount(b - a)} 万元"
            f"{also_theirs}。请核对两处数字，以决算为准改正自评。",
            stated=float(b),
            computed=float(a),
            severity=c.severity,
        )
    )


def _also(c: Compared, name: Callable[[Compared], str], diff: Decimal) -> str:
    """；「5 “三公”经费」全年执行数随之相差 −0.09 万元（同一原因，不另列）"""
    if not c.explains:
        return ""
    names = "、".join(name(x) for x in c.explains)
    return f"；{names}随之相差 {_amount(diff)} 万元（同一原因，不另列）"


def _amount(value: Decimal) -> str:
    from ..decimals import amount

    return amount(value)


def _project_forms(
    s: AccountsSet, forms: Sequence[WorkbookResult], settings: Settings, outcome: Outcome
) -> None:
    """Σ 项目支出绩效自评表 全年执行数 ≤ T3 项目支出: not every project is self-evaluated, so
    only a sum above the 决算's project spending is said, and as info."""
    total = s.get("T3.total.project")
    if total is None or not s.year:
        return
    mine: list[tuple[WorkbookResult, ProjectFigures]] = [
        (r, p)
        for r in forms
        if r.year == s.year
        for p in r.projects
        if isinstance(p, ProjectFigures)
        and p.actual is not None
        and same_department(p.department, s.department)
    ]
    if not mine:
        return
    summed = sum((dec(p.actual) * TO_WAN.get(p.unit, Decimal(1)) for _, p in mine), Decimal(0))
    file, stated = total
    b = wan(stated)
    agrees = summed <= b + settings.tolerance("万元")
    label = f"{PROJECT_FORMS}（{len(mine)} 个项目）"
    for r, p in mine:
        outcome.links[r.file].append(
            Link(
                "final_accounts",
                PROJECT_FORMS,
                p.sheet,
                p.actual_cell,
                file,
                stated.sheet,
                stated.cell,
                agrees,
                float(summed),
                float(b),
                label,
                stated.label,
                "" if agrees else INFO.value,
            )
        )
    first_file, first = mine[0]
    outcome.links[file].append(
        Link(
            "project_form",
            "T3.total.project",
            stated.sheet,
            stated.cell,
            first_file.file,
            first.sheet,
            first.actual_cell,
            agrees,
            float(b),
            float(summed),
            stated.label,
            label,
            "" if agrees else INFO.value,
        )
    )
    if agrees:
        return
    files = "、".join(dict.fromkeys(file_name(r.file) for r, _ in mine))
    outcome.findings[file].append(
        C.LINK_ACCOUNTS_MISMATCH.finding(
            stated.sheet,
            stated.cell,
            f"同一部门同一年度的 {len(mine)} 个项目支出绩效自评表（{files}）全年执行数合计 {_amount(summed)} 万元，"
            f"超过{stated.label} {_amount(b)} 万元 {_amount(summed - b)} 万元。并非每个项目都有自评表，两者只能大致对照；"
            "超过决算项目支出的，请核实项目自评表的执行数。",
            stated=float(b),
            computed=float(summed),
            severity=INFO,
        )
    )
    for r, p in mine:
        outcome.findings[r.file].append(
            C.LINK_ACCOUNTS_MISMATCH.finding(
                p.sheet,
                p.actual_cell,
                f"本部门同一年度 {len(mine)} 个项目支出绩效自评表的全年执行数合计 {_amount(summed)} 万元，超过部门决算"
                f"（{file_name(file)} {stated.sheet}!{stated.cell}「{stated.label}」）{_amount(b)} 万元。请核实执行数。",
                stated=float(summed),
                computed=float(b),
                severity=INFO,
            )
        )
