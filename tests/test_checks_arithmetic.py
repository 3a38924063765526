"""Issue-3 checks: each fires on a crafted cell (code, sheet, cell, values) and stays quiet,
edges included: exactly at the tolerance, zero or empty bases, negative changes, empty rows.

Layout of the clean workbook (tests/builders.py): 收支情况 rows 2 收入合计, 3 1.1, 4 1.2,
5 支出合计, 6 2.1, 7 2.1.1, 8 2.1.2, 9 2.2, 10 年初结转, 11 年末结转, 12 三公, 13 5.1, 14 5.2,
15 5.2.1, 16 5.2.2, 17 5.3, 18 政府采购; columns C 上年 D 年初 E 全年预算 F 执行 G 增减额 H 增减率
I 占比 J 执行率 K 说明. 项目支出 rows 2–4 projects, 5 合计; columns E 年初 F 全年 G 执行 H 执行率 K 说明.
"""

import pytest
from builders import consistent, edit, findings, only, project, write


def fire(tmp_path, changes, code):
    return only(findings(edit(write(tmp_path), changes)), code)


def quiet(tmp_path, changes, code):
    assert only(findings(edit(write(tmp_path), changes)), code) == []


# NEGATIVE_AMOUNT ---------------------------------------------------------------------------


@pytest.mark.fires("NEGATIVE_AMOUNT")
def test_negative_amount(tmp_path):
    # A negative figure that the totals agree with (a mistyped one is blamed as a slip instead)
    services = {"服务数量": {"E3": -5, "E2": 175}}  # 儿童康复 −5, its total following
    path = edit(write(tmp_path, consistent({"5.1": {"actual": -1}})), services)
    found = only(findings(path), "NEGATIVE_AMOUNT")
    assert project(found) == [
        ("NEGATIVE_AMOUNT", "收支情况", "F13"),
        ("NEGATIVE_AMOUNT", "服务数量", "E3"),
    ]
    assert found[0].stated == -1


def test_negative_change_is_not_a_negative_amount(clean):
    assert only(findings(clean), "NEGATIVE_AMOUNT") == []  # 公用经费 增减额 −4 is legitimate


# UNIT_SUSPECT ------------------------------------------------------------------------------


@pytest.mark.fires("UNIT_SUSPECT")
def test_wan_yuan_workbook_with_tiny_totals(tmp_path):
    """One wrong unit, one finding: on 支出合计 (1,104 元 is under 10 万元)."""
    found = fire(tmp_path, {"基本信息": {"B4": "元"}}, "UNIT_SUSPECT")
    assert project(found) == [("UNIT_SUSPECT", "收支情况", "F5")]
    assert found[0].computed == "万元" and "不到 10 万元" in found[0].message


def test_health_bureau_in_yuan_under_ten_wan_is_suspect(tmp_path):
    """25,180.60 元 of spending is 2.5 万元: a 元 workbook filled in 万元 (checks.md v2)."""
    edits = {"基本信息": {"B4": "元"}, "收支情况": {"F5": 25180.60, "E5": 26000}}
    found = only(findings(edit(write(tmp_path), edits)), "UNIT_SUSPECT")
    assert project(found) == [("UNIT_SUSPECT", "收支情况", "F5")]


def test_a_real_yuan_workbook_is_quiet(tmp_path):
    edits = {"基本信息": {"B4": "元"}, "收支情况": {"F5": 1_104_000, "E5": 1_150_000}}
    assert not only(findings(edit(write(tmp_path), edits)), "UNIT_SUSPECT")


def test_yuan_in_a_wan_workbook(tmp_path):
    found = only(findings(write(tmp_path, consistent(scale=10000))), "UNIT_SUSPECT")
    assert project(found) == [("UNIT_SUSPECT", "收支情况", "F5")]
    assert "亿元" in found[0].message


def test_one_figure_in_yuan_is_blamed_as_a_slip(tmp_path):
    found = findings(edit(write(tmp_path), {"收支情况": {"F5": 11_040_000}}))
    f = [x for x in found if x.cell == "F5" and x.severity == "error"]
    assert len(f) == 1 and f[0].computed == 1104 and "疑为按“元”填写" in f[0].message
    assert not only(found, "UNIT_SUSPECT")


