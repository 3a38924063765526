"""Generate the hostile corpus: broken, malicious and odd workbooks (nothing large is committed).

Each function writes one file into `folder` and returns its path. `python tests/hostile.py DIR`
writes them all, for looking at by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from builders import clean_data, edit, write
from openpyxl import load_workbook

GB_ZEROS = 1024 * 1024 * 1024
SECRET = "TOP-SECRET-7f3a9c"
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example","点我")',
    "=1+2",
    "@SUM(1)",
    "+1",
    "-1+1",
    "=cmd|' /C calc'!A0",
)


def _rewrite(src: Path, dest: Path, edits: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy a zip package, passing chosen parts through a function."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data)
            zout.writestr(item, data)
    return dest


def _sheet_part(path: Path, title: str) -> str:
    """The zip part name of the sheet called `title` (xlsxwriter numbers them in order)."""
    names = load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def non_zip(folder: Path) -> Path:
    path = folder / "non_zip.xlsx"
    path.write_text("部门,收入\n测试,100\n", encoding="utf-8")
    return path


def truncated(folder: Path) -> Path:
    data = write(folder, name="_whole.xlsx").read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def bomb(folder: Path) -> Path:
    """1 GB of zeros in one sheet part, 4.5 MB on disk."""
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        chunk = b"\0" * (16 * 1024 * 1024)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(GB_ZEROS // len(chunk)):
                fh.write(chunk)
    return path


def xxe(folder: Path) -> Path:
    """An external entity pointing at a local file, used in the first shared string."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    src = write(folder, name="_xxe_src.xlsx")

    def poison(data: bytes) -> bytes:
        doctype = f'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
        data = data.replace(b"?>", b"?>" + doctype, 1)
        return re.sub(rb"<t>[^<]*</t>", b"<t>&xxe;</t>", data, count=1)

    return _rewrite(src, folder / "xxe.xlsx", {"xl/sharedStrings.xml": poison})


def _late_doctype(data: bytes) -> bytes:
    """A DOCTYPE with an internal entity behind a long comment: past the first kilobytes the
    pre-scan reads, so that only the parser's own refusal stands between it and the reader."""
    padding = b"<!--" + b" " * 6000 + b"-->"
    doctype = b'<!DOCTYPE root [<!ENTITY boom "boom">]>'
    return data.replace(b"?>", b"?>" + padding + doctype, 1)


def late_doctype_workbook(folder: Path) -> Path:
    src = write(folder, name="_late_wb_src.xlsx")
    return _rewrite(src, folder / "late_doctype_workbook.xlsx", {"xl/workbook.xml": _late_doctype})


def late_doctype_sheet(folder: Path) -> Path:
    src = write(folder, name="_late_sheet_src.xlsx")
    part = _sheet_part(src, "收支情况")
    return _rewrite(src, folder / "late_doctype_sheet.xlsx", {part: _late_doctype})


def formula_text(folder: Path) -> Path:
    """Formula-looking text in text, number, choice and code fields (all typed as text)."""
    data = clean_data()
    data.info["department"] = FORMULA_TEXTS[0]
    budget = data.tables["收支情况"]
    budget[1]["actual"] = FORMULA_TEXTS[1]  # F3: a number field
    budget[1]["note"] = FORMULA_TEXTS[5]  # K3: free text
    projects = data.tables["项目支出"]
    projects[0]["name"] = FORMULA_TEXTS[5]  # B2
    projects[0]["budget_final"] = FORMULA_TEXTS[4]  # F2: a number field
    services = data.tables["服务数量"]
    services[3]["in_total"] = FORMULA_TEXTS[2]  # H5: a choice
    services[5]["code"] = FORMULA_TEXTS[3]  # A7: a code
    return write(folder, data, name="formula_text.xlsx")


def control_chars(folder: Path) -> Path:
    data = clean_data()
    data.tables["项目支出"][0]["name"] = "康复\x01项目\x1f（控制字符）"
    data.tables["项目支出"][0]["actual"] = 330  # over budget, so the name lands in a message
    return write(folder, data, name="control_chars.xlsx")


def long_cells(folder: Path) -> Path:
    """A 40,000-character project name (over Excel's 32,767), written below openpyxl, which
    would truncate it; the project is over budget so the name lands in a message."""
    src = edit(write(folder, name="_long_src.xlsx"), {"项目支出": {"B2": "LONGCELL", "G2": 330}})
    with zipfile.ZipFile(src) as zf:
        parts = [n for n in zf.namelist() if n.endswith(".xml") and b"LONGCELL" in zf.read(n)]
    long_name = ("长" * 40_000).encode()
    return _rewrite(
        src,
        folder / "long_cells.xlsx",
        {p: lambda d: d.replace(b"LONGCELL", long_name) for p in parts},
    )


def huge_numbers(folder: Path) -> Path:
    path = write(folder, name="huge_numbers.xlsx")
    return edit(path, {"收支情况": {"F3": 1e308, "C3": "NaN", "D3": "inf", "E3": "1e999"}})


def dates_in_numbers(folder: Path) -> Path:
    path = write(folder, name="dates_in_numbers.xlsx")
    return edit(path, {"服务数量": {"E3": dt.datetime(2023, 5, 1)}})


def merged_header(folder: Path) -> Path:
    """A merged title above 收支情况's header, and 编码 merged over 项目 in the header."""
    path = write(folder, name="merged_header.xlsx")
    wb = load_workbook(path)
    ws = wb["收支情况"]
    ws.insert_rows(1)
    ws["A1"] = "2023 年收支情况表"
    ws.merge_cells("A1:K1")
    ws.merge_cells("A2:B2")  # hides the 项目 header under 编码
    wb.save(path)
    return path


def hidden_sheet(folder: Path) -> Path:
    path = write(folder, name="hidden_sheet.xlsx")
    wb = load_workbook(path)
    wb["服务数量"].sheet_state = "hidden"
    wb.save(path)
    return path


def wrong_dimension(folder: Path) -> Path:
    """WPS-style: the sheet claims to be A1:A1 while holding data to K18."""
    src = write(folder, name="_dim_src.xlsx")
    part = _sheet_part(src, "收支情况")
    return _rewrite(
        src,
        folder / "wrong_dimension.xlsx",
        {part: lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', d)},
    )


def encrypted(folder: Path) -> Path:
    path = folder / "encrypted.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    return path


def old_xls(folder: Path) -> Path:
    path = folder / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    return path


def ods(folder: Path) -> Path:
    path = folder / "calc.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return path


def with_extras(folder: Path) -> Path:
    """A workbook with features openpyxl could not carry: a threaded comment part, an x14 data
    validation and a sparkline group in the sheet's extLst, a slicer part."""
    src = write(folder, name="_extras_src.xlsx")
    part = _sheet_part(src, "收支情况")
    ext = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0"/></ext><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b"<x14:sparklineGroups/></ext></extLst></worksheet>"
    )
    path = _rewrite(
        src, folder / "with_extras.xlsx", {part: lambda d: d.replace(b"</worksheet>", ext)}
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/threadedComments/threadedComment1.xml", "<ThreadedComments/>")
        zf.writestr("xl/slicers/slicer1.xml", "<slicers/>")
    return path


ALL = (
    non_zip,
    truncated,
    xxe,
    late_doctype_workbook,
    late_doctype_sheet,
    formula_text,
    control_chars,
    long_cells,
    huge_numbers,
    dates_in_numbers,
    merged_header,
    hidden_sheet,
    wrong_dimension,
    encrypted,
    old_xls,
    ods,
    with_extras,
    bomb,
)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for make in ALL:
        print(make(target))
