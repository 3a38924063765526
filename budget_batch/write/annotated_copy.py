"""The annotated copy `<stem>_审核.xlsx`: the user's workbook, untouched, plus our marks.

Every sheet, value, formula, comment, style and extra column of the input is kept; flagged
cells get a fill by severity and a 批注 (an existing comment is kept and ours appended); a first
sheet 审核结果 lists the findings with a link to each cell.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..findings import Finding
from ..result import WorkbookResult
from .atomic_files import replacing
from .cell_styles import SEVERITY_FILLS, style
from .summary_sheet import add_summary_sheet
from .text_safety import clean, put

RESULTS_SHEET = "审核结果"
AUTHOR = "budget_batch"
COMMENT_SEPARATOR = "—— budget_batch 审核意见 ——"
FILLS = SEVERITY_FILLS
RESULT_COLUMNS = (
    ("严重程度", 9),
    ("代码", 22),
    ("工作表", 12),
    ("单元格", 9),
    ("说明", 90),
    ("填报值", 14),
    ("计算值", 14),
)


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """openpyxl warns about extensions it drops; NOT_PRESERVED reports them to the user."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        yield


def write_annotated(source: Path, result: WorkbookResult, dest: Path) -> None:
    """Write the annotated copy of `source` to `dest` (via a temporary file and a rename)."""
    keep_vba = source.suffix.lower() == ".xlsm"
    # A file object: openpyxl would refuse a workbook by its extension (an .xlsx renamed .xls).
    with quiet_openpyxl(), source.open("rb") as fh:
        wb = load_workbook(fh, keep_vba=keep_vba, rich_text=True)
    mark_cells(wb, result.findings)
    add_results_sheet(wb, result.findings)
    add_summary_sheet(wb, result, index=1)
    save_atomically(wb, dest)


def save_atomically(wb: Workbook, dest: Path) -> None:
    with replacing(dest) as tmp:
        wb.save(tmp)


def _anchor(ws: Worksheet, ref: str) -> str:
    """A merged cell's comment and fill belong on its range's top-left cell."""
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return f"{get_column_letter(rng.min_col)}{rng.min_row}"
    return ref


def mark_cells(wb: Workbook, findings: list[Finding]) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell and f.sheet in wb.sheetnames:
            ws = wb[f.sheet]
            by_cell[(f.sheet, _anchor(ws, f.cell))].append(f)
    for (sheet, ref), group in by_cell.items():
        cell = wb[sheet][ref]
        worst = max((f.severity for f in group), key=lambda s: s.rank)
        cell.fill = FILLS[worst]
        ours = "\n".join(f"【{f.severity.label}】{f.code}：{f.message}" for f in group)
        old = cell.comment
        text = f"{old.text}\n\n{COMMENT_SEPARATOR}\n{ours}" if old is not None else ours
        comment = Comment(clean(text), old.author if old is not None else AUTHOR)
        comment.width = 420
        comment.height = min(60 + 18 * (len(text) // 28 + text.count("\n")), 600)
        cell.comment = comment


def add_results_sheet(wb: Workbook, findings: list[Finding]) -> Worksheet:
    name = RESULTS_SHEET
    n = 2
    while name in wb.sheetnames:  # the user's own sheet of that name is kept
        name = f"{RESULTS_SHEET}{n}"
        n += 1
    ws: Worksheet = wb.create_sheet(name, 0)
    for col, (title, width) in enumerate(RESULT_COLUMNS, start=1):
        c = ws.cell(row=1, column=col)
        put(c, title)
        c.style = style(wb, "head")
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, f in enumerate(findings, start=2):
        values = (f.severity.label, f.code, f.sheet, f.cell, f.message, f.stated, f.computed)
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=row, column=col)
            put(c, value)
            c.style = style(wb, f.severity.value if col == 1 else "text")
        if f.sheet in wb.sheetnames:
            link = ws.cell(row=row, column=4)
            target = f.cell or "A1"
            put(link, f.cell or "（工作表）")
            quoted = f.sheet.replace("'", "''")  # a quote in a sheet name is doubled
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{quoted}'!{target}", display=f.cell or f.sheet
            )
            link.style = style(wb, "link")
    if not findings:
        put(ws.cell(row=2, column=5), "未发现问题。")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(len(findings) + 1, 2)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    return ws