def test_one_project_a_thousand_times_the_others(tmp_path):
    yuan = {"budget_initial": 3_000_000, "budget_final": 3_220_000, "actual": 3_000_000}
    found = only(findings(write(tmp_path, consistent(projects={0: yuan}))), "UNIT_SUSPECT")
    assert project(found) == [("UNIT_SUSPECT", "项目支出", "F2")]  # one finding for the row


def test_plausible_amounts_are_quiet(clean):
    assert only(findings(clean), "UNIT_SUSPECT") == []


# YEAR_MISMATCH -----------------------------------------------------------------------------


@pytest.mark.fires("YEAR_MISMATCH")
def test_year_from_another_report(tmp_path):
    text = "2021年康园工疗站建设未达标，2023年已整改。"
    found = fire(tmp_path, {"问题与措施": {"B2": text}}, "YEAR_MISMATCH")
    assert project(found) == [("YEAR_MISMATCH", "问题与措施", "B2")]
    assert (found[0].stated, found[0].computed) == ("2021", 2023)


@pytest.mark.parametrize(
    "text", ["2022年结转项目已完成", "2023 年度任务", "服务 2381 人，今后5年规划"]
)
def test_this_and_last_year_and_plain_numbers_are_quiet(tmp_path, text):
    quiet(tmp_path, {"问题与措施": {"B2": text}}, "YEAR_MISMATCH")


def test_year_in_info_text(tmp_path):
    found = fire(tmp_path, {"基本信息": {"B11": "完成2019年度目标"}}, "YEAR_MISMATCH")
    assert project(found) == [("YEAR_MISMATCH", "基本信息", "B11")]


# YOY_AMOUNT_MISMATCH -----------------------------------------------------------------------


@pytest.mark.fires("YOY_AMOUNT_MISMATCH")
def test_yoy_amount_mismatch(tmp_path):
    found = fire(tmp_path, {"收支情况": {"G3": 150}}, "YOY_AMOUNT_MISMATCH")
    assert project(found) == [("YOY_AMOUNT_MISMATCH", "收支情况", "G3")]
    assert (found[0].stated, found[0].computed) == (150, 140)
    assert "1,040.00 − 900.00 = 140.00" in found[0].message


def test_yoy_amount_with_the_wrong_sign(tmp_path):
    found = fire(tmp_path, {"收支情况": {"G3": -140}}, "YOY_AMOUNT_MISMATCH")
    assert "符号相反" in found[0].message


def test_yoy_amount_on_another_basis_is_explained(tmp_path):
    found = fire(tmp_path, {"收支情况": {"G3": 100}}, "YOY_AMOUNT_MISMATCH")  # 年初 1000 − 900
    assert "按年初预算数计算" in found[0].message and "同比口径" in found[0].message


def test_yoy_amount_follows_the_declared_basis(tmp_path):
    # Declaring 同比口径 = 年初预算数 makes the clean 全年执行数-based 增减额 wrong, row by row.
    found = fire(tmp_path, {"基本信息": {"B5": "年初预算数"}}, "YOY_AMOUNT_MISMATCH")
    assert ("YOY_AMOUNT_MISMATCH", "收支情况", "G3") in project(found)


def test_yoy_amount_within_tolerance_is_quiet(tmp_path):
    quiet(tmp_path, {"收支情况": {"G3": 140.01}}, "YOY_AMOUNT_MISMATCH")


# YOY_RATE_MISMATCH -------------------------------------------------------------------------


@pytest.mark.fires("YOY_RATE_MISMATCH")
def test_yoy_rate_truncated_is_a_rounding_warning(tmp_path):
    found = fire(tmp_path, {"收支情况": {"H3": 15.55}}, "YOY_RATE_MISMATCH")  # 140/900 = 15.5556
    assert project(found) == [("YOY_RATE_MISMATCH", "收支情况", "H3")]
    assert (found[0].severity, found[0].stated, found[0].computed) == ("warning", 15.55, 15.56)
    assert "截尾" in found[0].message


