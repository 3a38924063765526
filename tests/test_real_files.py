"""Real departments' files (issue 12): the layouts people use raise no false alarm, and what is
wrong is still found. The crafted workbooks come from `builders` (our template, one cell edited)
and `real_layouts` (a 卫健局 workbook built the way real ones are filled)."""

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import real_layouts as R
from builders import clean_data, edit, findings, only, project, write
from conftest import TEMPLATE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office import resave

from budget_batch import check_workbook
from budget_batch.samples.template_writer import write_workbook


def loud(found):
    """Errors and warnings as (code, sheet, cell): what a reviewer must act on."""
    return [(f.code, f.sheet, f.cell) for f in found if f.severity != "info"]


# -- the clean department and its planted faults ---------------------------------------------


def test_a_clean_real_department_raises_nothing(tmp_path):
    result = check_workbook(R.build(tmp_path / "卫健局.xlsx"))
    assert result.status == "checked"
    assert loud(result.findings) == []
    assert result.score.computed == result.score.stated == 99.67


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("share_rounding", [("SHARE_MISMATCH", "收支情况", "I6")]),
        ("project_rate", [("EXEC_RATE_MISMATCH", "项目支出", "H5")]),
        ("old_year", [("YEAR_MISMATCH", "问题与措施", "B2")]),
        ("subset", [("SUBSET_EXCEEDS", "服务数量", "E7")]),
        ("yuan_in_wan", [("NOT_A_NUMBER", "项目支出", "G8")]),
    ],
)
def test_each_planted_fault_is_found_at_its_cell(tmp_path, fault, expected):
    found = check_workbook(R.with_faults(tmp_path / f"{fault}.xlsx", [fault])).findings
    assert loud(found) == expected


def test_all_five_faults_together(tmp_path):
    found = check_workbook(R.with_faults(tmp_path / "all.xlsx", R.FAULTS)).findings
    assert sorted(loud(found)) == sorted(
        [
            ("SHARE_MISMATCH", "收支情况", "I6"),
            ("EXEC_RATE_MISMATCH", "项目支出", "H5"),
            ("YEAR_MISMATCH", "问题与措施", "B2"),
            ("SUBSET_EXCEEDS", "服务数量", "E7"),
            ("NOT_A_NUMBER", "项目支出", "G8"),
        ]
    )


def _resave(files: list[Path], out: Path) -> list[Path]:
    """Re-save through LibreOffice, as a department that edits in LibreOffice would."""
    return resave(files, out)


def _projection(path: Path) -> list[tuple[str, str, str, str]]:
    return [(f.code, f.severity, f.sheet, f.cell) for f in check_workbook(path).findings]


LAYOUTS = st.builds(
    R.Layout,
    merged_header=st.booleans(),
    merged_level1=st.booleans(),
    totals_row=st.booleans(),
    hidden_project=st.booleans(),
    percent_style=st.sampled_from(["points", "literal", "fraction"]),
    date_cells=st.booleans(),
    projects=st.integers(min_value=3, max_value=10),
    faults=st.frozensets(st.sampled_from(sorted(R.FAULTS)), max_size=2),
)


@pytest.mark.office
@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(layout=LAYOUTS)
def test_a_libreoffice_resave_changes_no_finding(tmp_path_factory, layout):
    folder = tmp_path_factory.mktemp("roundtrip")
    original = R.build(folder / "wb.xlsx", layout)
    (resaved,) = _resave([original], folder / "lo")
    assert _projection(resaved) == _projection(original)


@pytest.mark.office
def test_the_clean_department_resaved_by_libreoffice_is_still_clean(tmp_path):
    (resaved,) = _resave([R.build(tmp_path / "卫健局.xlsx")], tmp_path / "lo")
    result = check_workbook(resaved)
    assert loud(result.findings) == [] and result.score.computed == 99.67


# -- 增减额 is derived, not entered ------------------------------------------------------------


def test_an_empty_component_change_counts_as_its_derived_change(tmp_path):
    # 1.2: 110 − 100 = 10 derived; 1 states 150 = 140 + 10
    assert not only(findings(edit(write(tmp_path), {"收支情况": {"G4": None}})), "SUM_MISMATCH")


