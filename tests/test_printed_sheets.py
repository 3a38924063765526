"""审核结果 and 汇总 as a reviewer prints them, read back: rows as tall as their wrapped text,
integer formats for counts and years, header columns that all say something, charts that neither
overlap nor run across a printed page (from the row heights, the scale and the page breaks the
sheet carries; and in LibreOffice's PDF)."""

import shutil

import pytest
import xlsxwriter
from builders import write
from conftest import EXAMPLE
from office import chart_frames, page_area, pdf_text, printing, to_pdf, within
from openpyxl import load_workbook

from budget_batch import run_batch
from budget_batch.catalogue import SUM_MISMATCH, UNIT_MISMATCH
from budget_batch.result import IndicatorLine, KeyFigures, Line, Part, ProjectLine, WorkbookResult
from budget_batch.write.cell_styles import HEAD_COLOR, formats
from budget_batch.write.copy.results_sheet import RESULTS_SHEET, write_results
from budget_batch.write.copy.summary_sheet import SUMMARY_SHEET, write_summary
from budget_batch.write.print_setup import A4_POINTS, column_points, printable
from budget_batch.write.sheet_grid import page_breaks
from budget_batch.write.text_fit import line_count, line_height

DEFAULT_ROW = 15.0


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """The example's annotated copy and a clean workbook's, as the batch writes them."""
    root = tmp_path_factory.mktemp("printed")
    src = root / "in"
    src.mkdir()
    shutil.copyfile(EXAMPLE, src / "huadu.xlsx")
    write(src, name="clean.xlsx")
    report = run_batch([src], root / "out", jobs=2)
    return {w.file.rsplit("/", 1)[-1]: w.output for w in report.workbooks}


def big_result() -> WorkbookResult:
    """A department in 元 with many parts, 45 projects (30 charted) and 60 indicators, long names
    and formulas: more than one page of everything."""
    money = 22_244_600.55
    figures = KeyFigures(
        unit="元",
        income=Line("收入合计", money * 1.1, money, -money * 0.1, -9.09, 100.0),
        spending=Line("支出合计", money * 1.1, money, -money * 0.1, -9.09, 98.5),
        income_parts=[
            Part(f"1.{i}", f"收入来源第{i}项（含上年结转结余资金）", money / 6, 16.67)
            for i in range(6)
        ],
        spending_parts=[
            Part("2.1", "基本支出", money * 0.4, 40.0),
            Part("2.2", "项目支出", money * 0.6, 60.0),
        ],
        project_count=45,
        project_budget=money * 0.6,
        project_actual=money * 0.58,
        project_exec_rate=96.67,
        top_projects=[
            ProjectLine(
                f"第{i}个项目：城乡困难群众综合救助与服务能力提升专项经费",
                500_000.0 - i,
                480_000.0,
                96.0 + i % 5,
            )
            for i in range(30)
        ],
        indicators=[
            IndicatorLine(
                "产出指标",
                f"第{i}项三级指标：重点人群家庭医生签约服务覆盖率",
                "数量指标",
                1.5,
                1.5,
                1.5 - (i % 3) * 0.5,
                f"{90 + i % 10} ≥ 95，按比例得分 1.50 × {90 + i % 10}/95 = {1.5 - (i % 3) * 0.5:.2f}",
                "≥95%",
                f"{90 + i % 10}%",
                "",
            )
            for i in range(60)
        ],
        profile_title="全国通用规则（财预〔2020〕10号）",
    )
    return WorkbookResult(
        file="big.xlsx",
        department="某某市某某区卫生健康局（含下属二级预算单位合并填报）",
        year=2024,
        profile="default",
        figures=figures,
        findings=[
            SUM_MISMATCH.finding("收支情况", "F3", "短说明。", 1, 2),
            UNIT_MISMATCH.finding("服务数量", "C4", "计量单位不同。" * 12, "人", "件"),
            SUM_MISMATCH.finding("收支情况", "F4", "下级合计与本级不符，请核对。" * 30, 3, 4),
        ],
    )


