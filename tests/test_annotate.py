"""The annotated copy: nothing of the user's lost, every finding marked in place, input untouched."""

import hashlib
from pathlib import Path

import pytest
from builders import clean_data, write
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from budget_batch import report
from budget_batch.findings import Severity
from budget_batch.write.cell_styles import SEVERITY_COLORS
from budget_batch.write.copy.annotated_copy import RECORD_SHEET, RESULTS_SHEET
from budget_batch.write.copy.summary_sheet import SUMMARY_SHEET

FILL = {s.value: "FF" + SEVERITY_COLORS[s] for s in Severity}


def _user_workbook(tmp_path: Path) -> Path:
    """A workbook with things of the user's own: a sheet, formulas, comments, styles, a column."""
    data = clean_data()
    data.tables["项目支出"][0]["name"] = '=HYPERLINK("http://x","点我")'  # text, not formula
    path = write(tmp_path, data)
    wb = load_workbook(path)
    notes = wb.create_sheet("我的笔记")
    notes["A1"] = "自己的计算"
    notes["B2"] = 3
    notes["B3"] = "=B2*2"
    notes["B3"].number_format = "0.00"
    notes["A1"].font = Font(bold=True, color="FF0000")
    notes["A1"].comment = Comment("我自己的批注", "张三")
    budget = wb["收支情况"]
    budget["L1"] = "内部备注"
    budget["L3"] = "经办人核对过"
    budget["F3"] = 1050  # 1.1 执行 → 收入合计 F2 no longer adds up
    budget["F3"].comment = Comment("决算数取自决算报表", "李四")  # the cell that will be blamed
    budget["C4"] = "=1+2"  # a formula in a checked cell: FORMULA_NO_VALUE
    wb["服务数量"]["E6"].value = "=cmd|' /C calc'!A0"
    wb["服务数量"]["E6"].data_type = "s"  # text that looks like a formula, in a number cell
    wb.save(path)
    return path


def _dump(path: Path, skip: tuple[str, ...] = ()) -> dict[tuple[str, str], tuple]:
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title in skip:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.comment is None:
                    continue
                out[(ws.title, c.coordinate)] = (
                    c.data_type,
                    c.value,
                    c.number_format,
                    c.font.b,
                    c.font.color.rgb if c.font.color else None,
                    c.comment.text if c.comment else None,
                )
    return out


@pytest.fixture
def annotated(tmp_path):
    source = _user_workbook(tmp_path)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    doc = report([source], tmp_path / "out")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest, "the input was modified"
    (result,) = doc.workbooks
    assert result.status == "checked"
    return source, Path(result.output), result


def test_outputs_are_named_and_written(annotated, tmp_path):
    source, output, _ = annotated
    assert output == tmp_path / "out" / "wb_审核.xlsx"
    assert (tmp_path / "out" / "report.json").exists()
    assert not list((tmp_path / "out").glob(".*tmp*"))  # no temporary left behind


def test_every_user_cell_survives(annotated):
    source, output, result = annotated
    before = _dump(source)
    after = _dump(output, skip=(RESULTS_SHEET, SUMMARY_SHEET, RECORD_SHEET))
    flagged = {(f.sheet, f.cell) for f in result.findings if f.cell}
    for key, (dtype, value, number_format, bold, color, comment) in before.items():
        assert key in after, f"{key} lost"
        a_dtype, a_value, a_format, a_bold, a_color, a_comment = after[key]
        assert (a_dtype, a_value, a_format, a_bold, a_color) == (
            dtype,
            value,
            number_format,
            bold,
            color,
        ), key
        if key in flagged:
            assert a_comment is not None and (comment is None or a_comment.startswith(comment))
        else:
            assert a_comment == comment, key
    assert set(after) - set(before) <= flagged  # we only add comments on flagged cells
    wb = load_workbook(output)
    assert wb.sheetnames == [
        RESULTS_SHEET,
        SUMMARY_SHEET,
        *load_workbook(source).sheetnames,
        RECORD_SHEET,
    ]
    assert wb["我的笔记"]["B3"].value == "=B2*2"
    assert wb["收支情况"]["L3"].value == "经办人核对过"
    assert wb["项目支出"]["B2"].data_type == "s"  # the user's text stays text


def test_each_finding_cell_has_fill_and_comment(annotated):
    _, output, result = annotated
    wb = load_workbook(output)
    cells = [f for f in result.findings if f.cell]
    assert cells, "the crafted workbook must have cell findings"
    worst: dict[tuple[str, str], Severity] = {}
    for f in cells:
        key = (f.sheet, f.cell)
        if key not in worst or f.severity.rank > worst[key].rank:
            worst[key] = f.severity
    for f in cells:
        cell = wb[f.sheet][f.cell]
        assert cell.fill.fgColor.rgb == FILL[worst[(f.sheet, f.cell)].value]
        assert f"{f.code}：{f.message}" in cell.comment.text


def test_existing_comment_is_kept_and_ours_appended(annotated):
    _, output, _ = annotated
    comment = load_workbook(output)["收支情况"]["F3"].comment
    assert comment.text.startswith("决算数取自决算报表")
    assert "SUM_MISMATCH" in comment.text
    assert comment.author == "李四"