def test_yoy_rate_on_a_base_that_appears_nowhere_invents_no_cause(tmp_path):
    found = fire(tmp_path, {"收支情况": {"H3": 17.5}}, "YOY_RATE_MISMATCH")
    assert found[0].severity == "error" and found[0].computed == 15.56
    assert "基数" not in found[0].message and "分母" not in found[0].message


def test_yoy_rate_on_the_current_year_as_base_is_explained(tmp_path):
    # 140 / 1040 × 100 = 13.46: the current year's figure used as the base
    found = fire(tmp_path, {"收支情况": {"H3": 13.46}}, "YOY_RATE_MISMATCH")
    assert "作分母" in found[0].message and "应以上年数为分母" in found[0].message


def test_yoy_rate_with_the_wrong_sign(tmp_path):
    found = fire(tmp_path, {"收支情况": {"H3": -15.56}}, "YOY_RATE_MISMATCH")
    assert "符号相反" in found[0].message


def test_yoy_rate_shown_with_fewer_decimals_is_compared_at_that_precision(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"H3": 16}}, number_formats={"收支情况": {"H3": "0"}})
    assert only(findings(path), "YOY_RATE_MISMATCH") == []  # 15.5556 shows as 16


def test_yoy_rate_compares_what_the_cell_shows(tmp_path):
    # 16 in a 0.00 cell shows as 16.00, which is not 15.56.
    found = fire(tmp_path, {"收支情况": {"H3": 16}}, "YOY_RATE_MISMATCH")
    assert (found[0].stated, found[0].computed, found[0].severity) == (16, 15.56, "error")


def test_yoy_rate_zero_or_empty_base_is_not_divided(tmp_path):
    quiet(tmp_path, {"收支情况": {"H13": 5, "H10": 5}}, "YOY_RATE_MISMATCH")  # prior 0 / empty


def test_negative_yoy_rate_is_fine(clean):
    assert only(findings(clean), "YOY_RATE_MISMATCH") == []  # −5.00, −12.50, −30.00 in clean


# YOY_UNEXPLAINED ---------------------------------------------------------------------------


@pytest.mark.fires("YOY_UNEXPLAINED")
def test_large_change_without_note(tmp_path):
    found = fire(tmp_path, {"收支情况": {"K9": None}}, "YOY_UNEXPLAINED")  # 项目支出 +27.5%
    assert project(found) == [("YOY_UNEXPLAINED", "收支情况", "K9")]
    assert found[0].computed == 110 and "27.50%" in found[0].message


def _yoy(tmp_path, leaves):
    return only(findings(write(tmp_path, consistent(leaves))), "YOY_UNEXPLAINED")


def test_change_exactly_at_the_threshold_fires(tmp_path):
    found = _yoy(tmp_path, {"1.2": {"actual": 120, "budget_final": 120}})  # 100 → 120 = 20%
    assert project(found) == [("YOY_UNEXPLAINED", "收支情况", "K4")]


def test_change_just_below_the_threshold_is_quiet(tmp_path):
    assert _yoy(tmp_path, {"1.2": {"actual": 119.99, "budget_final": 119.99}}) == []


def test_from_zero_is_a_new_item(tmp_path):
    found = _yoy(tmp_path, {"5.1": {"actual": 1, "budget_final": 1}})
    assert ("YOY_UNEXPLAINED", "收支情况", "K13") in project(found)
    assert "新增" in only(found, "YOY_UNEXPLAINED")[-1].message


def test_no_prior_figure_is_quiet(clean):
    assert only(findings(clean), "YOY_UNEXPLAINED") == []  # 年初/年末结转结余 have no 上年数


# BALANCE_MISMATCH --------------------------------------------------------------------------


@pytest.mark.fires("BALANCE_MISMATCH")
def test_balance_mismatch(tmp_path):
    found = fire(tmp_path, {"收支情况": {"F11": 70}}, "BALANCE_MISMATCH")
    assert project(found) == [("BALANCE_MISMATCH", "收支情况", "F11")]
    assert (found[0].stated, found[0].computed) == (70, 66)


