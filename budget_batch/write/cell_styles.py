"""The cell styles of the sheets we add (审核结果, 汇总), registered once per workbook as named
styles. Assigning font, fill, border and alignment cell by cell makes openpyxl search its style
lists on every assignment; one named style per kind of cell is several times faster."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.workbook import Workbook

from ..findings import Severity

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
SEVERITY_FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
_TOP = Alignment(vertical="top", wrap_text=True)
_MIDDLE = Alignment(vertical="center", wrap_text=True)


def _specs() -> dict[str, NamedStyle]:
    body = Font(name="宋体", size=10)
    specs = {
        "title": NamedStyle(font=Font(name="黑体", size=16, bold=True)),
        "heading": NamedStyle(font=Font(name="黑体", size=12, bold=True)),
        "head": NamedStyle(
            font=Font(name="宋体", size=10, bold=True),
            fill=HEAD_FILL,
            border=BOX,
            alignment=_MIDDLE,
        ),
        "body": NamedStyle(font=body, border=BOX, alignment=_MIDDLE),
        "money": NamedStyle(font=body, border=BOX, alignment=_MIDDLE, number_format="#,##0.00"),
        "pct": NamedStyle(font=body, border=BOX, alignment=_MIDDLE, number_format="0.00"),
        "text": NamedStyle(font=body, alignment=_TOP),
        "link": NamedStyle(
            font=Font(name="宋体", size=10, color="0563C1", underline="single"), alignment=_TOP
        ),
    }
    for severity, fill in SEVERITY_FILLS.items():
        specs[severity.value] = NamedStyle(font=body, fill=fill, alignment=_TOP)
    return specs


def style(wb: Workbook, kind: str) -> str:
    """The name of our named style `kind` in `wb`, registering our styles on first use."""
    name = f"budget_batch_{kind}"
    if name not in wb.named_styles:
        for key, spec in _specs().items():
            spec.name = f"budget_batch_{key}"
            if spec.name not in wb.named_styles:
                wb.add_named_style(spec)
    return name
