"""Reading project forms as departments hold them: recognised by title and labels on any sheet,
blocks found by label (not position), merged or unmerged headings, `指标1：` numbering, `(50分)`
weights, `86%` text, `≥95%` values, bare fractions, placeholders, code prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from form_cases import codes_at, found, make, serious, write
from openpyxl import Workbook

from budget_batch import check_workbook, read_workbook
from budget_batch.form_schema import organisation_key, project_key
from budget_batch.read.indicator_values import parse_value
from budget_batch.samples.form_writer import write_forms

LANGFANG = [  # 廊坊市食品工程学校, 2019 (forms_research.md §6.2), as a transcription lays it out
    ["", "附件1"],
    ["", "项目支出绩效自评表"],
    ["", "2019年度)"],
    [],
    ["", "项目名称", "办公宿舍楼、食堂及餐厅暖通改造经费"],
    ["", "主管部门", "廊坊市发改委", "", "", "实施单位", "廊坊市食品工程学校"],
    [
        "",
        "项目资金\n(万元)",
        "",
        "年初\n\n预算数",
        "全年\n\n预算数",
        "全年\n\n执行数",
        "分值",
        "执行率",
        "得分",
    ],
    ["", "", "年度资金总额:", 43.2, 43.2, 37.24, 10, "86%", 8.62],
    ["", "", "其中:当年财政拨款", 43.2, 43.2, 37.24, "—", "", "—"],
    ["", "", "      上年结转资金", "", "", "", "—", "", "—"],
    ["", "", "  其他资金", "", "", "", "—", "", "—"],
    ["", "年度总体目标", "预期目标", "", "", "实际完成情况"],
    ["", "", "43.2", "", "", "37.24"],
    [
        "",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度\n\n指标值",
        "实际\n\n完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [
        "",
        "产出指标",
        "数量指标",
        "指标1工程资金金额",
        43.2,
        37.24,
        10,
        8.62,
        "已完工,剩余3%尾款未付。提高预算准确度。",
    ],
    ["", "", "", "指标2", "", "", "", "", ""],
    ["", "", "", "……", "", "", "", "", ""],
    ["", "", "质量指标", "指标1工程完工率", 100, 100, 10, 10, ""],
    ["", "", "", "指标2工程验收合格率", 100, 100, 10, 10, ""],
    ["", "", "时效指标", "指标1项目完成及时率", 100, 100, 10, 10, ""],
    ["", "", "成本指标", "指标1成本控制率", 100, 100, 10, 10, ""],
    ["", "效益指标", "经济效益\n\n指标", "指标1安全率", 100, 100, 10, 10, "0"],
    ["", "", "社会效益指标", "指标1学校发展能力", 100, 100, 10, 10, "0"],
    ["", "", "生态效益指标", "指标1", "", "", "", "", ""],
    ["", "效益指标", "可持续影响指标", "指标1长期使用性", 100, 100, 10, 10, ""],  # re-printed
    ["", "满意度指标", "服务对象满意度\n\n指标", "指标1学生满意度", 100, 100, 10, 10, "0"],
    ["", "总分", "", "", "", "", 100, 97.24, ""],
]


def langfang(path: Path, merge_title: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in LANGFANG:
        ws.append([None if v == "" else v for v in row])
    if merge_title:
        ws.merge_cells("B2:J2")
        ws.merge_cells("B7:B11")  # 项目资金 down its rows
        ws.merge_cells("B27:F27")  # 总分 across
    wb.save(path)
    return path


def test_a_transcribed_national_form_is_read_by_its_labels(tmp_path):
    read = read_workbook(langfang(tmp_path / "langfang.xlsx"))
    model = read.model
    assert model.kind == "project_form" and model.unrecognized == []
    (form,) = model.forms
    assert (form.family.name, form.year, form.unit) == ("10号", 2019, "万元")
    assert form.project == "办公宿舍楼、食堂及餐厅暖通改造经费"
    assert (form.text("department"), form.text("implementer")) == (
        "廊坊市发改委",
        "廊坊市食品工程学校",
    )
    assert (form.text("goal"), form.text("outcome")) == ("43.2", "37.24")
    total = form.fund_total
    assert total is not None and total.index == 8 and total.ref("budget_final") == "E8"
    assert (total.num("actual"), total.num("exec_rate"), total.at("exec_rate").decimals) == (
        37.24,
        86.0,
        0,
    )
    assert [p.text("item") for p in form.fund_parts] == [
        "其中:当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    assert total.headers and total.headers["budget_final"] == "全年预算数"  # line breaks gone
    rows = form.indicator_rows()
    assert [(r.index, r.text("level1"), r.text("level2"), r.text("level3")) for r in rows] == [
        (15, "产出指标", "数量指标", "工程资金金额"),
        (18, "产出指标", "质量指标", "工程完工率"),
        (19, "产出指标", "质量指标", "工程验收合格率"),
        (20, "产出指标", "时效指标", "项目完成及时率"),
        (21, "产出指标", "成本指标", "成本控制率"),
        (22, "效益指标", "经济效益指标", "安全率"),
        (23, "效益指标", "社会效益指标", "学校发展能力"),
        (25, "效益指标", "可持续影响指标", "长期使用性"),
        (26, "满意度指标", "服务对象满意度指标", "学生满意度"),
    ]  # 指标2, ……, and the empty 生态效益 row are unused template rows
    assert [r.text("operator") for r in rows][:5] == ["≥", "≥", "≥", "≥", "≤"]  # 成本: ≤
    assert (form.total_weight.number, form.total_score.number) == (100.0, 97.24)
    result = check_workbook(tmp_path / "langfang.xlsx")
    # 8.62 and 97.24 are right; 97.24 with 86% spent is a top score next to low execution.
    assert [f.code for f in serious(result.findings)] == ["SELF_SCORE_INFLATED"]
    assert result.score.stated == result.score.computed == 97.24


def test_unmerged_headings_carry_down_and_a_fraction_rate_reads_as_a_percentage(tmp_path):
    path = tmp_path / "plain.xlsx"
    langfang(path, merge_title=False)
    wb = __import__("openpyxl").load_workbook(path)
    ws = wb.active
    ws["H8"] = 0.862  # 执行率 as a bare fraction (a percent format lost on the way)
    wb.save(path)
    (form,) = read_workbook(path).model.forms
    assert form.fund_total.num("exec_rate") == 86.2
    assert form.indicator_rows()[2].text("level1") == "产出指标"  # printed once, on row 15


@pytest.mark.parametrize(
    ("text", "operator", "number", "percent"),
    [("≥95%", "≥", "95", True), ("≤90万元", "≤", "90", False), ("≥50个", "≥", "50", False)],
)
def test_values_with_their_operator_and_unit(text, operator, number, percent):
    from budget_batch.model import Cell

    value = parse_value(Cell("s", 1, 1, text, text))
    assert value is not None
    assert (value.operator, str(value.number), value.percent) == (operator, number, percent)
    quality = parse_value(Cell("s", 1, 1, "达成预期指标", "达成预期指标"))
    assert quality is not None and quality.quality == "达成"


def test_merged_levels_prefixes_and_printed_weights(tmp_path):
    data = make("10号")
    (form,) = read_workbook(write(tmp_path, "10号", data)).model.forms
    rows = form.indicator_rows()
    assert [r.text("level1") for r in rows] == ["产出指标"] * 4 + ["效益指标"] * 2 + ["满意度指标"]
    assert rows[0].text("level3") == "基建工程委托业务项目数量"  # 指标1： is numbering
    assert [(p.label, p.weight, p.cell.ref) for p in form.level1_weights] == [
        ("产出指标", 50, "B13"),
        ("效益指标", 30, "B21"),
        ("满意度指标", 10, "B25"),
    ]
    assert parse_value(rows[1].cell("target")).operator == "≥"  # ≥95%


def test_the_sichuan_nature_column_mixes_operators_and_qualitative_rows(tmp_path):
    (form,) = read_workbook(write(tmp_path, "四川")).model.forms
    assert form.family.name == "四川" and form.year == 2023
    assert [r.text("operator") for r in form.indicator_rows()] == [
        "=",
        "=",
        "≥",
        "≤",
        "定性",
        "≥",
        "≥",
    ]
    assert form.fund_total.num("exec_rate") == 100.0
    assert [p.num("exec_rate") for p in form.fund_parts] == [100.0, 0.0, 0.0, None]
    assert (
        form.block_weights["funds"].weight == 10 and form.block_weights["indicators"].weight == 90
    )
    assert form.text("problems").startswith("监管人员")
    assert form.fund_total.text("reason") == ""  # only the printed instruction


def test_chongqing_adjusted_targets_replace_the_initial_ones(tmp_path):
    def adjusted(data):
        data.indicators[0].target_adjusted = "≥400"
        data.indicators[0].actual = 410

    data = make("重庆", adjusted)
    (form,) = read_workbook(write(tmp_path, "重庆", data)).model.forms
    row = form.indicator_rows()[0]
    assert (row.ref("target"), row.text("target"), row.text("target_initial")) == (
        "G12",
        "≥400",
        "≥420",
    )
    assert serious(found(tmp_path / "form_重庆.xlsx")) == []  # 410 ≥ 400: met
    assert form.family.name == "重庆"


def test_code_prefixes_are_stripped_for_matching():
    assert project_key("51092324T000010263357-2023年 全县安可替代补助资金项目") == project_key(
        "2023年全县安可替代补助资金项目"
    )
    assert organisation_key("大英县司法局部门") == organisation_key("大英县司法局")
    assert organisation_key("219-池州市贵池区棠溪镇人民政府") == "池州市贵池区棠溪镇人民政府"


def test_several_forms_one_per_sheet_and_hidden_sheets_ignored(tmp_path):
    path = tmp_path / "two.xlsx"
    write_forms(
        path,
        [
            ("项目一", make("10号")),
            ("项目二", make("四川", lambda d: setattr(d, "total_score", 90))),
        ],
    )
    model = read_workbook(path).model
    assert [f.sheet for f in model.forms] == ["项目一", "项目二"]
    result = check_workbook(path)
    assert codes_at(result.findings, "TOTAL_SCORE_MISMATCH") == {("TOTAL_SCORE_MISMATCH", "J22")}
    assert {f.sheet for f in result.findings if f.code == "TOTAL_SCORE_MISMATCH"} == {"项目二"}
    assert result.score.computed is None and len(result.forms) == 2  # scored per form
    wb = __import__("openpyxl").load_workbook(path)
    wb["项目二"].sheet_state = "hidden"
    wb.save(path)
    assert [f.sheet for f in read_workbook(path).model.forms] == ["项目一"]


@pytest.mark.fires("FORM_UNRECOGNIZED")
def test_a_sheet_titled_as_a_form_without_its_anchors(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in (
        ["2020年度县级专项资金 项目支出绩效自评表"],
        ["项目名称", "某专项"],
        ["项目资金", "", "年初预算数", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
        ["", "年度资金总额", 100, 100, 90, "90%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥100", 120, ""],
    ):
        ws.append(row)
    wb.save(tmp_path / "hengshan.xlsx")
    result = check_workbook(tmp_path / "hengshan.xlsx")
    assert result.kind == "project_form"
    # The money block is still read and checked (it adds up: only the note on "90%" as text).
    (unrecognized,) = [f for f in result.findings if f.severity != "info"]
    assert (unrecognized.code, unrecognized.sheet, unrecognized.cell) == (
        "FORM_UNRECOGNIZED",
        "自评表",
        "A1",
    )
    assert "分值" in unrecognized.message and "得分" in unrecognized.message
    assert result.to_json()["kind"] == "project_form"


@pytest.mark.fires("FORM_UNRECOGNIZED")
def test_a_workbook_that_is_neither_gets_one_finding_saying_what_was_looked_for(tmp_path):
    """forms.md v2: never six SHEET_MISSING on a one-sheet workbook that is no template."""
    wb = Workbook()
    wb.active["A1"] = (
        "项目支出绩效自评表填报说明：本文件不是自评表，只是一段很长的说明文字，远超一个标题的长度。"
    )
    wb.save(tmp_path / "other.xlsx")
    result = check_workbook(tmp_path / "other.xlsx")
    assert result.status == "checked" and result.kind == "unrecognized"
    (only,) = result.findings
    assert (only.code, only.sheet, only.cell) == ("FORM_UNRECOGNIZED", "", "")
    assert "查找了" in only.message and "基本信息" in only.message and "三级指标" in only.message
    assert "「Sheet」（开头是“项目支出绩效自评表填报说明" in only.message


def test_a_workbook_with_some_of_our_sheets_is_our_template_with_sheets_missing(tmp_path):
    wb = Workbook()
    wb.active.title = "基本信息"
    wb.active.append(["部门名称", "某局"])
    wb.create_sheet("收支情况")
    wb.save(tmp_path / "ours.xlsx")
    result = check_workbook(tmp_path / "ours.xlsx")
    assert result.kind == "department"
    assert {f.code for f in result.findings} >= {"SHEET_MISSING"}


def test_an_indicator_header_over_two_rows(tmp_path):
    """三级指标 merged down beside 指标值 over 年初 | 调整 and 评分 over 分值 | 得分."""
    wb = Workbook()
    ws = wb.active
    for row in (
        ["项目支出绩效自评表（2023年度）"],
        ["项目名称", "某项目"],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", 100, 100, 100, 10, "100%", 10],
        ["一级指标", "二级指标", "三级指标", "指标值", "", "全年完成值", "评分"],
        ["", "", "", "年初指标值", "调整指标值", "", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥100", "≥90", 95, 90, 90],
        ["总分", "", "", "", "", "", 100, 100],
    ):
        ws.append(row)
    for merged in ("A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6", "G5:H5"):
        ws.merge_cells(merged)
    wb.save(tmp_path / "two_rows.xlsx")
    (form,) = read_workbook(tmp_path / "two_rows.xlsx").model.forms
    (row,) = form.indicator_rows()
    assert (row.index, row.text("target"), row.ref("target"), row.num("weight")) == (
        7,
        "≥90",
        "E7",
        90.0,
    )
    assert form.total_score is not None and form.total_score.ref == "H8"
    result = check_workbook(tmp_path / "two_rows.xlsx")
    assert [f.code for f in serious(result.findings)] == ["DIMENSION_MISSING", "DIMENSION_MISSING"]


@pytest.mark.parametrize("note", [["单位：万元"], ["单位:", "万元"]])
def test_a_unit_note_above_the_form_is_not_its_department(tmp_path, note):
    import openpyxl

    path = langfang(tmp_path / "langfang.xlsx")
    wb = openpyxl.load_workbook(path)
    for col, text in enumerate(note, start=2):
        wb.active.cell(4, col, text)  # the empty line under the title
    wb.save(path)
    (form,) = read_workbook(path).model.forms
    assert form.text("department") == "廊坊市发改委"


def test_a_header_finding_points_at_its_columns_label_in_a_header_over_two_rows(tmp_path):
    """Σ 分值 short of 100 with no 总分 row: WEIGHT_TOTAL points at 分值 (G4, under 评分), not at
    the parent label over it."""
    wb = Workbook()
    ws = wb.active
    for row in (
        ["项目支出绩效自评表（2023年度）"],
        ["项目名称", "某项目"],
        ["一级指标", "二级指标", "三级指标", "指标值", "全年完成值", "执行情况", "评分"],
        ["", "", "", "", "", "全年执行数", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥90", 95, 10, 80, 80],
    ):
        ws.append(row)
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "G3:H3"):
        ws.merge_cells(merged)
    wb.save(tmp_path / "two_rows.xlsx")
    found = codes_at(check_workbook(tmp_path / "two_rows.xlsx").findings, "WEIGHT_TOTAL")
    assert found == {("WEIGHT_TOTAL", "G4")}


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (97.5999984741211, 97.6),  # a single-precision export, 15 digits kept
        (0.05000000074505806, 0.05),
        (0.0500000007450581, 0.05),  # forms.md's example
        (1.4500000476837158, 1.45),
        (0.1, 0.1),
        (12345678.91, 12345678.91),  # a figure no single-precision number stands for
        (3.14159265358979, 3.14159265358979),
        (0.0900000762939453, 0.09),  # noise seen in a real export (unsigned_kaoping)
        (-0.300000152587891, -0.3),
        (0.86200123, 0.86200123),  # a difference a person could have typed is kept
        (200000000.01, 200000000.01),  # an amount in 元 keeps its fen
        (12345000.125, 12345000.125),
    ],
)
def test_a_figure_with_binary_noise_is_the_figure_typed(stored, typed):
    from budget_batch.read.form_cells import single_precision

    assert single_precision(stored) == typed
