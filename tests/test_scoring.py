"""The scorer, table-driven: every rule and edge of checks.md "Indicators and scoring"."""

from decimal import Decimal

import pytest
from memory import indicator_row

from budget_batch.checks.scorecard import score_row
from budget_batch.model import Cell
from budget_batch.read.indicator_values import Day, parse_value
from budget_batch.settings import DEFAULT, CapBand, Settings

D = Decimal
DEDUCT = Settings(name="deduct", overshoot_deduction=1.0)


@pytest.mark.parametrize(
    ("kwargs", "settings", "computed", "met", "formula"),
    [
        # ≥ (正向): met, missed, target 0, over-achievement with and without deduction
        ({"target": 20, "actual": 20, "weight": 6}, DEFAULT, "6.00", True, "20 ≥ 20"),
        ({"target": 20, "actual": 18, "weight": 6}, DEFAULT, "5.40", False, "18 / 20 × 6 = 5.40"),
        ({"target": 0, "actual": 0, "weight": 6}, DEFAULT, "6.00", True, ""),
        ({"target": 2000, "actual": 2600, "weight": 10}, DEFAULT, "10.00", True, ""),
        ({"target": 2000, "actual": 2600, "weight": 10}, DEDUCT, "9.00", True, "10 − 1 = 9.00"),
        (
            {"target": "≥95%", "actual": "96%", "weight": 10, "operator": ""},
            DEFAULT,
            "10.00",
            True,
            "",
        ),
        ({"target": "不低于95%", "actual": "90%", "weight": 10}, DEFAULT, "9.47", False, "90 / 95"),
        ({"target": "95%以上", "actual": "95%", "weight": 10}, DEFAULT, "10.00", True, ""),
        # ≤ (反向): met, missed, target 0
        ({"operator": "≤", "target": 5, "actual": 4, "weight": 10}, DEFAULT, "10.00", True, ""),
        (
            {"operator": "≤", "target": 5, "actual": 8, "weight": 10},
            DEFAULT,
            "6.25",
            False,
            "5 / 8 × 10",
        ),
        ({"operator": "≤", "target": 0, "actual": 0, "weight": 10}, DEFAULT, "10.00", True, ""),
        (
            {"operator": "≤", "target": 0, "actual": 2, "weight": 10},
            DEFAULT,
            "0.00",
            False,
            "得 0 分",
        ),
        # = : within the stated precision, off by a little, floored at 0
        (
            {"operator": "=", "target": "100%", "actual": "100.0%", "weight": 10},
            DEFAULT,
            "10.00",
            True,
            "",
        ),
        (
            {"operator": "=", "target": 100, "actual": 98, "weight": 10},
            DEFAULT,
            "9.80",
            False,
            "1 − |98 − 100| / 100",
        ),
        ({"operator": "=", "target": 100, "actual": 250, "weight": 10}, DEFAULT, "0.00", False, ""),
        # 定性 bands: the stated score clamped into the band; the upper bound when none is stated
        (
            {"operator": "定性", "target": "达成", "actual": "达成", "weight": 20, "score": 18},
            DEFAULT,
            "18.00",
            True,
            "[16.00, 20.00]",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "达成年度指标", "weight": 20},
            DEFAULT,
            "20.00",
            True,
            "",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "达成", "weight": 20, "score": 10},
            DEFAULT,
            "16.00",
            True,
            "",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "基本达成", "weight": 20, "score": 20},
            DEFAULT,
            "15.99",
            False,
            "[12.00, 15.99]",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "部分达成", "weight": 20, "score": 13},
            DEFAULT,
            "13.00",
            False,
            "",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "未达成", "weight": 20, "score": 15},
            DEFAULT,
            "11.99",
            False,
            "",
        ),
        (
            {"operator": "定性", "target": "达成", "actual": "未达成", "weight": 20, "score": 0},
            DEFAULT,
            "0.00",
            False,
            "",
        ),
        # 时效 dates
        (
            {"operator": "≤", "target": "12月底前", "actual": "12月20日", "weight": 5},
            DEFAULT,
            "5.00",
            True,
            "",
        ),
        (
            {"operator": "≤", "target": "11月底前", "actual": "12月31日", "weight": 5},
            DEFAULT,
            "0.00",
            False,
            "晚于",
        ),
        (
            {"operator": "≤", "target": "年底前", "actual": "按时完成", "weight": 5},
            DEFAULT,
            "5.00",
            True,
            "",
        ),
    ],
)
def test_rules(kwargs, settings, computed, met, formula):
    s = score_row(indicator_row(**kwargs), settings, exec_rate=None)
    assert s.computed == D(computed), s.problem
    assert s.met is met
    assert formula in s.formula


