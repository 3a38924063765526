"""A spreadsheet opened for reading, whatever its format and whatever kind of document it holds:
its sheets' names and visibility, and each sheet's grid read once, on demand.

Every kind's reader reads from a `SheetSource`; so does recognition, which asks each kind how well
the workbook's content fits it before one of them reads it (kinds/). The sheets an annotated copy
added (审核结果, 汇总, the review record) are never offered as the user's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..layouts import Layouts, default_layouts
from ..model import Document
from .package_scan import sniff
from .review_record import RECORD_PREFIX, read_review_record
from .values_package import ValuesPackage
from .xlsx_package import Grid, Package


@dataclass
class ReadResult:
    model: Document
    findings: list[Finding] = field(default_factory=list)


class SheetSource:
    """An open workbook (.xlsx/.xlsm, or .xls/.xlsb/.ods from their values). Close it."""

    def __init__(self, path: Path, layouts: Layouts | None = None) -> None:
        self.path = path
        #: What the readers know of form layouts (the package's data, and `--layouts`).
        self.layouts = layouts or default_layouts()
        self.format = sniff(path)
        self.package: Package | ValuesPackage = (
            Package(path) if self.format == "xlsx" else ValuesPackage(path, self.format)
        )
        self.sheet_names: list[str] = list(self.package.sheet_names)
        self.hidden: set[str] = set(self.package.hidden)
        self.defined_names: dict[str, str] = dict(self.package.defined_names)
        self._grids: dict[str, Grid] = {}
        self._ours: set[str] | None = None

    def close(self) -> None:
        self.package.close()

    def __enter__(self) -> SheetSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def grid(self, sheet: str) -> Grid:
        """The sheet's grid, read once."""
        grid = self._grids.get(sheet)
        if grid is None:
            grid = self._grids[sheet] = self.package.grid(sheet)
        return grid

    def record(self, model: Document, sheet: str) -> Grid:
        """The sheet's grid, its hidden rows and columns noted on the model."""
        grid = self.grid(sheet)
        model.hidden_rows[sheet] = grid.sheet.hidden_rows
        model.hidden_cols[sheet] = grid.sheet.hidden_cols
        return grid

    @property
    def ours(self) -> set[str]:
        """The sheets an annotated copy added (审核结果, 汇总, the review record)."""
        if self._ours is None:
            self._ours = set()
            if self.format == "xlsx" and any(n.startswith(RECORD_PREFIX) for n in self.sheet_names):
                record = read_review_record(self.path)
                if record is not None:
                    self._ours = {*record.sheets, record.record_sheet}
        return self._ours

    def user_sheets(self) -> list[str]:
        """The visible sheets that are the user's own, in workbook order: not those an annotated
        copy added — by its review record, and, should the record be gone (a user who deleted the
        hidden sheet, a 汇总 copied into another workbook), by their own first row."""
        return [
            n
            for n in self.sheet_names
            if n not in self.hidden and n not in self.ours and not _ours_by_look(self.grid(n))
        ]


def _ours_by_look(grid: Grid) -> bool:
    """An 汇总 opens with its title “… 审核汇总”; 审核结果 with its header 严重程度 | 代码 | …."""
    first = [str(v).strip() for v in grid.row(1) if isinstance(v, str) and v.strip()]
    if not first:
        return False
    squeezed = "".join(first[0].split())
    return squeezed.endswith("审核汇总") or first[:2] == ["严重程度", "代码"]
