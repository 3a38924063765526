"""Scoring tables (评分表, forms.md v2): read by their labels in either naming (一级 | 二级 | 三级 |
分值 | 评分标准 | 得分, or 项目 | 考核内容 | 考核指标 | 权数 | 考评得分), a 分值 per level or weights
in the labels; each check fires on a crafted cell and stays quiet on its correct twin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from documents import Document, build

from budget_batch import check_workbook, read_workbook


def table(rows: list[list[Any]], merges: list[str], name: str = "评分表") -> Document:
    grid = "\n".join(" | ".join("" if v is None else str(v) for v in row) for row in rows)
    return Document(
        Path(f"{name}.toml"),
        {"kind": "scoring_table"},
        [{"name": "Sheet1", "merges": merges, "grid": grid}],
    )


def rubric(
    *,
    decision: tuple[int, int] = (20, 20),
    process: tuple[int, int] = (30, 28),
    total: float | None = 95,
    grade: str = "优",
    score_2: float = 8,
    weight_2: float = 8,
) -> Document:
    """A 53号-style rubric with a 分值 column per level, a 总分 row and a grade: correct as made."""
    rows: list[list[Any]] = [
        ["某区财政局部门整体支出绩效评价评分表"],
        ["部门名称", "某区财政局"],
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评分标准", "得分"],
        ["决策", decision[0], "目标设定", 12, "绩效目标合理性", 6, "符合规划得满分", 6],
        [None, None, None, None, "绩效目标明确性", 6, "细化量化得满分", 6],
        [None, None, "预算配置", 8, "在职人员控制率", weight_2, "≤100%得满分", score_2],
        ["过程", process[0], "预算执行", 30, "预算完成率", 10, "按比例计分", 10],
        [None, None, None, None, "预算控制率", 10, "≤5%得满分", 9],
        [None, None, None, None, "结转结余率", 10, "≤10%得满分", 9],
        ["产出与效益", 50, "履职效益", 50, "重点工作完成率", 30, "按比例计分", 28],
        [None, None, None, None, "社会公众满意度", 20, "≥90%得满分", 19],
        ["总分", 100, None, None, None, 100, None, total],
        ["评价等级", grade],
    ]
    merges = ["A4:A6", "B4:B6", "C4:C5", "D4:D5", "A7:A9", "B7:B9", "C7:C9", "D7:D9"]
    merges += ["A10:A11", "B10:B11", "C10:C11", "D10:D11"]
    return table(rows, merges)


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
    rows: list[list[Any]] = [
        ["项目", "考核内容", "考核指标", "评分标准", "权数", "考评得分"],
        ["预算管理(60分)", "预算执行", "预算执行率", "按比例计分", 30, 30],
        [None, "结转结余", "结转结余率", "二者择其一进行考核", 20, 18],
        [None, None, "结转结余变动率", None, None, None],
        [None, "资产管理", "资产管理规范性", "规范得满分", 10, 10],
        ["合计", None, None, None, 60, 58],
    ]
    merges = ["A2:A5", "B3:B4", "D3:D4", "E3:E4"]
    doc = table(rows, merges)
    (t,) = read_workbook(build(doc, tmp_path / "t.xlsx")).model.scoring
    assert t.alternatives == {4}
    assert t.levels[0].weight is not None and t.levels[0].weight.number == 60
    assert _check(tmp_path, doc) == []
    rows[5][5] = 60
    assert _check(tmp_path, table(rows, merges)) == [("TOTAL_SCORE_MISMATCH", "F6", "error")]


def test_a_header_total_is_the_stated_total(tmp_path):
    rows: list[list[Any]] = [
        ["考评表"],
        ["单位名称", "某局", "自评得分", 90],
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["产出", "数量", "完成率", 50, 45],
        [None, "质量", "合格率", 50, 45],
    ]
    doc = table(rows, ["A4:A5"])
    (t,) = read_workbook(build(doc, tmp_path / "t.xlsx")).model.scoring
    assert t.stated_total is not None and t.stated_total.ref == "D2"
    assert _check(tmp_path, doc) == []
    rows[1][3] = 95
    assert _check(tmp_path, table(rows, ["A4:A5"])) == [("TOTAL_SCORE_MISMATCH", "D2", "error")]
