"""The codes of a Word report, each made to fire on a crafted report and kept quiet on its twin:
TEXT_ARITHMETIC (the text against itself), TEXT_TABLE_MISMATCH (against its own table),
TEXT_SCORE_GRADE (score against grade, and against the scoring), TEXT_WORKBOOK_MISMATCH (against
the same department's workbook in the batch); and how a finding in a report is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import report_docs as R
from builders import edit, write

from budget_batch.checks import run_across
from budget_batch.pipeline import check_workbook
from budget_batch.result import WorkbookResult
from budget_batch.settings import DEFAULT

LIST_WRONG = "本年支出 900万元，其中：人员经费 500万元，公用经费 300万元。"
LIST_RIGHT = "本年支出 800万元，其中：人员经费 500万元，公用经费 300万元。"


def _codes(result: WorkbookResult) -> list[tuple[str, str, str, object, object]]:
    return [(f.code, f.severity.value, f.place, f.stated, f.computed) for f in result.findings]


@pytest.mark.fires("TEXT_ARITHMETIC")
def test_text_arithmetic_fires_on_the_figure_with_its_place_and_sentence(tmp_path: Path) -> None:
    result = check_workbook(R.write_report(tmp_path, ["一、收支情况", LIST_WRONG]))
    assert result.status == "checked" and result.kind == "report"
    assert _codes(result) == [("TEXT_ARITHMETIC", "error", "第 3 段", 900.0, 800.0)]
    (f,) = result.findings
    assert f.sentence == LIST_WRONG and "500 + 300 = 800" in f.message and "相差 100" in f.message
    data = result.to_json()
    finding = data["findings"][0]
    assert finding["sheet"] is None and finding["cell"] == ""
    assert (finding["place"], finding["sentence"]) == ("第 3 段", LIST_WRONG)
    assert data["kind"] == "report" and data["output"] is None
    assert data["coverage"] == {"found": 3, "bound": 3, "checked": 3, "ambiguous": 0, "wrong": 1}
    assert f.key == (LIST_WRONG, "900万元")  # survives paragraphs inserted above (review loop)


def test_text_arithmetic_quiet_twin(tmp_path: Path) -> None:
    result = check_workbook(R.write_report(tmp_path, ["一、收支情况", LIST_RIGHT]))
    assert result.findings == [] and result.to_json()["coverage"]["checked"] == 3


def test_one_figure_is_reported_once_with_every_relation_it_breaks(tmp_path: Path) -> None:
    """A share that contradicts its base is one finding, even when two relations test it."""
    text = "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 98.00%。"
    result = check_workbook(R.write_report(tmp_path, [text]))
    assert [(f.code, f.stated, f.computed) for f in result.findings] == [
        ("TEXT_ARITHMETIC", 98.0, 99.1)
    ]
    assert "2204.46 ÷ 2224.46 = 99.1009%" in result.findings[0].message


TABLE = [
    ["项目", "本年数", "占比(%)"],
    ["收入合计", "2224.46", ""],
    ["一般公共预算财政拨款", "2204.46", "99.10"],
]


@pytest.mark.fires("TEXT_TABLE_MISMATCH")
def test_text_table_mismatch_fires(tmp_path: Path) -> None:
    text = "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元。"
    rows = [list(r) for r in TABLE]
    rows[1][1] = "2242.46"
    path = R.write_report(tmp_path, [text], [("表 1 收支情况（单位：万元）", rows)])
    result = check_workbook(path)
    assert _codes(result) == [("TEXT_TABLE_MISMATCH", "error", "第 2 段", 2224.46, 2242.46)]
    assert (
        "表 1（表 1 收支情况（单位：万元））第 2 行第 2 列为 2242.46" in result.findings[0].message
    )


def test_text_table_quiet_twin_and_a_wrong_figure_names_the_table(tmp_path: Path) -> None:
    text = "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 99.10%。"
    path = R.write_report(tmp_path, [text], [("表 1 收支情况（单位：万元）", TABLE)])
    assert check_workbook(path).findings == []
    wrong = text.replace("99.10%", "99.09%")
    rows = [list(r) for r in TABLE]
    rows[2][2] = "99.09"
    result = check_workbook(R.write_report(tmp_path, [wrong], [("表 1（单位：万元）", rows)]))
    assert [f.code for f in result.findings] == ["TEXT_ARITHMETIC"]  # once, not twice
    assert "表 1 第 3 行第 3 列也写作 99.09" in result.findings[0].message


@pytest.mark.fires("TEXT_SCORE_GRADE")
def test_score_and_grade_in_different_bands(tmp_path: Path) -> None:
    result = check_workbook(R.write_report(tmp_path, ["单位自评得分为 85 分，等级为优。"]))
    assert _codes(result) == [("TEXT_SCORE_GRADE", "warning", "第 2 段", 85.0, "良")]


@pytest.mark.parametrize(
    "text",
    [
        "单位自评得分为 95 分，等级为优。",
        "等级为优良(80分以上)的项目有4个。",
        "自评得分 85 分，评价等级为合格。",
    ],
)
def test_score_and_grade_quiet(tmp_path: Path, text: str) -> None:
    assert check_workbook(R.write_report(tmp_path, [text])).findings == []


# Against the same department's workbook (tests/builders: 测试市某某局 2023, 收入合计 上年数 1000,
# 年初预算数 1100, 全年预算数 1150, 全年执行数 1150, 增减额 150, 增减率 15.00; 一般公共预算财政拨款
# 1040 (占比 90.43); self-score 97.2).
INCOME = "本年收入 1150 万元，比上年增加 {change} 万元，一般公共预算财政拨款 1040 万元，占总收入的 90.43%。"


def _batch(tmp_path: Path, text: str, workbook: Path | None = None) -> tuple[WorkbookResult, ...]:
    wb = check_workbook(workbook or write(tmp_path))
    report = check_workbook(R.write_report(tmp_path, [text]))
    outcome = run_across([wb, report], DEFAULT)
    for r in (wb, report):
        r.findings.extend(outcome.findings.get(r.file, []))
        r.links.extend(outcome.links.get(r.file, []))
    return wb, report


@pytest.mark.fires("TEXT_WORKBOOK_MISMATCH")
def test_text_workbook_mismatch_on_both_documents(tmp_path: Path) -> None:
    wb, report = _batch(tmp_path, INCOME.format(change=160))
    assert _codes(report) == [("TEXT_WORKBOOK_MISMATCH", "error", "第 2 段", 160.0, 150.0)]
    theirs = [(f.code, f.sheet, f.cell) for f in wb.findings if f.code.startswith("TEXT_")]
    assert theirs == [("TEXT_WORKBOOK_MISMATCH", "收支情况", "G2")]
    assert "第 2 段写作 160 万元" in wb.findings[-1].message
    disagreeing = [(lk.figure, lk.other_cell) for lk in report.links if not lk.agrees]
    assert disagreeing == [("收入合计.增减额", "G2")]


def test_text_workbook_quiet_twin_links_every_figure(tmp_path: Path) -> None:
    wb, report = _batch(tmp_path, INCOME.format(change=150))
    assert report.findings == [] and not any(f.code.startswith("TEXT_") for f in wb.findings)
    assert sorted((lk.figure, lk.agrees) for lk in report.links) == [
        ("一般公共预算财政拨款.全年执行数", True),
        ("一般公共预算财政拨款.占比", True),
        ("收入合计.全年执行数", True),
        ("收入合计.增减额", True),
    ]
    assert {lk.other_file for lk in report.links} == {wb.file}


def test_an_amount_several_cells_could_state_disagrees_only_with_all_of_them(
    tmp_path: Path,
) -> None:
    """本年收入 1100 is the 年初预算数; 1120 is none of 1100 / 1150 / 1150: reported on the report
    alone, naming the three cells (which one the text meant cannot be told)."""
    _, quiet = _batch(tmp_path, "本年收入 1100 万元。")
    assert quiet.findings == []
    wb, report = _batch(tmp_path, "本年收入 1120 万元。")
    assert [f.code for f in report.findings] == ["TEXT_WORKBOOK_MISMATCH"]
    assert "F2" in report.findings[0].message and "D2" in report.findings[0].message
    assert not any(f.code.startswith("TEXT_") for f in wb.findings)


def test_a_cell_the_workbook_flags_is_reported_once_at_the_workbook(tmp_path: Path) -> None:
    """The workbook's 占比 is mistyped (80.00: SHARE_MISMATCH there); the text has it right."""
    path = edit(write(tmp_path), {"收支情况": {"I3": 80.0}})
    wb, report = _batch(tmp_path, INCOME.format(change=150), workbook=path)
    assert report.findings == []
    assert [f.code for f in wb.findings if f.cell == "I3"] == ["SHARE_MISMATCH"]
    assert ("一般公共预算财政拨款.占比", False) in {(lk.figure, lk.agrees) for lk in report.links}


