"""A batch of a 自评, its 部门决算 and last year's workbook: every finding across documents
appears on both documents, naming the other file and cell; the outputs show the links (the
决算's copy and 汇总, a line per link in the 自评's 汇总, 批量汇总's 决算核对, JSON links);
last year's workbook also from --previous (read only); a 决算 in one file per table joined."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from accounts_cases import EXAMPLE_ACCOUNTS, example
from builders import edit
from conftest import EXAMPLE

from budget_batch import run_batch

THIS_YEAR = "示例_花都区残联_2023.xlsx"


def _last_year(folder: Path) -> Path:
    """The example 自评 as last year's: 2022; 年初预算数 of 收入合计 as this year's 上年数 says
    (2402.98), of 支出合计 not (2400.00); 就业人数 achieved 2400 (this year's target ≥ 2300),
    培训人数 140 (this year's target ≥ 150)."""
    folder.mkdir(parents=True, exist_ok=True)
    return edit(
        EXAMPLE,
        {
            "基本信息": {"B3": 2022},
            "收支情况": {"D2": 2402.98, "D8": 2400.00},
            "绩效指标": {"F3": 2400, "F4": 140},
        },
        dest=folder / "示例_花都区残联_2022.xlsx",
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("accounts_batch")
    inputs = root / "in"
    inputs.mkdir()
    shutil.copyfile(EXAMPLE, inputs / THIS_YEAR)
    shutil.copyfile(EXAMPLE_ACCOUNTS, inputs / EXAMPLE_ACCOUNTS.name)
    _last_year(inputs)
    report = run_batch([inputs], root / "out", jobs=2)
    return root, {Path(r.file).name: r for r in report.workbooks}


def _found(result, code):
    return [f for f in result.findings if f.code == code]


def test_the_planted_disagreement_is_on_both_documents(batch):
    _, results = batch
    ours, theirs = results[THIS_YEAR], results[EXAMPLE_ACCOUNTS.name]
    (a,) = _found(ours, "LINK_ACCOUNTS_MISMATCH")
    (b,) = _found(theirs, "LINK_ACCOUNTS_MISMATCH")
    assert (a.sheet, a.cell, a.stated, a.computed) == ("收支情况", "F20", 0.12, 0.21)
    assert (b.sheet, b.cell, b.stated, b.computed) == ("公开07表", "L7", 0.21, 0.12)
    assert f"{EXAMPLE_ACCOUNTS.name} 公开07表!L7" in a.message
    assert f"{THIS_YEAR} 收支情况!F20" in b.message
    assert "「5 “三公”经费」全年执行数随之相差" in a.message  # the total's difference, folded


def test_the_planted_identity_fault_stays_in_the_accounts(batch):
    _, results = batch
    sums = _found(results[EXAMPLE_ACCOUNTS.name], "SUM_MISMATCH")
    assert [(f.sheet, f.cell) for f in sums] == [("公开03表", "E13")]


def test_last_years_figure_is_on_this_years_cell_and_on_last_years(batch):
    _, results = batch
    (this,) = _found(results[THIS_YEAR], "PRIOR_YEAR_MISMATCH")
    (last,) = _found(results["示例_花都区残联_2022.xlsx"], "PRIOR_YEAR_MISMATCH")
    assert (this.cell, this.stated, this.computed) == ("C8", 2402.98, 2400.0)
    assert "示例_花都区残联_2022.xlsx 收支情况!D8" in this.message
    assert (last.cell, last.stated, last.computed) == ("D8", 2400.0, 2402.98)
    assert f"{THIS_YEAR} 收支情况!C8" in last.message


def test_a_target_below_last_years_actual_is_too_low(batch):
    _, results = batch
    across = {
        f.cell: f for f in _found(results[THIS_YEAR], "TARGET_TOO_LOW") if "上一年度" in f.message
    }
    assert (across["E3"].stated, across["E3"].computed) == (2300.0, 2400.0)
    assert "示例_花都区残联_2022.xlsx 绩效指标!F3" in across["E3"].message
    assert "E4" not in across  # ≥ 150 this year, 140 achieved last year: not too low


def test_the_json_names_the_kind_and_the_links(batch):
    root, _ = batch
    doc = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    by_name = {Path(w["file"]).name: w for w in doc["workbooks"]}
    accounts = by_name[EXAMPLE_ACCOUNTS.name]
    assert accounts["kind"] == "final_accounts"
    link = next(k for k in accounts["links"] if k["figure"] == "T7.reception.actual")
    assert link == {
        "kind": "department",
        "figure": "T7.reception.actual",
        "sheet": "公开07表",
        "cell": "L7",
        "other_file": str(root / "in" / THIS_YEAR),
        "other_sheet": "收支情况",
        "other_cell": "F20",
        "agrees": False,
    }
    kinds = {k["kind"] for k in by_name[THIS_YEAR]["links"]}
    assert kinds == {"final_accounts", "prior_year"}


def test_the_accounts_copy_keeps_its_tables_and_gains_its_findings_and_summary(batch):
    root, _ = batch
    wb = openpyxl.load_workbook(root / "out" / "示例_部门决算_花都区残联_2023_审核.xlsx")
    assert wb.sheetnames[:2] == ["审核结果", "汇总"] and "公开07表" in wb.sheetnames
    assert wb["公开07表"]["L7"].comment is not None
    summary = [[c for c in row if c is not None] for row in wb["汇总"].iter_rows(values_only=True)]
    assert any(
        r and r[0] == "财政拨款“三公”经费支出决算表「公务接待费」决算数" and "不一致" in r
        for r in summary
    )


def test_the_self_evaluations_summary_has_a_line_per_link(batch):
    root, _ = batch
    wb = openpyxl.load_workbook(root / "out" / "示例_花都区残联_2023_审核.xlsx")
    rows = [[c for c in row if c is not None] for row in wb["汇总"].iter_rows(values_only=True)]
    lines = [r for r in rows if r and isinstance(r[0], str) and r[0].startswith("「")]
    reception = next(r for r in lines if r[0] == "「5.3 公务接待费」全年执行数")
    assert reception[1:5] == [0.12, 0.21, -0.09, "不一致"] and EXAMPLE_ACCOUNTS.name in reception[5]
    assert any(r[0] == "「2 支出合计」全年执行数" and "一致" in r for r in lines)


def test_the_batch_summary_has_a_row_per_department_linked_to_both_cells(batch):
    root, _ = batch
    ws = openpyxl.load_workbook(root / "out" / "批量汇总.xlsx")["决算核对"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    (row,) = [r for r in rows if r[0] == "广州市花都区残疾人联合会"]
    assert row[1:4] == [2023, 2, 0]
    head = [c.value for c in ws[4]]
    sangong = head.index("“三公”经费\n自评")
    assert row[sangong : sangong + 3] == ["2.58", "2.67", -0.09]
    links = {c.hyperlink.location for c in ws[5] if c.hyperlink is not None}
    assert "'收支情况'!F15" in links and "'公开07表'!B7" in links


@pytest.mark.fires("PRIOR_YEAR_MISMATCH")
def test_previous_folder_is_read_only(tmp_path):
    inputs, earlier, out = tmp_path / "in", tmp_path / "2022", tmp_path / "out"
    inputs.mkdir()
    shutil.copyfile(EXAMPLE, inputs / THIS_YEAR)
    last = _last_year(earlier)
    before = last.read_bytes()
    report = run_batch([inputs], out, previous=[earlier], jobs=1)
    assert [Path(r.file).name for r in report.workbooks] == [THIS_YEAR]
    (finding,) = _found(report.workbooks[0], "PRIOR_YEAR_MISMATCH")
    assert finding.cell == "C8" and last.name in finding.message
    assert sorted(p.name for p in out.iterdir() if "2022" in p.name) == []
    assert last.read_bytes() == before


def test_a_final_accounts_without_its_self_evaluation_is_said_once(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copyfile(EXAMPLE_ACCOUNTS, inputs / EXAMPLE_ACCOUNTS.name)
    run_batch([inputs], tmp_path / "out", jobs=1)
    ws = openpyxl.load_workbook(tmp_path / "out" / "批量汇总.xlsx")["决算核对"]
    notes = [
        c.value
        for row in ws.iter_rows(min_row=5)
        for c in row
        if c.value and "未找到" in str(c.value)
    ]
    assert len(notes) == 1 and "不作猜测" in notes[0]


@pytest.mark.fires("ACCOUNTS_MISMATCH", "ACCOUNTS_TABLE_MISSING")
def test_one_file_per_table_is_one_final_accounts(tmp_path):
    """Nine files of one department and year in a folder are joined: no table is missing,
    the links reach the file that holds each figure, and an identity across two files is on
    both; a table none of them holds is said once."""
    inputs = tmp_path / "in"
    split = inputs / "决算"
    changes = {("T6", "人员经费合计"): 796.53, ("T6", "301"): 710.03, ("T6", "30101"): 160.20}
    example.build(split, example.Variant(change=changes), split=True)
    shutil.copyfile(EXAMPLE, inputs / THIS_YEAR)
    report = run_batch([inputs], tmp_path / "out", jobs=2)
    by_name = {Path(r.file).name: r for r in report.workbooks}
    assert all(r.kind == "final_accounts" for n, r in by_name.items() if n != THIS_YEAR)
    everything = [f for r in report.workbooks for f in r.findings]
    assert not [f for f in everything if f.code == "ACCOUNTS_TABLE_MISSING"]
    t5 = _found(by_name["一般公共预算财政拨款支出决算表.xlsx"], "ACCOUNTS_MISMATCH")
    t6 = _found(by_name["一般公共预算财政拨款基本支出决算表.xlsx"], "ACCOUNTS_MISMATCH")
    assert [f.cell for f in t5] == ["D6"] and "一般公共预算财政拨款基本支出决算表.xlsx" in t5[
        0
    ].message
    assert sorted(f.cell for f in t6) == ["C21", "I21"]
    assert [
        f.cell
        for f in _found(
            by_name["一般公共预算财政拨款“三公”经费支出决算表.xlsx"], "LINK_ACCOUNTS_MISMATCH"
        )
    ] == ["L7"]
    assert [f.cell for f in _found(by_name[THIS_YEAR], "LINK_ACCOUNTS_MISMATCH")] == ["F10", "F20"]

    (split / "一般公共预算财政拨款“三公”经费支出决算表.xlsx").unlink()
    report = run_batch([inputs], tmp_path / "out2", jobs=2)
    missing = [
        (Path(r.file).name, f.stated)
        for r in report.workbooks
        for f in _found(r, "ACCOUNTS_TABLE_MISSING")
    ]
    assert missing == [("收入支出决算总表.xlsx", "财政拨款“三公”经费支出决算表")]


def test_a_returned_copy_of_the_accounts_is_a_second_round(tmp_path):
    """The 决算's copy sent back unchanged: the same finding, still open, known by its 科目 code
    and column header (not its row number)."""
    first = run_batch([EXAMPLE_ACCOUNTS], tmp_path / "r1", jobs=1).workbooks[0]
    (finding,) = first.findings
    assert finding.key == ("code:2081104", "项目支出")
    again = run_batch([first.output], tmp_path / "r2", jobs=1).workbooks[0]
    assert again.kind == "final_accounts" and again.previous is not None
    assert (again.round, len(again.previous.open), len(again.previous.new)) == (2, 1, 0)