NOTES = (
    "第 2 轮审核；与上次相比：已改正 5 项，仍存在 3 项，新增 1 项。",
    "仍存在：收支情况 F3（SUM_MISMATCH）；服务数量 C4（UNIT_MISMATCH）；收支情况 F4（SUM_MISMATCH）。",
)


def crafted(tmp_path, result: WorkbookResult, notes=(), name="crafted.xlsx", extra_breaks=()):
    """审核结果 and 汇总 of `result`, written as the copy's side package writes them; with
    `extra_breaks`, 汇总 gets these page breaks too (a fault injected to prove a test fails)."""
    path = tmp_path / name
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    f = formats(wb)
    write_results(wb.add_worksheet(RESULTS_SHEET), result.findings, {"收支情况"}, f)
    summary = wb.add_worksheet(SUMMARY_SHEET)
    breaks = write_summary(wb, summary, result, f, notes)
    if extra_breaks:
        summary.set_h_pagebreaks(sorted({*breaks, *extra_breaks}))
    wb.close()
    return path, breaks


# -- geometry of a printed sheet, from what the sheet carries ---------------------------------


def page_of_rows(ws) -> list[int]:
    """The printed page (0-based) of each row: rows flow down A4 pages at the sheet's print scale
    between its margins; a manual break begins a page, and so would a row that does not fit (a
    break the client would make by itself: asserted never to happen)."""
    setup, margins = ws.page_setup, ws.page_margins
    landscape = setup.orientation == "landscape"
    height = A4_POINTS[0] if landscape else A4_POINTS[1]
    page = (height - 72 * (margins.top + margins.bottom)) * 100 / int(setup.scale)
    breaks = {brk.id for brk in ws.row_breaks.brk}
    last = int(ws.print_area.rsplit("$", 1)[1])  # the print area's last row (1-based)
    pages, used, n = [], 0.0, 0
    for r in range(last):
        h = ws.row_dimensions[r + 1].height or DEFAULT_ROW
        assert r in breaks or not used or used + h <= page * 0.97, f"the client breaks at {r}"
        if used and r in breaks:
            n, used = n + 1, 0.0
        used += h
        pages.append(n)
    return pages


def chart_boxes(ws):
    return [
        (c.anchor._from.row, c.anchor._from.col, c.anchor.to.row, c.anchor.to.col)
        for c in ws._charts
    ]


def assert_charts_apart_and_each_on_one_page(ws) -> list[int]:
    """Return the page of each chart."""
    boxes = chart_boxes(ws)
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
            assert apart, (a, b)
    pages = page_of_rows(ws)
    assert all(box[2] < len(pages) for box in boxes), "a chart below the print area"
    for top, _, bottom, _ in boxes:
        assert pages[top] == pages[bottom], (top, bottom, pages[top], pages[bottom])
    return [pages[box[0]] for box in boxes]


def assert_fits_the_page_width(ws, columns: int) -> None:
    letters = "ABCDEFGHIJ"[:columns]
    width = sum(column_points(ws.column_dimensions[c].width) for c in letters)
    landscape = ws.page_setup.orientation == "landscape"
    if ws.page_setup.scale is not None and not ws.sheet_properties.pageSetUpPr:
        assert width * int(ws.page_setup.scale) / 100 <= printable(landscape)[0]


# -- 审核结果 ----------------------------------------------------------------------------------


def test_results_rows_grow_with_their_wrapped_text(tmp_path):
    path, _ = crafted(tmp_path, big_result())
    ws = load_workbook(path)[RESULTS_SHEET]
    width = ws.column_dimensions["E"].width
    heights = [ws.row_dimensions[r].height for r in (2, 3, 4)]
    assert heights[0] is None  # one line: the client's default height
    lines = [line_count(ws.cell(row=r, column=5).value, width) for r in (3, 4)]
    assert 1 < lines[0] < lines[1]
    assert heights[1] >= lines[0] * line_height(10) and heights[2] >= lines[1] * line_height(10)
    assert heights[1] < heights[2]
    assert ws.cell(row=4, column=5).alignment.wrap_text