def test_a_wrong_text_figure_the_workbook_also_flags_names_the_workbook(tmp_path: Path) -> None:
    path = edit(write(tmp_path), {"收支情况": {"I3": 90.0}})
    text = "本年收入 1150 万元，一般公共预算财政拨款 1040 万元，占总收入的 90.00%。"
    wb, report = _batch(tmp_path, text, workbook=path)
    assert [f.code for f in report.findings] == ["TEXT_ARITHMETIC"]
    assert "收支情况!I3" in report.findings[0].message
    assert [f.code for f in wb.findings if f.cell == "I3"] == ["SHARE_MISMATCH"]


@pytest.mark.fires("TEXT_SCORE_GRADE", "TEXT_WORKBOOK_MISMATCH")
def test_the_texts_score_against_the_workbook_and_its_scoring(tmp_path: Path) -> None:
    wb, report = _batch(tmp_path, "单位自评得分为 99 分，等级为优。")
    assert sorted(f.code for f in report.findings) == ["TEXT_SCORE_GRADE", "TEXT_WORKBOOK_MISMATCH"]
    assert wb.score.stated == 97.2
    _, quiet = _batch(tmp_path, f"单位自评得分为 {wb.score.computed:g} 分，等级为优。")
    assert quiet.findings == []


def test_another_department_is_not_compared(tmp_path: Path) -> None:
    wb = check_workbook(write(tmp_path))
    other = R.write_report(
        tmp_path, [INCOME.format(change=160)], title="测试市另一局 2023 年部门整体支出绩效自评报告"
    )
    report = check_workbook(other)
    outcome = run_across([wb, report], DEFAULT)
    assert not outcome.findings and not outcome.links


def test_a_report_beside_its_workbook_is_no_second_submission(tmp_path: Path) -> None:
    from budget_batch.result import Report
    from budget_batch.write.batch.batch_frames import batch_notes

    wb, report = _batch(tmp_path, INCOME.format(change=150))
    assert wb.department == report.department == "测试市某某局"
    assert not any("提交了" in note for note in batch_notes(Report([wb, report])))


def test_a_share_of_another_base_than_the_workbooks_is_not_compared(tmp_path: Path) -> None:
    """The workbook's 占比 of 一般公共预算财政拨款 is of 收入合计; a share of 本年支出 is another."""
    text = "本年支出 1104 万元，一般公共预算财政拨款 1040 万元，占总支出的 94.20%。"
    _, report = _batch(tmp_path, text)
    assert report.findings == []
    assert "一般公共预算财政拨款.占比" not in {lk.figure for lk in report.links}
