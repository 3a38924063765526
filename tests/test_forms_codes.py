"""forms.md's table, the codes that depend on what a layout has (a 原因 cell, 得分系数, printed
weights, 评价结论 …): each fires at its cell on a crafted form, and stays quiet on its twin."""

from __future__ import annotations

import pytest
from form_cases import INSTRUCTION, codes_at, found, indicator_row, make, serious, total_row, write


def _low(data):  # 四川: 47 budgeted, 40 spent (85.11%)
    total, part = data.funds[0], data.funds[1]
    total.actual = part.actual = 40.0
    total.rate = part.rate = 0.8511
    total.score = 8.51
    data.total_score = 98.51


@pytest.mark.fires("EXEC_RATE_LOW")
def test_low_execution_with_only_the_printed_instruction_as_reason(tmp_path):
    findings = found(write(tmp_path, "四川", make("四川", _low)))
    (low,) = [f for f in findings if f.code == "EXEC_RATE_LOW"]
    assert low.cell == "I9" and low.severity.value == "warning" and low.computed == 85.11
    assert "原因" in low.message


def test_low_execution_explained_or_without_a_reason_cell_is_quiet(tmp_path):
    def explained(data):
        _low(data)
        data.reason = INSTRUCTION + "受设备招标延期影响，剩余资金已收回。"

    assert (
        codes_at(found(write(tmp_path, "四川", make("四川", explained))), "EXEC_RATE_LOW") == set()
    )

    def national_low(data):  # the national layout has no reason cell: not checked
        data.funds[0].actual = data.funds[1].actual = 80
        data.funds[2].actual = 5
        data.funds[0].actual = 85
        data.funds[0].rate, data.funds[0].score, data.total_score = "85.00%", 8.5, 98.5

    assert (
        codes_at(found(write(tmp_path, "10号", make("10号", national_low))), "EXEC_RATE_LOW")
        == set()
    )


@pytest.mark.fires("BUDGET_ADJUST_LARGE")
def test_a_large_adjustment(tmp_path):
    def adjusted(data):
        data.funds[0].initial = data.funds[1].initial = 30.0

    findings = found(write(tmp_path, "四川", make("四川", adjusted)))
    assert codes_at(findings, "BUDGET_ADJUST_LARGE") == {("BUDGET_ADJUST_LARGE", "D9")}

    def explained(data):
        adjusted(data)
        data.reason = "年中追加监管人员工资17万元。"

    assert (
        codes_at(found(write(tmp_path, "四川", make("四川", explained))), "BUDGET_ADJUST_LARGE")
        == set()
    )

    def added_in_year(data):  # 年初 0: a project added during the year
        data.funds[0].initial = data.funds[1].initial = 0.0

    assert (
        codes_at(found(write(tmp_path, "四川", make("四川", added_in_year))), "BUDGET_ADJUST_LARGE")
        == set()
    )


@pytest.mark.fires("EXEC_OVER_BUDGET")
def test_spending_over_budget(tmp_path):
    def over(data):
        data.funds[0].actual, data.funds[1].actual = 105, 95
        data.funds[0].rate = "105.00%"

    findings = found(write(tmp_path, "10号", make("10号", over)))
    assert {("EXEC_OVER_BUDGET", "E6"), ("EXEC_OVER_BUDGET", "E7")} <= codes_at(findings)


@pytest.mark.fires("SCORE_MISMATCH")
def test_an_execution_score_rounded_up_to_an_integer(tmp_path):
    """廊坊's published form: 执行率 86%, 得分 9 where 10 × 37.24 / 43.2 = 8.62."""

    def rounded(data):
        data.funds[0].final, data.funds[0].actual = 43.2, 37.24
        data.funds[0].initial = data.funds[1].initial = 43.2
        data.funds[1].final, data.funds[1].actual = 43.2, 37.24
        data.funds[2].final = data.funds[2].actual = None
        data.funds[0].rate, data.funds[0].score = "86%", 9

    findings = found(write(tmp_path, "10号", make("10号", rounded)))
    (score,) = [f for f in findings if f.code == "SCORE_MISMATCH"]
    assert (score.cell, score.severity.value, score.stated, score.computed) == (
        "H6",
        "error",
        9.0,
        8.62,
    )
    assert "四舍五入为整数" in score.message and "请改为 8.62" in score.message
    assert codes_at(findings, "EXEC_RATE_MISMATCH") == set()  # 86.20% shown as 86%: right