def test_results_rows_of_the_example_are_as_tall_as_their_text(copies):
    ws = load_workbook(copies["huadu.xlsx"])[RESULTS_SHEET]
    width = ws.column_dimensions["E"].width
    tall = 0
    for r in range(2, ws.max_row + 1):
        lines = line_count(ws.cell(row=r, column=5).value, width)
        if lines > 1:
            assert ws.row_dimensions[r].height >= lines * line_height(10), r
            tall += 1
    assert tall == ws.max_row - 1  # the example's messages all wrap at this width


def test_results_print_on_a4_one_page_wide_with_the_header_on_each_page(copies):
    wb = load_workbook(copies["huadu.xlsx"])
    ws = wb[RESULTS_SHEET]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_options.gridLines
    # No code wraps: the 代码 column holds the longest code present.
    codes = [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]
    assert line_count(max(codes, key=len), ws.column_dimensions["B"].width) == 1


# -- 汇总 -------------------------------------------------------------------------------------


def _row_of(ws, label):
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == label)


def test_summary_counts_and_year_carry_integer_formats(copies):
    ws = load_workbook(copies["huadu.xlsx"])[SUMMARY_SHEET]
    counts = _row_of(ws, "问题数") + 1
    for c in (2, 3, 4):
        cell = ws.cell(row=counts, column=c)
        assert isinstance(cell.value, int) and cell.number_format == "0", cell
    year = ws.cell(row=_row_of(ws, "年度"), column=2)
    assert year.value == 2023 and year.number_format == "0"
    assert ws.cell(row=_row_of(ws, "得分"), column=2).number_format == "0.00"
    assert ws.cell(row=_row_of(ws, "收入合计"), column=2).number_format == "#,##0.00"


def test_summary_header_cells_all_say_something(copies, tmp_path):
    """四、绩效指标得分 (and every table) has no empty header column: 计算式 spans E:G."""
    path, _ = crafted(tmp_path, big_result())
    for ws in (
        load_workbook(copies["huadu.xlsx"])[SUMMARY_SHEET],
        load_workbook(path)[SUMMARY_SHEET],
    ):
        merged = {
            (r, c)
            for rng in ws.merged_cells.ranges
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col + 1, rng.max_col + 1)  # covered by the top-left cell
        }
        heads = 0
        for row in ws.iter_rows():
            for cell in row:
                if (
                    cell.fill.fgColor.rgb == "FF" + HEAD_COLOR
                    and (cell.row, cell.column) not in merged
                ):
                    assert cell.value not in (None, ""), cell.coordinate
                    heads += 1
        assert heads > 20
        indicators = _row_of(ws, "三级指标")
        assert [ws.cell(row=indicators, column=c).value for c in range(1, 6)] == [
            "三级指标",
            "分值",
            "自评得分",
            "计算得分",
            "计算式",
        ]
        assert f"E{indicators}:G{indicators}" in {str(r) for r in ws.merged_cells.ranges}


def test_summary_charts_do_not_overlap_and_each_prints_on_one_page(copies):
    ws = load_workbook(copies["huadu.xlsx"])[SUMMARY_SHEET]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert_fits_the_page_width(ws, 7)
    pages = assert_charts_apart_and_each_on_one_page(ws)
    assert len(pages) == 4 and pages == sorted(pages)
    assert {brk.id for brk in ws.row_breaks.brk}  # the layout needed breaks, and set them