def test_an_underivable_component_change_leaves_the_column_unchecked(tmp_path):
    # 1.2's 上年数 emptied too: its 增减额 cannot be derived, so 1's 增减额 (999) is not summed
    path = edit(write(tmp_path), {"收支情况": {"G4": None, "C4": None, "G2": 999}})
    sums = only(findings(path), "SUM_MISMATCH")
    assert not [f for f in sums if f.cell.startswith("G")]  # 增减额 is not summed
    assert [f.cell for f in sums] == ["C4"]  # 上年数 still is: the emptied 1.2 上年数 is blamed


def test_a_wrong_total_change_is_still_found(tmp_path):
    found = findings(edit(write(tmp_path), {"收支情况": {"G4": None, "G2": 160}}))
    assert ("SUM_MISMATCH", "收支情况", "G2") in project(found)


# -- merged cells --------------------------------------------------------------------------


def test_a_merged_level1_fills_its_rows(tmp_path):
    # 产出指标 on rows 3–4 as one merged cell: no REQUIRED_EMPTY on the covered row
    path = write(tmp_path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["绩效指标"]
    ws["A4"] = None
    ws.merge_cells("A3:A4")
    wb.save(path)
    assert not only(findings(path), "REQUIRED_EMPTY")


def test_an_invalid_merged_value_is_one_finding_at_its_anchor(tmp_path):
    path = write(tmp_path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["服务数量"]
    ws["H3"] = "不计"
    ws.merge_cells("H3:H4")
    wb.save(path)
    assert project(only(findings(path), "CHOICE_INVALID")) == [("CHOICE_INVALID", "服务数量", "H3")]


# -- totals rows ---------------------------------------------------------------------------


def test_a_total_typed_in_seq_is_not_a_project(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"A5": "合 计", "B5": None}})
    found = findings(path)
    assert loud(found) == []


def test_a_total_that_does_not_add_up_is_found_on_it(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"A5": "合计", "B5": None, "G5": 520}})
    assert loud(findings(path)) == [("PROJECT_TOTAL_MISMATCH", "项目支出", "G5")]


@pytest.mark.fires("TOTAL_ROW_IGNORED")
def test_a_codeless_total_on_a_hierarchical_sheet_is_ignored_with_a_note(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"B19": "合计", "F19": 9999}})
    found = findings(path)
    assert loud(found) == []
    ignored = only(found, "TOTAL_ROW_IGNORED")
    assert project(ignored) == [("TOTAL_ROW_IGNORED", "收支情况", "A19")]
    assert ignored[0].severity == "info" and "没有编码" in ignored[0].message


def test_a_codeless_total_on_services_is_ignored(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"B10": "总计", "E10": 1}})
    assert loud(findings(path)) == []


# -- dates ---------------------------------------------------------------------------------


def test_date_targets_are_quantified(tmp_path):
    for target in (dt.datetime(2023, 12, 31), "2023/12/31", "2023年12月31日", "6月30日前"):
        path = edit(
            write(tmp_path),
            {"绩效指标": {"C4": "资金拨付时限", "D4": "≤", "E4": target, "F4": "2023-06-20"}},
        )
        found = findings(path)
        assert not only(found, "TARGET_NOT_QUANTIFIED"), target
        assert not only(found, "SCORE_UNCOMPUTABLE"), target


def test_a_late_date_scores_zero_and_says_why(tmp_path):
    edits = {"C4": "资金拨付时限", "D4": "≤", "E4": "6月30日前", "F4": dt.datetime(2023, 9, 20)}
    found = findings(edit(write(tmp_path), {"绩效指标": edits}))
    mismatch = only(found, "SCORE_MISMATCH")
    assert project(mismatch) == [("SCORE_MISMATCH", "绩效指标", "I4")]
    assert mismatch[0].computed == 0 and "晚于" in mismatch[0].message
    assert "不是日期" not in mismatch[0].message


# -- number formats ------------------------------------------------------------------------


@pytest.mark.parametrize("number_format", ['0.00"%"', "0.00\\%"])
def test_a_literal_percent_sign_is_decoration_on_points(tmp_path, number_format):
    formats = {"收支情况": {"I3": number_format, "I4": number_format}}
    path = edit(write(tmp_path), {}, number_formats=formats)
    assert not only(findings(path), "SHARE_MISMATCH") and not only(findings(path), "SHARE_TOTAL")


