"""Read a workbook package for checking, fast: python-calamine for the cell values, the sheet XML
(`sheet_xml`) for what calamine does not report.

calamine (Rust) reads cached values an order of magnitude faster than openpyxl, but reports an
error value (#DIV/0!) and a formula without a cached value as an empty string, and says nothing of
formulas, number formats, hidden rows or merged ranges. Those come from the sheet's XML; number
formats are looked up only where they change a value's meaning (percent and indicator columns).
The workbook's parts are found through its relationships and parsed by ooxml's one hardened
parser. openpyxl is not imported here.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ..ooxml.package import Source
from ..ooxml.workbook import WorkbookPart
from ..ooxml.xml_parts import child, local, parse
from .number_parsing import format_decimals
from .package_scan import file_faults
from .sheet_xml import Position, SheetXml, parse_sheet

STRUCTURE = "工作簿结构"  # how a fault in the workbook's parts is named to the user

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
_NONE: set[int] = set()
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_percent_format(code: str) -> bool:
    """A real percent format (`0%`, `0.00%`) scales the stored fraction by 100. A `%` inside
    quotes or escaped (`0.00"%"`, `0.00\\%`) is decoration on a number already in points."""
    return "%" in _LITERALS.sub("", code.split(";")[0])


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
    """One sheet: values by row (a merged range's value in every cell it covers), formulas,
    errors and hidden rows by cell, formats looked up per cell on demand."""

    def __init__(
        self, values: list[list[Any]], sheet: SheetXml, formats: dict[int, Format]
    ) -> None:
        self._values = values
        self.sheet = sheet
        self._formats = formats
        self._special: dict[int, set[int]] = {}
        for r, c in [*sheet.formulas, *sheet.errors]:
            self._special.setdefault(r, set()).add(c)
        #: covered cell → the top-left cell of its merged range
        self.anchors: dict[Position, Position] = {}
        self._covered: dict[int, list[int]] = {}  # row → its covered columns
        for (r0, c0), (r1, c1) in sheet.merged:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
                continue  # a whole-column merge is formatting, not a value to repeat
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.anchors[(r, c)] = (r0, c0)
                        self._covered.setdefault(r, []).append(c)
        #: the top-left cells of merged ranges
        self.merged_anchors: set[Position] = {a for a, _ in sheet.merged}
        rows_with_content = [r for r, _ in sheet.formulas] + [r for (r, _) in self.anchors]
        self.max_row = max(len(values), max(rows_with_content, default=0))
        self._merged_rows: dict[int, list[Any]] = {}

    @property
    def hidden_rows(self) -> set[int]:
        return self.sheet.hidden_rows

    def row(self, row: int) -> list[Any]:
        """The values of a 1-based row ('' for empty), merged values filled in."""
        cached = self._merged_rows.get(row)
        if cached is not None:
            return cached
        values = self._values[row - 1] if 0 < row <= len(self._values) else []
        covered = self._covered.get(row)
        if not covered:
            return values
        filled = list(values) + [""] * max(0, max(covered) - len(values))
        for c in covered:
            ar, ac = self.anchors[(row, c)]
            source = self._values[ar - 1] if 0 < ar <= len(self._values) else []
            if ac - 1 < len(source) and filled[c - 1] in ("", None):
                filled[c - 1] = source[ac - 1]
        self._merged_rows[row] = filled
        return filled

    def stored(self, row: int) -> list[Any]:
        """The values of a 1-based row as stored (a merged range's value at its top-left only)."""
        return self._values[row - 1] if 0 < row <= len(self._values) else []

    def anchor(self, row: int, col: int) -> Position:
        """The cell whose value (row, col) shows: itself, or the top-left of its merged range."""
        return self.anchors.get((row, col), (row, col))

    def cell(self, row: int, col: int, formats: bool = True) -> RawCell | None:
        """The cell at (row, col) as stored (a covered cell is read at its anchor), or None when
        it is empty; `formats` adds the number format."""
        row, col = self.anchor(row, col)
        values = self._values[row - 1] if 0 < row <= len(self._values) else []
        value = values[col - 1] if col - 1 < len(values) else ""
        formula = self.sheet.formulas.get((row, col))
        error = self.sheet.errors.get((row, col))
        if error is not None:
            return RawCell(error, formula, False, True)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None and formula is None:
            return None
        fmt = self.number_format(row, col) if formats and isinstance(value, (int, float)) else None
        return RawCell(
            value, formula, bool(fmt and fmt.percent), False, fmt.decimals if fmt else None
        )

    def number_format(self, row: int, col: int) -> Format | None:
        return self._formats.get(self.sheet.style(row, col))

    def style_ids(self, col: int, first: int, last: int) -> list[int]:
        """The style ids of column `col`'s cells in rows `first` … `last` (`format_of` each)."""
        return self.sheet.styles_of(col, first, last)

    def format_of(self, style: int) -> Format | None:
        return self._formats.get(style)

    @property
    def values(self) -> list[list[Any]]:
        """Every row's values as stored, from row 1 (a merged range's at its top-left only)."""
        return self._values

    @property
    def special_rows(self) -> set[int]:
        """The rows holding a formula or an error value."""
        return set(self._special)

    def special(self, row: int) -> set[int]:
        """Columns of `row` holding a formula or an error value (they need the slow path)."""
        return self._special.get(row, _NONE)


class Package:
    """An open workbook package: sheet names, visibility, defined names and per-sheet grids."""

    def __init__(self, path: Path) -> None:
        with file_faults(STRUCTURE):
            self.zip = zipfile.ZipFile(path)
            # From a file object calamine detects the format by content, not by the file's
            # extension (an .xlsx renamed .xls is common; the pre-scan checked it is a package).
            with path.open("rb") as fh:
                self.book = CalamineWorkbook.from_filelike(fh)
            self.sheet_names: list[str] = list(self.book.sheet_names)
            self.hidden = {
                m.name for m in self.book.sheets_metadata if m.visible != SheetVisibleEnum.Visible
            }
            self.src = Source(self.zip)
            workbook = WorkbookPart(self.src, STRUCTURE)
            self.defined_names = workbook.defined_names()
            self.parts = {s.name: s.part for s in workbook.sheets}
            self.formats = self._formats(workbook.related("styles"))

    def close(self) -> None:
        self.zip.close()
        self.book.close()

    def _formats(self, part: str | None) -> dict[int, Format]:
        if part is None:
            return {}
        root = parse(self.src.read(part, STRUCTURE), STRUCTURE).getroot()
        numfmts = child(root, "numFmts")
        custom = {
            _int(f.get("numFmtId")): f.get("formatCode", "")
            for f in ([] if numfmts is None else numfmts)
            if local(f.tag) == "numFmt"
        }
        formats = {}
        xfs = child(root, "cellXfs")
        for i, xf in enumerate(x for x in ([] if xfs is None else xfs) if local(x.tag) == "xf"):
            code = _int(xf.get("numFmtId"))
            text = custom.get(code, BUILTIN_FORMATS.get(code, "General"))
            formats[i] = Format(is_percent_format(text), format_decimals(text))
        return formats

    def grid(self, name: str) -> Grid:
        with file_faults(f"工作表「{name}」"):
            values = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            part = self.parts.get(name, "")
            xml = self.zip.read(part) if part else b""
            sheet = parse_sheet(xml) if xml else SheetXml()
        return Grid(values, sheet, self.formats)


def _int(text: str | None) -> int:
    """An id attribute; a malformed one (a damaged file) counts as the default 0."""
    return int(text) if text is not None and text.isdigit() else 0
