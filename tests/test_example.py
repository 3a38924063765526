"""The example workbook (the seed report) yields the seed's real inconsistencies and nothing else."""

import pytest
from builders import findings, only, project
from conftest import EXAMPLE

from budget_batch import read_workbook


@pytest.fixture(scope="module")
def found():
    return findings(EXAMPLE)


def test_income_shares_are_rounding_warnings(found):
    shares = only(found, "SHARE_MISMATCH")
    assert [(f.cell, f.severity, f.stated, f.computed) for f in shares] == [
        ("I3", "warning", 99.09, 99.1),
        ("I4", "warning", 0.91, 0.9),
    ]
    assert "2,204.46 ÷ 2,224.46" in shares[0].message


def test_assistive_devices_counted_in_another_unit(found):
    units = only(found, "UNIT_MISMATCH")
    model = read_workbook(EXAMPLE).model
    services = {r.index: r for r in model.services.rows}
    assert {services[int(f.cell[1:])].text("item") for f in units} == {
        "假肢服务",
        "矫形器服务",
        "配置助听器",
        "其它辅助器具服务",
    }
    assert all(f.stated == "人" and f.computed == "件" for f in units)


def test_disability_certificates_do_not_add_up(found):
    sums = only(found, "SUM_MISMATCH")
    assert len(sums) == 1
    assert (sums[0].sheet, sums[0].stated, sums[0].computed) == ("服务数量", 903.0, 825.0)


def test_figures_that_add_up_stay_quiet(found):
    # 康复资助 1138, 就业年审 2381, staffing 11, spending 38.89 / 61.11, budget −7.43%.
    flagged = {(f.sheet, f.cell) for f in found}
    model = read_workbook(EXAMPLE).model
    quiet = {"提供康复资助", "按比例安排残疾人就业", "全机关人数"}
    for row in model.services.rows:
        if row.text("item") in quiet:
            assert (row.sheet, row.ref("current")) not in flagged
    budget = {r.text("code"): r for r in model.budget.rows}
    for code in ("2.1", "2.2"):
        assert ("收支情况", budget[code].ref("share")) not in flagged


#: Every code the example may raise: the seed's real inconsistencies, nothing else.
EXPECTED_CODES = {"SHARE_MISMATCH", "UNIT_MISMATCH", "SUM_MISMATCH", "SELF_SCORE_INFLATED"}


def test_nothing_else(found):
    assert {f.code for f in found} == EXPECTED_CODES
    assert len(found) == 8


def test_self_score_of_100_next_to_three_problems(found):
    (f,) = only(found, "SELF_SCORE_INFLATED")
    assert (f.sheet, f.cell, f.stated) == ("基本信息", "B12", 100)
    assert "3 个存在问题" in f.message


def test_computed_total_and_grade_next_to_the_stated_ones():
    from budget_batch import check_workbook

    score = check_workbook(EXAMPLE).score
    assert (score.stated, score.grade_stated) == (100, "优")
    assert (score.computed, score.grade_computed) == (100.0, "优")


def test_projection_is_stable(found):
    assert project(found, "SUM_MISMATCH") == [("SUM_MISMATCH", "服务数量", "E25")]


def test_unit_mismatch_shows_what_the_parts_add_up_to(found):
    assert "16 + 45 + 279 + 107 = 447人，上级为 771件" in only(found, "UNIT_MISMATCH")[0].message
