"""SUM_MISMATCH, ROUNDING_DIFF, SUBSET_EXCEEDS, UNIT_MISMATCH: fire on a crafted cell, quiet otherwise."""

import pytest
from builders import edit, findings, only, project, write

HIER = ("SUM_MISMATCH", "ROUNDING_DIFF", "SUBSET_EXCEEDS", "UNIT_MISMATCH")


def test_clean_workbook_is_quiet(clean):
    assert findings(clean) == []


@pytest.mark.fires("SUM_MISMATCH")
def test_budget_children_do_not_add_up(tmp_path):
    # 1.1 执行 1040 typed 1050: its total, 增减额, 增减率 and 占比 all say 1040 — blamed on it
    path = edit(write(tmp_path), {"收支情况": {"F3": 1050}})
    found = findings(path)
    assert project(found, *HIER) == [("SUM_MISMATCH", "收支情况", "F3")]
    f = only(found, "SUM_MISMATCH")[0]
    assert (f.stated, f.computed) == (1050.0, 1040.0)
    assert "上级合计" in f.message and "1,040.00" in f.message
    assert set(f.explains) == {"收支情况!F2", "收支情况!G3", "收支情况!H3", "收支情况!I3"}


def test_a_total_and_parts_that_disagree_with_no_one_to_blame(tmp_path):
    # 服务数量 has no rates: the total or any part could be the wrong one (a tie)
    path = edit(write(tmp_path), {"服务数量": {"E3": 130}})
    found = only(findings(path), "SUM_MISMATCH")
    assert project(found) == [("SUM_MISMATCH", "服务数量", "E2")]
    assert (found[0].stated, found[0].computed) == (300.0, 310.0)
    assert "130 + 180 = 310" in found[0].message and "相差 −10" in found[0].message
    assert (
        "无法确定是哪一个数填错" in found[0].message
        and "「1.1 儿童康复」本年数" in found[0].message
    )


@pytest.mark.fires("ROUNDING_DIFF")
def test_difference_within_tolerance_is_rounding(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"F2": 1150.01}})  # exactly at the 0.01 tolerance
    found = findings(path)
    assert project(found, *HIER) == [("ROUNDING_DIFF", "收支情况", "F2")]
    assert only(found, "ROUNDING_DIFF")[0].severity == "info"


def test_difference_just_past_tolerance_is_an_error(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"F2": 1150.011}})
    assert project(findings(path), *HIER) == [("SUM_MISMATCH", "收支情况", "F2")]


def test_yuan_workbook_uses_a_one_yuan_tolerance(tmp_path):
    path = edit(write(tmp_path), {"基本信息": {"B4": "元"}, "收支情况": {"F2": 1151}})
    assert project(findings(path), *HIER) == [("ROUNDING_DIFF", "收支情况", "F2")]


def test_total_left_empty_is_flagged(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"E2": None}})
    found = only(findings(path), "SUM_MISMATCH")
    assert project(found) == [("SUM_MISMATCH", "服务数量", "E2")]
    assert found[0].stated is None and found[0].computed == 300.0


@pytest.mark.fires("SUM_MISMATCH")
def test_total_typed_as_zero_is_flagged(tmp_path):
    """The total typed 0 is the one wrong cell (no part can be negative to make the sum 0): it
    alone is blamed, and the 其中 row 50, correct, is not said to exceed the 0 it is compared with
    — that consequence rests on the wrong total."""
    path = edit(write(tmp_path), {"服务数量": {"E2": 0}})
    found = findings(path)
    assert project(found, *HIER) == [("SUM_MISMATCH", "服务数量", "E2")]
    (total,) = only(found, "SUM_MISMATCH")
    assert (total.stated, total.computed) == (0.0, 300.0)


def test_column_without_breakdown_is_not_checked(tmp_path):
    # 金额 is filled on the parent only: no component has one, so nothing to add up.
    found = findings(write(tmp_path))
    assert not only(found, "SUM_MISMATCH")


def test_one_component_filled_counts_the_others_as_zero(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"F3": 100}})  # 儿童康复 金额 100; 成人 empty
    found = only(findings(path), "SUM_MISMATCH")
    assert project(found) == [("SUM_MISMATCH", "服务数量", "F2")]
    assert (found[0].stated, found[0].computed) == (300.0, 100.0)


def test_negative_components_add_up(tmp_path):
    # 增减额 of 2.1 is 18 + (−4) = 14: negative changes sum like any figure.
    assert not only(findings(write(tmp_path)), "SUM_MISMATCH")  # the clean 14 = 18 − 4
    path = edit(write(tmp_path), {"收支情况": {"G6": 22}})  # 18 + 4, the sign lost
    errors = [f for f in findings(path) if f.severity == "error"]
    assert [(f.cell, f.computed) for f in errors] == [("G6", 14)]


@pytest.mark.fires("SUBSET_EXCEEDS")
def test_subset_exceeding_parent(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"E5": 301}})
    found = findings(path)
    assert project(found, *HIER) == [("SUBSET_EXCEEDS", "服务数量", "E5")]
    f = found[0]
    assert (f.stated, f.computed) == (301.0, 300.0)


def test_subset_equal_to_parent_is_fine(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"E5": 300}})
    assert project(findings(path), *HIER) == []


def test_subset_is_not_summed(tmp_path):
    # 1.3 (其中) is 50; were it counted, 120 + 180 + 50 ≠ 300.
    assert not only(findings(write(tmp_path)), "SUM_MISMATCH")


@pytest.mark.fires("UNIT_MISMATCH")
def test_unit_mismatch_leaves_child_out_of_the_sum(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"C9": "人"}})  # 助听器 in 人 under 件
    found = findings(path)
    assert project(found, *HIER) == [
        ("SUM_MISMATCH", "服务数量", "E7"),  # now 10 alone ≠ 40
        ("UNIT_MISMATCH", "服务数量", "C9"),
    ]
    u = only(found, "UNIT_MISMATCH")[0]
    assert (u.stated, u.computed) == ("人", "件")


def test_child_without_unit_inherits(clean):
    # 3.2 助听器 has no unit and inherits 件: no UNIT_MISMATCH.
    assert not only(findings(clean), "UNIT_MISMATCH")


def test_an_other_unit_on_a_subset_row_is_its_own_business(tmp_path):
    # 1.3 其中：重度残疾人 (计入上级合计 = 否) counted in 户 under 人: never summed, not flagged.
    path = edit(write(tmp_path), {"服务数量": {"C5": "户"}})
    assert project(findings(path), *HIER) == []
    # The same unit on a summed row is flagged, and the message offers the 其中 way out.
    path = edit(write(tmp_path), {"服务数量": {"C4": "户"}}, dest=tmp_path / "summed.xlsx")
    (u,) = only(findings(path), "UNIT_MISMATCH")
    assert u.cell == "C4" and "计入上级合计" in u.message
