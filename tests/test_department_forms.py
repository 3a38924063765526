"""部门整体 forms (forms.md v2): money rows by nature beside rows by source (each family adds up
to the total on its own), amounts written in the labels of side-by-side sub-blocks (按收入性质分 |
按支出性质分), a header total (自评总分) — read, and checked at the cell that is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from documents import Document, build

from budget_batch import check_workbook, read_workbook


def doc(rows: list[list[Any]], merges: list[str]) -> Document:
    grid = "\n".join(" | ".join("" if v is None else str(v) for v in row) for row in rows)
    return Document(Path("d.toml"), {}, [{"name": "Sheet1", "merges": merges, "grid": grid}])


def by_family(*, basic: float = 600, fund: float = 200) -> Document:
    """Rows by source, then by nature, under one total (both families must add up to it)."""
    rows: list[list[Any]] = [
        ["某区民政局2023年度部门整体支出绩效自评表"],
        ["部门（单位）名称", "某区民政局", None, "自评总分", 100],
        ["资金情况（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率"],
        [None, "年度资金总额", 1000, 1000, 1000, "100%"],
        [None, "一般公共预算", 800, 800, 800, None],
        [None, "政府性基金", fund, 200, 200, None],
        [None, "基本支出", basic, 600, 600, None],
        [None, "项目支出", 400, 400, 400, None],
    ]
    return doc(rows, ["A3:A8"])


def in_labels(*, total: str = "1,024.30", basic: str = "812.00") -> Document:
    rows: list[list[Any]] = [
        ["2023年度部门整体支出绩效自评表"],
        ["部门名称", "某县农业农村局"],
        ["年度预算资金总额（万元）", f"'{total}", "按收入性质分", None, "按支出性质分"],
        [None, None, "一般公共预算:1,004.30", None, f"基本支出:{basic}"],
        [None, None, "政府性基金:20.00", None, "项目支出:212.30"],
    ]
    return doc(rows, ["C3:D3", "C4:D4", "C5:D5"])


def _serious(tmp_path: Path, d: Document) -> list[tuple[str, str]]:
    result = check_workbook(build(d, tmp_path / "d.xlsx"))
    assert result.status == "checked" and result.kind == "department_form", result.error
    return sorted((f.code, f.cell) for f in result.findings if f.severity.value != "info")


def test_rows_by_source_and_by_nature_add_up_each_on_their_own(tmp_path):
    (form,) = read_workbook(build(by_family(), tmp_path / "d.xlsx")).model.forms
    assert form.kind == "department"
    assert {k: [r.text("item") for r in v] for k, v in form.fund_families.items()} == {
        "source": ["一般公共预算", "政府性基金"],
        "nature": ["基本支出", "项目支出"],
    }
    assert form.stated_total is not None and form.stated_total.ref == "E2"
    assert _serious(tmp_path, by_family()) == []


@pytest.mark.fires("SUM_MISMATCH")
def test_a_part_off_in_one_family_names_that_familys_parts_not_the_total(tmp_path):
    """基本支出 650 + 项目支出 400 ≠ 1000 while the sources add up: either part may be the wrong
    one (a tie: said at the total, naming the two), never the total, which its sources confirm."""
    for d, family, candidates in (
        (by_family(basic=650), "按支出性质的其中各项", ("基本支出", "项目支出")),
        (by_family(fund=250), "按资金来源的其中各项", ("一般公共预算", "政府性基金")),
    ):
        assert _serious(tmp_path, d) == [("SUM_MISMATCH", "C4")]
        (f,) = [f for f in check_workbook(build(d, tmp_path / "d.xlsx")).findings]
        assert family in f.message and "可能是" in f.message
        said = f.message.split("可能是：")[1]
        assert all(f"「{c}」" in said for c in candidates) and "年度资金总额" not in said


def test_amounts_in_the_labels_of_side_by_side_sub_blocks(tmp_path):
    (form,) = read_workbook(build(in_labels(), tmp_path / "d.xlsx")).model.forms
    assert form.fund_total is not None and form.fund_total.num("budget_final") == 1024.30
    assert {
        k: [(r.text("item"), r.num("budget_final")) for r in v]
        for k, v in form.fund_families.items()
    } == {
        "source": [("一般公共预算", 1004.30), ("政府性基金", 20.0)],
        "nature": [("基本支出", 812.0), ("项目支出", 212.30)],
    }
    assert _serious(tmp_path, in_labels()) == []


@pytest.mark.fires("SUM_MISMATCH")
def test_a_mistyped_part_in_a_label_is_blamed_at_its_cell(tmp_path):
    assert _serious(tmp_path, in_labels(basic="821.00")) == [("SUM_MISMATCH", "E4")]


def huadu(actual: float = 2224.46) -> Document:
    """The example department's 部门整体 form: totals as in its 部门决算 (input_templates)."""
    rows: list[list[Any]] = [
        ["广州市花都区残疾人联合会2023年度部门整体支出绩效自评表"],
        ["部门（单位）名称", "广州市花都区残疾人联合会"],
        ["资金情况（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数"],
        [None, "年度资金总额", 2402.98, 2224.46, actual],
        [None, "基本支出", 865.19, 865.19, 865.19],
        [None, "项目支出", 1537.79, 1359.27, 1359.27],
    ]
    return doc(rows, ["A3:A6"])


@pytest.mark.fires("LINK_ACCOUNTS_MISMATCH")
def test_a_department_form_is_linked_to_its_final_accounts_on_both_sides(tmp_path):
    from conftest import ROOT

    from budget_batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    accounts = ROOT / "input_templates" / "示例_部门决算_花都区残联_2023.xlsx"
    (folder / accounts.name).write_bytes(accounts.read_bytes())
    build(huadu(), folder / "部门整体.xlsx")
    report = run_batch([folder], None, jobs=1)
    form = next(r for r in report.workbooks if r.kind == "department_form")
    agreed = {link.figure for link in form.links if link.agrees}
    assert "支出合计.全年执行数" in agreed and "基本支出.全年执行数" in agreed
    assert not [f for f in form.findings if f.code == "LINK_ACCOUNTS_MISMATCH"]

    build(huadu(actual=2242.46), folder / "部门整体.xlsx")  # two digits swapped
    report = run_batch([folder], None, jobs=1)
    form = next(r for r in report.workbooks if r.kind == "department_form")
    final = next(r for r in report.workbooks if r.kind == "final_accounts")
    (ours,) = [
        f
        for f in form.findings
        if f.code == "LINK_ACCOUNTS_MISMATCH" and f.severity.value == "error"
    ]
    assert (ours.sheet, ours.cell) == ("Sheet1", "E4")
    assert "示例_部门决算_花都区残联_2023.xlsx" in ours.message
    assert any(
        f.code == "LINK_ACCOUNTS_MISMATCH" and "部门整体.xlsx" in f.message for f in final.findings
    )
