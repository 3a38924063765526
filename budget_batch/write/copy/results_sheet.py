"""The 审核结果 sheet: one row per finding, a link from each to its cell, filterable, the header
frozen; each row as tall as its wrapped 说明 (computed, `text_fit`: no client sizes rows on
opening), printed on A4 one page wide with the header row on every page."""

from __future__ import annotations

from typing import Any

from ...findings import Finding
from ..print_setup import a4, landscape_for
from ..text_fit import row_height
from ..text_safety import clean, write_value

RESULTS_SHEET = "审核结果"
RESULT_COLUMNS = (
    ("严重程度", 9),
    ("代码", 12),  # widened to the longest code present (`code_width`)
    ("工作表", 12),
    ("单元格", 11),
    ("说明", 64),  # about 33 Chinese characters a line
    ("填报值", 12),
    ("计算值", 12),
)
CODE = 1
MAX_LINKS = 65_530  # Excel's limit of hyperlinks on one worksheet
#: Column units per character of a code (capitals and underscores): a code must not wrap, and
#: clients without 宋体 draw Latin capitals wider than its half-width glyphs.
CODE_UNITS = 1.15


def code_width(findings: list[Finding]) -> float:
    """The 代码 column: wide enough for the longest code present, so that none wraps."""
    longest = max((len(f.code) for f in findings), default=0)
    return max(RESULT_COLUMNS[CODE][1], round(longest * CODE_UNITS + 1.5))


def write_results(ws: Any, findings: list[Finding], sheets: set[str], f: dict[str, Any]) -> None:
    """Fill `ws` with the findings; `sheets` are the workbook's sheets a link may point at."""
    widths: list[float] = [width for _, width in RESULT_COLUMNS]
    widths[CODE] = code_width(findings)
    for col, (title, _) in enumerate(RESULT_COLUMNS):
        ws.write_string(0, col, title, f["head"])
        ws.set_column(col, col, widths[col])
    links = 0
    for row, finding in enumerate(findings, start=1):
        values = (
            finding.severity.label,
            finding.code,
            finding.sheet,
            finding.cell,
            finding.message,
            finding.stated,
            finding.computed,
        )
        for col, value in enumerate(values):
            write_value(ws, row, col, value, f[finding.severity.value] if col == 0 else f["text"])
        if finding.sheet in sheets and links < MAX_LINKS:
            quoted = finding.sheet.replace("'", "''")  # a quote in a sheet name is doubled
            target = finding.cell or "A1"
            ws.write_url(
                row,
                3,
                f"internal:'{quoted}'!{target}",
                f["link"],
                clean(finding.cell or "（工作表）"),
            )
            links += 1
        texts = [(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)]
        ws.set_row(row, row_height(texts))
    if not findings:
        ws.write_string(1, 4, "未发现问题。")
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(findings), 1), len(RESULT_COLUMNS) - 1)
    a4(ws, landscape=landscape_for(widths), repeat_rows=(0, 0))
    ws.hide_gridlines(0)  # print the grid: on paper each finding stays a row of its own
