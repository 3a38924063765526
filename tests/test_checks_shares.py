"""SHARE_MISMATCH and SHARE_TOTAL."""

import pytest
from builders import edit, findings, only, project, write

SHARES = ("SHARE_MISMATCH", "SHARE_TOTAL")


def test_exact_rounded_share_is_quiet(clean):
    assert project(findings(clean), *SHARES) == []


@pytest.mark.fires("SHARE_MISMATCH")
def test_one_unit_off_is_a_rounding_warning(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"I3": 90.44, "I4": 9.56}})
    found = only(findings(path), "SHARE_MISMATCH")
    assert project(found) == [
        ("SHARE_MISMATCH", "收支情况", "I3"),
        ("SHARE_MISMATCH", "收支情况", "I4"),
    ]
    assert [f.severity for f in found] == ["warning", "warning"]
    assert (found[0].stated, found[0].computed) == (90.44, 90.43)
    assert "末位尾差" in found[0].message


def test_more_than_one_unit_off_is_an_error(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"I3": 90.6, "I4": 9.4}})
    found = only(findings(path), "SHARE_MISMATCH")
    assert [f.severity for f in found] == ["error", "error"]
    assert found[0].computed == 90.43  # rounded to the decimals the cell shows (format 0.00)


def test_share_of_the_immediate_parent_is_legitimate(tmp_path):
    # 人员经费 518 of 基本支出 594 = 87.21%; of 支出合计 1104 = 46.92%. Both are accepted.
    for value in (87.21, 46.92):
        path = edit(write(tmp_path), {"收支情况": {"I7": value}}, dest=tmp_path / f"{value}.xlsx")
        assert project(findings(path), "SHARE_MISMATCH") == []


def test_share_on_the_budget_basis_is_explained(tmp_path):
    # 基本支出 600 of 全年预算 1150 = 52.17%; the right basis (执行 594 / 1104) gives 53.80%.
    path = edit(write(tmp_path), {"收支情况": {"I6": 52.17, "I9": 47.83}})
    found = only(findings(path), "SHARE_MISMATCH")
    assert project(found)[0] == ("SHARE_MISMATCH", "收支情况", "I6")
    assert (
        "填报的占比按全年预算数计算" in found[0].message
        and "应按全年执行数计算" in found[0].message
    )
    assert found[0].severity == "error"


def test_truncated_share_is_explained(tmp_path):
    # 项目支出 510 / 1104 = 46.1957…: truncated 46.19, rounded 46.20.
    path = edit(write(tmp_path), {"收支情况": {"I9": 46.19}})
    found = only(findings(path), "SHARE_MISMATCH")
    assert project(found) == [("SHARE_MISMATCH", "收支情况", "I9")]
    assert "截尾" in found[0].message and "46.20%" in found[0].message


def test_zero_part_states_zero(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"I13": 0, "I15": 0}})
    assert project(findings(path), *SHARES) == []
    path = edit(path, {"收支情况": {"I15": 10}})
    assert project(findings(path), *SHARES) == [("SHARE_MISMATCH", "收支情况", "I15")]


def test_zero_total_is_not_divided(tmp_path):
    # "三公" all zero: a share stated under it has no basis and is not checked.
    zeros = {"F12": 0, "F14": 0, "F16": 0, "F17": 0, "I15": 10}
    path = edit(write(tmp_path), {"收支情况": zeros})
    assert project(findings(path), *SHARES) == []


@pytest.mark.fires("SHARE_TOTAL")
def test_shares_not_totalling_100(tmp_path):
    # Each share is right on its own basis (人员经费 of 支出合计: 518 / 1104 = 46.92%; 公用经费
    # of 基本支出: 76 / 594 = 12.79%), so no share can be blamed, but together they are neither
    # 100% nor 基本支出's share of 支出合计 (53.80%).
    path = edit(write(tmp_path), {"收支情况": {"I7": 46.92, "I8": 12.79}})
    found = findings(path)
    assert project(found, "SHARE_TOTAL", "SHARE_MISMATCH") == [("SHARE_TOTAL", "收支情况", "I6")]
    f = only(found, "SHARE_TOTAL")[0]
    assert (f.stated, f.computed) == (59.71, 100.0)


def test_share_total_allows_a_unit_per_component(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"I3": 90.44, "I4": 9.57}})  # 100.01
    assert project(findings(path), "SHARE_TOTAL") == []


def test_share_total_needs_every_nonzero_component(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"I4": None, "I3": 80}})
    assert project(findings(path), "SHARE_TOTAL") == []


def test_shares_of_the_top_total_add_to_the_parents_share(tmp_path):
    # 人员经费 46.92 + 公用经费 6.88 (of 支出合计) = 53.80 = 基本支出's share: legitimate.
    path = edit(write(tmp_path), {"收支情况": {"I7": 46.92, "I8": 6.88}})
    assert project(findings(path), *SHARES) == []
