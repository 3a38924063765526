"""Read a workbook into the typed model, turning every problem met into a finding.

A workbook is recognised by its content: our template (a sheet named as one of its data sheets),
else the project forms it holds (项目支出绩效自评表, one per sheet: form_reader.py), else it is
read as the template, whose missing sheets are then reported. The reader finds sheets, header
rows and columns by name (tolerantly, as workbook.md says), parses numbers the way people type
them, and keeps each value's sheet and cell. An .xls, .xlsb or .ods is read from its values
(values_package.py). A problem in the workbook's content is a finding; a file whose bytes cannot
be read raises `Unreadable` with a Chinese reason; anything else that goes wrong is our own bug
and propagates as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import WorkbookModel
from ..schema import DATA_SHEETS, INFO, TABLES
from .cell_parsing import CellParser
from .form_reader import read_forms
from .info_reader import read_info
from .package_scan import sniff
from .review_record import RECORD_PREFIX, read_review_record
from .sheet_lookup import resolve_sheet, template_version
from .table_reader import read_table
from .values_package import ValuesPackage
from .xlsx_package import Grid, Package


@dataclass
class ReadResult:
    model: WorkbookModel
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: str | Path) -> ReadResult:
    """Read `path`; raise `Unreadable` when it is not a workbook this tool can open."""
    path = Path(path)
    fmt = sniff(path)
    package = Package(path) if fmt == "xlsx" else ValuesPackage(path, fmt)
    try:
        findings: list[Finding] = []
        model = WorkbookModel(path=path, sheet_names=list(package.sheet_names))
        model.template_version = template_version(package.defined_names, findings)
        if not _is_template(model.sheet_names):
            ours = _our_sheets(path, model.sheet_names) if fmt == "xlsx" else set()
            grids = {
                name: _grid(package, model, name)
                for name in model.sheet_names
                if name not in package.hidden and name not in ours
            }
            read_forms(grids, model, findings)
            if model.kind == "project_form":
                return ReadResult(model, findings)
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


def _is_template(names: list[str]) -> bool:
    """Does the workbook have a sheet of our template (by name, up to spaces)?"""
    squeezed = {"".join(n.split()) for n in names}
    return any(sheet in squeezed for sheet in DATA_SHEETS)


def _our_sheets(path: Path, names: list[str]) -> set[str]:
    """The sheets an annotated copy added (审核结果, 汇总): never a form, whatever they quote."""
    if not any(n.startswith(RECORD_PREFIX) for n in names):
        return set()
    record = read_review_record(path)
    return {*record.sheets, record.record_sheet} if record is not None else set()


def _grid(package: Package | ValuesPackage, model: WorkbookModel, sheet: str) -> Grid:
    grid = package.grid(sheet)
    model.hidden_rows[sheet] = grid.sheet.hidden_rows
    model.hidden_cols[sheet] = grid.sheet.hidden_cols
    return grid
