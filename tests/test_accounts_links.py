"""The 自评 against its 部门决算 (final-accounts.md, "The 自评 figures that must agree"): each link
fires when the figures differ — on both documents, each naming the other file and cell — and
stays quiet when they agree; departments matched by name and year, never guessed."""

from __future__ import annotations

import pytest

from budget_batch.checks.accounts_links import LINKS, accounts_links
from budget_batch.departments import same_department
from budget_batch.figure_names import key
from budget_batch.links import Stated
from budget_batch.result import ProjectFigures, WorkbookResult
from budget_batch.settings import DEFAULT

SELF, ACCOUNTS = "in/自评.xlsx", "in/决算.xlsx"
DEPARTMENT = "广州市花都区残疾人联合会"


def _self(figures: dict[str, float], department: str = DEPARTMENT, year: int = 2023):
    r = WorkbookResult(file=SELF, kind="department", department=department, year=year)
    for i, (name, value) in enumerate(figures.items(), start=2):
        r.stated[name] = Stated(value, "万元", "收支情况", f"F{i}", f"「{name}」")
    return r


def _accounts(figures: dict[str, float], department: str = "上海市" + DEPARTMENT, year: int = 2023):
    r = WorkbookResult(file=ACCOUNTS, kind="final_accounts", department=department, year=year)
    for t in range(1, 10):
        r.stated[f"表.T{t}"] = Stated(1.0, "万元", f"公开0{t}表", "A1", f"表{t}")
    for i, (name, value) in enumerate(figures.items(), start=5):
        r.stated[name] = Stated(value, "万元", "公开01表", f"C{i}", name)
    return r


BASIC = {"T3.total.basic": 865.19, "T5.total.basic": 865.19}  # basic spending all 一般公共预算


def _with_basic(name: str, value: float) -> dict[str, float]:
    """The figure first (its cell is C5), then the basic spending, unless it is the figure."""
    return {name: value, **{k: v for k, v in BASIC.items() if k != name}}


@pytest.mark.fires("LINK_ACCOUNTS_MISMATCH")
@pytest.mark.parametrize("rule", LINKS, ids=[f"{r.name}.{r.column}" for r in LINKS])
def test_each_link_fires_on_both_documents_naming_the_other(rule):
    name = key(rule.name, rule.column)
    outcome = accounts_links(
        [_self({name: 100.0}), _accounts(_with_basic(rule.accounts[0], 90.0))], DEFAULT
    )
    (ours,) = outcome.findings[SELF]
    (theirs,) = [f for f in outcome.findings[ACCOUNTS]]
    assert (ours.code, ours.severity, ours.cell) == ("LINK_ACCOUNTS_MISMATCH", rule.severity, "F2")
    assert (theirs.sheet, theirs.cell, theirs.severity) == ("公开01表", "C5", rule.severity)
    assert "决算.xlsx 公开01表!C5" in ours.message and "自评.xlsx 收支情况!F2" in theirs.message
    assert (ours.stated, ours.computed, theirs.stated, theirs.computed) == (100, 90, 90, 100)
    (link,) = outcome.links[SELF]
    assert (link.kind, link.figure, link.other_file, link.other_cell, link.agrees) == (
        "final_accounts",
        name,
        ACCOUNTS,
        "C5",
        False,
    )


@pytest.mark.parametrize("rule", LINKS, ids=[f"{r.name}.{r.column}" for r in LINKS])
def test_each_link_is_quiet_when_the_figures_agree(rule):
    name = key(rule.name, rule.column)
    outcome = accounts_links(
        [_self({name: 100.0}), _accounts(_with_basic(rule.accounts[0], 100.004))], DEFAULT
    )
    assert not outcome.findings[SELF] and not outcome.findings[ACCOUNTS]
    assert [link.agrees for link in outcome.links[SELF]] == [True]
    assert [link.kind for link in outcome.links[ACCOUNTS]] == ["department"]


def test_staff_costs_are_compared_only_when_basic_spending_is_all_general_budget():
    figures = {key("人员经费", "全年执行数"): 786.53}
    mixed = {"T6.staff_total": 700.0, "T3.total.basic": 900.0, "T5.total.basic": 865.19}
    outcome = accounts_links([_self(figures), _accounts(mixed)], DEFAULT)
    assert not outcome.links[SELF] and not outcome.findings[SELF]


