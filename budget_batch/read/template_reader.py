"""Read a department workbook in our template into the typed model, turning every problem met
into a finding.

The reader finds sheets, header rows and columns by name (tolerantly, as workbook.md says), parses
numbers the way people type them, and keeps each value's sheet and cell. A problem in the
workbook's content is a finding; a file whose bytes cannot be read raises `Unreadable` with a
Chinese reason (sheet_source.py); anything else that goes wrong is our own bug and propagates as
it is.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import WorkbookModel
from ..schema import DATA_SHEETS, INFO, TABLES
from .cell_parsing import CellParser
from .info_reader import read_info
from .recognition import Fit
from .sheet_lookup import resolve_sheet, template_version
from .sheet_source import ReadResult, SheetSource
from .table_reader import read_table

#: This many of our sheets by name make a workbook ours beyond doubt.
CERTAIN_SHEETS = 4
#: Our template's sheets, as a user reads what was looked for.
SOUGHT = f"本工具模板的工作表（{'、'.join(DATA_SHEETS)}）"


def template_fit(source: SheetSource) -> Fit:
    """Each of our data sheets present (by name, up to spaces) is an anchor, and a strong one:
    a form is one or two sheets of blocks, our template six sheets named as ours."""
    fit = Fit(sought=[SOUGHT])
    squeezed = {"".join(n.split()) for n in source.sheet_names}
    for sheet in DATA_SHEETS:
        if sheet in squeezed:
            fit.add(3.0, f"工作表「{sheet}」")
    fit.certain = len(fit.found) >= CERTAIN_SHEETS
    return fit


def read_template(source: SheetSource) -> ReadResult:
    findings: list[Finding] = []
    model = WorkbookModel(path=source.path, sheet_names=list(source.sheet_names))
    model.template_version = template_version(source.defined_names, findings)
    parser = CellParser(findings)
    names, hidden = model.sheet_names, source.hidden
    info_sheet = resolve_sheet(INFO.name, names, hidden, findings)
    if info_sheet:
        model.info = read_info(source.record(model, info_sheet), info_sheet, parser)
    for spec in TABLES:
        sheet = resolve_sheet(spec.name, names, hidden, findings)
        if sheet:
            table = read_table(source.record(model, sheet), spec, sheet, parser)
            if table:
                model.tables[spec.name] = table
    parser.flush()
    return ReadResult(model, findings)
