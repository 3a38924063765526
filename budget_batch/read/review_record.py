"""Read back what budget_batch added to an annotated copy (its review record), also from a copy
that Excel, WPS or LibreOffice has re-saved since.

The record is a very hidden sheet named `_budget_batch` (or `_budget_batch2`, … when the user had
one) whose cell A1 is the marker; its layout is described in write/copy/record_sheet.py. Each coloured
cell's reference is a formula, so a client that inserted or deleted rows or columns has moved it
along: `ref_sheet`/`ref_cell` say where the cell is now, `sheet`/`cell` where it was.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ooxml.addresses import position
from ..ooxml.package import Source
from ..ooxml.sheet_tokens import shared_strings
from ..ooxml.workbook import WorkbookPart
from ..ooxml.xml_parts import iterparse, local
from .package_scan import Unreadable, file_faults
from .xlsx_package import STRUCTURE

MARKER = "budget_batch-review-record"
RECORD_PREFIX = "_budget_batch"
SUPPORTED_VERSION = 1
_LIVE = re.compile(r"^=?\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)\s*$")


@dataclass(frozen=True)
class MarkedCell:
    """A cell the copy coloured (and commented)."""

    sheet: str  # its sheet when the copy was made
    cell: str  # its address when the copy was made
    ref_sheet: str | None  # where its live reference points now; None when the cell was deleted
    ref_cell: str | None
    fill: str  # its own fill before we coloured it: `<fill>` XML, '' for none
    our_fill: str  # the fill we gave it (to tell whether the user has re-coloured it since)
    comment: str  # exactly what we added to its comment
    comment_new: bool  # True: the comment is ours alone; False: ours was appended to the user's


@dataclass(frozen=True)
class RecordedFinding:
    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    stated: Any
    computed: Any
    key: dict[str, Any] | None


@dataclass(frozen=True)
class ReviewRecord:
    version: int
    round: int  # 1 for a first copy
    record_sheet: str  # the record's own sheet name in this workbook
    sheets: tuple[str, ...]  # the sheets we added (审核结果, 汇总)
    cells: tuple[MarkedCell, ...]
    findings: tuple[RecordedFinding, ...]


def read_review_record(path: str | Path) -> ReviewRecord | None:
    """The review record of an annotated copy; None for a workbook without one.

    Raises `Unreadable` when the package cannot be read, or when the record was written by a
    newer budget_batch (a format this version does not know). Rows that do not parse (a record
    edited by hand) are left out."""
    path = Path(path)
    with file_faults(STRUCTURE), zipfile.ZipFile(path) as zf:
        src = Source(zf)
        workbook = WorkbookPart(src, STRUCTURE)
        candidates = [
            s for s in workbook.sheets if s.name.casefold().startswith(RECORD_PREFIX) and s.part
        ]
        candidates.sort(key=lambda s: s.state != "veryHidden")  # very hidden ones first
        strings = workbook.related("sharedStrings")
        for sheet in candidates:
            with file_faults(f"工作表「{sheet.name}」"):
                rows = _rows(zf, sheet.part, lambda wanted: _strings(src, strings, wanted))
            record = _record(sheet.name, rows)
            if record is not None:
                return record
    return None


def _record(name: str, rows: list[dict[int, tuple[Any, str | None]]]) -> ReviewRecord | None:
    if not rows or _value(rows[0], 1) != MARKER:
        return None
    version = _int(_value(rows[0], 2))
    if version is None or version > SUPPORTED_VERSION:
        raise Unreadable(
            f"审核副本中的审核记录是更新版本的 budget_batch 写入的（格式版本 {_value(rows[0], 2)}），"
            "本版本无法读取。请升级 budget_batch 后再处理该审核副本。"
        )
    round_number, sheets, cells, findings = 1, [], [], []
    for row in rows[1:]:
        kind = _value(row, 1)
        if kind == "round":
            round_number = _int(_value(row, 2)) or 1
        elif kind == "sheet" and isinstance(_value(row, 2), str):
            sheets.append(_value(row, 2))
        elif kind == "cell":
            data = _json(row, 3)
            formula = row.get(2, (None, None))[1]
            if data is not None:
                cells.append(_marked(data, formula))
        elif kind == "finding":
            data = _json(row, 2)
            if data is not None:
                findings.append(_finding(data))
    return ReviewRecord(
        version, round_number, name, tuple(sheets), tuple(c for c in cells if c), tuple(findings)
    )


def _marked(data: dict[str, Any], formula: str | None) -> MarkedCell:
    live = _LIVE.match(formula or "")
    ref_sheet = ref_cell = None
    if live:
        ref_sheet = live.group(1).replace("''", "'") if live.group(1) else live.group(2)
        ref_cell = live.group(3).upper() + live.group(4)
    return MarkedCell(
        str(data.get("sheet", "")),
        str(data.get("cell", "")),
        ref_sheet,
        ref_cell,
        str(data.get("fill", "")),
        str(data.get("our_fill", "")),
        str(data.get("comment", "")),
        bool(data.get("comment_new", False)),
    )


def _finding(data: dict[str, Any]) -> RecordedFinding:
    key = data.get("key")
    return RecordedFinding(
        str(data.get("code", "")),
        str(data.get("severity", "")),
        str(data.get("sheet", "")),
        str(data.get("cell", "")),
        str(data.get("message", "")),
        data.get("stated"),
        data.get("computed"),
        key if isinstance(key, dict) else None,
    )


def _value(row: dict[int, tuple[Any, str | None]], col: int) -> Any:
    return row.get(col, (None, None))[0]


def _int(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _json(row: dict[int, tuple[Any, str | None]], first: int) -> dict[str, Any] | None:
    text = "".join(v for col, (v, _) in sorted(row.items()) if col >= first and isinstance(v, str))
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# -- the package ------------------------------------------------------------------------------

Row = dict[int, tuple[Any, str | None]]  # column → (value, formula text)


def _strings(src: Source, part: str | None, wanted: set[int]) -> dict[int, str]:
    return shared_strings(src.read(part), wanted) if part and wanted else {}


def _text(el: Any) -> str:
    """The text of an inline string (phonetic runs left out)."""
    return "".join(
        t.text or "" for t in el.iter("{*}t") if local(t.getparent().tag) in ("is", "si", "r")
    )


def _rows(
    zf: zipfile.ZipFile, part: str, strings: Callable[[set[int]], dict[int, str]]
) -> list[Row]:
    """The sheet's rows in order; shared strings looked up once, for the indices the cells use."""
    rows: list[Row] = []
    shared: dict[tuple[int, int], int] = {}  # (row, column) → shared string index
    with zf.open(part) as fh:
        current: Row = {}
        col = 0
        for event, el in iterparse(fh, events=("start", "end"), tag=("{*}row", "{*}c")):
            if local(el.tag) == "row":
                if event == "start":
                    current, col = {}, 0
                else:
                    rows.append(current)
                    el.clear()
                continue
            if event == "start":
                continue
            at = position(el.get("r", "").encode())
            col = at[1] if at else col + 1
            current[col] = _cell(el)
            if el.get("t") == "s" and str(current[col][0]).strip().isdigit():
                shared[(len(rows), col)] = int(current[col][0])
            el.clear()
    found = strings(set(shared.values()))
    for (row, col), index in shared.items():
        rows[row][col] = (found.get(index, ""), rows[row][col][1])
    return rows


def _cell(el: Any) -> tuple[Any, str | None]:
    """A cell's value (a shared string's index for now) and formula text."""
    kind = el.get("t", "n")
    formula = el.find("{*}f")
    v = el.find("{*}v")
    raw = v.text if v is not None else None
    value: Any = raw
    if kind == "s":
        value = raw if raw and raw.strip().isdigit() else ""
    elif kind == "inlineStr":
        inline = el.find("{*}is")
        value = _text(inline) if inline is not None else ""
    elif kind in ("str", "e"):
        value = raw or ""
    elif raw is not None:
        try:
            value = float(raw)
        except ValueError:
            value = raw
    return value, (formula.text if formula is not None else None)