def test_a_parents_difference_is_folded_into_its_one_differing_child():
    """公务接待费 0.12 against 0.21 makes “三公”经费 2.58 against 2.67: one finding, on the child,
    naming the parent; both comparisons are still links that disagree."""
    ours = {key("“三公”经费", "全年执行数"): 2.58, key("公务接待费", "全年执行数"): 0.12}
    theirs = {"T7.total.actual": 2.67, "T7.reception.actual": 0.21}
    outcome = accounts_links([_self(ours), _accounts(theirs)], DEFAULT)
    (finding,) = outcome.findings[SELF]
    assert (
        finding.cell == "F3" and "「“三公”经费.全年执行数」随之相差 −0.09 万元" in finding.message
    )
    assert [link.agrees for link in outcome.links[SELF]] == [False, False]


@pytest.mark.fires("LINK_ACCOUNTS_MISMATCH")
def test_unspent_budget_against_year_end_balance_is_a_warning():
    ours = {key("支出合计", "全年预算数"): 2300.0, key("支出合计", "全年执行数"): 2224.46}
    theirs = {"T1.spending_total": 2224.46, "T1.carry_out": 10.0}
    outcome = accounts_links([_self(ours), _accounts(theirs)], DEFAULT)
    (finding,) = outcome.findings[SELF]
    assert (finding.severity, finding.cell, finding.stated, finding.computed) == (
        "warning",
        "F2",
        75.54,
        10.0,
    )
    assert "未执行的预算" in finding.message and len(outcome.findings[ACCOUNTS]) == 1


def _form(actual: float, department: str = DEPARTMENT, file: str = "in/项目1.xlsx"):
    r = WorkbookResult(file=file, kind="project_form", department=department, year=2023)
    r.projects = [
        ProjectFigures("项目", "项目", actual, actual, "Sheet1", "D6", "F6", "万元", department)
    ]
    return r


@pytest.mark.fires("LINK_ACCOUNTS_MISMATCH")
def test_project_forms_above_the_accounts_project_spending_are_info():
    forms = [_form(800.0), _form(700.0, file="in/项目2.xlsx")]
    outcome = accounts_links([*forms, _accounts({"T3.total.project": 1359.27})], DEFAULT)
    (finding,) = outcome.findings[ACCOUNTS]
    assert (finding.severity, finding.computed) == ("info", 1500.0)
    assert all(f.severity == "info" for r in forms for f in outcome.findings[r.file])


def test_project_forms_below_the_accounts_project_spending_agree():
    """Not every project is self-evaluated: a sum below the 决算's is no finding."""
    outcome = accounts_links([_form(800.0), _accounts({"T3.total.project": 1359.27})], DEFAULT)
    assert not outcome.findings[ACCOUNTS]
    assert [link.agrees for link in outcome.links[ACCOUNTS]] == [True]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("上海市普陀区财政局", "普陀区财政局", True),
        ("上海市普陀区人民政府宜川路街道办事处", "普陀区宜川路街道办事处", True),
        ("广州市花都区残疾人联合会本级", "广州市花都区残疾人联合会", True),
        ("中共上海市普陀区委社会工作部", "普陀区委社会工作部", True),
        ("广 州市花都区残疾人联合会", "广州市花都区残疾人联合会", True),
        ("花都区残联", "广州市花都区残疾人联合会", False),  # an abbreviation: another name
        ("上海市规划和自然资源局", "普陀区规划和自然资源局", False),
        ("普陀区财政局", "普陀区民政局", False),
    ],
)
def test_departments_are_matched_by_name_without_guessing(a, b, same):
    assert same_department(a, b) is same


def test_other_years_and_other_departments_are_not_linked():
    figures = {key("支出合计", "全年执行数"): 1.0}
    theirs = {"T1.spending_total": 2.0}
    for ours in (_self(figures, year=2022), _self(figures, department="广州市花都区民政局")):
        outcome = accounts_links([ours, _accounts(theirs)], DEFAULT)
        assert not outcome.findings and not outcome.links


def test_a_name_that_matches_two_departments_is_matched_to_none():
    """决算 of 财政局 (no place) and the 自评 of two districts' 财政局: never guessed."""
    figures = {key("支出合计", "全年执行数"): 1.0}
    a = _self(figures, department="上海市普陀区财政局")
    b = _self(figures, department="上海市静安区财政局")
    b.file = "in/b.xlsx"
    outcome = accounts_links([a, b, _accounts({"T1.spending_total": 2.0}, "财政局")], DEFAULT)
    assert not outcome.findings and not outcome.links
