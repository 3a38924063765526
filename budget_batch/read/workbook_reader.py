"""Read a workbook into the typed model, turning every problem met into a finding.

The reader finds sheets, header rows and columns by name (tolerantly, as workbook.md says),
parses numbers the way people type them, and keeps each value's sheet and cell. A problem in the
workbook's content is a finding; a file whose bytes cannot be read raises `Unreadable` with a
Chinese reason; anything else that goes wrong is our own bug and propagates as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import WorkbookModel
from ..schema import INFO, TABLES
from .cell_parsing import CellParser
from .info_reader import read_info
from .package_scan import sniff
from .sheet_lookup import resolve_sheet, template_version
from .table_reader import read_table
from .xlsx_package import Grid, Package


@dataclass
class ReadResult:
    model: WorkbookModel
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: str | Path) -> ReadResult:
    """Read `path`; raise `Unreadable` when it is not a workbook this tool can open."""
    path = Path(path)
    sniff(path)
    package = Package(path)
    try:
        findings: list[Finding] = []
        model = WorkbookModel(path=path, sheet_names=list(package.sheet_names))
        model.template_version = template_version(package.defined_names, findings)
        parser = CellParser(findings)
        names, hidden = model.sheet_names, package.hidden
        info_sheet = resolve_sheet(INFO.name, names, hidden, findings)
        if info_sheet:
            model.info = read_info(_grid(package, model, info_sheet), info_sheet, parser)
        for spec in TABLES:
            sheet = resolve_sheet(spec.name, names, hidden, findings)
            if sheet:
                table = read_table(_grid(package, model, sheet), spec, sheet, parser)
                if table:
                    model.tables[spec.name] = table
        parser.flush()
        return ReadResult(model, findings)
    finally:
        package.close()


def _grid(package: Package, model: WorkbookModel, sheet: str) -> Grid:
    grid = package.grid(sheet)
    model.hidden_rows[sheet] = grid.sheet.hidden_rows
    model.hidden_cols[sheet] = grid.sheet.hidden_cols
    return grid
