"""The 部门决算 reader (final-accounts.md, "Recognising the tables"): the nine standard tables by
their titles in every layout variant — 行次 columns and a 栏次 row, codes in one or three columns,
合计 at the top or the bottom, 元 or 万元, empty tables with their 说明, T6 in two or three groups,
T7 by item, grouped by 预算/决算 or in rows, sheets in any order and under any name, .xls — each
read with its cells' addresses, and a correct 决算 raising nothing but info."""

from __future__ import annotations

import openpyxl
import pytest
from accounts_cases import build, cell_of, model_of, serious
from office import convert

from budget_batch.accounts_schema import TABLE_IDS
from budget_batch.pipeline import check_workbook

VARIANTS = {
    "行次/栏次, 一列编码, 合计在上": {},
    "无行次": {"serial": False},
    "类款项三列编码": {"codes": 3},
    "合计在下": {"total_at": "bottom"},
    "单位元": {"unit": "元"},
    "三公按预算决算分组": {"t7": "grouped"},
    "三公按行": {"t7": "rows"},
    "基本支出两组": {"t6_groups": 2},
    "全部变化": {"serial": False, "codes": 3, "total_at": "bottom", "unit": "元", "t7": "rows"},
}


@pytest.mark.parametrize("options", list(VARIANTS.values()), ids=list(VARIANTS))
def test_every_layout_reads_all_nine_tables_and_raises_nothing(tmp_path, options):
    path = build(tmp_path, **options)
    model = model_of(path)
    assert sorted(model.tables) == list(TABLE_IDS)
    assert (model.department, model.year) == ("广州市花都区残疾人联合会", 2023)
    assert model.unit == options.get("unit", "万元")
    assert serious(path) == []


def test_serial_columns_and_row_are_never_figures(tmp_path):
    """行次 1, 2, 3 … beside each label and the 栏次 row under the header are skipped: the 金额
    column is read (C, not the 行次 column B)."""
    path = build(tmp_path)
    t1 = model_of(path).tables["T1"]
    row, key = t1.named["general"]
    assert (row.num(key), row.ref(key)) == (2204.46, "C7")
    assert t1.named["income_total"][0].num("in_amount") == 2224.46
    ws = openpyxl.load_workbook(path)["公开01表"]
    assert (ws["A6"].value, ws["B7"].value) == ("栏次", 1)  # the layout really has them


def test_three_code_columns_join_into_one_code(tmp_path):
    path = build(tmp_path, codes=3)
    t3 = model_of(path).tables["T3"]
    codes = [r.code for r in t3.coded()]
    assert "2081104" in codes and "20811" in codes and "208" in codes
    assert cell_of(path, "T3.2081104.project") == ("公开03表", "G13")


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_the_total_row_is_found_at_the_top_or_the_bottom(tmp_path, where):
    path = build(tmp_path, total_at=where)
    t3 = model_of(path).tables["T3"]
    total = t3.total()
    assert total is not None and total.num("total") == 2224.46
    first, last = t3.coded()[0].index, t3.coded()[-1].index
    assert (total.index < first) if where == "top" else (total.index > last)


def test_yuan_tables_are_read_in_yuan(tmp_path):
    path = build(tmp_path, unit="元")
    model = model_of(path)
    assert {t.unit for t in model.tables.values()} == {"元"}
    row, key = model.tables["T1"].named["spending_total"]
    assert row.num(key) == 22_244_600.0


def test_an_empty_table_with_its_note_is_quiet(tmp_path):
    path = build(tmp_path)  # T9 empty, with 说明：…本年度没有…，故本表无数据
    t9 = model_of(path).tables["T9"]
    assert t9.empty and t9.note is not None and "故本表无数据" in str(t9.note.value)
    assert serious(path) == []


@pytest.mark.fires("ACCOUNTS_TABLE_MISSING")
def test_an_empty_table_without_its_note_is_said(tmp_path):
    path = build(tmp_path, t9_note=False)
    found = serious(path)
    assert [(f.code, f.sheet, f.cell) for f in found] == [
        ("ACCOUNTS_TABLE_MISSING", "公开09表", "A1")
    ]
    assert "没有说明" in found[0].message


@pytest.mark.fires("ACCOUNTS_TABLE_MISSING")
def test_a_missing_table_is_said_once_per_table(tmp_path):
    path = build(tmp_path, omit=("T7",))
    found = serious(path)
    assert [(f.code, f.cell, f.stated) for f in found] == [
        ("ACCOUNTS_TABLE_MISSING", "", "财政拨款“三公”经费支出决算表")
    ]


def test_tables_are_recognised_by_title_in_any_sheet_order_and_name(tmp_path):
    path = build(tmp_path)
    wb = openpyxl.load_workbook(path)
    for i, ws in enumerate(wb.worksheets):
        ws.title = f"Sheet{len(wb.worksheets) - i}"
    wb.move_sheet("Sheet1", offset=-(len(wb.worksheets) - 1))  # the last becomes the first
    wb.save(tmp_path / "shuffled.xlsx")
    model = model_of(tmp_path / "shuffled.xlsx")
    assert sorted(model.tables) == list(TABLE_IDS)
    assert model.tables["T1"].sheet != wb.worksheets[1].title
    assert serious(tmp_path / "shuffled.xlsx") == []


def test_a_title_is_matched_whole_not_as_a_tail():
    """支出决算表 is the tail of 一般公共预算财政拨款支出决算表: the longest title wins."""
    from budget_batch.layouts import default_layouts
    from budget_batch.read.accounts_tables import titled

    layouts = default_layouts()
    assert titled(layouts, "一般公共预算财政拨款支出决算表") == "T5"
    assert titled(layouts, "2023年度支出决算表") == "T3"
    assert titled(layouts, "支出决算表（公开03表）") == "T3"
    assert titled(layouts, "财政拨款“三公”经费支出决算表") == "T7"
    assert titled(layouts, "关于支出决算表的说明和其他文字很长的一句话") is None


def test_a_department_workbook_is_not_taken_for_a_final_accounts(clean):
    assert check_workbook(clean).kind == "department"


@pytest.mark.office
def test_an_xls_final_accounts_reads_as_its_xlsx(tmp_path):
    path = build(tmp_path, faults=True)
    (xls,) = convert([path], tmp_path / "xls", "xls")
    result = check_workbook(xls)
    assert result.kind == "final_accounts"
    found = [(f.code, f.sheet, f.cell) for f in result.findings if f.severity.value != "info"]
    assert found == [("SUM_MISMATCH", "公开03表", "E13")]
