"""PROJECT_FORM_MISMATCH: a department workbook and its projects' forms in one batch. Matched by
project name (system code, spaces and full/half width aside), compared in 万元, reported on both
sides; the same from the models in memory and from the results a batch's workers return."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from builders import clean_data
from builders import write as write_department
from form_cases import make
from form_cases import write as write_form

from budget_batch import check_workbook, read_workbook
from budget_batch.checks.form_match import (
    mismatches_of_models,
    project_form_mismatches,
    statement_of,
)
from budget_batch.samples.form_data import FormData, FundLine


def money(name: str, initial: float, final: float, actual: float, department: str = "测试市某某局"):  # type: ignore[no-untyped-def]
    """A 10号 form for project `name` whose 年度资金总额 is (initial, final, actual)."""

    def change(data: FormData) -> None:
        data.project, data.department = name, department
        data.funds = [
            FundLine(
                "年度资金总额", initial, final, actual, 10, f"{actual * 100 / final:.2f}%", None
            ),
            FundLine("其中：当年财政拨款", initial, final, actual, "—", None, "—"),
        ]

    return change


@pytest.fixture
def batch(tmp_path: Path) -> dict[str, Path]:
    """Our department workbook (康复服务项目 322 / 300, 就业援助项目 170 / 160, 无障碍改造项目 58 / 50
    on 项目支出 rows 2–4) and three forms of its projects, the second disagreeing on 全年执行数."""
    return {
        "department": write_department(tmp_path, clean_data(), "某某局.xlsx"),
        "agrees": write_form(
            tmp_path, "10号", make("10号", money("康复服务项目", 300, 322, 300)), "a.xlsx"
        ),
        "differs": write_form(
            tmp_path,
            "10号",
            make("10号", money("51092324T000010263357-就业援助　项目", 150, 170, 165)),
            "b.xlsx",
        ),
        "also_agrees": write_form(
            tmp_path, "10号", make("10号", money("无障碍改造项目", 50, 58, 50)), "c.xlsx"
        ),
    }


@pytest.mark.fires("PROJECT_FORM_MISMATCH")
def test_one_disagreeing_form_is_reported_on_both_sides(batch):
    models = {str(path): read_workbook(path).model for path in batch.values()}
    found = mismatches_of_models(models)
    assert set(found) == {str(batch["department"]), str(batch["differs"])}
    (on_form,) = found[str(batch["differs"])]
    (on_department,) = found[str(batch["department"])]
    assert (on_form.code, on_form.severity.value, on_form.sheet, on_form.cell) == (
        "PROJECT_FORM_MISMATCH",
        "error",
        "自评表",
        "E6",
    )
    assert (on_form.stated, on_form.computed) == (165.0, 160.0)
    assert (on_department.sheet, on_department.cell) == ("项目支出", "G3")
    assert (on_department.stated, on_department.computed) == (160.0, 165.0)
    assert "就业援助项目" in on_department.message and "b.xlsx" in on_department.message
    assert "某某局.xlsx" in on_form.message
    # The same from what each worker returns (the batch's parent has results, not models).
    statements = [statement_of(check_workbook(path)) for path in batch.values()]
    assert project_form_mismatches(statements) == found


def test_agreeing_forms_unlisted_projects_and_ambiguous_names_are_quiet(batch, tmp_path):
    statements = [
        statement_of(check_workbook(batch[k])) for k in ("department", "agrees", "also_agrees")
    ]
    assert project_form_mismatches(statements) == {}
    stranger = write_form(tmp_path, "10号", make("10号", money("某个别的项目", 1, 1, 1)), "d.xlsx")
    assert project_form_mismatches([*statements, statement_of(check_workbook(stranger))]) == {}
    # A second department lists 康复服务项目 with other figures: the form's 主管部门 decides …
    other = statement_of(check_workbook(batch["department"]))
    other.file = "另一个局.xlsx"
    other.projects = [replace(p, actual=1.0, department="另一个局") for p in other.projects]
    assert project_form_mismatches([*statements, other]) == {}
    # … and a form that names neither department is not matched at all.
    nobody = write_form(
        tmp_path, "10号", make("10号", money("康复服务项目", 1, 1, 1, "第三个局")), "e.xlsx"
    )
    assert project_form_mismatches([*statements, other, statement_of(check_workbook(nobody))]) == {}


def test_amounts_in_yuan_are_compared_in_wan(batch):
    department, form = (statement_of(check_workbook(batch[k])) for k in ("department", "agrees"))
    department.projects = [
        replace(p, unit="元", budget=p.budget * 10000, actual=p.actual * 10000)  # type: ignore[operator]
        for p in department.projects
    ]
    assert project_form_mismatches([department, form]) == {}


def test_a_departments_projects_are_addressed_as_its_cells_even_when_merged(batch, tmp_path):
    """The department's projects travel column-wise from the worker; a merged 全年执行数 is
    addressed at its range's top-left, as every finding on it is."""
    from openpyxl import load_workbook

    path = tmp_path / "merged.xlsx"
    wb = load_workbook(batch["department"])
    wb["项目支出"].merge_cells("G3:G4")
    wb.save(path)
    projects = statement_of(check_workbook(path)).projects
    assert [(p.name, p.budget_cell, p.actual_cell) for p in projects] == [
        ("康复服务项目", "F2", "G2"),
        ("就业援助项目", "F3", "G3"),
        ("无障碍改造项目", "F4", "G3"),
    ]
    assert [p.actual for p in projects] == [300.0, 160.0, 160.0]
