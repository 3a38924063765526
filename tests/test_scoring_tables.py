"""Scoring tables (评分表, forms.md v2): read by their labels in either naming (一级 | 二级 | 三级 |
分值 | 评分标准 | 得分, or 项目 | 考核内容 | 考核指标 | 权数 | 考评得分), a 分值 per level or weights
in the labels; each check fires on a crafted cell and stays quiet on its correct twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import Document, build
from scoring_cases import (
    HEADER_TOTAL_MERGES,
    alternatives,
    header_total,
    header_total_rows,
    rubric,
    table,
)

from budget_batch import check_workbook, read_workbook


def _check(tmp_path: Path, doc: Document) -> list[tuple[str, str, str]]:
    result = check_workbook(build(doc, tmp_path / "t.xlsx"))
    assert result.status == "checked" and result.kind == "scoring_table"
    return [
        (f.code, f.cell, f.severity.value) for f in result.findings if f.severity.value != "info"
    ]


def test_a_correct_rubric_is_read_as_a_scoring_table_and_raises_nothing(tmp_path):
    doc = rubric()
    path = build(doc, tmp_path / "t.xlsx")
    model = read_workbook(path).model
    (t,) = model.scoring
    assert [lv.name for lv in t.levels] == ["决策", "过程", "产出与效益"]
    assert [c.name for c in t.levels[0].children] == ["目标设定", "预算配置"]
    assert [r.text("level3") for r in t.items()][:3] == [
        "绩效目标合理性",
        "绩效目标明确性",
        "在职人员控制率",
    ]
    assert t.stated_total is not None and t.stated_total.ref == "H12"
    assert _check(tmp_path, doc) == []


@pytest.mark.fires("SCORE_OVER_WEIGHT")
def test_a_score_above_its_weight(tmp_path):
    assert _check(tmp_path, rubric(score_2=9, total=96)) == [("SCORE_OVER_WEIGHT", "H6", "error")]


@pytest.mark.fires("WEIGHT_TOTAL")
def test_a_levels_weight_that_is_not_what_it_heads(tmp_path):
    found = _check(tmp_path, rubric(decision=(25, 20)))
    assert ("WEIGHT_TOTAL", "B4", "error") in found


@pytest.mark.fires("WEIGHT_TOTAL")
def test_a_weight_inside_a_level_that_breaks_its_sum(tmp_path):
    found = _check(tmp_path, rubric(weight_2=9))
    assert ("WEIGHT_TOTAL", "D6", "error") in found  # 预算配置 8 over 9


@pytest.mark.fires("TOTAL_SCORE_MISMATCH")
def test_a_total_that_is_not_the_sum_of_the_scores(tmp_path):
    assert _check(tmp_path, rubric(total=97)) == [("TOTAL_SCORE_MISMATCH", "H12", "error")]
    assert _check(tmp_path, rubric(total=90)) == [("TOTAL_SCORE_MISMATCH", "H12", "warning")]


@pytest.mark.fires("GRADE_MISMATCH")
def test_a_grade_that_is_not_the_totals_band(tmp_path):
    assert _check(tmp_path, rubric(grade="良")) == [("GRADE_MISMATCH", "B13", "error")]


def test_the_other_naming_with_alternatives_sharing_one_weight(tmp_path):
    """项目 | 考核内容 | 考核指标 | 权数 | 考评得分; 二者择其一 rows share one merged 权数; the level's
    weight only in its label (60分)."""
    doc = alternatives()
    (t,) = read_workbook(build(doc, tmp_path / "t.xlsx")).model.scoring
    assert t.alternatives == {4}
    assert t.levels[0].weight is not None and t.levels[0].weight.number == 60
    assert _check(tmp_path, doc) == []
    assert _check(tmp_path, alternatives(total=60)) == [("TOTAL_SCORE_MISMATCH", "F6", "error")]


def test_a_header_total_is_the_stated_total(tmp_path):
    doc = header_total()
    (t,) = read_workbook(build(doc, tmp_path / "t.xlsx")).model.scoring
    assert t.stated_total is not None and t.stated_total.ref == "D2"
    assert _check(tmp_path, doc) == []
    assert _check(tmp_path, header_total(stated=95)) == [("TOTAL_SCORE_MISMATCH", "D2", "error")]


def test_a_header_total_written_with_its_label_in_one_cell(tmp_path):
    """`自评得分：90分` is the label and the stated total, not a label printing its weight."""
    rows = header_total_rows()
    rows[1][2:4] = ["自评得分：90分", None]
    doc = table(rows, HEADER_TOTAL_MERGES)
    (t,) = read_workbook(build(doc, tmp_path / "t.xlsx")).model.scoring
    assert t.stated_total is not None and (t.stated_total.ref, t.stated_total.number) == ("C2", 90)
    assert _check(tmp_path, doc) == []
    rows[1][2] = "自评得分：95分"
    assert _check(tmp_path, table(rows, HEADER_TOTAL_MERGES)) == [
        ("TOTAL_SCORE_MISMATCH", "C2", "error")
    ]


def test_a_grid_with_targets_and_actuals_is_never_a_scoring_table(tmp_path):
    """An indicator grid whose 三级指标 is printed in words the package does not know is not
    read as a 评分表 (its Σ 分值 90 would be a WEIGHT_TOTAL): the form is FORM_UNRECOGNIZED."""
    rows = [
        ["项目支出绩效自评表"],
        ["一级指标", "二级指标", "考核指标名称", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥100人", "120人", 50, 50],
        [None, "质量指标", "合格率", "≥95%", "98%", 40, 40],
        ["总分", None, None, None, None, 100, 90],
    ]
    result = check_workbook(build(table(rows, ["A3:A4"]), tmp_path / "t.xlsx"))
    assert [(f.code, f.cell) for f in result.findings] == [("FORM_UNRECOGNIZED", "A1")]
