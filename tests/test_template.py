"""The committed template and example are exactly what the generators write (by content)."""

from pathlib import Path

import pytest
from builders import findings, only
from conftest import EXAMPLE, TEMPLATE
from office import pdf_text, printing, to_pdf
from openpyxl import load_workbook

from budget_batch import WorkbookData, write_workbook
from budget_batch.samples.example_workbook import example_data
from budget_batch.schema import BUDGET, DATA_SHEETS, INFO, INSTRUCTIONS_SHEET, TABLES, VERSION_NAME


def content(path: Path) -> dict:
    """Everything a user sees: values, formats, fills, comments, validations, panes, names."""
    wb = load_workbook(path)
    out: dict = {"sheets": wb.sheetnames, "names": sorted(wb.defined_names.keys())}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.comment is not None:
                    cells[c.coordinate] = (
                        c.value,
                        c.number_format,
                        c.fill.fgColor.rgb,
                        c.comment.text if c.comment else None,
                    )
        validations = sorted(
            (str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation
        )
        widths = {k: v.width for k, v in ws.column_dimensions.items()}
        heights = {k: v.height for k, v in ws.row_dimensions.items() if v.height}
        out[ws.title] = (cells, validations, ws.freeze_panes, widths, heights, _printing(ws))
    return out


def _printing(ws) -> tuple:
    """How a sheet prints: paper, orientation, fit, scale, repeated rows, footer."""
    setup = ws.page_setup
    return (
        setup.paperSize,
        setup.orientation,
        ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        setup.fitToWidth,
        setup.fitToHeight,
        setup.scale,
        ws.print_title_rows,
        ws.oddFooter.left.text,
        ws.oddFooter.right.text,
    )


@pytest.mark.parametrize(("committed", "data"), [(TEMPLATE, None), (EXAMPLE, example_data())])
def test_committed_file_matches_the_generator(tmp_path, committed, data):
    fresh = tmp_path / "fresh.xlsx"
    write_workbook(fresh, data)
    assert content(committed) == content(fresh), (
        f"{committed.name} is stale: run make template/example"
    )


def test_template_structure():
    wb = load_workbook(TEMPLATE)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, *DATA_SHEETS]
    assert wb.defined_names[VERSION_NAME].attr_text == '"1"'
    for spec in TABLES:
        ws = wb[spec.name]
        headers = [c.value for c in ws[1]]
        assert headers == [c.header + ("*" if c.required else "") for c in spec.columns]
        assert ws.freeze_panes == "A2"
    budget = wb[BUDGET.name]
    assert [budget.cell(row=i + 2, column=1).value for i in range(len(BUDGET.standard_rows))] == [
        r.code for r in BUDGET.standard_rows
    ]
    info = wb[INFO.name]
    assert info["A2"].value == "部门名称 *"


@pytest.mark.parametrize(
    ("sheet", "choices"),
    [
        ("绩效指标", "≥,≤,=,定性"),
        ("服务数量", "是,否"),
        ("问题与措施", "存在问题,改进措施"),
        ("基本信息", "优,良,中,差"),
        ("基本信息", "万元,元"),
        ("基本信息", "年初预算数,全年预算数,全年执行数"),
    ],
)
def test_template_dropdowns(sheet, choices):
    ws = load_workbook(TEMPLATE)[sheet]
    lists = {
        dv.formula1.strip('"') for dv in ws.data_validations.dataValidation if dv.type == "list"
    }
    assert choices in lists


