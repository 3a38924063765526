"""The 审核结果 sheet: one row per finding, a link from each to its cell, filterable, the header
frozen, printable on A4 landscape."""

from __future__ import annotations

import math
from typing import Any

from ..findings import Finding
from .text_safety import clean

RESULTS_SHEET = "审核结果"
RESULT_COLUMNS = (
    ("严重程度", 9),
    ("代码", 22),
    ("工作表", 12),
    ("单元格", 9),
    ("说明", 90),
    ("填报值", 14),
    ("计算值", 14),
)
MAX_LINKS = 65_530  # Excel's limit of hyperlinks on one worksheet


def write_value(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Strings always as text (never a formula), cleaned and within Excel's limits."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, clean(value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, float) and not math.isfinite(value):
        ws.write_string(row, col, "（数值超出范围）", fmt)
    else:
        ws.write_number(row, col, value, fmt)


def write_results(ws: Any, findings: list[Finding], sheets: set[str], f: dict[str, Any]) -> None:
    """Fill `ws` with the findings; `sheets` are the workbook's sheets a link may point at."""
    for col, (title, width) in enumerate(RESULT_COLUMNS):
        ws.write_string(0, col, title, f["head"])
        ws.set_column(col, col, width)
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
    if not findings:
        ws.write_string(1, 4, "未发现问题。")
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(findings), 1), len(RESULT_COLUMNS) - 1)
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