def test_over_achievement_flags_target_too_low_at_the_threshold():
    assert score_row(indicator_row(target=100, actual=130), DEFAULT, None).overshoot
    assert not score_row(indicator_row(target=100, actual=129.99), DEFAULT, None).overshoot


@pytest.mark.parametrize(
    ("rate", "computed"), [(D(96), "19.20"), (D("105.5"), "20.00"), (D(0), "0.00")]
)
def test_budget_execution_row(rate, computed):
    row = indicator_row(level1="预算执行率", target="100%", weight=20)
    assert score_row(row, DEFAULT, rate).computed == D(computed)


def test_budget_execution_row_falls_back_to_the_stated_actual():
    row = indicator_row(level1="预算执行率", target="100%", actual="90%", weight=20)
    assert score_row(row, DEFAULT, None).computed == D("18.00")


def test_not_applicable_and_uncomputable_rows():
    na = score_row(indicator_row(target=10, actual="不适用"), DEFAULT, None)
    assert na.not_applicable and na.computed is None
    vague = score_row(indicator_row(target="较上年提高", actual=5, score=8), DEFAULT, None)
    assert vague.computed is None and vague.counted == D(8) and "不是数字" in vague.problem


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (89.99, "良"),
        (80, "良"),
        (79.99, "中"),
        (60, "中"),
        (59.99, "差"),
        (0, "差"),
    ],
)
def test_grade_boundaries(score, grade):
    assert DEFAULT.grade(D(str(score))) == grade


def test_execution_cap_on_and_off():
    on = Settings(exec_cap=True)
    assert DEFAULT.cap(D(55)) is None
    assert on.cap(D(85)) is None
    assert on.cap(D("79.99")) == 89
    assert on.cap(D(65)) == 79
    assert on.cap(D(55)) == 69
    assert on.cap(D(45)) == 59
    assert Settings(exec_cap=True, cap_bands=(CapBand(90, 80),)).cap(D(89)) == 80


@pytest.mark.parametrize(
    ("text", "number", "percent", "operator", "quality", "day"),
    [
        ("≥95%", D(95), True, "≥", None, None),
        ("不低于95%", D(95), True, "≥", None, None),
        ("95%以上", D(95), True, "≥", None, None),
        ("＜＝５", D(5), False, "≤", None, None),
        ("2300人", D(2300), False, None, None, None),
        ("约68%", D(68), True, None, None, None),
        ("达成年度指标", None, False, None, "达成", None),
        ("基本达成", None, False, None, "部分达成", None),
        ("未完成", None, False, None, "未达成", None),
        ("12月底前", None, False, None, None, Day(12, 31)),
        ("6月30日前", None, False, None, None, Day(6, 30)),
        ("2023年6月", None, False, None, None, Day(6, 30, 2023)),
        ("6月", D(6), False, None, None, None),  # a duration or a count, not a date
        ("年底前完成", None, False, None, None, Day(12, 31)),
        ("2024/12/31", None, False, None, None, Day(12, 31, 2024)),
        ("2024-12-31", None, False, None, None, Day(12, 31, 2024)),
        ("2024年12月31日前", None, False, None, None, Day(12, 31, 2024)),
        ("2月30日前", None, False, None, None, None),
        ("较上年提高", None, False, None, None, None),
        ("30,000", D(30000), False, None, None, None),  # thousands separators
        ("≤1,234.5万元", D("1234.5"), False, "≤", None, None),
        ("1,2", None, False, None, None, None),  # not a grouping of thousands
    ],
)
def test_value_parsing(text, number, percent, operator, quality, day):
    v = parse_value(Cell("绩效指标", 2, 5, text, text))
    assert (v.number, v.percent, v.operator, v.quality, v.day) == (
        number,
        percent,
        operator,
        quality,
        day,
    )
