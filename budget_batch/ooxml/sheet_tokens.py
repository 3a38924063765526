"""The one SpreadsheetML cell tokenizer: the byte patterns of a worksheet's rows and cells and the
values they hold, used by the reader's scan of a large sheet (read/sheet_xml.py), the copy's
streaming patch (sheet_patch.py), the grafting of our own sheets (write/copy/our_sheets.py) and
the reading back of a marked cell's value alike.

Patterns, not a parser: exact for the XML every spreadsheet program writes (every element of a
`sheetData` carries the prefix of its own tag, cells do not nest, a raw `<` only ever opens
markup). Where a part holds what they cannot read exactly — a comment, CDATA, a processing
instruction (`LEXICAL_HAZARDS`), a cell without an address (`unaddressed`) — the reader parses
it instead (xml_parts); tests hold both to the same results.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .addresses import position

NS_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
NAME = rb"[A-Za-z_][\w.\-]*"
#: The root element (its prefix, its local name, its attributes).
ROOT = re.compile(rb"<(?!\?|!)(?:(" + NAME + rb"):)?(" + NAME + rb")" + ATTRS)
#: What the patterns cannot read exactly: a part holding any of these is parsed.
LEXICAL_HAZARDS = (b"<!--", b"<![CDATA[", b"<?")
#: How every writer spells an error cell's type (the scan looks for these bytes).
ERROR_TOKEN = b' t="e"'
Position = tuple[int, int]  # (row, col), 1-based

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_UNADDRESSED_CELL = re.compile(rb'<(?:[\w.-]+:)?c(?=[\s/>])(?:(?!\sr=")[^>])*>')
_TAB_SELECTED = re.compile(rb"<(?:\w+:)?sheetView\b[^>]*\btabSelected\s*=\s*[\"'](?:1|true)[\"']")
_SST = re.compile(rb"<(?:(\w+):)?sst\b")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh\s*>", re.DOTALL)
_T = re.compile(rb"<(?:\w+:)?t\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?t\s*>)")


# -- attributes -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _attr_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?:^|\s)" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


@functools.lru_cache(maxsize=64)
def _set_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(\s" + re.escape(name) + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')")


def attr(attrs: bytes, name: bytes) -> bytes | None:
    """An attribute's value from a start tag or its attribute text (unprefixed names only)."""
    m = _attr_pattern(name).search(attrs)
    if m is None:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


def set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """A start tag with attribute `name` set to `value` (appended after the others if new)."""
    pattern = _set_pattern(name)
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + b'"' + value + b'"', tag, count=1)
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    while tag[end - 1 : end].isspace():
        end -= 1
    return tag[:end] + b" " + name + b'="' + value + b'"' + tag[end:]


def to_int(value: bytes | None, default: int = 0) -> int:
    return int(value) if value is not None and value.isdigit() else default


def is_true(value: bytes | None) -> bool:
    return value in (b"1", b"true")


def tab_selected(head: bytes) -> bool:
    """Whether the start of a sheet part says the sheet is a selected tab."""
    return _TAB_SELECTED.search(head) is not None


# -- the patterns of one prefix ---------------------------------------------------------------


@dataclass(frozen=True)
class Patterns:
    """The byte patterns for a sheet whose SpreadsheetML elements carry `prefix` (compiled once
    per prefix, at import for the usual none: a forked worker inherits them compiled)."""

    prefix: bytes
    row_start: re.Pattern[bytes]
    row_tag: re.Pattern[bytes]
    cell_start: re.Pattern[bytes]
    cell_tag: re.Pattern[bytes]
    cell_end: re.Pattern[bytes]
    row_end: re.Pattern[bytes]
    data_start: re.Pattern[bytes]
    data_end: re.Pattern[bytes]
    value: re.Pattern[bytes]
    tab_selected: re.Pattern[bytes]
    col: re.Pattern[bytes]
    dimension: re.Pattern[bytes]
    merge: re.Pattern[bytes]

    @property
    def row_open(self) -> bytes:
        return b"<" + self.prefix + b"row"

    @property
    def cell_open(self) -> bytes:
        """How every writer opens a cell with attributes (`<c ` or `<x:c `)."""
        return b"<" + self.prefix + b"c "

    @property
    def formula_opens(self) -> tuple[bytes, ...]:
        p = self.prefix
        return (b"<" + p + b"f>", b"<" + p + b"f ", b"<" + p + b"f/>")