@pytest.mark.fires("SCORE_MISMATCH")
def test_an_inflated_row_score_and_a_coefficient_that_does_not_give_the_score(tmp_path):
    def inflated(data):  # 14 persons planned, 12 hired, still scored 15
        data.indicators[0].actual = 12

    findings = found(write(tmp_path, "四川", make("四川", inflated)))
    (row,) = [f for f in findings if f.code == "SCORE_MISMATCH"]
    assert (row.cell, row.severity.value, row.computed) == ("J15", "error", 12.86)

    def coefficient(data):  # 得分系数 90% × 权重 20 = 18, but 得分 20 (the rule gives 20)
        data.indicators[0].coefficient = 90

    findings = found(write(tmp_path, "重庆", make("重庆", coefficient)))
    (coef,) = [f for f in findings if f.code == "SCORE_MISMATCH"]
    assert (coef.cell, coef.stated, coef.computed) == ("I12", 90.0, 100.0)


@pytest.mark.fires("SCORE_MISMATCH", "SCORE_UNCOMPUTABLE")
def test_a_quantitative_row_completed_in_words(tmp_path):
    """四川: 完成值 `完成` on a ≤ 元/人 cost row, scored full: its score cannot be computed."""

    def in_words(data):
        data.indicators[3].actual = "完成"

    data = make("四川", in_words)
    findings = found(write(tmp_path, "四川", data))
    row = indicator_row("四川", data, 3)
    assert codes_at(findings, "SCORE_UNCOMPUTABLE") == {("SCORE_UNCOMPUTABLE", f"H{row}")}
    assert serious(findings) == [f for f in findings if f.code == "SCORE_UNCOMPUTABLE"]

    def above_weight(data):
        in_words(data)
        data.indicators[3].score = 12

    findings = found(write(tmp_path, "四川", make("四川", above_weight)))
    assert ("SCORE_MISMATCH", f"J{row}") in codes_at(findings)


@pytest.mark.fires("DEVIATION_UNEXPLAINED")
def test_a_missed_target_without_a_reason(tmp_path):
    def missed(data, reason=""):
        data.indicators[1].actual, data.indicators[1].score = "90%", 14.21
        data.indicators[1].deviation = reason
        data.total_score = 99.21

    for reason in ("", "0", "无"):
        data = make("10号", lambda d, r=reason: missed(d, r))
        findings = found(write(tmp_path, "10号", data))
        cell = f"I{indicator_row('10号', data, 1)}"
        assert codes_at(findings, "DEVIATION_UNEXPLAINED") == {("DEVIATION_UNEXPLAINED", cell)}, (
            reason
        )
    explained = make("10号", lambda d: missed(d, "两份报告返工，已调整审核流程。"))
    assert codes_at(found(write(tmp_path, "10号", explained)), "DEVIATION_UNEXPLAINED") == set()


@pytest.mark.fires("TARGET_TOO_LOW")
def test_a_target_far_exceeded(tmp_path):
    def exceeded(data):
        data.indicators[0].actual = "70个"
        data.indicators[0].deviation = "上级追加委托任务。"

    data = make("10号", exceeded)
    findings = found(write(tmp_path, "10号", data))
    assert codes_at(findings, "TARGET_TOO_LOW") == {("TARGET_TOO_LOW", "E13")}
    assert codes_at(findings, "DEVIATION_UNEXPLAINED") == set()


@pytest.mark.fires("SELF_SCORE_INFLATED")
def test_a_top_score_next_to_a_low_execution_rate(tmp_path):
    def spent_less(data):
        data.funds[0].actual, data.funds[1].actual = 95, 85
        data.funds[0].rate, data.funds[0].score, data.total_score = "95.00%", 9.5, 99.5

    data = make("10号", spent_less)
    findings = found(write(tmp_path, "10号", data))
    assert codes_at(findings, "SELF_SCORE_INFLATED") == {
        ("SELF_SCORE_INFLATED", f"H{total_row('10号', data)}")
    }

    # Below form_inflated_at (95) a missed target is no sign of inflation.
    def modest(data):
        spent_less(data)
        data.indicators[0].score, data.total_score = 10, 94.5

    assert (
        codes_at(found(write(tmp_path, "10号", make("10号", modest))), "SELF_SCORE_INFLATED")
        == set()
    )


