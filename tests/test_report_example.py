"""The example Word report (the seed's text): its two wrong shares found with the right values,
every correct figure of its 收支 paragraphs quiet; beside the example workbook in one batch, the
report's findings name the workbook's, nothing is reported twice, and the outputs list the
report's annotated copy (`_审核.docx`, tests/test_report_copy.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOT
from docx import Document
from openpyxl import load_workbook

from budget_batch.batch import run_batch
from budget_batch.checks.text_checks import review_of
from budget_batch.cli import main
from budget_batch.kinds import read_document
from budget_batch.pipeline import check_workbook
from budget_batch.report_model import ReportModel
from budget_batch.samples import example_report

REPORT = ROOT / "input_templates" / "示例_花都区残联_2023_自评报告.docx"
#: The seed's 部门整体收支情况 paragraphs (narrative.md: every correct figure there is quiet).
INCOME_PARAGRAPHS = ("本年收入预算安排", "本年收入 2224.46万元")


@pytest.fixture(scope="module")
def result():
    return check_workbook(REPORT)


def _model() -> ReportModel:
    model = read_document(REPORT)[1].model
    assert isinstance(model, ReportModel)
    return model


def test_the_committed_example_is_what_make_example_builds(tmp_path: Path) -> None:
    built = example_report.build(tmp_path / "example.docx")

    def content(path: Path) -> tuple[list[str], list[list[str]]]:
        doc = Document(str(path))
        return [p.text for p in doc.paragraphs], [
            [c.text for c in r.cells] for r in doc.tables[0].rows
        ]

    assert content(built) == content(REPORT)
    assert "示例" in Document(str(REPORT)).paragraphs[1].text


def test_the_two_wrong_shares_are_found_with_the_right_values(result) -> None:
    assert result.kind == "report" and result.status == "checked"
    found = [(f.code, f.severity.value, f.stated, f.computed) for f in result.findings]
    assert found == [
        ("TEXT_ARITHMETIC", "warning", 99.09, 99.1),
        ("TEXT_ARITHMETIC", "warning", 0.91, 0.9),
    ]
    first, second = result.findings
    assert first.sentence.startswith("本年收入 2224.46万元") and first.place == second.place
    assert "2204.46 ÷ 2224.46 = 99.1009%" in first.message and "建议改为 99.10%" in first.message
    assert "20 ÷ 2224.46 = 0.8991%" in second.message and "建议改为 0.90%" in second.message
    assert "表 1 第 3 行第 6 列也写作 99.09" in first.message


def test_every_correct_figure_of_the_income_paragraphs_is_checked_and_quiet(result) -> None:
    model = _model()
    review = review_of(model)
    flagged = {(f.place, f.stated) for f in result.findings}
    checked = {(f.paragraph, f.text) for rel in review.text.relations() for f in rel.figures}
    checked |= {(m.figure.paragraph, m.figure.text) for m in review.tables}
    wrong = {"99.09%", "0.91%"}
    for p in model.paragraphs:
        if not p.text.startswith(INCOME_PARAGRAPHS):
            continue
        figures = [
            f
            for rp in review.text.paragraphs
            if rp.figures.index == p.index
            for f in rp.figures.figures
        ]
        texts = [f.text for f in figures]
        assert texts, p.text
        for fig in figures:
            assert (p.index, fig.text) in checked, f"{fig.text} in 第 {p.index} 段 is not checked"
            if fig.text not in wrong:
                assert (f"第 {p.index} 段", float(abs(fig.value))) not in flagged, fig.text
    relations = {(r.kind, r.stated.text, r.verdict.status) for r in review.text.relations()}
    assert ("change_rate", "7.43%", "ok") in relations  # 178.52 ÷ 2402.98
    assert ("share", "38.89%", "ok") in relations and ("share", "61.11%", "ok") in relations
    assert ("rate", "68%", "ok") in relations  # 约 2889 ÷ 4243
    assert ("sum", "11 人", "ok") in relations and ("sum", "1138 名", "ok") in relations


def test_coverage_and_the_self_score_are_in_the_json(result) -> None:
    data = result.to_json()
    cov = data["coverage"]
    assert cov["found"] > 100 and 0 < cov["checked"] <= cov["bound"] <= cov["found"]
    assert cov["wrong"] == 2
    assert data["score"]["stated"] == 100 and data["score"]["grade_stated"] == "优"
    assert (data["department"], data["year"]) == ("广州市花都区残联", 2023)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out")
    return out, run_batch([EXAMPLE, REPORT], out, jobs=2)


def test_beside_the_workbook_nothing_is_reported_twice(batch) -> None:
    out, doc = batch
    workbook, report = doc.workbooks
    assert report.status == "checked" and report.output == str(out / f"{REPORT.stem}_审核.docx")
    assert not any(f.code in ("OUTPUT_FAILED", "CHECK_FAILED") for f in report.findings)
    assert [f.code for f in report.findings] == ["TEXT_ARITHMETIC", "TEXT_ARITHMETIC"]
    assert (
        "收支情况!I3" in report.findings[0].message
        and "已在工作簿中标出" in report.findings[0].message
    )
    assert not any(f.code.startswith("TEXT_") for f in workbook.findings)
    assert report.links and all(lk.agrees for lk in report.links)
    assert {lk.figure for lk in workbook.links} >= {"一般公共预算财政拨款.占比", "收入合计.增减率"}


def test_the_batch_summary_shows_the_reports_problems(batch) -> None:
    out, _ = batch
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [w["kind"] for w in data["workbooks"]] == ["department", "report"]
    assert data["workbooks"][1]["findings"][0]["place"] == "第 17 段"
    wb = load_workbook(out / "批量汇总.xlsx", read_only=True)
    rows = list(wb["工作簿一览"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "排名")
    header = rows[top]
    col = header.index("报告中的问题")
    values = {r[header.index("文件")]: r[col] for r in rows[top + 1 :] if r[0] is not None or r[1]}
    assert sorted(v for v in values.values() if v is not None) == [2, 2]
    problems = list(wb["全部问题"].iter_rows(values_only=True))
    places = [r[problems[0].index("单元格")] for r in problems[1:] if r[-1] and "自评报告" in r[-1]]
    assert places == ["第 17 段", "第 17 段"]


def test_the_end_screen_lists_the_word_copy(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        main, ["report", str(REPORT), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert out.exit_code == 0
    assert "将另行提供" not in out.output and "审核副本（Word 批注）" in out.output
    assert "文中数字" in out.output and "核对" in out.output
    assert [p.name for p in tmp_path.glob("*_审核.docx")] == [f"{REPORT.stem}_审核.docx"]


def test_no_draft_is_written_for_a_report(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["draft", str(REPORT), "-o", str(tmp_path)])
    assert out.exit_code == 2 and "不再生成草稿" in out.output
    assert not list(tmp_path.iterdir())