def test_balance_within_tolerance_or_incomplete_is_quiet(tmp_path):
    quiet(tmp_path, {"收支情况": {"F11": 66.01}}, "BALANCE_MISMATCH")
    quiet(tmp_path, {"收支情况": {"F10": None, "F11": 1}}, "BALANCE_MISMATCH")


# EXEC_RATE_MISMATCH ------------------------------------------------------------------------


@pytest.mark.fires("EXEC_RATE_MISMATCH")
def test_exec_rate_truncated(tmp_path):
    found = fire(tmp_path, {"收支情况": {"J9": 92.72}}, "EXEC_RATE_MISMATCH")  # 510/550 = 92.7273
    assert project(found) == [("EXEC_RATE_MISMATCH", "收支情况", "J9")]
    assert found[0].severity == "warning" and "截尾" in found[0].message


def test_exec_rate_on_the_initial_budget_is_explained(tmp_path):
    found = fire(tmp_path, {"收支情况": {"J5": 100.36}}, "EXEC_RATE_MISMATCH")  # 1104 / 1100
    assert found[0].severity == "error" and "按年初预算数计算" in found[0].message
    assert found[0].computed == 96.0


def test_exec_rate_of_a_project(tmp_path):
    found = fire(tmp_path, {"项目支出": {"H3": 90}}, "EXEC_RATE_MISMATCH")
    assert project(found) == [("EXEC_RATE_MISMATCH", "项目支出", "H3")]
    assert found[0].computed == 94.12


def test_exec_rate_zero_budget_is_not_divided(tmp_path):
    quiet(tmp_path, {"收支情况": {"J13": 50}}, "EXEC_RATE_MISMATCH")  # 5.1 has budget 0


# EXEC_OVER_BUDGET --------------------------------------------------------------------------


@pytest.mark.fires("EXEC_OVER_BUDGET")
def test_project_over_budget(tmp_path):
    path = write(tmp_path, consistent(projects={0: {"actual": 330}}))
    found = only(findings(path), "EXEC_OVER_BUDGET")
    assert project(found) == [("EXEC_OVER_BUDGET", "项目支出", "G2")]
    assert (found[0].stated, found[0].computed) == (330, 322)


def test_a_mistyped_actual_is_not_also_over_budget(tmp_path):
    # 300 typed 330: its rate and the totals say 300; being over budget is a consequence
    found = findings(edit(write(tmp_path), {"项目支出": {"G2": 330}}))
    assert not only(found, "EXEC_OVER_BUDGET")
    assert [(f.cell, f.computed) for f in found if f.severity == "error"] == [("G2", 300)]


def test_over_budget_at_tolerance_and_income_over_budget_are_quiet(tmp_path):
    quiet(tmp_path, {"项目支出": {"G2": 322.01}}, "EXEC_OVER_BUDGET")
    quiet(
        tmp_path, {"收支情况": {"F3": 1050}}, "EXEC_OVER_BUDGET"
    )  # income above budget is no over-spending


# EXEC_RATE_LOW -----------------------------------------------------------------------------


@pytest.mark.fires("EXEC_RATE_LOW")
def test_low_execution_without_note(tmp_path):
    found = fire(tmp_path, {"项目支出": {"K4": None}}, "EXEC_RATE_LOW")
    assert project(found) == [("EXEC_RATE_LOW", "项目支出", "H4")]
    assert found[0].computed == 86.21


def test_execution_exactly_at_threshold_is_quiet(tmp_path):
    quiet(tmp_path, {"项目支出": {"K4": None, "G4": 52.2, "H4": 90}}, "EXEC_RATE_LOW")


def test_sangong_savings_are_not_low_execution(clean):
    assert only(findings(clean), "EXEC_RATE_LOW") == []  # "三公" at 84% without 说明


# BUDGET_ADJUST_LARGE -----------------------------------------------------------------------


@pytest.mark.fires("BUDGET_ADJUST_LARGE")
def test_large_adjustment(tmp_path):
    path = write(tmp_path, consistent(projects={0: {"budget_final": 360}}))  # 300 → 360 = 20%
    found = only(findings(path), "BUDGET_ADJUST_LARGE")
    assert project(found) == [("BUDGET_ADJUST_LARGE", "项目支出", "F2")]
    assert (found[0].stated, found[0].computed) == (360, 300)


