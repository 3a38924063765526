"""An .xls, .xlsb or .ods workbook, read from its values with python-calamine.

The same face as `xlsx_package.Package` (sheet names, hidden sheets, defined names, a `Grid` per
sheet), so the template reader and the form reader do not care what they read. What calamine
reports of these formats: cached values (a formula's result, not the formula), merged ranges
(.xls, .xlsb), sheet visibility. What it does not: number formats (a percent cell holds its
fraction: the form reader reads a bare execution rate ≤ 1.5 as a fraction, forms.md), error
values (read as empty), hidden rows and columns, defined names (so no template version).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .package_scan import PARSER_FAULTS, Unreadable, damaged_format
from .sheet_xml import SheetXml
from .xlsx_package import Grid


class ValuesPackage:
    """An open .xls / .xlsb / .ods workbook: sheet names, visibility and per-sheet grids."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.fmt, self._suffix = fmt, path.suffix.lower()
        self.defined_names: dict[str, str] = {}
        with self._faults(), path.open("rb") as fh:
            self.book = CalamineWorkbook.from_filelike(fh)
            self.sheet_names: list[str] = list(self.book.sheet_names)
            self.hidden = {
                m.name for m in self.book.sheets_metadata if m.visible != SheetVisibleEnum.Visible
            }
        if not self.sheet_names:
            raise damaged_format(fmt, self._suffix, ValueError("文件中没有工作表"))

    @contextmanager
    def _faults(self) -> Iterator[None]:
        try:
            yield
        except Unreadable:
            raise
        except PARSER_FAULTS as exc:
            raise damaged_format(self.fmt, self._suffix, exc) from exc

    def close(self) -> None:
        self.book.close()

    def grid(self, name: str) -> Grid:
        with self._faults():
            sheet = self.book.get_sheet_by_name(name)
            values = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        ranges = [((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)) for (r0, c0), (r1, c1) in merged]
        return Grid(values, SheetXml(merged=ranges, _styles={}), {})
