"""Read a workbook package for checking, fast: python-calamine for the cell values, the package's
own XML for what calamine does not report.

calamine (Rust) reads cached values an order of magnitude faster than openpyxl, but reports an
error value (#DIV/0!) as an empty string and says nothing of formulas or number formats. Those
come from targeted byte scans of the sheet XML: formulas and error cells are rare and found by
searching for `<f` and `t="e"`; number formats are looked up only for the columns that need them
(percent columns), from the cell's style id and styles.xml. Small XML parts (workbook, rels,
styles) are parsed with defusedxml. openpyxl is not imported here: it is only needed to write.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ..refs import column_index, column_letter
from .number_parsing import format_decimals
from .package_scan import file_faults

_CELL_OPEN = rb"<(?:\w+:)?c(?=\s)[^>]*?"
_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_STYLE = re.compile(rb'\ss="(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_ERROR = re.compile(rb'\st="e"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_NONE: set[int] = set()
_R_FIRST = re.compile(rb'<(?:\w+:)?c r="')
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

#: ECMA-376 built-in number formats that matter here (percent and decimals).
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    49: "@",
}


@dataclass(slots=True, eq=False)
class RawCell:
    value: Any  # the cached value for a formula cell
    formula: str | None
    percent_format: bool
    error: bool
    shown_decimals: int | None = None


@dataclass(frozen=True)
class Format:
    percent: bool
    decimals: int | None


class Grid:
    """One sheet: values by row, formulas and errors by cell, formats looked up per column."""

    def __init__(self, values: list[list[Any]], xml: bytes, formats: dict[int, Format]) -> None:
        self._values = values
        self._xml = xml
        self._formats = formats
        self._formulas, self._errors = _scan(xml)
        self._special: dict[int, set[int]] = {}
        for r, c in [*self._formulas, *self._errors]:
            self._special.setdefault(r, set()).add(c)
        self._styles: dict[int, dict[int, int]] = {}
        self.max_row = max(len(values), max((r for r, _ in self._formulas), default=0))

    def row(self, row: int) -> list[Any]:
        """The values of a 1-based row ('' for empty)."""
        return self._values[row - 1] if 0 < row <= len(self._values) else []

    def cell(self, row: int, col: int, formats: bool = True) -> RawCell | None:
        """The cell at (row, col), or None when it is empty; `formats` adds the number format."""
        values = self.row(row)
        value = values[col - 1] if col - 1 < len(values) else ""
        formula = self._formulas.get((row, col))
        error = self._errors.get((row, col))
        if error is not None:
            return RawCell(error, formula, False, True)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None and formula is None:
            return None
        fmt = self._format(row, col) if formats and isinstance(value, (int, float)) else None
        return RawCell(
            value, formula, bool(fmt and fmt.percent), False, fmt.decimals if fmt else None
        )

    def special(self, row: int) -> set[int]:
        """Columns of `row` holding a formula or an error value (they need the slow path)."""
        return self._special.get(row, _NONE)

    def _format(self, row: int, col: int) -> Format | None:
        if col not in self._styles:
            self._styles[col] = _column_styles(self._xml, column_letter(col))
        style = self._styles[col].get(row, 0)
        return self._formats.get(style)


def _enclosing_cell(xml: bytes, pos: int) -> tuple[int, int] | None:
    """The (row, col) of the <c> element whose open tag or body contains byte `pos`."""
    start = xml.rfind(b"<c ", 0, pos)
    prefixed = [m.start() for m in _CELL_START.finditer(xml, max(0, pos - 4096), pos)]
    if prefixed:
        start = max(start, prefixed[-1])
    if start < 0:
        return None
    end = xml.find(b">", start)
    m = _REF.search(xml, start, end + 1)
    if not m:
        return None
    return int(m.group(2)), column_index(m.group(1).decode())


def _scan(xml: bytes) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Formula text and error codes by cell, found by searching for what is rare."""
    formulas: dict[tuple[int, int], str] = {}
    for m in _FORMULA.finditer(xml):
        key = _enclosing_cell(xml, m.start())
        if key is None:
            continue
        text = _FORMULA_TEXT.match(xml, m.start())
        body = text.group(1) if text and text.group(1) else b""
        formulas[key] = (
            "=" + _unescape(body.decode("utf-8", "replace")) if body else "=（共享公式）"
        )
    errors: dict[tuple[int, int], str] = {}
    for m in _ERROR.finditer(xml):
        tag_start = max(xml.rfind(b"<", 0, m.start()), 0)
        if not _CELL_START.match(xml, tag_start):
            continue
        key = _enclosing_cell(xml, m.start())
        if key is None:
            continue
        close = xml.find(b"</", m.start())
        v = _VALUE.search(xml, m.start(), close + 64 if close >= 0 else len(xml))
        errors[key] = v.group(1).decode("utf-8", "replace") if v else "#N/A"
    return formulas, errors