@pytest.mark.fires("GRADE_MISMATCH")
def test_a_grade_that_is_not_its_totals(tmp_path):
    def sichuan(data):
        data.conclusion = "自评总分100分，等级为良。项目实施情况良好。"

    data = make("四川", sichuan)
    findings = found(write(tmp_path, "四川", data))
    row = total_row("四川", data) + 1  # 评价结论
    assert codes_at(findings, "GRADE_MISMATCH") == {("GRADE_MISMATCH", f"B{row}")}

    def national(data):
        data.grade = "合格"  # not a label of the default profile: one finding naming them

    data = make("10号", national)
    (grade,) = [f for f in found(write(tmp_path, "10号", data)) if f.code == "GRADE_MISMATCH"]
    assert grade.cell == f"B{total_row('10号', data) + 1}" and "优、良、中、差" in grade.message
    # Free text without a grade in it is not checked.
    plain = make(
        "四川", lambda d: setattr(d, "conclusion", "项目实施情况良好，资金使用规范，达到预期目标。")
    )
    assert codes_at(found(write(tmp_path, "四川", plain)), "GRADE_MISMATCH") == set()


@pytest.mark.fires("OPERATOR_SUSPECT", "TARGET_NOT_QUANTIFIED")
def test_operators_and_targets(tmp_path):
    def suspect(data):
        data.indicators[3].nature = "≥"  # a cost row that should be ≤
        data.indicators[6].nature, data.indicators[6].target = (
            "≤",
            "≥90",
        )  # column and value disagree
        data.indicators[5].target = "较上年提高"

    data = make("四川", suspect)
    findings = found(write(tmp_path, "四川", data))
    rows = [indicator_row("四川", data, i) for i in (3, 5, 6)]
    assert codes_at(findings, "OPERATOR_SUSPECT", "TARGET_NOT_QUANTIFIED") == {
        ("OPERATOR_SUSPECT", f"E{rows[0]}"),
        ("TARGET_NOT_QUANTIFIED", f"F{rows[1]}"),
        ("OPERATOR_SUSPECT", f"F{rows[2]}"),
    }


@pytest.mark.fires("PROBLEMS_BOILERPLATE")
def test_problems_and_measures_as_boilerplate_or_only_the_printed_instruction(tmp_path):
    def boiler(data):
        data.problems = "无"
        data.measures = (
            "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)"
        )

    data = make("四川", boiler)
    findings = found(write(tmp_path, "四川", data))
    row = total_row("四川", data)
    assert codes_at(findings, "PROBLEMS_BOILERPLATE") == {
        ("PROBLEMS_BOILERPLATE", f"B{row + 2}"),
        ("PROBLEMS_BOILERPLATE", f"B{row + 3}"),
    }


@pytest.mark.fires("WEIGHT_TOTAL")
def test_printed_weights_against_the_weights_they_head(tmp_path):
    def shifted(data):  # 15 points moved from 产出 to 效益: Σ still 100, the printed 50/30 wrong
        data.indicators[0].weight = data.indicators[0].score = 5
        data.indicators[4].weight = data.indicators[4].score = 25

    findings = found(write(tmp_path, "10号", make("10号", shifted)))
    assert codes_at(findings, "WEIGHT_TOTAL") == {("WEIGHT_TOTAL", "B13"), ("WEIGHT_TOTAL", "B21")}

    def block(data):  # 四川: 预算执行情况(10分) over a 权重 of 15
        data.funds[0].weight, data.funds[0].score = 15, 15
        data.indicators[0].weight = data.indicators[0].score = 10

    findings = found(write(tmp_path, "四川", make("四川", block)))
    assert codes_at(findings, "WEIGHT_TOTAL") == {("WEIGHT_TOTAL", "A8"), ("WEIGHT_TOTAL", "A14")}


@pytest.mark.fires("NOT_A_NUMBER", "NUMBER_NORMALIZED")
def test_unreadable_figures_and_targets_without_an_operator(tmp_path):
    def words(data):
        data.funds[1].actual = "九十"
        data.indicators[0].target = 50  # no operator: ≥ (said)
        data.indicators[3].target = 100  # a cost row: ≤ (said)

    data = make("10号", words)
    findings = found(write(tmp_path, "10号", data))
    assert ("NOT_A_NUMBER", "E7") in codes_at(findings)
    assert codes_at(findings, "SUM_MISMATCH") == set()  # an unreadable part: the sum is skipped
    notes = {
        f.cell: f.computed for f in findings if f.code == "NUMBER_NORMALIZED" and f.cell[0] == "E"
    }
    assert notes == {"E13": "≥", f"E{indicator_row('10号', data, 3)}": "≤"}
