"""The reader on messy, real-life entry: every problem becomes a finding with its cell."""

import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pytest
from builders import edit, findings, only, project, write
from chinese import english_words
from conftest import EXAMPLE
from lxml import etree
from openpyxl import load_workbook
from python_calamine import CalamineError, WorksheetNotFound

from budget_batch import check_workbook, read_workbook
from budget_batch.read.package_scan import refusal
from budget_batch.schema import VERSION_NAME

MESSY_HEADERS = [
    "项目 *",
    "编码*",
    "我的备注",
    "全年执行数（万元）",
    "上年数",
    "年初预算数",
    "全 年 预 算 数",
    "增减额",
    "增减率（%）",
    "占比(%)",
    "执行率",
    "说明",
]


def _messy_budget(tmp_path: Path) -> Path:
    """收支情况 rebuilt as people do it: a title, header on row 3, reordered and extra columns."""
    path = write(tmp_path)
    wb = load_workbook(path)
    index = wb.sheetnames.index("收支情况")
    del wb["收支情况"]
    ws = wb.create_sheet("收支情况", index)
    ws["A1"] = "2023 年部门收支情况表"
    ws.append([])
    ws.append(MESSY_HEADERS)  # row 3
    #            项目, 编码, 备注, 执行, 上年, 年初, 全年, 增减额, 率, 占比, 执行率, 说明
    ws.append(["收入合计", "1", "自填", 1150, 1000, 1100, 1150, 150, 15, None, None, None])  # 4
    ws.append(
        [
            "一般公共预算财政拨款",
            "1.1",
            None,
            "1,040",
            900,
            1000,
            1040,
            140,
            15.56,
            "90.43%",
            None,
            None,
        ]
    )  # 5
    ws.append([])  # 6: an empty row in the middle
    ws.append(
        ["政府性基金预算财政拨款", "1.2", None, "１１０", 100, 100, 110, 10, 10, 0.0957, None, None]
    )  # 7
    ws.append(["支出合计", "2", None, 1104, 980, 1100, 1150, 124, 12.65, None, "96%", None])  # 8
    ws.append(["基本支出", "2.1", None, 594, 580, 600, 600, 14, 2.41, 53.8, 99, None])  # 9
    ws.append(["项目支出", "2.2", None, 510, 400, 500, 550, 110, 27.5, 46.2, 92.73, "新增"])  # 10
    ws.append(
        ["公用经费", "2.1.2", None, "#DIV/0!", None, None, None, None, None, None, None, None]
    )  # 11
    ws["J7"].number_format = "0.00%"
    wb.save(path)
    return path


def test_the_styles_part_is_found_by_its_relationship(tmp_path):
    """A package whose styles part has another name (the workbook's relationship says which):
    the percent format of J7 is still read, so 0.0957 still means 9.57."""
    import zipfile

    src = _messy_budget(tmp_path)
    path = tmp_path / "renamed_styles.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data, name = zin.read(item.filename), item.filename
            if name == "xl/styles.xml":
                name = "xl/styles_2.xml"
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"styles.xml", b"styles_2.xml")
            zout.writestr(name, data)
    table = read_workbook(path).model.budget
    assert table is not None
    assert {r.text("code"): r for r in table.rows}["1.2"].num("share") == 95.7 / 10


@pytest.mark.fires("NUMBER_NORMALIZED", "CELL_ERROR")
def test_messy_budget_sheet_is_read_by_header_name(tmp_path):
    path = _messy_budget(tmp_path)
    read = read_workbook(path)
    table = read.model.budget
    assert table is not None
    assert table.header_row == 3
    assert (
        table.columns["code"] == 2 and table.columns["actual"] == 4 and table.columns["share"] == 10
    )
    by_code = {r.text("code"): r for r in table.rows}
    assert [r.index for r in table.rows] == [4, 5, 7, 8, 9, 10, 11]  # the empty row is skipped
    assert by_code["1.1"].num("actual") == 1040.0
    assert by_code["1.2"].num("actual") == 110.0
    assert by_code["1.1"].num("share") == 90.43
    assert by_code["1.2"].num("share") == 95.7 / 10  # 0.0957 in a percent format means 9.57
    assert by_code["2"].num("exec_rate") == 96.0
    assert by_code["1.1"].cell("actual").ref == "D5"
    normalized = project(only(read.findings, "NUMBER_NORMALIZED"))
    assert normalized == [
        ("NUMBER_NORMALIZED", "收支情况", "D5"),
        ("NUMBER_NORMALIZED", "收支情况", "J5"),
        ("NUMBER_NORMALIZED", "收支情况", "D7"),
        ("NUMBER_NORMALIZED", "收支情况", "J7"),
        ("NUMBER_NORMALIZED", "收支情况", "K8"),
    ]
    assert project(read.findings, "CELL_ERROR") == [("CELL_ERROR", "收支情况", "D11")]
    assert not only(read.findings, "COLUMN_MISSING")