def test_a_long_summary_splits_its_charts_and_makes_room_for_notes(tmp_path):
    """60 indicators in 元 with 30 long-named projects, and two lines of notes under the title
    (as a later round adds): the charts are split to fit a page, none overlaps, none is cut, and
    every figure shows (columns widen for 22,244,600.55)."""
    result = big_result()
    (tmp_path / "bare").mkdir()
    bare, _ = crafted(tmp_path / "bare", result)
    path, breaks = crafted(tmp_path, result, NOTES)
    ws = load_workbook(path)[SUMMARY_SHEET]
    assert ws["A2"].value == NOTES[0] and ws["A3"].value == NOTES[1]
    pages = assert_charts_apart_and_each_on_one_page(ws)
    assert len(ws._charts) > 4  # the indicator chart is split
    assert len(set(pages)) >= 4
    assert [brk.id for brk in ws.row_breaks.brk] == breaks
    assert_fits_the_page_width(ws, 7)
    shown = len(f"{result.figures.income.prior:,.2f}")
    assert ws.column_dimensions["B"].width >= shown
    # The notes moved everything down by their rows; the layout is the same below them.
    before = load_workbook(bare)[SUMMARY_SHEET]
    shift = ws.max_row - before.max_row
    assert shift == 2
    assert [b[0] + shift for b in chart_boxes(before)] == [b[0] for b in chart_boxes(ws)]


def test_page_breaks_keep_blocks_whole_and_let_tall_ones_flow():
    heights = [10.0] * 30
    assert page_breaks(heights, {}, 100.0) == [10, 20]  # full pages end where we say
    # A block of 5 rows starting at row 8 on a page of 100: rows 0–7 use 80, so it moves.
    assert page_breaks(heights, {8: [12]}, 100.0) == [8, 18, 28]
    # Kept blocks starting at a row: the longest that fits a page is kept; a taller one flows.
    assert page_breaks(heights, {5: [7, 29]}, 100.0) == [10, 20]  # 5–7 fits after 0–4
    assert page_breaks(heights, {8: [9, 29]}, 100.0) == [10, 20]  # 8–9 fits exactly
    assert page_breaks(heights, {9: [10, 29]}, 100.0) == [9, 19, 29]


# -- LibreOffice: the pages as printed ----------------------------------------------------------


def chart_title(chart) -> str:
    """The words of a chart's title before any bracket (a unit or a note may wrap)."""
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or [])).split("（")[0]


def assert_each_chart_printed_whole(path, pdf) -> None:
    """In LibreOffice's PDF, each chart of 汇总 is drawn once, whole inside the printable area of
    one page, with its own title inside its frame, in the sheet's order: a chart that a page
    break cuts is drawn on both pages, reaching past the margins of the second. (Where the pages
    break depends on the fonts only through the column widths, which PRINT_FONTS fix.)"""
    ws = load_workbook(path)[SUMMARY_SHEET]
    charts = [c for _, c in sorted(zip(chart_boxes(ws), ws._charts, strict=True))]
    footers = [p.strip().splitlines()[-1].split()[0] if p.strip() else "" for p in pdf_text(pdf)]
    drawn = [d for d in chart_frames(pdf) if footers[d.page] == SUMMARY_SHEET]
    assert len(drawn) == len(charts), (path.name, drawn)
    m = ws.page_margins
    for chart, d in zip(charts, drawn, strict=True):
        area = page_area(pdf, d.page, (m.left, m.right, m.top, m.bottom))
        assert within(d.box, area), (path.name, chart_title(chart), d, area)
        assert chart_title(chart) in d.text, (path.name, chart_title(chart), d.text)


@printing
def test_libreoffice_prints_each_chart_whole_on_one_page(copies, tmp_path):
    """The example's 汇总 and a large one, printed by LibreOffice: no chart split across pages.
    The control, the large one with a page break injected through its first chart, fails."""
    result = big_result()
    big, _ = crafted(tmp_path, result, NOTES)
    top, _, bottom, _ = chart_boxes(load_workbook(big)[SUMMARY_SHEET])[0]
    cut, _ = crafted(tmp_path, result, NOTES, name="cut.xlsx", extra_breaks=[(top + bottom) // 2])
    example = tmp_path / "example.xlsx"
    shutil.copyfile(copies["huadu.xlsx"], example)
    pdfs = to_pdf([example, big, cut], tmp_path)
    for path, pdf in zip((example, big), pdfs, strict=False):
        assert_each_chart_printed_whole(path, pdf)
    with pytest.raises(AssertionError, match="cut.xlsx"):
        assert_each_chart_printed_whole(cut, pdfs[2])
