"""批量汇总.xlsx read back as a reviewer uses it: ranked rows without ties, integer formats, rows as
tall as their text, every finding linked to its cell, charts that cannot overlap, batch notes,
and how it prints (LibreOffice)."""

import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from builders import edit, write
from click.testing import CliRunner
from office import pdf_text, printing, to_pdf
from openpyxl import load_workbook

from budget_batch import run_batch
from budget_batch.cli import main
from budget_batch.result import Report, Score, WorkbookResult
from budget_batch.write.batch import batch_charts
from budget_batch.write.batch.batch_frames import batch_notes, department_key, workbooks_frame
from budget_batch.write.batch.batch_summary import RESULTS_SHEET
from budget_batch.write.text_fit import line_count, line_height


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Five files: two clean departments whose names differ only by a full-width space (the same
    department twice), one whose lower target costs it points, one of 2024 with a sum error,
    and a file that is not a workbook."""
    root = tmp_path_factory.mktemp("batch_summary")
    src = root / "in"
    src.mkdir()
    edit(write(src, name="a.xlsx"), {"基本信息": {"B2": "测试市民政局"}})
    edit(write(src, name="b.xlsx"), {"基本信息": {"B2": "测试市教育局"}, "绩效指标": {"E3": 400}})
    edit(write(src, name="c.xlsx"), {"基本信息": {"B2": "测试市　民政局 "}})
    edit(
        write(src, name="d.xlsx"),
        {"基本信息": {"B2": "测试市卫健局", "B3": 2024}, "服务数量": {"E3": 121}},
    )
    (src / "e.xlsx").write_text("这不是工作簿", encoding="utf-8")
    out = root / "out"
    report = run_batch([src], out, jobs=2)
    return report, out


def overview(ws):
    """The 工作簿一览 table: its header row number and its rows as dicts (header → cell)."""
    top = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "排名")
    header = [c.value for c in ws[top]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=top + 1)]
    return top, header, rows


def test_rank_follows_score_then_errors_without_ties(batch):
    report, out = batch
    ws = load_workbook(out / "批量汇总.xlsx")["工作簿一览"]
    _, _, rows = overview(ws)
    values = [{k: c.value for k, c in r.items()} for r in rows]
    ranked = [v for v in values if v["排名"] is not None]
    assert [v["排名"] for v in ranked] == list(range(1, len(ranked) + 1))
    keys = [(-v["计算得分"], v["错误"]) for v in ranked]
    assert keys == sorted(keys)
    assert len(ranked) == 4 and values[-1]["状态"] == "无法读取" and values[-1]["排名"] is None
    # Three share the top score: the one with a sum error comes after the two without.
    top = [v for v in ranked if v["计算得分"] == ranked[0]["计算得分"]]
    assert len(top) == 3 and [v["错误"] for v in top] == sorted(v["错误"] for v in top)
    assert top[-1]["错误"] > 0 and top[-1]["年度"] == 2024


def test_integers_carry_integer_formats(batch):
    report, out = batch
    wb = load_workbook(out / "批量汇总.xlsx")
    _, _, rows = overview(wb["工作簿一览"])
    for r in rows:
        for name in ("排名", "年度", "错误", "警告", "提示"):
            if r[name].value is not None:
                assert r[name].number_format == "0" and isinstance(r[name].value, int), name
    assert rows[0]["年度"].value == 2023
    assert rows[0]["计算得分"].number_format == "0.00"
    stats = wb["问题统计"]
    assert {stats.cell(row=r, column=c).number_format for r in (2, 3) for c in (4, 5)} == {"0"}
    scores = wb["得分图表"]
    assert scores["B3"].number_format == "0" and isinstance(scores["B3"].value, int)


def test_rows_are_as_tall_as_their_wrapped_text(batch):
    report, out = batch
    wb = load_workbook(out / "批量汇总.xlsx")
    ws = wb["全部问题"]
    assert ws["F1"].value == "说明"
    width = ws.column_dimensions["F"].width
    tall = 0
    for r in range(2, ws.max_row + 1):
        message = ws.cell(row=r, column=6).value
        lines = line_count(message, width)
        if lines > 1:
            assert ws.row_dimensions[r].height >= lines * line_height(10), (r, message)
            tall += 1
    assert tall
    # The unreadable file's reason wraps: its row is taller; a row whose texts fit keeps one line.
    sheet = wb["工作簿一览"]
    _, _, rows = overview(sheet)
    broken = next(r for r in rows if r["状态"].value == "无法读取")
    one_line = next(r for r in rows if r["文件"].value == "b.xlsx")
    assert sheet.row_dimensions[broken["排名"].row].height > 2 * line_height(10)
    assert sheet.row_dimensions[one_line["排名"].row].height is None


def test_every_finding_links_to_its_cell_in_its_copy(batch):
    report, out = batch
    ws = load_workbook(out / "批量汇总.xlsx")["全部问题"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in ("工作表", "单元格", "文件", "代码")}
    rows = list(ws.iter_rows(min_row=2))
    expected = [(w, f) for w in report.workbooks for f in w.findings]
    assert len(rows) == len(expected) > 0
    copies = {}
    for row, (w, f) in zip(rows, expected, strict=True):
        link = row[col["单元格"]].hyperlink
        assert link is not None, f
        assert link.target == Path(w.output).name and (out / link.target).exists()
        sheet = f.sheet or RESULTS_SHEET
        assert link.location == f"'{sheet}'!{f.cell or 'A1'}"
        assert (row[col["工作表"]].value or None) == (f.sheet or None)
        copy = copies.setdefault(link.target, load_workbook(out / link.target))
        assert sheet in copy.sheetnames


def test_results_sheet_name_is_the_copys():
    from budget_batch.write.copy import annotated_copy

    assert RESULTS_SHEET == annotated_copy.RESULTS_SHEET


def test_grades_and_errors_are_coloured(batch):
    report, out = batch
    ws = load_workbook(out / "批量汇总.xlsx")["工作簿一览"]
    top, header, rows = overview(ws)
    letter = {h: ws.cell(row=top, column=i + 1).column_letter for i, h in enumerate(header)}
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in ws.conditional_formatting}
    grade = next(v for k, v in rules.items() if k.startswith(letter["计算等级"]))
    assert ['"优"'] in grade and ['"差"'] in grade
    errors = next(v for k, v in rules.items() if k.startswith(letter["错误"]))
    assert ["0"] in errors
    # The batch mixes years: a year other than most of the batch's (2023) is marked.
    year = next(cf for cf in ws.conditional_formatting if str(cf.sqref).startswith(letter["年度"]))
    first = f"{letter['年度']}{top + 1}"
    assert [r.formula for r in year.rules] == [[f"AND(ISNUMBER({first}),{first}<>2023)"]]


def test_batch_notes_on_the_first_sheet_and_the_closing_line(batch, tmp_path):
    report, out = batch
    notes = batch_notes(report)
    assert any("1 个文件无法读取" in n for n in notes)
    assert any("2023 年 3 个、2024 年 1 个" in n for n in notes)
    assert any("提交了 2 份工作簿（a.xlsx、c.xlsx）" in n for n in notes)
    ws = load_workbook(out / "批量汇总.xlsx")["工作簿一览"]
    top = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    assert top[0] == "批量汇总（共 5 个工作簿：已审核 4 个，无法读取 1 个）"
    assert [t for t in top if t and t.startswith("注意：")] == [f"注意：{n}" for n in notes]
    _, _, rows = overview(ws)
    notes_by_file = {r["文件"].value: r["批次提示"].value for r in rows}
    assert notes_by_file["a.xlsx"] == "同一部门另有：c.xlsx"
    assert "年度 2024 与本批次多数（2023）不同" in notes_by_file["d.xlsx"]
    assert notes_by_file["b.xlsx"] is None
    printed = CliRunner().invoke(main, ["report", str(out.parent / "in"), "-o", str(tmp_path)])
    assert "共 5 个工作簿：已审核 4 个，无法读取 1 个；" in printed.output
    for n in notes:
        assert f"注意：{n}" in printed.output


def test_a_quiet_batch_says_so(tmp_path):
    edit(write(tmp_path, name="a.xlsx"), {"基本信息": {"B2": "测试市民政局"}})
    report = run_batch([tmp_path / "a.xlsx"], tmp_path / "out", jobs=1)
    assert batch_notes(report) == []
    ws = load_workbook(tmp_path / "out" / "批量汇总.xlsx")["工作簿一览"]
    assert "本批次年度一致，没有重复提交的部门" in ws["A3"].value


def test_department_names_are_compared_without_spelling_noise():
    assert department_key("测试市　民政局 ") == department_key("测试市民政局")
    assert department_key("“测试市民政局”") == department_key("测试市民政局")
    assert department_key("测试市民政局（机关）") != department_key("测试市民政局")


def _gaps_report(n: int) -> Report:
    return Report(
        [
            WorkbookResult(
                file=f"d{i:02d}.xlsx",
                department=f"第{i:02d}部门",
                year=2023,
                score=Score(stated=100, computed=100 - (i % 7) * 3.5, grade_computed="优"),
            )
            for i in range(n)
        ]
    )


def test_chart_anchors_do_not_intersect_and_each_fits_a_page(tmp_path):
    report = _gaps_report(55)  # three department charts
    path = tmp_path / "charts.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    formats = {k: wb.add_format() for k in ("head", "body", "cell", "int", "gap", "title")}
    batch_charts.score_charts(
        wb, formats, workbooks_frame(report), batch_charts.grade_bands(report)
    )
    wb.close()
    ws = load_workbook(path)[batch_charts.SCORES]
    boxes = [
        (c.anchor._from.row, c.anchor._from.col, c.anchor.to.row, c.anchor.to.col)
        for c in ws._charts
    ]
    assert len(boxes) == 1 + math.ceil(55 / batch_charts.PER_CHART)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
            assert apart, (a, b)
    # Each department chart starts a printed page and is shorter than one (landscape, 100 %).
    breaks = [brk.id for brk in ws.row_breaks.brk]
    assert [box[0] for box in boxes[2:]] == breaks[1:]
    for top, _, bottom, _ in boxes:
        assert (bottom - top + 1) * batch_charts.ROW_PX * 0.75 < 595 - 79


def test_distribution_chart_shows_its_axis_and_labels_outside_the_bars(batch):
    report, out = batch
    ws = load_workbook(out / "批量汇总.xlsx")["得分图表"]
    dist, gap = ws._charts[:2]
    assert not dist.x_axis.delete
    assert "".join(r.t for p in dist.x_axis.title.tx.rich.p for r in p.r) == "分数段（等级）"
    assert gap.x_axis.tickLblPos == "low"  # (openpyxl: x = categories) names clear of the bars
    with zipfile.ZipFile(out / "批量汇总.xlsx") as zf:
        charts = [zf.read(n).decode() for n in sorted(zf.namelist()) if "charts/chart" in n]
    # Values shown at the bars' outer ends: Excel's default for bar charts (no dLblPos written),
    # never centred or inside the bar where the bar's colour hides them.
    assert len(charts) == 3 and all('<c:showVal val="1"/>' in xml for xml in charts)
    inside = ('dLblPos val="ctr"', 'dLblPos val="inEnd"', 'dLblPos val="inBase"')
    assert not any(p in xml for xml in charts for p in inside)


def test_frames_keep_the_report_order_and_add_rank_and_notes(batch):
    report, out = batch
    frame = workbooks_frame(report)
    assert list(frame["file"]) == [w.file for w in report.workbooks]
    assert str(frame["year"].dtype) == "Int64" and str(frame["rank"].dtype) == "Int64"
    assert sorted(frame["rank"].dropna()) == [1, 2, 3, 4]
    assert frame.loc[frame["status"] == "unreadable", "rank"].isna().all()
    assert isinstance(frame, pd.DataFrame) and "batch_note" in frame.columns


@printing
def test_overview_prints_key_columns_then_the_rest(batch, tmp_path):
    """Not 19 columns squeezed on one page: the key columns on the first page(s), then files,
    notes and reasons on as many pages after them, in the same row order; each page's footer
    names the sheet. (How many rows a page holds depends on the fonts: not asserted.)"""
    report, out = batch
    (pdf,) = to_pdf([out / "批量汇总.xlsx"], tmp_path)
    pages = [p for p in pdf_text(pdf) if p.strip().splitlines()[-1].split()[0] == "工作簿一览"]
    key = ["计算得分" in p and "批次提示" not in p for p in pages]
    rest = ["批次提示" in p and "计算得分" not in p for p in pages]
    half = len(pages) // 2
    assert half and key == [True] * half + [False] * half, pages
    assert rest == [False] * half + [True] * half, pages
    assert "测试市教育局" in pages[0] and "不是 Excel" in "".join(pages[half:])