def test_messy_sheet_still_checks_by_cell(tmp_path):
    path = _messy_budget(tmp_path)
    edit(path, {"收支情况": {"D10": 500}})  # 项目支出 执行 510 typed 500
    found = [f for f in findings(path) if f.severity == "error" and f.code != "CELL_ERROR"]
    # blamed on D10 (found by header, two columns to the left), its consequences named
    assert [(f.cell, f.computed) for f in found] == [("D10", 510)]
    assert "收支情况!D8" in found[0].explains


@pytest.mark.fires("NOT_A_NUMBER")
def test_text_in_a_number_cell(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"F3": "一千零四十", "C3": "12.3元"}})
    found = only(findings(path), "NOT_A_NUMBER")
    assert project(found) == [
        ("NOT_A_NUMBER", "收支情况", "C3"),
        ("NOT_A_NUMBER", "收支情况", "F3"),
    ]
    assert found[1].stated == "一千零四十"
    assert "金额单位" in found[0].message


def test_number_typed_as_text_is_read_and_noted(tmp_path):
    path = edit(write(tmp_path), {"收支情况": {"F3": "1040"}})
    found = findings(path)
    assert project(found) == [("NUMBER_NORMALIZED", "收支情况", "F3")]
    assert found[0].computed == 1040.0


@pytest.mark.fires("FORMULA_NO_VALUE")
def test_formula_without_cached_value(tmp_path):
    """Once per sheet, listing its cells; the checks it would feed are skipped, not fed a 0."""
    path = edit(write(tmp_path), {"收支情况": {"F2": "=F3+F4", "F5": "=F6+F9"}})  # no cached values
    found = findings(path)
    assert project(found) == [("FORMULA_NO_VALUE", "收支情况", "F2")]
    f = only(found, "FORMULA_NO_VALUE")[0]
    assert f.stated == "=F3+F4" and "F2、F5" in f.message