def test_a_real_percent_format_still_scales_a_fraction(tmp_path):
    path = edit(
        write(tmp_path), {"收支情况": {"I3": 0.9043}}, number_formats={"收支情况": {"I3": "0.00%"}}
    )
    assert not only(findings(path), "SHARE_MISMATCH")


# -- Excel's extension lists are formatting, never cells -------------------------------------


def test_an_x14_dropdown_adds_no_finding(tmp_path):
    plain = tmp_path / "plain.xlsx"
    shutil.copyfile(TEMPLATE, plain)
    with_x14 = tmp_path / "x14.xlsx"
    R._add_x14_dropdown(plain, with_x14, "绩效指标", "D2:D40", "选项!$A$1:$A$4")
    with zipfile.ZipFile(with_x14) as zf:
        assert any(b"x14:dataValidation" in zf.read(n) for n in zf.namelist() if "worksheets" in n)
    assert _projection(with_x14) == _projection(plain)
    assert not [f for f in check_workbook(with_x14).findings if f.code == "FORMULA_NO_VALUE"]


# -- targets ≤ 0 ---------------------------------------------------------------------------


def test_a_floor_target_missed_scores_zero_without_a_false_inequality(tmp_path):
    edits = {"C4": "成本节约率", "D4": "≥", "E4": "0%", "F4": "-3%", "G4": "%", "I4": 20}
    found = findings(edit(write(tmp_path), {"绩效指标": edits}))
    mismatch = only(found, "SCORE_MISMATCH")[0]
    assert mismatch.computed == 0
    assert "≥ 0" not in mismatch.message and "< 0" in mismatch.message


def test_a_floor_target_met_scores_full(tmp_path):
    edits = {"C4": "成本节约率", "D4": "≥", "E4": "0%", "F4": "3%", "G4": "%"}
    assert not only(findings(edit(write(tmp_path), {"绩效指标": edits})), "SCORE_MISMATCH")


# -- years ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024年，细化项目预算编制",  # the next year (the workbook is 2023)
        "2035年远景目标",
        "力争2030年前全部完成",
        "尾款须于2024年验收后支付",
    ],
)
def test_years_that_are_plans_or_next_year_are_quiet(tmp_path, text):
    path = edit(write(tmp_path), {"基本信息": {"B11": text}})
    assert not only(findings(path), "YEAR_MISMATCH")


def test_any_year_in_measures_is_quiet(tmp_path):
    path = edit(write(tmp_path), {"问题与措施": {"B3": "2026年起建立按月调度机制，提高执行率。"}})
    assert not only(findings(path), "YEAR_MISMATCH")


def test_a_budget_year_typed_with_nian_is_read_and_years_still_checked(tmp_path):
    path = edit(write(tmp_path), {"基本信息": {"B3": "2023年", "B11": "延续2020年的做法"}})
    found = findings(path)
    assert ("NUMBER_NORMALIZED", "基本信息", "B3") in project(found)
    assert ("YEAR_MISMATCH", "基本信息", "B11") in project(found)
    assert not only(found, "NOT_A_NUMBER")


# -- no cascades ---------------------------------------------------------------------------


def test_an_amount_in_the_other_unit_is_one_error_naming_both_units(tmp_path):
    found = findings(edit(write(tmp_path), {"收支情况": {"F3": "10400000元"}}))
    assert loud(found) == [("NOT_A_NUMBER", "收支情况", "F3")]
    assert "元" in found[0].message and "万元" in found[0].message


def test_a_score_with_fen_is_read(tmp_path):
    found = findings(edit(write(tmp_path), {"绩效指标": {"H3": "20分"}}))
    assert loud(found) == [] and ("NUMBER_NORMALIZED", "绩效指标", "H3") in project(found)


def test_an_unreadable_weight_skips_the_weight_total(tmp_path):
    found = findings(edit(write(tmp_path), {"绩效指标": {"H3": "二十"}}))
    assert ("NOT_A_NUMBER", "绩效指标", "H3") in project(found) and not only(found, "WEIGHT_TOTAL")


@pytest.mark.fires("SCORE_UNCOMPUTABLE")
def test_an_unreadable_actual_is_said_not_silently_kept(tmp_path):
    found = findings(edit(write(tmp_path), {"绩效指标": {"F3": "超额完成"}}))
    f = only(found, "SCORE_UNCOMPUTABLE")
    assert project(f) == [("SCORE_UNCOMPUTABLE", "绩效指标", "F3")]
    assert "超额完成" in f[0].message and "按填报得分 20.00 计入" in f[0].message


