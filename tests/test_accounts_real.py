"""Real published 部门决算 (tests/documents/accounts: six Shanghai 普陀区 sets): each raises
exactly the faults its publisher left in it, and a correct set nothing but info; the shipped
example 决算 raises its planted fault, and is what `make example` builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_cases import EXAMPLE_ACCOUNTS, example
from documents import build, documents
from openpyxl import load_workbook

from budget_batch.pipeline import check_workbook

SETS = documents("accounts", kind="final_accounts")


def test_the_corpus_holds_the_six_sets():
    assert len(SETS) == 6


@pytest.mark.parametrize("doc", SETS, ids=[d.name for d in SETS])
def test_each_real_set_raises_exactly_its_published_faults(tmp_path, doc):
    result = check_workbook(build(doc, tmp_path / f"{doc.name}.xlsx"))
    assert result.status == "checked" and result.kind == "final_accounts"
    assert result.year == doc.meta["year"]
    found = sorted((f.code, f.sheet, f.cell) for f in result.findings if f.severity.value != "info")
    assert found == sorted((e.code, e.sheet, e.cell) for e in doc.expected)
    assert {f.code for f in result.findings if f.severity.value == "info"} <= {"ROUNDING_DIFF"}


def test_the_published_fault_is_blamed_on_its_cell_not_on_its_totals(tmp_path):
    """石泉路: 212 and 21201 基本支出 printed 1,066.51 in T3 and T5; every relation gives
    10,661.51 — one error on each of the four cells, none on the totals they break."""
    (doc,) = [d for d in SETS if "石泉路" in d.name]
    result = check_workbook(build(doc, tmp_path / "x.xlsx"))
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert {f.computed for f in errors} == {10661.51}
    assert all(f.stated == 1066.51 for f in errors)


def test_the_example_is_what_make_example_builds(tmp_path):
    (made,) = example.build(tmp_path / EXAMPLE_ACCOUNTS.name)

    def cells(path: Path) -> dict[str, list[list[object]]]:
        wb = load_workbook(path)
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}

    assert cells(made) == cells(EXAMPLE_ACCOUNTS), "stale: run make example"


def test_the_example_raises_its_planted_identity_fault_and_is_labelled():
    result = check_workbook(EXAMPLE_ACCOUNTS)
    assert (result.kind, result.department, result.year) == (
        "final_accounts",
        "广州市花都区残疾人联合会",
        2023,
    )
    found = [(f.code, f.sheet, f.cell, f.stated, f.computed) for f in result.findings]
    assert found == [("SUM_MISMATCH", "公开03表", "E13", 990.0, 900.0)]
    assert load_workbook(EXAMPLE_ACCOUNTS).worksheets[0]["A1"].value == "示例（非真实数据）"