@functools.lru_cache(maxsize=8)
def patterns(prefix: bytes) -> Patterns:
    t = re.escape(prefix)
    return Patterns(
        prefix=prefix,
        row_start=re.compile(rb"<" + t + rb"row(?=[\s/>])"),
        row_tag=re.compile(rb"<" + t + rb"row" + ATTRS),
        cell_start=re.compile(rb"<" + t + rb"c(?=[\s/>])"),
        cell_tag=re.compile(rb"<" + t + rb"c" + ATTRS),
        cell_end=re.compile(rb"</" + t + rb"c\s*>"),
        row_end=re.compile(rb"</" + t + rb"row\s*>"),
        data_start=re.compile(rb"<" + t + rb"sheetData" + ATTRS),
        data_end=re.compile(rb"</" + t + rb"sheetData\s*>"),
        value=re.compile(rb"<" + t + rb"v(?:\s[^>]*)?>([^<]*)</" + t + rb"v\s*>"),
        tab_selected=re.compile(
            rb"(<" + t + rb"sheetView\b[^>]*?)\s+tabSelected\s*=\s*[\"'](?:1|true)[\"']"
        ),
        col=re.compile(rb"<" + t + rb"col" + ATTRS),
        dimension=re.compile(rb"<" + t + rb"dimension" + ATTRS),
        merge=re.compile(rb"<" + t + rb"mergeCell" + ATTRS),
    )


@functools.lru_cache(maxsize=16)
def number_attribute(prefix: bytes, element: bytes, name: bytes) -> re.Pattern[bytes]:
    """`<element … name="123"`, for a substitution at C speed: groups (what comes before the
    number, the number, its closing quote)."""
    return re.compile(
        rb"(<" + re.escape(prefix + element) + rb"\s[^>]*?\s" + re.escape(name) + rb'=")(\d+)(")'
    )


@functools.lru_cache(maxsize=4)
def shared_string_cell(prefix: bytes) -> re.Pattern[bytes]:
    """A cell holding a shared string and nothing else: groups (the attributes before its `t`,
    those after, the string's index)."""
    t = re.escape(prefix)
    return re.compile(
        rb"<" + t + rb'c ([^>]*?)t="s"([^>]*)><' + t + rb"v>(\d+)</" + t + rb"v></" + t + rb"c>"
    )


# -- finding things in a whole sheetData ------------------------------------------------------


def sheet_data_span(xml: bytes) -> tuple[int, int, bytes]:
    """(start, end, prefix) of the whole <sheetData …>…</sheetData> element of a sheet part;
    (n, n) just before the root's end tag when there is none."""
    m = _SHEET_DATA.search(xml)
    if m is None:
        body = xml.rfind(b"</")
        return body, body, b""
    prefix = m.group(1)
    if m.group(2):  # <sheetData/>
        return m.start(), m.end(), prefix
    close = xml.find(b"</" + prefix + b"sheetData>", m.end())
    end = close + len(prefix) + 12 if close >= 0 else len(xml)
    return m.start(), end, prefix


def root_name(head: bytes) -> bytes:
    """The qualified name of the root element that `head` opens (worksheet, x:worksheet, …)."""
    m = ROOT.search(head)
    if m is None:
        return b"worksheet"
    return (m.group(1) + b":" if m.group(1) else b"") + m.group(2)


def lexical_hazard(cells: bytes) -> bool:
    """Whether `cells` holds any of LEXICAL_HAZARDS (two passes over a large sheetData: `<!`
    opens both a comment and a CDATA section)."""
    if b"<?" in cells:
        return True
    return b"<!" in cells and any(h in cells for h in LEXICAL_HAZARDS)


def unaddressed(cells: bytes, prefix: bytes) -> bool:
    """Whether a cell lacks an `r` address (legal, rare: its position must be counted by a
    parser). Every writer puts `r` first, which byte counts confirm; any other order goes to a
    pattern."""
    opens = cells.count(b"<" + prefix + b"c")
    if opens == cells.count(b"<" + prefix + b'c r="'):
        return False  # every tag opening with `<c` is a cell with its `r` first
    if b"<" + prefix + b"c>" in cells or b"<" + prefix + b"c/>" in cells:
        return True
    if cells.count(b"<" + prefix + b"c ") == cells.count(b"<" + prefix + b'c r="'):
        return False
    return _UNADDRESSED_CELL.search(cells) is not None


