"""What a sheet part says that the cell values (python-calamine) do not: formulas, error values,
style ids, hidden rows and columns, merged ranges.

The sheet XML is parsed, not grepped. Everything outside `<sheetData>` (cols, mergeCells,
dataValidations, conditionalFormatting, extLst, …) is parsed as a document of its own: the part
with its sheetData emptied, so nothing Excel keeps in an extension list can look like a cell.
The cells are parsed in one streaming pass (defusedxml iterparse). A sheetData too large for a
Python parser to walk quickly (a 100,000-project sheet has a million elements) is tokenised at C
speed by patterns over that element alone: exact for the XML every spreadsheet program writes,
and used only when the element holds no comment, CDATA section, processing instruction or cell
without an address; otherwise the parser reads it. Tests hold both paths to the same results.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import ElementTree

from ..refs import column_index, column_letter

#: sheetData up to this size is parsed element by element; above it, tokenised.
EXACT_LIMIT = 2 * 1024 * 1024
Position = tuple[int, int]  # (row, col), 1-based

_SHEETDATA_OPEN = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_LEXICAL_HAZARDS = (b"<!--", b"<![CDATA[", b"<?")
_UNADDRESSED_CELL = re.compile(rb'<(?:[\w.-]+:)?c(?=[\s/>])(?:(?!\sr=")[^>])*>')
_ADDRESS = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_STYLE = re.compile(rb'\ss="(\d+)"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>")
_HIDDEN_ROW = re.compile(rb'<(?:[\w.-]+:)?row\s[^>]*?\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
SHARED_FORMULA = "=（共享公式）"


@dataclass
class SheetXml:
    """One sheet's structure. Styles are looked up per column on demand (only percent and
    indicator-value columns need them), so a large sheet pays only for what is asked."""

    formulas: dict[Position, str] = field(default_factory=dict)
    errors: dict[Position, str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[Position, Position]] = field(
        default_factory=list
    )  # (top-left, bottom-right)
    _styles: dict[Position, int] | None = None  # every cell's style (the parsed path)
    _cells: bytes = b""  # the sheetData element (the tokenised path)
    _prefix: bytes = b""  # its namespace prefix ("x:" from some writers, usually none)
    _column_styles: dict[int, dict[int, int]] = field(default_factory=dict)

    def style(self, row: int, col: int) -> int:
        if self._styles is not None:
            return self._styles.get((row, col), 0)
        if col not in self._column_styles:
            self._column_styles[col] = _scan_column_styles(
                self._cells, self._prefix, column_letter(col)
            )
        return self._column_styles[col].get(row, 0)


def parse_sheet(xml: bytes, exact_limit: int = EXACT_LIMIT) -> SheetXml:
    """The structure of a sheet part (the pre-scan has refused DOCTYPE and entities)."""
    start, end, prefix = _sheet_data_span(xml)
    sheet = SheetXml()
    _read_outside(xml[:start] + b"<" + prefix + b"sheetData/>" + xml[end:], sheet)
    cells = xml[start:end]
    if (
        len(cells) <= exact_limit
        or any(h in cells for h in _LEXICAL_HAZARDS)
        or _unaddressed(cells, prefix)
    ):
        _parse_cells(xml[:start] + cells + b"</" + _root_name(xml[:start]) + b">", sheet)
    else:
        _scan_cells(cells, prefix, sheet)
    return sheet


def _sheet_data_span(xml: bytes) -> tuple[int, int, bytes]:
    """(start, end, prefix) of the whole <sheetData …>…</sheetData> element; (n, n) if absent."""
    m = _SHEETDATA_OPEN.search(xml)
    if m is None:
        body = xml.rfind(b"</")
        return body, body, b""
    prefix = m.group(1)
    if m.group(2):  # <sheetData/>
        return m.start(), m.end(), prefix
    close = xml.find(b"</" + prefix + b"sheetData>", m.end())
    end = close + len(prefix) + 12 if close >= 0 else len(xml)
    return m.start(), end, prefix


def _root_name(head: bytes) -> bytes:
    """The qualified name of the root element that `head` opens (worksheet, x:worksheet, …)."""
    for m in re.finditer(rb"<([\w.:-]+)", head):
        if not m.group(1).startswith((b"?", b"!")):
            return m.group(1)
    return b"worksheet"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _read_outside(skeleton: bytes, sheet: SheetXml) -> None:
    """Hidden columns and merged ranges, from the part without its cells."""
    root = ElementTree.fromstring(skeleton)
    for el in root.iter():
        name = _local(el.tag)
        if name == "col" and el.get("hidden") in ("1", "true"):
            low, high = _int(el.get("min")), _int(el.get("max"))
            sheet.hidden_cols.update(range(low, min(high, 16384) + 1))
        elif name == "mergeCell":
            span = _range(el.get("ref", ""))
            if span is not None:
                sheet.merged.append(span)


def _range(ref: str) -> tuple[Position, Position] | None:
    first, _, last = ref.partition(":")
    a, b = _position(first), _position(last or first)
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def _position(ref: str) -> Position | None:
    m = _A1.match(ref.strip().upper())
    return (int(m.group(2)), column_index(m.group(1))) if m else None


def _int(text: str | None) -> int:
    return int(text) if text is not None and text.isdigit() else 0


def _parse_cells(document: bytes, sheet: SheetXml) -> None:
    """The parsed path: one iterparse over the rows and cells."""
    styles: dict[Position, int] = {}
    row_number, col_number = 0, 0
    formula: str | None = None
    value: str | None = None
    for event, el in ElementTree.iterparse(io.BytesIO(document), events=("start", "end")):
        name = _local(el.tag)
        if event == "start":
            if name == "row":
                row_number = _int(el.get("r")) or row_number + 1
                col_number = 0
                if el.get("hidden") in ("1", "true"):
                    sheet.hidden_rows.add(row_number)
            elif name == "c":
                pos = _position(el.get("r", "")) or (row_number, col_number + 1)
                row_number, col_number = pos
                formula = value = None
            continue
        if name == "f":
            formula = "=" + el.text if el.text else SHARED_FORMULA
        elif name == "v":
            value = el.text or ""
        elif name == "c":
            pos = (row_number, col_number)
            if el.get("s"):
                styles[pos] = _int(el.get("s"))
            if formula is not None:
                sheet.formulas[pos] = formula
            if el.get("t") == "e":
                sheet.errors[pos] = value or "#N/A"
            el.clear()
        elif name == "row":
            el.clear()
    sheet._styles = styles


def _unaddressed(cells: bytes, prefix: bytes) -> bool:
    """A cell without an `r` address (legal, rare) needs the parser to count its position.
    Every writer puts `r` first, which byte counts confirm; any other order goes to a pattern."""
    if b"<" + prefix + b"c>" in cells or b"<" + prefix + b"c/>" in cells:
        return True
    if cells.count(b"<" + prefix + b"c ") == cells.count(b"<" + prefix + b'c r="'):
        return False
    return _UNADDRESSED_CELL.search(cells) is not None


def _find_all(data: bytes, token: bytes) -> Iterator[int]:
    """Offsets of `token` in `data`: a C-speed search, Python only for the (rare) matches."""
    at = data.find(token)
    while at >= 0:
        yield at
        at = data.find(token, at + 1)


def _scan_cells(cells: bytes, prefix: bytes, sheet: SheetXml) -> None:
    """The tokenised path, over the sheetData element alone, whose elements all carry the
    prefix of its own tag. Cells do not nest and a raw `<` only ever opens markup, so the
    tag a token sits in is the last `<` before it, and a formula's cell the last cell tag."""
    row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c "
    for at in _find_all(cells, b" hidden="):
        tag = _tag_around(cells, at)
        if tag.startswith(row_tag) and _HIDDEN_ROW.match(tag):
            r = _ROW_NUMBER.search(tag)
            if r:
                sheet.hidden_rows.add(int(r.group(1)))
    for token in (b"<" + prefix + b"f>", b"<" + prefix + b"f ", b"<" + prefix + b"f/>"):
        for at in _find_all(cells, token):
            pos = _enclosing_cell(cells, at, cell_tag)
            if pos is None:
                continue
            open_end = cells.find(b">", at)
            text = b""
            if cells[open_end - 1 : open_end] != b"/":  # <f …>text</f>
                close = cells.find(b"</" + prefix + b"f>", open_end)
                text = cells[open_end + 1 : close] if close >= 0 else b""
            sheet.formulas[pos] = (
                "=" + _unescape(text.decode("utf-8", "replace")) if text else SHARED_FORMULA
            )
    for at in _find_all(cells, b' t="e"'):
        tag = _tag_around(cells, at)
        if not tag.startswith(cell_tag):
            continue
        address = _ADDRESS.search(tag)
        if address is None:
            continue
        after = cells.find(b">", at) + 1
        close = cells.find(b"</" + prefix + b"c>", after)
        v = _VALUE.search(cells, after, close if close >= 0 else len(cells))
        pos = (int(address.group(2)), column_index(address.group(1).decode()))
        sheet.errors[pos] = v.group(1).decode("utf-8", "replace") if v else "#N/A"
    sheet._cells = cells
    sheet._prefix = prefix


def _tag_around(cells: bytes, at: int) -> bytes:
    """The whole start tag that byte `at` sits in."""
    start = cells.rfind(b"<", 0, at)
    return cells[start : cells.find(b">", at) + 1]


def _enclosing_cell(cells: bytes, at: int, cell_tag: bytes) -> Position | None:
    start = cells.rfind(cell_tag, max(0, at - 4096), at)
    if start < 0:
        return None
    address = _ADDRESS.search(cells, start, cells.find(b">", start) + 1)
    if address is None:
        return None
    return int(address.group(2)), column_index(address.group(1).decode())


def _scan_column_styles(cells: bytes, prefix: bytes, letter: str) -> dict[int, int]:
    """Style id by row for one column of the tokenised path (cells have `r` first: see
    `_unaddressed`), with a literal pattern the regex engine searches at C speed."""
    pattern = re.compile(
        rb"<" + re.escape(prefix) + rb'c r="' + letter.encode() + rb'(\d+)"([^>]*)>'
    )
    styles: dict[int, int] = {}
    for m in pattern.finditer(cells):
        s = _STYLE.search(m.group(2))
        if s:
            styles[int(m.group(1))] = int(s.group(1))
    return styles


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
