"""Numbers on a form as systems export them and people type them (forms.md v2, "Numbers as
printed"): float32 noise, text with thousands separators, amounts in 元, one-decimal scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from documents import Document, build

from budget_batch import check_workbook, read_workbook

#: A correct indicator grid: its header and three rows (weights 90 with the 执行率's 10).
INDICATORS: list[list[Any]] = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    [None, "产出指标", "数量指标", "培训人次", "≥100人", "100人", 50, 50],
    [None, "效益指标", "社会效益指标", "群众知晓率", "≥90%", "95%", 30, 30],
    [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10],
]


def form(
    rate: Any = "0.8620000123977661", total: Any = "'43,200.00", score: Any = 8.62
) -> Document:
    rows: list[list[Any]] = [
        ["项目支出绩效自评表（2023年度）"],
        ["项目名称", "某项目", None, "主管部门", "某局"],
        [
            "项目资金（元）",
            None,
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        [None, "年度资金总额", total, "43200", "'37,238.40", 10, rate, score],
        [None, "其中：财政拨款", "'43,200.00", 43200, 37238.4, None, None, None],
        [*INDICATORS[0], "偏差原因分析及改进措施"],
        *([*r, None] for r in INDICATORS[1:]),
        ["总分", None, None, None, None, None, 100, 98.62, None],
    ]
    grid = "\n".join(" | ".join("" if v is None else str(v) for v in r) for r in rows)
    return Document(
        Path("f.toml"),
        {},
        [{"name": "Sheet1", "merges": ["A3:B3", "A4:A5", "A6:A9"], "grid": grid}],
    )


def _serious(tmp_path: Path, d: Document) -> list[tuple[str, str]]:
    result = check_workbook(build(d, tmp_path / "f.xlsx"))
    assert result.status == "checked", result.error
    return sorted((f.code, f.cell) for f in result.findings if f.severity.value != "info")


def test_float_noise_text_separators_and_yuan_are_read_as_meant(tmp_path):
    (f,) = read_workbook(build(form(), tmp_path / "f.xlsx")).model.forms
    total = f.fund_total
    assert f.unit == "元" and total is not None
    assert (total.num("budget_initial"), total.num("actual"), total.num("exec_rate")) == (
        43200.0,
        37238.4,
        86.2,
    )
    # 总分 98.62 with 执行率 86.2%: the one warning due; the text numbers said once for the block.
    assert _serious(tmp_path, form()) == [("SELF_SCORE_INFLATED", "H10")]
    result = check_workbook(build(form(), tmp_path / "f.xlsx"))
    (note,) = [f for f in result.findings if f.code == "NUMBER_NORMALIZED"]
    assert note.cell == "C4" and "E4“37,238.40”" in note.message and "C5" in note.message


def test_a_rate_off_is_still_found_through_the_noise(tmp_path):
    assert _serious(tmp_path, form(rate="0.8820000123977661")) == [
        ("EXEC_RATE_MISMATCH", "G4"),
        ("SELF_SCORE_INFLATED", "H10"),
    ]


def test_a_score_to_one_decimal_is_right_rounded_or_truncated_and_wrong_beyond(tmp_path):
    # 10 × 86.2% = 8.62: 8.6 shown (rounded, also truncated) is right; 8.7 rounds the other way.
    rows = form(score=8.6)
    rows.sheets[0]["grid"] = rows.sheets[0]["grid"].replace("98.62", "98.6")
    assert _serious(tmp_path, rows) == [("SELF_SCORE_INFLATED", "H10")]
    wrong = form(score=8.7)
    wrong.sheets[0]["grid"] = wrong.sheets[0]["grid"].replace("98.62", "98.7")
    assert ("SCORE_MISMATCH", "H4") in _serious(tmp_path, wrong)


def _by_source(columns: list[str], row: list[Any]) -> Document:
    """A 项目资金 block by funding source (湖北-style) or with one budget column (贵州-style)."""
    rows: list[list[Any]] = [
        ["项目支出绩效自评表（2023年度）"],
        ["项目名称", "某项目", None, "主管部门", "某局"],
        ["项目资金来源", *columns, "分值", "得分"],
        ["年度资金总额", *row, 10, 10],
        *INDICATORS,
    ]
    grid = "\n".join(" | ".join("" if v is None else str(v) for v in r) for r in rows)
    return Document(Path("f.toml"), {}, [{"name": "Sheet1", "merges": ["A5:A8"], "grid": grid}])


def test_spending_above_a_total_of_the_sources_is_over_budget_but_not_above_the_only_initial(
    tmp_path,
):
    # The 合计 of the funding sources is read as 全年预算数: spending 120 above 100 is said.
    by_source = ["中央（万元）", "本级（万元）", "合计（万元）", "执行数（万元）"]
    over = _by_source(by_source, [60, 40, 100, 120])
    assert ("EXEC_OVER_BUDGET", "E4") in _serious(tmp_path, over)
    assert ("EXEC_OVER_BUDGET", "E4") not in _serious(
        tmp_path, _by_source(by_source, [60, 40, 100, 100])
    )
    # Only 年初预算数 printed: above it is no overspending (the budget may have been adjusted).
    initial = _by_source(["年初预算数", "全年执行数"], [100, 120])
    assert not [c for c in _serious(tmp_path, initial) if c[0] == "EXEC_OVER_BUDGET"]
