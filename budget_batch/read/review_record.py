"""Read back what budget_batch added to an annotated copy (its review record), also from a copy
that Excel, WPS or LibreOffice has re-saved since.

The record is a very hidden sheet named `_budget_batch` (or `_budget_batch2`, … when the user had
one) whose cell A1 is the marker; its layout is described in write/record_sheet.py. Each coloured
cell's reference is a formula, so a client that inserted or deleted rows or columns has moved it
along: `ref_sheet`/`ref_cell` say where the cell is now, `sheet`/`cell` where it was.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree
from lxml import etree

from ..refs import column_index
from .package_scan import Unreadable, file_faults
from .xlsx_package import relationships

MARKER = "budget_batch-review-record"
RECORD_PREFIX = "_budget_batch"
SUPPORTED_VERSION = 1
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_LIVE = re.compile(r"^=?\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)\s*$")
_CELL = re.compile(r"^([A-Za-z]{1,3})(\d+)$")


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
    with file_faults("工作簿结构"), zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = relationships(zf, "xl/_rels/workbook.xml.rels")
        candidates = [
            (s.get("name", ""), rels.get(s.get(REL_ID, ""), ""), s.get("state"))
            for s in workbook.iterfind(".//{*}sheet")
            if s.get("name", "").casefold().startswith(RECORD_PREFIX)
        ]
        candidates.sort(key=lambda c: c[2] != "veryHidden")  # very hidden ones first
        strings = _SharedStrings(zf, _shared_strings_part(rels, names))
        try:
            for name, part, _ in candidates:
                if part not in names:
                    continue
                with file_faults(f"工作表「{name}」"):
                    rows = _rows(zf, part, strings)
                record = _record(name, rows)
                if record is not None:
                    return record
        finally:
            strings.close()
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


def _shared_strings_part(rels: dict[str, str], names: set[str]) -> str | None:
    parts = [p for p in rels.values() if p.lower().endswith("sharedstrings.xml") and p in names]
    return parts[0] if parts else None


_PARSE = {"resolve_entities": False, "no_network": True, "huge_tree": True, "load_dtd": False}


def _text(el: Any) -> str:
    """The text of an inline or shared string (phonetic runs left out)."""
    return "".join(
        t.text or ""
        for t in el.iter("{*}t")
        if etree.QName(t.getparent().tag).localname in ("is", "si", "r")
    )


class _SharedStrings:
    """Shared strings read on first use, only as far as the highest index asked for."""

    def __init__(self, zf: zipfile.ZipFile, part: str | None) -> None:
        self._zf, self._part = zf, part
        self._items: list[str] = []
        self._iter: Iterator[tuple[str, Any]] | None = None
        self._fh: IO[bytes] | None = None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def get(self, index: int) -> str:
        if self._part is None:
            return ""
        if self._iter is None:
            self._fh = self._zf.open(self._part)
            self._iter = etree.iterparse(self._fh, events=("end",), tag="{*}si", **_PARSE)
        while len(self._items) <= index:
            item = next(self._iter, None)
            if item is None:
                return ""
            el = item[1]
            self._items.append(_text(el))
            el.clear()
        return self._items[index]


def _rows(
    zf: zipfile.ZipFile, part: str, strings: _SharedStrings
) -> list[dict[int, tuple[Any, str | None]]]:
    """The sheet's rows in order: column → (value, formula text)."""
    rows: list[dict[int, tuple[Any, str | None]]] = []
    with zf.open(part) as fh:
        current: dict[int, tuple[Any, str | None]] = {}
        col = 0
        for event, el in etree.iterparse(
            fh, events=("start", "end"), tag=("{*}row", "{*}c"), **_PARSE
        ):
            name = etree.QName(el.tag).localname
            if name == "row":
                if event == "start":
                    current, col = {}, 0
                else:
                    rows.append(current)
                    el.clear()
                continue
            if event == "start":
                continue
            ref = _CELL.match(el.get("r", ""))
            col = column_index(ref.group(1).upper()) if ref else col + 1
            current[col] = _cell(el, strings)
            el.clear()
    return rows


def _cell(el: Any, strings: _SharedStrings) -> tuple[Any, str | None]:
    kind = el.get("t", "n")
    formula = el.find("{*}f")
    v = el.find("{*}v")
    raw = v.text if v is not None else None
    value: Any = raw
    if kind == "s":
        value = strings.get(int(raw)) if raw and raw.strip().isdigit() else ""
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