def find_all(data: bytes, token: bytes) -> Iterator[int]:
    """Offsets of `token` in `data`: a C-speed search, Python only for the (rare) matches."""
    at = data.find(token)
    while at >= 0:
        yield at
        at = data.find(token, at + 1)


def tag_around(cells: bytes, at: int) -> bytes:
    """The whole start tag that byte `at` sits in."""
    start = cells.rfind(b"<", 0, at)
    return cells[start : cells.find(b">", at) + 1]


def address(tag: bytes) -> Position | None:
    """(row, col) of a cell's start tag, from its `r`."""
    ref = attr(tag, b"r")
    return None if ref is None else position(ref)


def enclosing_cell(cells: bytes, at: int, cell_open: bytes) -> Position | None:
    """The cell whose element byte `at` sits in (a formula's, a value's)."""
    start = cells.rfind(cell_open, max(0, at - 4096), at)
    if start < 0:
        return None
    return address(cells[start : cells.find(b">", start) + 1])


def column_styles(cells: bytes, prefix: bytes, letter: str) -> dict[int, int]:
    """Style id by row for one column (cells with `r` first: see `unaddressed`), with a literal
    pattern the regex engine searches at C speed."""
    # The style is the first ` s="…"` among the attributes after `r`; findall gives (row,
    # style) pairs without a match object per cell.
    pattern = re.compile(
        rb"<"
        + re.escape(prefix)
        + rb'c r="'
        + letter.encode()
        + rb'(\d+)"(?:[^>]*?\ss="(\d+)")?[^>]*>'
    )
    return {int(row): int(style) for row, style in pattern.findall(cells) if style}


# -- values -----------------------------------------------------------------------------------


def unescape(text: bytes) -> str:
    """Character data as text (the predefined entities and character references resolved)."""
    return html.unescape(text.decode("utf-8", "replace"))


def string_text(body: bytes) -> bytes:
    """The text of a shared or inline string's body (its runs; phonetic runs left out), still
    escaped."""
    if b"rPh" in body:
        body = _PHONETIC.sub(b"", body)
    return b"".join(t.group(1) or b"" for t in _T.finditer(body))


def raw_value(inner: bytes, kind: str, p: Patterns) -> bytes | None:
    """A cell's raw cached value from what its element holds: `<v>`, or an inline string's text."""
    if kind == "inlineStr":
        return string_text(inner)
    v = p.value.search(inner)
    return v.group(1) if v else None


def cached_value(value: str | None, kind: str, strings: dict[int, str]) -> Any:
    """A cell's cached value from its raw value (still escaped) and its type `t`."""
    if value is None:
        return None
    if kind == "s":
        return strings.get(int(value) if value.isdigit() else -1, "")
    if kind in ("str", "inlineStr", "e", "d"):
        return html.unescape(value)
    if kind == "b":
        return value.strip() in ("1", "true")
    try:
        return float(value)
    except ValueError:
        return html.unescape(value)


def _string_pieces(data: bytes, count: int) -> tuple[bytes, list[bytes]]:
    """A shared string table split at its (first `count`; -1: all) `<si` tags, in C (a
    100,000-string table in milliseconds), not parsed; and the table's prefix."""
    root = _SST.search(data)
    if root is None:
        return b"", []
    prefix = root.group(1) + b":" if root.group(1) else b""
    return prefix, data[root.end() :].split(b"<" + prefix + b"si", count)[1:]


def _item(piece: bytes, prefix: bytes) -> bytes:
    start = piece.find(b">") + 1
    if piece[start - 2 : start] == b"/>":
        return b""
    end = piece.find(b"</" + prefix + b"si")
    return piece[start : max(end, start)]


def string_items(data: bytes) -> list[bytes]:
    """The bodies of a shared string table's items, as written."""
    prefix, pieces = _string_pieces(data, -1)
    return [_item(piece, prefix) for piece in pieces]


def shared_strings(data: bytes, wanted: set[int]) -> dict[int, str]:
    """The shared strings at the `wanted` indices, as text (phonetic runs left out); the table
    is split only as far as the highest index wanted."""
    if not wanted:
        return {}
    prefix, pieces = _string_pieces(data, max(wanted) + 1)
    return {i: unescape(string_text(_item(pieces[i], prefix))) for i in wanted if i < len(pieces)}


patterns(b"")  # compiled at import: the forkserver preloads this module, its workers inherit them
for _name in (b"r", b"s", b"t", b"spans", b"customFormat", b"ref", b"min", b"max", b"style"):
    _attr_pattern(_name)
    _set_pattern(_name)