def test_a_computable_actual_is_quiet(clean):
    assert not only(findings(clean), "SCORE_UNCOMPUTABLE")


# -- wrong words ---------------------------------------------------------------------------


def test_an_unknown_grade_label_is_one_finding(tmp_path):
    found = findings(edit(write(tmp_path), {"基本信息": {"B13": "优秀"}}))
    assert loud(found) == [("GRADE_MISMATCH", "基本信息", "B13")]
    assert "优、良、中、差" in found[0].message or "优、良、中、差" in loud_message(found)


def loud_message(found):
    return " ".join(f.message for f in found if f.severity != "info")


def test_the_execution_row_is_met_at_its_own_target(tmp_path):
    # target ≥ 90%, actual rate 96%: met, so not listed as a missed indicator
    edits = {"绩效指标": {"E2": "≥90%"}, "基本信息": {"B12": 100}}
    found = findings(edit(write(tmp_path), edits))
    inflated = only(found, "SELF_SCORE_INFLATED")
    assert inflated and "未完成目标" not in inflated[0].message


def test_a_dash_in_a_required_cell_is_empty(tmp_path):
    found = findings(edit(write(tmp_path), {"项目支出": {"G3": "—"}}))
    assert ("REQUIRED_EMPTY", "项目支出", "G3") in project(found)
    assert not [f for f in found if f.cell == "G3" and f.code == "NUMBER_NORMALIZED"]


def test_a_rate_is_compared_as_shown(tmp_path):
    # 1104 / 1150 = 96.00%; stored 96.0449 shown with one decimal as 96.0 → fine
    path = edit(
        write(tmp_path), {"收支情况": {"J5": 96.0449}}, number_formats={"收支情况": {"J5": "0.0"}}
    )
    assert not only(findings(path), "EXEC_RATE_MISMATCH")
    # 300 / 322 = 93.17%: stored 93.1234 shown as 93.1 is one unit off (rounding warning)
    path = edit(
        write(tmp_path), {"项目支出": {"H2": 93.1234}}, number_formats={"项目支出": {"H2": "0.0"}}
    )
    found = only(findings(path), "EXEC_RATE_MISMATCH")
    assert [(f.cell, f.severity, f.stated) for f in found] == [("H2", "warning", 93.1234)]


def test_figures_in_messages_are_written_one_way(tmp_path):
    found = findings(edit(write(tmp_path), {"收支情况": {"G6": 14.01}}))  # a 尾差 on 2.1 增减额
    messages = " ".join(f.message for f in found)
    assert "+ -" not in messages and "+ −" not in messages
    assert "18.00 − 4.00 = 14.00" in messages  # 2.1's parts 18 and −4, as a sum is written


def test_stated_values_are_never_booleans(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"F3": True}})
    result = check_workbook(path)
    doc = json.dumps([f.to_json() for f in result.findings])
    assert "true" not in doc and "false" not in doc


# -- hidden rows ---------------------------------------------------------------------------


def test_a_finding_on_a_hidden_row_says_so(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"H3": 49.0}})
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["项目支出"].row_dimensions[3].hidden = True
    wb.save(path)
    f = only(findings(path), "EXEC_RATE_MISMATCH")
    assert project(f) == [("EXEC_RATE_MISMATCH", "项目支出", "H3")]
    assert f[0].message.endswith("（该行已隐藏）")


def test_a_finding_on_a_visible_row_does_not(tmp_path):
    f = only(findings(edit(write(tmp_path), {"项目支出": {"H3": 49.0}})), "EXEC_RATE_MISMATCH")
    assert "隐藏" not in f[0].message


def test_the_blank_template_written_again_reads_the_same(tmp_path):
    write_workbook(tmp_path / "t.xlsx")
    assert _projection(tmp_path / "t.xlsx") == _projection(TEMPLATE)
    assert clean_data().info["year"] == 2023


def test_a_total_merged_across_seq_and_name_is_a_total(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"A5": "合计", "B5": None}})
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["项目支出"].merge_cells("A5:B5")
    wb.save(path)
    found = findings(path)
    assert loud(found) == []
    path = edit(path, {"项目支出": {"G5": 520}})
    assert loud(findings(path)) == [("PROJECT_TOTAL_MISMATCH", "项目支出", "G5")]