def test_instructions_explain_every_sheet():
    ws = load_workbook(TEMPLATE)[INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for name in DATA_SHEETS:
        assert f"【{name}】" in text
    assert "模板版本：1" in text


def test_blank_template_reads_without_crashing():
    found = findings(TEMPLATE)
    # An unfilled template is reported as unfilled: required values, no indicators (once per
    # missing dimension, not again as a weight total of 0), no problems.
    assert {f.code for f in found} == {
        "REQUIRED_EMPTY",
        "DIMENSION_MISSING",
        "PROBLEMS_BOILERPLATE",
    }
    assert {f.cell for f in only(found, "REQUIRED_EMPTY")} == {"B2", "B3", "B12", "B13"}


def test_example_is_labelled_as_example():
    wb = load_workbook(EXAMPLE)
    assert "示例" in "".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert any("示例" in str(c.value) for c in wb["项目支出"]["K"])


def _pages_per_sheet(pdf: Path) -> list[str]:
    """The sheet each printed page belongs to, read from its footer (sheet name, page number)."""
    return [page.strip().splitlines()[-1].split()[0] for page in pdf_text(pdf)]


def assert_printed_one_page_wide_with_headers(workbook: Path, pdf: Path) -> None:
    """LibreOffice's PDF of `workbook`: every sheet printed, in order, each page's footer naming
    it; every page of a table shows its header row from the first column to the last (one page
    wide, the header repeated). How many pages a sheet takes is not asserted: it depends on the
    row heights a client gives wrapped text in the fonts it has."""
    wb = load_workbook(workbook)
    pages = pdf_text(pdf)
    sheets = _pages_per_sheet(pdf)
    assert [s for i, s in enumerate(sheets) if i == 0 or sheets[i - 1] != s] == wb.sheetnames
    for name, text in zip(sheets, pages, strict=True):
        ws = wb[name]
        if ws.print_title_rows is None:
            continue
        header = [str(c.value).rstrip("*") for c in ws[1] if c.value is not None]
        assert header[0] in text and header[-1] in text, (workbook.name, name, header, text)


@printing
def test_blank_template_prints_each_sheet_one_page_wide_with_its_header(tmp_path):
    """LibreOffice prints the committed template, and a copy with 60 shaded project rows that
    run over a page: every page of each table shows its header across. The control, a copy whose
    收支情况 is not fitted to the page width, fails."""
    spilled = tmp_path / "spilled.xlsx"  # 60 shaded project rows: too many for one page
    write_workbook(spilled, WorkbookData(tables={"项目支出": [{}] * 60}))
    wide = tmp_path / "wide.xlsx"
    wb = load_workbook(TEMPLATE)
    ws = wb[BUDGET.name]
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 100
    for dimension in ws.column_dimensions.values():
        dimension.width = (dimension.width or 10) * 2
    wb.save(wide)
    template, control, fault = to_pdf([TEMPLATE, spilled, wide], tmp_path)
    assert_printed_one_page_wide_with_headers(TEMPLATE, template)
    assert_printed_one_page_wide_with_headers(spilled, control)
    assert _pages_per_sheet(control).count("项目支出") >= 2  # the header did repeat
    with pytest.raises(AssertionError, match="wide.xlsx"):
        assert_printed_one_page_wide_with_headers(wide, fault)


def test_every_sheet_is_set_up_for_a4():
    wb = load_workbook(TEMPLATE)
    for ws in wb.worksheets:
        paper, orientation, fit, width, height, _scale, titles, left, right = _printing(ws)
        assert int(paper) == 9 and fit and width in (None, 1), ws.title  # 1 is the default
        assert left == "&A" and right == "第 &P 页"
        if ws.title != INSTRUCTIONS_SHEET:
            assert titles == "$1:$1" and height == 0, ws.title
    landscape = {ws.title for ws in wb.worksheets if ws.page_setup.orientation == "landscape"}
    assert landscape == {"收支情况", "项目支出", "绩效指标"}  # the wide tables


def test_filled_rows_are_as_tall_as_their_text():
    """Wrapped text gets a computed row height (no client autofits it on opening); short rows
    keep the default height."""
    wb = load_workbook(EXAMPLE)
    info = wb[INFO.name]
    rows = {info.cell(row=r, column=1).value: r for r in range(2, info.max_row + 1)}
    goal = info.row_dimensions[rows["年度整体绩效目标"]].height
    functions = info.row_dimensions[rows["部门职能"]].height
    assert goal > functions > 30
    assert info.row_dimensions[rows["预算年度 *"]].height is None


def test_annotated_copy_prints_as_the_workbook(tmp_path):
    """The copy keeps the user's page set-up, so it inherits the template's."""
    from budget_batch import run_batch

    copy = load_workbook(run_batch([EXAMPLE], tmp_path, jobs=1).workbooks[0].output)
    original = load_workbook(EXAMPLE)
    for name in original.sheetnames:
        assert _printing(copy[name]) == _printing(original[name]), name
