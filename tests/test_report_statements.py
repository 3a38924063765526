"""Each kind of statement a report's text makes, checked on a sentence that gets it wrong and on
its quiet twin that gets it right; and each binding rule: a figure whose subject, base or total
the text leaves ambiguous is declined (counted), never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_batch.narrative.review import ParagraphReview, review_paragraph
from budget_batch.narrative.wording import wording

W = wording()


def review(text: str) -> ParagraphReview:
    return review_paragraph(1, text, W)


def alarms(text: str) -> list[tuple[str, str, str]]:
    """(figure as written, status, kind) of every relation that fails."""
    return [
        (r.stated.text, r.verdict.status, r.kind)
        for r in review(text).relations
        if r.verdict.status != "ok"
    ]


def checked(text: str) -> set[str]:
    """The figures that took part in a relation that was judged."""
    return {f.text for r in review(text).relations for f in r.figures}


def declined(text: str) -> set[str]:
    return {f.text for d in review(text).declined for f in d.figures}


# Each case: the statement made wrongly (its alarm), and right (no alarm, the figure checked).
CASES = {
    "其中 list": (
        "本年支出 900万元，其中：人员经费 500万元，公用经费 300万元。",
        "本年支出 800万元，其中：人员经费 500万元，公用经费 300万元。",
        [("900万元", "wrong", "sum")],
    ),
    "parts on the lines after 其中:": (
        "基本支出911.7万元,其中:\n人员经费489.18万元,主要包括:基本工资等。\n公用经费46.89万元,主要包括:办公费等。",
        "基本支出536.07万元,其中:\n人员经费489.18万元,主要包括:基本工资等。\n公用经费46.89万元,主要包括:办公费等。",
        [("911.7万元", "wrong", "sum")],
    ),
    "names counted": (
        "设4个内设机构,分别为:办公室、财务股、综合股。",
        "设3个内设机构,分别为:办公室、财务股、综合股。",
        [("4个", "wrong", "names")],
    ),
    "share of a named base": (
        "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 98.00%。",
        "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 99.10%。",
        [("98.00%", "wrong", "share")],
    ),
    "share one unit off (rounding)": (
        "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 99.09%。",
        "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 99.10%。",
        [("99.09%", "rounding", "share")],
    ),
    "share of the list's total (implicit)": (
        "本年支出合计4143.91万元,其中:基本支出1140.27万元,占72.48%;项目支出3003.64万元,占27.52%。",
        "本年支出合计4143.91万元,其中:基本支出1140.27万元,占27.52%;项目支出3003.64万元,占72.48%。",
        [("72.48%", "wrong", "share"), ("27.52%", "wrong", "share")],
    ),
    "share of a whole made of its parts (三公)": (
        "2023年“三公”经费财政拨款支出决算中,因公出国(境)费支出决算0万元,占0%;"
        "公务用车购置及运行维护费支出决算1.4万元,占0.02%;公务接待费支出决算0.28万元,占16.67%。",
        "2023年“三公”经费财政拨款支出决算中,因公出国(境)费支出决算0万元,占0%;"
        "公务用车购置及运行维护费支出决算1.4万元,占83.33%;公务接待费支出决算0.28万元,占16.67%。",
        [("0.02%", "wrong", "share")],
    ),
    "parallel shares": (
        "规模为1.32亿元。其中,货物、工程、服务规模分别为0.72亿元、0.02亿元和0.59亿元,"
        "占全市规模比例为30.00%、1.51%和44.69%。全市规模为1.32亿元。",
        "规模为1.32亿元。其中,货物、工程、服务规模分别为0.72亿元、0.02亿元和0.59亿元,"
        "占全市规模比例为54.54%、1.51%和44.69%。全市规模为1.32亿元。",
        [("30.00%", "wrong", "share")],
    ),
    "change against last year stated inline": (
        "“三公”经费预算总额为1969万元,较2024年的2190万元减少201万元。",
        "“三公”经费预算总额为1969万元,较2024年的2190万元减少221万元。",
        [("201万元", "wrong", "change")],
    ),
    "rate of change": (
        "本年收入预算安排 2224.46万元，比上年度减少 178.52 万元，减少了 8.43%。",
        "本年收入预算安排 2224.46万元，比上年度减少 178.52 万元，减少了 7.43%。",
        [("8.43%", "wrong", "change_rate")],
    ),
    "rate against a plan named inline": (
        "一般公共预算收入累计完成24627万元,完成年初预算数60999万元的44.4%。",
        "一般公共预算收入累计完成24627万元,完成年初预算数60999万元的40.4%。",
        [("44.4%", "wrong", "rate")],
    ),
    "named rate (就业率)": (
        "目前在就业年龄段内持证残疾人有 4243 人。我区现已就业的残疾人约 2889 人，就业率约为 60%。",
        "目前在就业年龄段内持证残疾人有 4243 人。我区现已就业的残疾人约 2889 人，就业率约为 68%。",
        [("60%", "wrong", "rate")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_wrong_statement_fires_and_its_twin_is_quiet(name: str) -> None:
    wrong, right, expected = CASES[name]
    assert alarms(wrong) == expected
    assert alarms(right) == []
    assert checked(right), f"{name}: the right sentence is checked, not skipped"


def test_the_right_values_are_computed() -> None:
    text = CASES["share one unit off (rounding)"][0]
    rel = next(r for r in review(text).relations if r.kind == "share")
    assert rel.verdict.shown == Decimal("99.10")
    rel = next(r for r in review(CASES["其中 list"][0]).relations if r.kind == "sum")
    assert rel.verdict.computed == Decimal("800") * 10000  # in 元
    assert rel.formula == "500 + 300 = 800"


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        ("就业率约为 68%", "约 68% accepts 67–69"),
        ("就业率约为 69%", "one unit more under 约"),
    ],
)
def test_about_widens_by_one_unit(text: str, quiet: str) -> None:
    full = f"持证残疾人有 4243 人。已就业的残疾人约 2889 人，{text}。"
    assert alarms(full) == [], quiet
    assert alarms("持证残疾人有 4243 人。已就业的残疾人约 2889 人，就业率约为 70%。") == [
        ("70%", "wrong", "rate")
    ]


def test_at_least_is_a_lower_bound() -> None:
    quiet = "本年支出 800万元，其中：人员经费 500万元，公用经费 300万元，占比 30%以上。"
    assert alarms(quiet) == [] and "30%" in checked(quiet)  # 37.5% ≥ 30%
    loud = "本年支出 800万元，其中：人员经费 500万元，公用经费 300万元，占比 50%以上。"
    assert alarms(loud) == [("50%", "wrong", "share")]


# Binding rules: an ambiguous subject, base, total or direction is declined, not guessed.


def test_a_list_after_two_possible_totals_that_fits_neither_is_declined() -> None:
    text = "全机关人数 12 人，参照公务员管理 9 人。其中正处级 1 人，副处级 2 人，科员 8 人。"
    assert alarms(text) == []
    assert {"12 人", "9 人", "1 人"} <= declined(text)


def test_a_list_after_two_possible_totals_is_checked_against_the_one_it_fits() -> None:
    text = "全机关人数 11 人，参照公务员管理 9 人。其中正处级 1 人，副处级 2 人，科员 8 人。"
    assert alarms(text) == [] and "11 人" in checked(text)


def test_examples_are_not_summed() -> None:
    text = "支出7.8万元,具体内容主要包括:签约仪式1.91万元、专家调研0.14万元、团队调研0.19万元等。"
    assert alarms(text) == [] and checked(text) == set()


def test_a_subset_in_brackets_that_does_not_add_up_is_declined() -> None:
    text = "一般转移支付收入1478万元(含均衡性转移支付收入166万元、结算补助收入132万元,专项转移支付收入406万元)。"
    assert alarms(text) == [] and "1478万元" in declined(text)


def test_parts_counted_in_another_unit_are_not_summed() -> None:
    text = "全年为残疾人提供辅助器具服务 771 件，其中假肢服务 16 人，矫形器服务 45 人，配置助听器 279 人。"
    assert alarms(text) == [] and checked(text) == set()


def test_a_share_whose_base_is_named_twice_with_two_values_is_declined() -> None:
    text = "收入合计 100万元。收入合计 120万元，财政拨款 60万元，占收入合计的 40%。"
    assert alarms(text) == []
    assert "40%" in declined(text)


def test_a_share_whose_base_is_not_stated_is_not_checked() -> None:
    text = "非税收入 21553万元，占一般公共预算地方收入的 30.00%。"
    assert alarms(text) == [] and checked(text) == set()


def test_a_change_after_a_lists_last_part_fitting_neither_is_declined() -> None:
    text = (
        "总预算 300 万元，其中：基本支出 100 万元，项目支出 200 万元，同比增加 50 万元，增长 99%。"
    )
    assert alarms(text) == [] and "99%" in declined(text)


def test_a_change_after_a_lists_last_part_is_checked_against_the_reading_that_holds() -> None:
    # 265.6% is the total's rate (27125219.46 on 37337407.64), not the last part's.
    text = (
        "事业运行经费总预算安排 37337407.64 元,其中:基本支出预算 488180.64 元,项目支出预算 36849227 元,"
        "同比增加 27125219.46 元,增长 265.6%。"
    )
    assert alarms(text) == [] and "265.6%" in checked(text)


def test_direction_words_that_contradict_are_declined() -> None:
    text = "商品和服务支出较上年减0.04万元,增0.01%。"
    assert alarms(text) == [] and "0.01%" in declined(text)


def test_a_rate_whose_numerator_is_not_named_is_not_checked() -> None:
    text = "年初预算为3522万元,2023年实际完成年初预算的127.91%。"
    assert alarms(text) == [] and checked(text) == set()


def test_operands_shown_too_coarsely_cannot_make_a_share_wrong() -> None:
    text = "全市规模为1.32亿元,授予中小企业合同金额为1.3亿元,占全市规模的98.43%。"
    assert alarms(text) == []


def test_a_rate_against_the_budget_is_not_a_change_over_the_year() -> None:
    text = "“三公”经费决算总额为1023万元,较年初预算减少32%。"
    assert alarms(text) == [] and checked(text) == set()


def test_integers_beside_decimals_are_shown_to_the_same_precision() -> None:
    """20 万元 beside 2224.46 万元 is 20.00: 20 ÷ 2224.46 = 0.8991% is not 0.91%."""
    text = "本年收入 2224.46万元，政府性基金预算财政拨款 20 万元，占总收入的 0.91%。"
    assert alarms(text) == [("0.91%", "rounding", "share")]


def test_a_sum_within_the_rounding_of_its_parts_is_quiet() -> None:
    """89.97 vs 30 + 30 + 29.99 = 89.99: four figures rounded to 0.01 may differ by 0.02."""
    text = "本项目共完成预算资金89.97万元。其中:30万元用于编制;30万元用于审计;29.99万元用于设计。"
    assert alarms(text) == []


def test_a_list_that_ends_with_a_subset_is_not_reported() -> None:
    """The parts add up before the last item (参照公务员管理 9 人 is a subset, not a part)."""
    text = "全机关人数 11人，其中正处级 1人、副处级 2人、科员 8人、参照公务员管理 9人。"
    assert alarms(text) == [] and "11人" in checked(text)
    assert alarms("全机关人数 12人，其中正处级 1人、副处级 2人、科员 8人。") == [
        ("12人", "wrong", "sum")
    ]


def test_a_change_after_a_single_subset_may_be_the_totals() -> None:
    """本年支出 2224.46，其中项目支出 1359.27，比上年减少 178.52，减少 7.43%: the rate is the
    total's (178.52 ÷ 2402.98); it is checked against the reading that holds."""
    text = "本年支出 2224.46万元，其中项目支出 1359.27万元，比上年减少 178.52万元，减少 7.43%。"
    assert alarms(text) == [] and "7.43%" in checked(text)
    assert "9.99%" in declined(text.replace("7.43%", "9.99%"))