def _column_styles(xml: bytes, letter: str) -> dict[int, int]:
    """Style id by row for one column. Excel, WPS, openpyxl and xlsxwriter write `r` first, which
    a literal pattern finds 8× faster; a general pattern covers other writers."""
    col = letter.encode()
    fast = re.compile(rb'<(?:\w+:)?c r="' + col + rb'(\d+)"([^>]*)>')
    styles: dict[int, int] = {}
    for m in fast.finditer(xml):
        s = _STYLE.search(m.group(2))
        if s:
            styles[int(m.group(1))] = int(s.group(1))
    if styles or _R_FIRST.search(xml):
        return styles  # this writer puts r first: the fast pattern saw every cell
    general = re.compile(_CELL_OPEN + rb'\sr="' + col + rb'(\d+)"[^>]*>')
    for m in general.finditer(xml):
        s = _STYLE.search(m.group(0))
        if s:
            styles[int(m.group(1))] = int(s.group(1))
    return styles


def _int(text: str | None) -> int:
    """An id attribute; a malformed one (a damaged file) counts as the default 0."""
    return int(text) if text is not None and text.isdigit() else 0


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


class Package:
    """An open workbook package: sheet names, visibility, defined names and per-sheet grids."""

    def __init__(self, path: Path) -> None:
        with file_faults("工作簿结构"):
            self.zip = zipfile.ZipFile(path)
            # From a file object calamine detects the format by content, not by the file's
            # extension (an .xlsx renamed .xls is common; the pre-scan checked it is a package).
            with path.open("rb") as fh:
                self.book = CalamineWorkbook.from_filelike(fh)
            self.sheet_names: list[str] = list(self.book.sheet_names)
            self.hidden = {
                m.name for m in self.book.sheets_metadata if m.visible != SheetVisibleEnum.Visible
            }
            workbook = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
            self.defined_names = {
                d.get("name", ""): (d.text or "") for d in workbook.iterfind(".//{*}definedName")
            }
            rels = self._rels("xl/_rels/workbook.xml.rels")
            self.parts = {
                s.get("name", ""): rels.get(s.get(REL_ID, ""), "")
                for s in workbook.iterfind(".//{*}sheet")
            }
            self.formats = self._formats()

    def close(self) -> None:
        self.zip.close()
        self.book.close()

    def _rels(self, name: str) -> dict[str, str]:
        try:
            root = ElementTree.fromstring(self.zip.read(name))
        except KeyError:
            return {}
        out = {}
        for rel in root.iterfind(".//{*}Relationship"):
            target = rel.get("Target", "")
            out[rel.get("Id", "")] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
        return out

    def _formats(self) -> dict[int, Format]:
        try:
            root = ElementTree.fromstring(self.zip.read("xl/styles.xml"))
        except KeyError:
            return {}
        custom = {
            _int(f.get("numFmtId")): f.get("formatCode", "")
            for f in root.iterfind(".//{*}numFmts/{*}numFmt")
        }
        formats = {}
        xfs = root.find("{*}cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            code = _int(xf.get("numFmtId"))
            text = custom.get(code, BUILTIN_FORMATS.get(code, "General"))
            formats[i] = Format("%" in text, format_decimals(text))
        return formats

    def grid(self, name: str) -> Grid:
        with file_faults(f"工作表「{name}」"):
            values = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            part = self.parts.get(name, "")
            xml = self.zip.read(part) if part in self.zip.namelist() else b""
        return Grid(values, xml, self.formats)
