"""Crafted scoring tables (评分表, forms.md v2) as documents (tests/documents' format), correct
as made: a 53号-style rubric with a 分值 column per level, the 项目 | 考核内容 | 考核指标 | 权数 |
考评得分 naming with 二者择其一 rows sharing one merged 权数, and a table whose total stands in
the header (自评得分). Tests break them by their parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from documents import Document

Rows = list[list[Any]]


def table(rows: Rows, merges: list[str], name: str = "评分表") -> Document:
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
    rows: Rows = [
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
    return table(rows, merges, "rubric")


ALTERNATIVES_MERGES = ["A2:A5", "B3:B4", "D3:D4", "E3:E4"]


def alternatives_rows(total: float = 58) -> Rows:
    """项目 | 考核内容 | 考核指标 | 权数 | 考评得分; 二者择其一 rows share one merged 权数; the level's
    weight only in its label (60分)."""
    return [
        ["项目", "考核内容", "考核指标", "评分标准", "权数", "考评得分"],
        ["预算管理(60分)", "预算执行", "预算执行率", "按比例计分", 30, 30],
        [None, "结转结余", "结转结余率", "二者择其一进行考核", 20, 18],
        [None, None, "结转结余变动率", None, None, None],
        [None, "资产管理", "资产管理规范性", "规范得满分", 10, 10],
        ["合计", None, None, None, 60, total],
    ]


def alternatives(total: float = 58) -> Document:
    return table(alternatives_rows(total), ALTERNATIVES_MERGES, "alternatives")


HEADER_TOTAL_MERGES = ["A4:A5"]


def header_total_rows(stated: float = 90) -> Rows:
    """A 考评表 whose total is the header's 自评得分."""
    return [
        ["考评表"],
        ["单位名称", "某局", "自评得分", stated],
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["产出", "数量", "完成率", 50, 45],
        [None, "质量", "合格率", 50, 45],
    ]


def header_total(stated: float = 90) -> Document:
    return table(header_total_rows(stated), HEADER_TOTAL_MERGES, "header_total")
