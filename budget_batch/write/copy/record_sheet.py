"""The review record: a very hidden sheet in the copy saying what budget_batch added, so that the
next round (a resubmitted copy) can take it all out again.

A sheet is what every client keeps when it re-saves a workbook (Excel, WPS and LibreOffice all
carry very hidden sheets and their formulas over); custom XML parts or document properties are
dropped by some of them. Cell references are formulas (`'收支情况'!F10`), so that a client that
inserts or deletes rows and columns moves them with the cells. Fills are recorded as content
(`<fill>` XML): clients renumber style ids when they save.

Layout (read back by read/review_record.py; RECORD_VERSION changes with it):

    row 1      A "budget_batch-review-record"   B format version   C a note for the curious
    row 2      A "round"                        B the round number (1 for a first copy)
    rows …     A "sheet"                        B the name of a sheet we added
    rows …     A "cell"     B =<live reference>   C… JSON: sheet, cell, fill, our_fill, comment,
                                                   comment_new
    rows …     A "finding"  B… JSON: code, severity, sheet, cell, message, stated, computed, key

JSON longer than CHUNK characters continues in the next columns (Excel's cell limit).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...findings import Finding

RECORD_SHEET = "_budget_batch"
#: Who wrote the comments we add, and the line above our text in a comment of the user's.
AUTHOR = "budget_batch"
COMMENT_SEPARATOR = "—— budget_batch 审核意见 ——"
MARKER = "budget_batch-review-record"
RECORD_VERSION = 1
CHUNK = 16_000  # characters per cell: below Excel's 32,767 UTF-16 units even for astral text
NOTE = (
    "本工作表由 budget_batch 自动生成，记录本轮审核添加的标记，供下一轮审核时移除。请勿修改或删除。"
)


@dataclass
class MarkRecord:
    """One cell we coloured."""

    sheet: str
    cell: str
    fill: str  # the cell's own fill before we coloured it ('' for none)
    our_fill: str
    comment: str  # exactly what we appended to its comment (the whole comment when new)
    comment_new: bool
    cached: Any = None  # the cell's value, the cached result of the reference formula


def reference(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def _json(data: Mapping[str, Any]) -> list[str]:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def write_record(
    ws: Any,
    round_number: int,
    sheets: Sequence[str],
    marks: Sequence[MarkRecord],
    findings: Sequence[Finding],
) -> None:
    """Fill `ws` (an xlsxwriter worksheet) with the record, and hide it from everyone."""
    ws.write_string(0, 0, MARKER)
    ws.write_number(0, 1, RECORD_VERSION)
    ws.write_string(0, 2, NOTE)
    ws.write_string(1, 0, "round")
    ws.write_number(1, 1, round_number)
    row = 2
    for name in sheets:
        ws.write_string(row, 0, "sheet")
        ws.write_string(row, 1, name)
        row += 1
    for mark in marks:
        ws.write_string(row, 0, "cell")
        cached = mark.cached if mark.cached is not None else 0
        ws.write_formula(row, 1, "=" + reference(mark.sheet, mark.cell), None, cached)
        data = {
            "sheet": mark.sheet,
            "cell": mark.cell,
            "fill": mark.fill,
            "our_fill": mark.our_fill,
            "comment": mark.comment,
            "comment_new": mark.comment_new,
        }
        for col, chunk in enumerate(_json(data), start=2):
            ws.write_string(row, col, chunk)
        row += 1
    for f in findings:
        ws.write_string(row, 0, "finding")
        data = {**f.to_json(), "key": _key(f)}
        for col, chunk in enumerate(_json(data), start=1):
            ws.write_string(row, col, chunk)
        row += 1
    ws.very_hidden()


def _key(f: Finding) -> dict[str, str] | None:
    return {"row": f.key[0], "column": f.key[1]} if f.key is not None else None
