"""Generate the lossless corpus: workbooks carrying what an annotated copy must keep untouched.

Each builder writes one workbook into `folder` and returns its path; nothing large is committed.
They start from the template writer (xlsxwriter) with a deliberate error in 收支情况 (so that the
sheet carrying the feature is one the copy must patch), add what xlsxwriter can write through a
hook called just before the workbook is closed, and write by hand the XML parts xlsxwriter cannot
(threaded comments, x14 data validation, shared formulas, inline strings). `python
tests/corpus.py DIR` writes them all, for looking at by hand.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import xlsxwriter
from builders import clean_data, write
from conftest import EXAMPLE, TEMPLATE
from lxml import etree

from budget_batch.samples import template_writer

FLAGGED = "收支情况"  # every built workbook has findings here (F2, K5)
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
THREADED_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
PERSON = "{5D9C5E3B-6C3E-4A57-9C7A-2B1F0E3D4C21}"
THREAD = "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}"
#: Inputs openpyxl itself fails on (it looks up fill 0 of a styles.xml that has no fills).
OPENPYXL_CANNOT_READ = {"no_fills"}


def _data() -> Any:
    data = clean_data()
    data.tables[FLAGGED][0]["actual"] = 1160  # 收入合计 1150 mistyped: blamed on F2
    data.tables[FLAGGED][3]["note"] = None  # 支出合计 +12.65%: fine; 2.2 +27.5% unexplained → K9
    data.tables[FLAGGED][7]["note"] = None
    return data


class _Hooked(xlsxwriter.Workbook):  # type: ignore[misc]
    hook: Callable[[Any], None] | None = None

    def close(self) -> None:
        if _Hooked.hook is not None:
            _Hooked.hook(self)
        super().close()


@contextmanager
def _hook(extra: Callable[[Any], None]) -> Iterator[None]:
    """Let `extra(workbook)` add to the workbook the template writer is about to close."""
    _Hooked.hook = extra
    try:
        with mock.patch.object(template_writer.xlsxwriter, "Workbook", _Hooked):
            yield
    finally:
        _Hooked.hook = None


def _build(folder: Path, name: str, extra: Callable[[Any], None], data: Any = None) -> Path:
    with _hook(extra):
        return write(folder, data or _data(), name=name)


def surgery(
    src: Path, dest: Path, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes]
) -> Path:
    """Copy a package, passing chosen parts through a function and adding parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data)
            zout.writestr(item, data)
        for name, data in add.items():
            zout.writestr(name, data)
    if dest != src:
        src.unlink()
    return dest


