"""The report draft, read back: every figure is the model's, each section present, the appendix
lists exactly the open findings, and missing content is marked 【待补充】, never invented."""

import re
from pathlib import Path

import pytest
from builders import CLEAN_PROBLEMS, clean_data, edit, write
from click.testing import CliRunner
from conftest import EXAMPLE
from docx import Document

from budget_batch import check_workbook, run_batch
from budget_batch.catalogue import CATALOGUE
from budget_batch.cli import main
from budget_batch.decimals import fmt
from budget_batch.write.draft.report_draft import INDICATOR_WIDTHS, write_draft

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
    "（三）管理效率分析",
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
    # The check's Chinese name, its code below in small print (for support).
    assert [r[1] for r in appendix[1:]] == [
        f"{CATALOGUE[f.code].title}\n{f.code}" for f in open_findings
    ]
    assert appendix[0] == ["严重程度", "问题", "位置", "说明"]
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


DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1|[。；，、：]{2}")


def doubled(text: str) -> list[str]:
    """Words or punctuation written twice in a row (“其中其中”, “。。”)."""
    return [m.group(0) for m in DOUBLED.finditer(text)]


def _text(path: Path) -> str:
    paragraphs, tables = read(path)
    cells = [c for t in tables for row in t for c in row]
    return "\n".join(paragraphs + cells)


def test_no_doubled_words(tmp_path):
    """Words copied from the workbook are not repeated by the draft's own: the item
    “其中：重度残疾人” under a 其中 clause, a problem the user numbered, a count typed with
    its unit."""
    problems = [{"kind": "存在问题", "text": "1、" + CLEAN_PROBLEMS[0]["text"]}, CLEAN_PROBLEMS[1]]
    data = clean_data(info={"staff_quota": "10人"}, tables={"问题与措施": problems})
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(write(tmp_path, data)), dest)
    text = _text(dest)
    assert "康复服务 300人，其中儿童康复 120人、成人康复 180人、重度残疾人 50人" in text
    assert "编制人数 10 人，" in text
    assert "1.无障碍改造项目年底前未全部完工" in text
    assert doubled(text) == []


def test_the_doubling_check_can_fail():
    assert doubled("其中其中：重点人群签约；；") == ["其中其中", "；；"]


def test_example_draft_has_no_doubled_words(example):
    result, paragraphs, tables = example
    text = "\n".join(paragraphs + [c for t in tables for row in t for c in row])
    assert doubled(text) == []


def test_indicator_values_keep_operator_and_unit(example):
    result, _, tables = example
    rows = {r[2]: r for r in tables[0][1:]}
    assert rows["按比例安排残疾人就业人数"][3:5] == ["≥2300人", "2381人"]
    assert rows["就业年龄段持证残疾人就业率"][3:5] == ["≥65%", "68%"]
    assert rows["减轻残疾人家庭负担"][3:5] == ["达成", "达成"]
    # 预算执行率: the rate computed from 收支情况 (the example spends its whole budget).
    assert rows["部门预算执行率"][3:5] == ["≥100%", "100.00%"]


def test_budget_rate_row_shows_the_computed_rate_and_typed_operators_stay(tmp_path):
    path = edit(write(tmp_path), {"绩效指标": {"D6": None, "E6": "不低于90%"}})
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(path), dest)
    rows = {r[2]: r for r in read(dest)[1][0][1:]}
    assert rows["部门预算执行率"][3:5] == ["≥100%", "96.00%"]  # 1104 ÷ 1150
    assert rows["服务对象满意度"][3:5] == ["不低于90%", "92%"]
    assert rows["康复服务人数"][3:5] == ["≥280人", "300人"]


def test_profile_is_named_by_its_title(example):
    _, paragraphs, _ = example
    text = "\n".join(paragraphs)
    assert "按评分规则“全国通用规则（财预〔2020〕10号）”计算" in text
    assert "default" not in text


def test_running_costs_in_the_seed_phrasing(tmp_path):
    dest = tmp_path / "d.docx"
    write_draft(check_workbook(write(tmp_path)), dest)
    (line,) = [p for p in read(dest)[0] if p.startswith("运行成本：")]
    assert line == (
        "运行成本：本部门公用经费全年预算 80.00万元，实际支出 76.00万元；"
        "“三公”经费全年预算 5.00万元，实际支出 4.20万元（因公出国（境）费 0.00万元，"
        "公务用车购置及运行费 3.50万元，其中公务用车购置费 0.00万元、公务用车运行维护费 3.50万元，"
        "公务接待费 0.70万元），比上年度减少 0.80万元，下降 16.00%。"
        "公用经费、“三公”经费全年实际支出数小于预算安排数。"
    )


def test_running_costs_over_budget_and_missing(tmp_path):
    over = edit(write(tmp_path), {"收支情况": {"F12": 6}}, dest=tmp_path / "over.xlsx")
    dest = tmp_path / "over.docx"
    write_draft(check_workbook(over), dest)
    text = _text(dest)
    assert "“三公”经费全年实际支出数超出预算安排数 1.00万元【待补充：超支原因】" in text
    budget = [r for r in clean_data().tables["收支情况"] if not str(r["code"]).startswith("5")]
    none = write(tmp_path, clean_data(tables={"收支情况": budget}), name="none.xlsx")
    write_draft(check_workbook(none), dest)
    assert "运行成本：【待补充：“三公”经费（收支情况 5、5.1–5.3 行）】" in _text(dest)


def test_indicator_table_header_repeats_and_columns_have_widths(example, tmp_path):
    result, _, _ = example
    dest = tmp_path / "d.docx"
    write_draft(result, dest)
    table = Document(str(dest)).tables[0]
    first = table.rows[0]._tr
    assert first.trPr is not None and first.trPr.xpath("./w:tblHeader")
    grid = [round(c.w.cm, 1) for c in table._tbl.tblGrid.gridCol_lst]
    assert grid == list(INDICATOR_WIDTHS)
    assert grid[2] >= 3 and grid[7] >= 3  # 三级指标 and 偏差原因 are the wide ones
