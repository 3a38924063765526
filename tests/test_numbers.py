import datetime as dt
from decimal import Decimal

import pytest

from budget_batch.decimals import decimals_of, fmt, percent_of, round_half_up
from budget_batch.read.number_parsing import COUNT_UNITS, SCORE_UNITS, YEAR_UNITS, parse_number


@pytest.mark.parametrize(
    ("raw", "kwargs", "value", "decimals", "noted"),
    [
        (12.5, {}, 12.5, 1, False),
        (7, {}, 7.0, 0, False),
        ("1,234.5", {}, 1234.5, 1, True),
        ("１２３４", {}, 1234.0, 0, True),
        (" 12.3 ", {}, 12.3, 1, True),
        ("12.30", {}, 12.3, 2, True),  # decimals as typed
        ("12.3万元", {"money_unit": "万元"}, 12.3, 1, True),
        ("68%", {"percent": True}, 68.0, 0, True),
        ("约68%", {"percent": True}, 68.0, 0, True),
        ("６８．１１％", {"percent": True}, 68.11, 2, True),
        (0.6811, {"percent": True, "percent_format": True}, 68.11, 2, True),
        (68.11, {"percent": True}, 68.11, 2, False),
        ("(12.5)", {}, -12.5, 1, True),
        ("-3", {}, -3.0, 0, True),
        ("15人", {"units": COUNT_UNITS}, 15.0, 0, True),
        ("2023年", {"units": YEAR_UNITS, "integer": True}, 2023.0, 0, True),
        ("99.41分", {"units": SCORE_UNITS}, 99.41, 2, True),
        ("21 800.00", {"money_unit": "元"}, 21800.0, 2, True),
        ("2023", {"integer": True}, 2023.0, 0, True),
    ],
)
def test_parses_what_people_type(raw, kwargs, value, decimals, noted):
    parsed = parse_number(raw, **kwargs)
    assert parsed.error is None
    assert parsed.value == value
    assert parsed.decimals == decimals
    assert (parsed.note is not None) == noted


@pytest.mark.parametrize(
    ("raw", "kwargs", "reason"),
    [
        ("约一千", {}, "不是可识别的数字"),
        ("12.3元", {"money_unit": "万元"}, "与基本信息“金额单位”（万元）不一致"),
        ("68%", {}, "不是百分比列"),
        ("1.2.3", {}, "不是可识别的数字"),
        (True, {}, "逻辑值"),
        (dt.datetime(2023, 1, 1), {}, "日期"),
        (float("nan"), {}, "非有限数"),
        (float("inf"), {}, "非有限数"),
        (2023.5, {"integer": True}, "应为整数"),
        ("1,23", {}, "不是可识别的数字"),
    ],
)
def test_refuses_what_is_ambiguous(raw, kwargs, reason):
    parsed = parse_number(raw, **kwargs)
    assert parsed.value is None
    assert parsed.error is not None and reason in parsed.error


@pytest.mark.parametrize("raw", [None, "", "   ", "—", "-", "/"])
def test_blank_and_dashes_are_empty(raw):
    parsed = parse_number(raw)
    assert parsed.value is None and parsed.error is None


def test_decimal_helpers():
    assert decimals_of(99.09) == 2
    assert decimals_of(7.0) == 0
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert percent_of(2204.46, 2224.46) is not None
    assert round_half_up(percent_of(2204.46, 2224.46), 2) == Decimal("99.10")
    assert percent_of(1, 0) is None
    assert fmt(2204.46) == "2204.46"
    assert fmt(0.1 + 0.2) == "0.3"
    assert fmt(Decimal("99.1"), 2) == "99.10"
    assert fmt(None) == "（空）"


@pytest.mark.parametrize(
    ("number_format", "decimals"),
    [
        ("0.00", 2),
        ("#,##0.00", 2),
        ("0.00%", 2),
        ("General", None),
        ("0", 0),
        ("0.0_ ;[Red]-0.0", 1),
        ('"¥"#,##0.000', 3),
        ("@", None),
    ],
)
def test_format_decimals(number_format, decimals):
    from budget_batch.read.number_parsing import format_decimals

    assert format_decimals(number_format) == decimals


def test_shown_decimals_win_over_stored_ones():
    assert parse_number(5238.0, percent=True, shown_decimals=2).decimals == 2
    assert parse_number(0.6811, percent=True, percent_format=True, shown_decimals=1).decimals == 1