def part_of(path: Path, sheet: str) -> str:
    """The part name of a sheet, from the package's own workbook.xml and relationships."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{sheet}" sheetId="\d+"[^>]*r:id="(\w+)"', workbook)
    assert rid is not None
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    assert target is not None
    return "xl/" + target.group(1)


def shown_fills(z: zipfile.ZipFile, part: str) -> dict[str, tuple[int, str]]:
    """Each cell of a sheet part → (its fill id, that fill as written; '' for none)."""
    styles = etree.fromstring(z.read("xl/styles.xml"))
    fills_el = styles.find("{*}fills")
    fills = [] if fills_el is None else list(fills_el)
    xfs = list(styles.find("{*}cellXfs"))
    out = {}
    for c in etree.fromstring(z.read(part)).iter("{*}c"):
        xf = xfs[int(c.get("s", "0"))]
        fill_id = int(xf.get("fillId", "0"))
        fill = fills[fill_id] if fill_id < len(fills) else None
        pattern = None if fill is None else fill.find("{*}patternFill")
        shown = ""
        if pattern is not None and pattern.get("patternType", "none") != "none":
            colour = pattern.find("{*}fgColor")
            shown = pattern.get("patternType") + ":" + ("" if colour is None else colour.get("rgb"))
        out[c.get("r")] = (fill_id, shown)
    return out


def _sheet(wb: Any, name: str = FLAGGED) -> Any:
    return wb.get_worksheet_by_name(name)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


# -- the corpus -------------------------------------------------------------------------------


def template(folder: Path) -> Path:
    return Path(shutil.copyfile(TEMPLATE, folder / "template.xlsx"))


def example(folder: Path) -> Path:
    return Path(shutil.copyfile(EXAMPLE, folder / "example.xlsx"))


def example_libreoffice(folder: Path) -> Path:
    """The example as LibreOffice re-saves it (its own writer: different XML throughout)."""
    work = folder / "_libreoffice"
    work.mkdir()
    src = Path(shutil.copyfile(EXAMPLE, work / "example.xlsx"))
    out = work / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    dest = Path(shutil.move(out / "example.xlsx", folder / "example_libreoffice.xlsx"))
    shutil.rmtree(work)
    return dest


def x14(folder: Path) -> Path:
    """Excel 2010 data bars (x14 conditional formats, by xlsxwriter) and a dropdown whose list
    is on another sheet (x14 data validation, by hand): in 收支情况 (which has comments) and in
    基本信息 (which has none, so the copy inserts legacyDrawing: before the extLst)."""
    data = _data()
    data.info["self_score"] = 100  # with problems listed: SELF_SCORE_INFLATED in 基本信息

    def extra(wb: Any) -> None:
        _sheet(wb).conditional_format("F2:F18", {"type": "data_bar", "data_bar_2010": True})
        _sheet(wb, "基本信息").conditional_format(
            "B7:B9", {"type": "data_bar", "data_bar_2010": True}
        )

    path = _build(folder, "_x14.xlsx", extra, data)
    validation = (
        f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
        f'<x14:dataValidations count="1" xmlns:xm="{XM}">'
        '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
        "<x14:formula1><xm:f>问题与措施!$A$2:$A$3</xm:f></x14:formula1><xm:sqref>K2:K18</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext>"
    ).encode()

    def add_validation(xml: bytes) -> bytes:
        assert b"<extLst>" in xml  # the data bars' own x14 extension
        return xml.replace(b"</extLst></worksheet>", validation + b"</extLst></worksheet>")

    edits = {part_of(path, FLAGGED): add_validation, part_of(path, "基本信息"): add_validation}
    return surgery(path, folder / "x14.xlsx", edits, {})


def drawings(folder: Path) -> Path:
    """An image, a chart and a text box (a DrawingML shape) on a sheet without comments, whose
    cell the checks mark (so legacyDrawing must go after <drawing>), and on 收支情况."""
    data = _data()
    data.info["self_score"] = 100  # with problems listed: SELF_SCORE_INFLATED in 基本信息
    image = folder / "_red.png"
    image.write_bytes(_png())

    def extra(wb: Any) -> None:
        info = _sheet(wb, "基本信息")
        info.insert_image("E2", str(image))
        info.insert_textbox("E8", "填报说明：金额单位为万元", {"width": 240, "height": 60})
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": f"='{FLAGGED}'!$F$2:$F$9", "name": "全年执行数"})
        _sheet(wb).insert_chart("M2", chart)

    path = _build(folder, "drawings.xlsx", extra, data)
    image.unlink()
    return path


def comments(folder: Path) -> Path:
    """Comments of the user's: on a marked cell (ours must come after it), and elsewhere."""

    def extra(wb: Any) -> None:
        ws = _sheet(wb)
        ws.write_comment("F2", "合计取自决算报表", {"author": "李四"})
        ws.write_comment("K5", "经办人核对过", {"author": "张三"})

    return _build(folder, "comments.xlsx", extra)


