"""The report draft, read back: every figure is the model's, each section present, the appendix
lists exactly the open findings, and missing content is marked 【待补充】, never invented."""

from pathlib import Path

import pytest
from builders import clean_data, edit, write
from click.testing import CliRunner
from conftest import EXAMPLE
from docx import Document

from budget_batch import check_workbook, run_batch
from budget_batch.cli import main
from budget_batch.decimals import fmt
from budget_batch.write.report_draft import write_draft

SECTIONS = [
    "一、部门基本情况",
    "（一）部门职能",
    "（二）年度总体工作和重点工作任务",
    "（三）部门整体支出绩效目标",
    "（四）部门整体收支情况",
    "（五）部门整体绩效管理情况",
    "二、绩效自评情况",
    "（一）自评结论",
    "（二）履职效能分析",
    "三、存在的主要问题",
    "四、下一步改进措施",
    "附录　审核意见",
]


def read(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(str(path))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return [p.text for p in doc.paragraphs], tables


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    result = check_workbook(EXAMPLE)
    dest = tmp_path_factory.mktemp("draft") / "draft.docx"
    write_draft(result, dest)
    paragraphs, tables = read(dest)
    return result, paragraphs, tables


def test_title_sections_and_first_page_note(example):
    result, paragraphs, _ = example
    assert paragraphs[0] == "广州市花都区残疾人联合会2023年部门整体支出绩效自评报告"
    assert [p for p in paragraphs if p in SECTIONS] == SECTIONS
    assert any(p.startswith("【注意】所依据的工作簿仍有 1 个错误") for p in paragraphs[:4])


def test_every_figure_is_the_models(example):
    result, paragraphs, _ = example
    f = result.figures
    text = "\n".join(paragraphs)
    assert (
        f"本年收入预算安排 {fmt(f.income.current, 2)}万元，比上年度减少 {fmt(-f.income.change, 2)}万元，"
        f"减少了 {fmt(-f.income.change_rate, 2)}%"
    ) in text
    assert "本年收入预算安排 2224.46万元，比上年度减少 178.52万元，减少了 7.43%" in text
    for part in f.income_parts + f.spending_parts:
        assert (
            f"{part.name} {fmt(part.amount, 2)}万元，占" in text
            and f"的 {fmt(part.share, 2)}%" in text
        )
    # Shares as computed (99.10 / 0.90), never as stated in the workbook (99.09 / 0.91).
    assert "99.10%" in text and "0.90%" in text and "99.09%" not in text and "0.91%" not in text
    assert "38.89%" in text and "61.11%" in text
    assert (
        f"自评得分为 {fmt(result.score.computed, 2)} 分，等级为{result.score.grade_computed}"
        in text
    )
    assert f"项目共 {f.project_count} 个，全年预算 {fmt(f.project_budget, 2)}万元" in text
    assert "办理第三代残疾人证 903个，其中新办证 742个、到期换证 33个" in text
    assert "辅助器具服务 771件，其中假肢服务 16人" in text


def test_indicator_table_has_the_computed_scores(example):
    result, _, tables = example
    indicator_table = tables[0]
    assert indicator_table[0] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]
    rows = indicator_table[1:]
    assert [r[2] for r in rows] == [i.name for i in result.figures.indicators]
    assert [r[6] for r in rows] == [fmt(i.computed, 2) for i in result.figures.indicators]


def test_appendix_lists_exactly_the_open_findings(example):
    result, _, tables = example
    appendix = tables[-1]
    open_findings = [f for f in result.findings if f.severity in ("error", "warning")]
    assert [r[1] for r in appendix[1:]] == [f.code for f in open_findings]
    assert [r[3] for r in appendix[1:]] == [f.message for f in open_findings]


def test_problems_and_measures_in_order(example):
    result, paragraphs, _ = example
    assert [p for p in paragraphs if p[:2] in ("1.", "2.", "3.", "4.")] == [
        *(f"{n}.{t}" for n, t in enumerate(result.figures.problems, start=1)),
        *(f"{n}.{t}" for n, t in enumerate(result.figures.measures, start=1)),
    ]


def test_missing_content_is_marked_not_invented(tmp_path):
    data = clean_data(info={"functions": None, "goal": None})
    data.tables["问题与措施"] = []  # type: ignore[index]
    path = write(tmp_path, data)
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(path), dest)
    text = "\n".join(read(dest)[0])
    for what in (
        "部门职能",
        "年度整体绩效目标",
        "存在的主要问题",
        "下一步改进措施",
        "年度总体工作",
    ):
        assert f"【待补充：{what}" in text


def test_clean_workbook_has_no_warning_note(tmp_path):
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(write(tmp_path)), dest)
    paragraphs, tables = read(dest)
    assert not any(p.startswith("【注意】") for p in paragraphs)
    assert "审核未发现错误和警告。" in paragraphs


def test_stated_score_difference_is_shown(tmp_path):
    path = edit(write(tmp_path), {"基本信息": {"B12": 100}})
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(path), dest)
    text = "\n".join(read(dest)[0])
    assert (
        "自评得分为 97.20 分，等级为优。部门自评 100.00 分、等级为优，高于计算得分 2.80 分" in text
    )


def test_report_and_draft_command_write_it(tmp_path):
    run_batch([EXAMPLE], tmp_path / "out", jobs=1)
    assert (tmp_path / "out" / "示例_花都区残联_2023_自评报告.docx").exists()
    out = CliRunner().invoke(main, ["draft", str(EXAMPLE), "-o", str(tmp_path / "d")])
    assert out.exit_code == 0 and (tmp_path / "d" / "示例_花都区残联_2023_自评报告.docx").exists()
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "示例_花都区残联_2023_自评报告.docx"
    ]