@pytest.mark.fires("SHEET_MISSING")
def test_missing_sheet_suggests_the_closest_name(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb["服务数量"].title = "服务数据"
    wb.save(path)
    found = only(findings(path), "SHEET_MISSING")
    assert project(found) == [("SHEET_MISSING", "服务数量", "")]
    assert "服务数据" in found[0].message


def test_sheet_name_with_spaces_is_accepted(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb["服务数量"].title = "服务数量 "
    wb.save(path)
    assert findings(path) == []


def test_hidden_required_sheet_is_reported(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb["服务数量"].sheet_state = "hidden"
    wb.save(path)
    found = only(findings(path), "SHEET_MISSING")
    assert len(found) == 1 and "隐藏" in found[0].message


@pytest.mark.fires("COLUMN_MISSING")
def test_renamed_header_is_column_missing(tmp_path):
    path = edit(write(tmp_path), {"项目支出": {"B1": "项目"}})
    found = findings(path)
    assert project(found, "COLUMN_MISSING") == [("COLUMN_MISSING", "项目支出", "A1")]
    assert "项目名称" in only(found, "COLUMN_MISSING")[0].message


def test_no_header_row_at_all(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb["问题与措施"].delete_rows(1)
    wb.save(path)
    found = only(findings(path), "COLUMN_MISSING")
    assert project(found) == [("COLUMN_MISSING", "问题与措施", "")]


@pytest.mark.fires("REQUIRED_EMPTY")
def test_required_values(tmp_path):
    path = edit(write(tmp_path), {"基本信息": {"B2": None}, "项目支出": {"G3": None}})
    assert project(findings(path), "REQUIRED_EMPTY") == [
        ("REQUIRED_EMPTY", "基本信息", "B2"),
        ("REQUIRED_EMPTY", "项目支出", "G3"),
    ]


def test_required_label_absent(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb["基本信息"].delete_rows(2)  # the 部门名称 row
    wb.save(path)
    found = only(findings(path), "REQUIRED_EMPTY")
    assert project(found) == [("REQUIRED_EMPTY", "基本信息", "")]
    assert "部门名称" in found[0].message


def test_budget_execution_indicator_actual_may_be_empty(clean):
    # The clean workbook leaves the 预算执行率 actual empty: no REQUIRED_EMPTY.
    assert not only(findings(clean), "REQUIRED_EMPTY")


@pytest.mark.fires("CODE_INVALID", "CODE_DUPLICATE", "CODE_ORPHAN")
def test_codes(tmp_path):
    path = edit(write(tmp_path), {"服务数量": {"A4": "1.1", "A7": "三", "A9": "4.2"}})
    found = findings(path)
    assert project(found, "CODE_DUPLICATE", "CODE_INVALID", "CODE_ORPHAN") == [
        ("CODE_DUPLICATE", "服务数量", "A4"),
        ("CODE_INVALID", "服务数量", "A7"),
        ("CODE_ORPHAN", "服务数量", "A8"),  # 3.1 lost its parent "3"
        ("CODE_ORPHAN", "服务数量", "A9"),
    ]


def test_link_code_invalid(tmp_path):
    path = edit(write(tmp_path), {"绩效指标": {"K3": "第一项"}})
    assert project(findings(path), "CODE_INVALID") == [("CODE_INVALID", "绩效指标", "K3")]


@pytest.mark.fires("CHOICE_INVALID")
def test_choice_invalid_and_aliases(tmp_path):
    path = edit(
        write(tmp_path),
        {"服务数量": {"H5": "不是"}, "绩效指标": {"D3": ">="}, "基本信息": {"B4": "千元"}},
    )
    found = findings(path)
    assert project(found, "CHOICE_INVALID") == [
        ("CHOICE_INVALID", "基本信息", "B4"),
        ("CHOICE_INVALID", "服务数量", "H5"),
    ]
    model = read_workbook(path).model
    assert model.indicators is not None
    assert model.indicators.rows[1].text("operator") == "≥"


@pytest.mark.fires("VERSION_UNKNOWN")
def test_newer_template_version_is_reported(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    wb.defined_names[VERSION_NAME].attr_text = '"9"'
    wb.save(path)
    assert project(findings(path), "VERSION_UNKNOWN") == [("VERSION_UNKNOWN", "", "")]


def test_workbook_without_version_is_accepted(tmp_path):
    path = write(tmp_path)
    wb = load_workbook(path)
    del wb.defined_names[VERSION_NAME]
    wb.save(path)
    assert findings(path) == []


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("a.xlsx", b"", "空的"),
        ("a.xlsx", b"hello, this is text", "不是 Excel 工作簿"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "密码"),
        ("a.xlsx", b"PK\x03\x04truncated", "损坏"),
        ("a.xlsx", EXAMPLE.read_bytes()[:20_000], "损坏"),  # cut off in transit
    ],
)
def test_unreadable_files_get_a_chinese_reason(tmp_path, name, content, needle):
    path = tmp_path / name
    path.write_bytes(content)
    result = check_workbook(path)
    assert result.status == "unreadable"
    assert result.error is not None and needle in result.error
    assert english_words(result.error) == [], result.error  # zipfile's "File is not a zip file"
    assert "另存为" in result.error or "重新" in result.error  # says what to do
    assert result.findings == []


def test_the_english_detector_catches_a_parsers_words():
    leaked = "工作簿文件已损坏或不完整（File is not a zip file），请重新发送原文件。"
    assert english_words(leaked) == ["File", "is", "not", "a", "zip", "file"]
    named = (
        "缺少部件 xl/worksheets/sheet1.xml 和 [Content_Types].xml，请用 Excel/WPS 另存为 .xlsx。"
    )
    assert english_words(named) == []


PARSER_COMPLAINTS = [
    zipfile.BadZipFile("File is not a zip file"),
    zlib.error("Error -3 while decompressing data: invalid block type"),
    EOFError("Compressed file ended before the end-of-stream marker was reached"),
    KeyError("There is no item named 'xl/styles.xml' in the archive"),
    NotImplementedError("That compression method is not supported"),
    RuntimeError("File 'xl/workbook.xml' is encrypted, password required for extraction"),
    ParseError("not well-formed (invalid token): line 1, column 0"),
    OSError("Invalid argument"),
    WorksheetNotFound("基本信息"),
    CalamineError("Cell string index not found in shared strings table"),
    etree.XMLSyntaxError("Opening and ending tag mismatch: row line 1 and sheetData", 76, 1, 5),
]


@pytest.mark.parametrize("exc", PARSER_COMPLAINTS, ids=lambda e: type(e).__name__)
def test_every_parser_complaint_becomes_a_chinese_reason(exc):
    reason = str(refusal(exc, "工作表「收支情况」"))
    assert english_words(reason) == [], reason
    assert "另存为" in reason and "重新发送" in reason
    if isinstance(exc, KeyError):
        assert "缺少部件 xl/styles.xml" in reason  # the part it misses, named


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hi")
    result = check_workbook(path)
    assert result.status == "unreadable" and "xl/workbook.xml" in (result.error or "")


def test_a_renamed_xlsx_is_read_by_its_content(tmp_path):
    import shutil

    renamed = tmp_path / "renamed.xls"
    shutil.copyfile(write(tmp_path), renamed)
    result = check_workbook(renamed)
    assert result.status == "checked" and result.findings == []
    from budget_batch import run_batch

    (report,) = run_batch([renamed], tmp_path / "out", jobs=1).workbooks
    assert report.status == "checked" and report.output.endswith("renamed_审核.xlsx")