def threaded(folder: Path) -> Path:
    """A threaded comment (Excel 365) on a marked cell, with its legacy fallback comment."""
    fallback = (
        "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; "
        "however, any edits to it will get removed if the file is opened in a newer version of "
        "Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    这个数对吗？"
    )

    def extra(wb: Any) -> None:
        _sheet(wb).write_comment("F2", fallback, {"author": f"tc={THREAD}"})

    path = _build(folder, "_threaded.xlsx", extra)
    sheet = part_of(path, FLAGGED)
    folder_name, file_name = sheet.rsplit("/", 1)
    rels = f"{folder_name}/_rels/{file_name}.rels"
    thread = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<ThreadedComments xmlns="{THREADED_NS}" xmlns:x="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><threadedComment ref="F2" dT="2024-03-01T09:30:00.00" '
        f'personId="{PERSON}" id="{THREAD}"><text>这个数对吗？</text></threadedComment>'
        "</ThreadedComments>"
    ).encode()
    persons = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<personList xmlns="{THREADED_NS}" xmlns:x="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><person displayName="王五" id="{PERSON}" userId="王五" '
        'providerId="None"/></personList>'
    ).encode()
    kind = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
    person_kind = "http://schemas.microsoft.com/office/2017/10/relationships/person"

    def rel(xml: bytes, rid: str, rtype: str, target: str) -> bytes:
        new = f'<Relationship Id="{rid}" Type="{rtype}" Target="{target}"/>'.encode()
        return xml.replace(b"</Relationships>", new + b"</Relationships>")

    def types(xml: bytes) -> bytes:
        ct = "application/vnd.ms-excel."
        new = (
            f'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
            f'ContentType="{ct}threadedcomments+xml"/><Override PartName="/xl/persons/person.xml" '
            f'ContentType="{ct}person+xml"/>'
        ).encode()
        return xml.replace(b"</Types>", new + b"</Types>")

    return surgery(
        path,
        folder / "threaded.xlsx",
        {
            rels: lambda x: rel(x, "rIdTc1", kind, "../threadedComments/threadedComment1.xml"),
            "xl/_rels/workbook.xml.rels": lambda x: rel(
                x, "rIdP1", person_kind, "persons/person.xml"
            ),
            "[Content_Types].xml": types,
        },
        {"xl/threadedComments/threadedComment1.xml": thread, "xl/persons/person.xml": persons},
    )


def names_and_properties(folder: Path) -> Path:
    """Custom document properties, workbook and sheet-scoped defined names, a print area and
    print titles on the marked sheet (their localSheetId must follow the sheet)."""

    def extra(wb: Any) -> None:
        wb.set_custom_property("审核人", "张三")
        wb.set_custom_property("份数", 3)
        wb.define_name("收入合计", f"='{FLAGGED}'!$F$2")
        wb.define_name(f"'{FLAGGED}'!本表合计", f"='{FLAGGED}'!$F$2:$F$5")
        ws = _sheet(wb)
        ws.print_area("A1:K18")
        ws.repeat_rows(0)

    return _build(folder, "names_and_properties.xlsx", extra)


def formulas_and_text(folder: Path) -> Path:
    """A marked formula cell (G3), an array formula, shared formulas, rich text and inline
    strings (one of them in a marked cell) in the marked sheet."""
    data = _data()
    data.tables[FLAGGED][2]["actual"] = "一百一十"  # F4: NOT_A_NUMBER, as an inline string below

    def extra(wb: Any) -> None:
        ws = _sheet(wb)
        ws.write_formula("G3", "=F3-C3", None, 140)  # the stated 增减额, now a formula
        ws.write_array_formula("M2:M3", "{=F2:F3*2}", None, 2300)
        bold = wb.add_format({"bold": True})
        ws.write_rich_string("L2", bold, "内部", "备注")
        for row in (5, 6, 7):
            ws.write_number(f"M{row}", 0)  # replaced by a shared formula below

    path = _build(folder, "_formulas.xlsx", extra, data)

    def edit(xml: bytes) -> bytes:
        shared = {
            b"M5": b'<f t="shared" ref="M5:M7" si="0">F5*2</f><v>2208</v>',
            b"M6": b'<f t="shared" si="0"/><v>1188</v>',
            b"M7": b'<f t="shared" si="0"/><v>1036</v>',
        }
        for ref, body in shared.items():
            xml = re.sub(
                rb'(<c r="' + ref + rb'"[^>]*?)/?>(?:<v>0</v></c>)?',
                rb"\1>" + body + b"</c>",
                xml,
                count=1,
            )
        inline = ' t="inlineStr"><is><t>一百一十</t></is></c>'.encode()
        xml = re.sub(rb'(<c r="F4" s="\d+") t="s"><v>\d+</v></c>', rb"\1" + inline, xml, count=1)
        note = (
            '<c r="L3" t="inlineStr"><is><r><rPr><b/></rPr><t>行内</t></r>'
            '<r><t xml:space="preserve"> 文本</t></r></is></c>'
        ).encode()
        return xml.replace(b'<c r="M3"', note + b'<c r="M3"', 1)

    return surgery(path, folder / "formulas_and_text.xlsx", {part_of(path, FLAGGED): edit}, {})