def test_adjustment_below_threshold_and_new_projects_are_quiet(tmp_path):
    quiet(tmp_path, {"项目支出": {"F2": 359.99}}, "BUDGET_ADJUST_LARGE")
    quiet(tmp_path, {"项目支出": {"E4": None}}, "BUDGET_ADJUST_LARGE")
    quiet(tmp_path, {"项目支出": {"E4": 0}}, "BUDGET_ADJUST_LARGE")


# PROJECT_TOTAL_MISMATCH --------------------------------------------------------------------


@pytest.mark.fires("PROJECT_TOTAL_MISMATCH")
def test_projects_do_not_add_up(tmp_path):
    # A project's 全年执行数 160 typed 150: blamed on it, the totals it breaks named
    found = fire(tmp_path, {"项目支出": {"G3": 150}}, "PROJECT_TOTAL_MISMATCH")
    assert project(found) == [("PROJECT_TOTAL_MISMATCH", "项目支出", "G3")]
    assert (found[0].stated, found[0].computed) == (150, 160)
    assert set(found[0].explains) == {"收支情况!F9", "项目支出!G5", "项目支出!H3"}


def test_projects_that_differ_from_the_total_with_no_one_to_blame(tmp_path):
    # Without rates to pin the projects, 2.2 and every project could be the wrong one
    edits = {"项目支出": {"G3": 150, "H2": None, "H3": None, "H4": None, "A5": None, "B5": None}}
    path = edit(write(tmp_path), edits)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["项目支出"].delete_rows(5)
    wb.save(path)
    found = only(findings(path), "PROJECT_TOTAL_MISMATCH")
    assert project(found) == [("PROJECT_TOTAL_MISMATCH", "收支情况", "F9")]
    assert "无法确定是哪一个数填错" in found[0].message


def test_projects_within_tolerance_are_rounding(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"G3": 160.01}})
    found = findings(path)
    assert only(found, "PROJECT_TOTAL_MISMATCH") == []
    assert ("ROUNDING_DIFF", "收支情况", "F9") in project(found)


def test_column_empty_on_the_project_side_is_not_compared(tmp_path):
    quiet(tmp_path, {"项目支出": {"E2": None, "E3": None, "E4": None}}, "PROJECT_TOTAL_MISMATCH")


# SANGONG_INCREASE --------------------------------------------------------------------------


@pytest.mark.fires("SANGONG_INCREASE")
def test_sangong_above_budget_and_last_year(tmp_path):
    path = write(tmp_path, consistent({"5.3": {"actual": 1.2}}))
    found = only(findings(path), "SANGONG_INCREASE")
    assert project(found) == [("SANGONG_INCREASE", "收支情况", "F17")]
    assert "超过预算" in found[0].message and "比上年" in found[0].message


def test_sangong_growing_against_last_year(tmp_path):
    found = only(findings(write(tmp_path, consistent({"5.2.2": {"prior": 3}}))), "SANGONG_INCREASE")
    # 5.2.2 grows from 3 to 3.5, and so do its parents (5.2: 3 → 3.5, 5: 4 → 4.2)
    assert project(found) == [
        ("SANGONG_INCREASE", "收支情况", "F12"),
        ("SANGONG_INCREASE", "收支情况", "F14"),
        ("SANGONG_INCREASE", "收支情况", "F16"),
    ]
    assert all("超过预算" not in f.message for f in found)


# STAFF_OVER_QUOTA --------------------------------------------------------------------------


@pytest.mark.fires("STAFF_OVER_QUOTA")
def test_staff_over_quota(tmp_path):
    found = fire(tmp_path, {"基本信息": {"B7": 11}}, "STAFF_OVER_QUOTA")
    assert project(found) == [("STAFF_OVER_QUOTA", "基本信息", "B7")]
    assert (found[0].stated, found[0].computed) == (11, 10)


def test_staff_at_quota_is_quiet(tmp_path):
    quiet(tmp_path, {"基本信息": {"B7": 10}}, "STAFF_OVER_QUOTA")