def test_results_sheet_lists_findings_with_links(annotated):
    _, output, result = annotated
    ws = load_workbook(output)[RESULTS_SHEET]
    assert [c.value for c in ws[1]] == [
        "严重程度",
        "代码",
        "工作表",
        "单元格",
        "说明",
        "填报值",
        "计算值",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.findings)
    for row, f in zip(rows, result.findings, strict=True):
        assert row[:5] == (f.severity.label, f.code, f.sheet, f.cell or "（工作表）", f.message)
        assert row[5] == f.stated and row[6] == f.computed
    for r, f in enumerate(result.findings, start=2):
        link = ws.cell(row=r, column=4).hyperlink
        assert link is not None and link.location == f"'{f.sheet}'!{f.cell or 'A1'}"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:G{len(rows) + 1}"


def test_user_text_that_looks_like_a_formula_stays_text(annotated):
    _, output, result = annotated
    injected = [f for f in result.findings if f.stated == "=cmd|' /C calc'!A0"]
    assert [f.code for f in injected] == ["NOT_A_NUMBER"]
    ws = load_workbook(output)[RESULTS_SHEET]
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                assert c.data_type == "s"
    row = next(r for r in ws.iter_rows(min_row=2) if r[5].value == "=cmd|' /C calc'!A0")
    assert row[5].data_type == "s"


def test_clean_workbook_gets_an_empty_results_sheet(tmp_path):
    doc = report([write(tmp_path)], tmp_path / "out")
    ws = load_workbook(doc.workbooks[0].output)[RESULTS_SHEET]
    assert ws["E2"].value == "未发现问题。"


def test_xlsm_keeps_its_extension_and_macros(tmp_path):
    import zipfile

    source = write(tmp_path)
    xlsm = tmp_path / "macro.xlsm"
    # Make a macro-enabled package: a vbaProject part and the macro content type.
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(xlsm, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b'<Default Extension="xml"',
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Default Extension="xml"',
                )
            zout.writestr(item, data)
        zout.writestr("xl/vbaProject.bin", b"not really vba, kept as bytes")
    doc = report([xlsm], tmp_path / "out")
    (result,) = doc.workbooks
    assert result.status == "checked" and result.output.endswith("macro_审核.xlsm")
    with zipfile.ZipFile(result.output) as z:
        assert z.read("xl/vbaProject.bin") == b"not really vba, kept as bytes"


def _crafted(tmp_path, cells):
    """A clean workbook and a result with an error finding on each of `cells` of 收支情况."""
    from budget_batch import catalogue as C
    from budget_batch import check_workbook

    source = write(tmp_path)
    wb = load_workbook(source)
    wb["收支情况"].merge_cells("K2:K4")
    wb.save(source)
    result = check_workbook(source)
    assert result.findings == []
    result.findings = [C.SUM_MISMATCH.finding("收支情况", c, f"第 {c} 格", 1, 2) for c in cells]
    return source, result


def test_a_mark_inside_a_merged_range_goes_on_its_top_left_cell(tmp_path):
    from budget_batch.read.review_record import read_review_record
    from budget_batch.write.copy.annotated_copy import write_annotated

    source, result = _crafted(tmp_path, ["K3", "K4"])
    dest = tmp_path / "out.xlsx"
    write_annotated(source, result, dest)
    ws = load_workbook(dest)["收支情况"]
    assert ws["K2"].fill.fgColor.rgb == FILL["error"]
    assert "第 K3 格" in ws["K2"].comment.text and "第 K4 格" in ws["K2"].comment.text
    assert [(c.sheet, c.cell) for c in read_review_record(dest).cells] == [("收支情况", "K2")]


def test_a_mark_on_a_cell_that_does_not_exist_creates_it(tmp_path):
    from budget_batch.read.review_record import read_review_record
    from budget_batch.write.copy.annotated_copy import write_annotated

    source, result = _crafted(tmp_path, ["M3", "Z99"])
    dest = tmp_path / "out.xlsx"
    write_annotated(source, result, dest)
    before, after = load_workbook(source)["收支情况"], load_workbook(dest)["收支情况"]
    for ref in ("M3", "Z99"):
        assert before[ref].value is None and after[ref].value is None
        assert after[ref].fill.fgColor.rgb == FILL["error"]
        assert after[ref].comment.text == f"【错误】SUM_MISMATCH：第 {ref} 格"
    record = read_review_record(dest)
    assert [(c.cell, c.fill, c.comment_new) for c in record.cells] == [
        ("M3", "", True),
        ("Z99", "", True),
    ]


def test_a_threaded_comment_is_kept_and_ours_goes_to_its_fallback(lossless_copies):
    import zipfile

    source, copy, _ = lossless_copies["threaded"]
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(copy) as b:
        for name in a.namelist():
            if name.startswith(("xl/threadedComments/", "xl/persons/")):
                assert a.read(name) == b.read(name), name
    before, after = load_workbook(source)["收支情况"]["F2"], load_workbook(copy)["收支情况"]["F2"]
    assert before.comment.text.startswith("[Threaded comment]")
    assert after.comment.text.startswith(before.comment.text)
    assert "SUM_MISMATCH" in after.comment.text[len(before.comment.text) :]
    assert after.comment.author == before.comment.author