def macros(folder: Path) -> Path:
    """An .xlsm with a vbaProject.bin (kept as bytes; never run)."""
    vba = folder / "_vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0 not really VBA, kept byte for byte " * 40)

    def extra(wb: Any) -> None:
        wb.add_vba_project(str(vba))

    path = _build(folder, "macros.xlsm", extra)
    vba.unlink()
    return path


def _fills_only(fills: bytes) -> Callable[[bytes], bytes]:
    """styles.xml with `fills` (b"": none at all) in place of its fills, every cell format on
    fill 0 (what the user's cells then show: nothing)."""

    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb"<fills\b.*?</fills>", fills, xml, count=1, flags=re.DOTALL)
        xml = re.sub(rb' fillId="\d+"', b' fillId="0"', xml)
        return re.sub(rb' applyFill="1"', b"", xml)

    return edit


def no_fills(folder: Path) -> Path:
    """A styles.xml without <fills> (legal: every part of CT_Stylesheet is optional). Excel
    always shows fills 0 and 1 as none and gray125, so our fills must not land there."""
    path = _build(folder, "_no_fills.xlsx", lambda wb: None)
    return surgery(path, folder / "no_fills.xlsx", {"xl/styles.xml": _fills_only(b"")}, {})


def one_fill(folder: Path) -> Path:
    """A styles.xml with a single fill (none)."""
    one = b'<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    path = _build(folder, "_one_fill.xlsx", lambda wb: None)
    return surgery(path, folder / "one_fill.xlsx", {"xl/styles.xml": _fills_only(one)}, {})


def rows_out_of_order(folder: Path) -> Path:
    """收支情况's rows stored 1–8, 10–12, 9, 13…: the marked row 9 comes after rows past it
    (legal; some writers do it). The copy must mark row 9 where it is, not add a second one."""
    path = _build(folder, "_rows.xlsx", lambda wb: None)

    def shuffle(xml: bytes) -> bytes:
        row = re.compile(rb'<row r="(\d+)"[^>]*>.*?</row>', re.DOTALL)
        rows = {int(m.group(1)): m.group(0) for m in row.finditer(xml)}
        assert 9 in rows and 12 in rows
        xml = xml.replace(rows[9], b"", 1)
        return xml.replace(rows[12], rows[12] + rows[9], 1)

    return surgery(path, folder / "rows_out_of_order.xlsx", {part_of(path, FLAGGED): shuffle}, {})


BUILT = (
    x14,
    drawings,
    comments,
    threaded,
    names_and_properties,
    formulas_and_text,
    macros,
    no_fills,
    one_fill,
    rows_out_of_order,
)
ALL = (template, example, example_libreoffice, *BUILT)


def names() -> list[Any]:
    """The corpus as test parameters: the example re-saved by LibreOffice is an `office` one."""
    return [
        pytest.param(m.__name__, marks=pytest.mark.office)
        if m is example_libreoffice
        else m.__name__
        for m in ALL
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for make in ALL:
        print(make(target))
