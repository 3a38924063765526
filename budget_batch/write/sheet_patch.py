"""Patch one worksheet part in a single streaming pass, changing only what the mark needs.

The sheet's XML goes through in chunks and is copied byte for byte, except:
- the `s` (style) attribute of each marked cell; a marked cell that is not in the XML (an empty
  cell) is created in its row in column order, and a row that is not there is created in row
  order, its style the one the cell showed (the row's, else the column's, else the default);
- `<dimension>` widened when a created cell lies outside it, a row's `spans` likewise;
- `tabSelected` removed from the sheet views when another sheet becomes the active one;
- `<legacyDrawing r:id>` (the link to the comments' shapes) inserted where CT_Worksheet's
  sequence puts it, when the sheet has none (Excel repairs a file with it out of place).

No tree of `sheetData` is ever built: rows are found with byte patterns and only the rows holding
a marked cell are taken apart. What comes after `sheetData` (merged cells, validations, extLst…)
is small and is scanned element by element to find where `legacyDrawing` goes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..refs import column_index, column_letter

#: CT_Worksheet's child elements in schema order (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
NS_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
_NAME = rb"[A-Za-z_][\w.\-]*"
_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)("
    + _NAME
    + rb"(?::"
    + _NAME
    + rb")?)"
    + _ATTRS,
    re.DOTALL,
)
_ROOT = re.compile(rb"<(?!\?|!)(?:(" + _NAME + rb"):)?(" + _NAME + rb")" + _ATTRS)
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d+)")
GUARD = 64  # bytes kept back when searching a chunk boundary for an end tag


@functools.lru_cache(maxsize=64)
def _attr_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?:^|\s)" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


@functools.lru_cache(maxsize=64)
def _set_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(\s" + re.escape(name) + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')")


def attr(attrs: bytes, name: bytes) -> bytes | None:
    """An attribute's value from a start tag's attribute text (unprefixed names only)."""
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


def _int(value: bytes | None, default: int = 0) -> int:
    return int(value) if value is not None and value.isdigit() else default


def _true(value: bytes | None) -> bool:
    return value in (b"1", b"true")


def split_cell(ref: str) -> tuple[int, int]:
    """(row, col) of an A1 reference."""
    m = _REF.fullmatch(ref.encode())
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)), column_index(m.group(1).decode().upper())


@dataclass
class SheetPlan:
    """What to change in one sheet."""

    #: row → column → the mark (opaque here; `restyle` turns it into a style id)
    cells: dict[int, dict[int, object]]
    #: (the cell's current style id, its mark) → the style id to give it
    restyle: Callable[[int, object], int]
    clear_tab_selected: bool = False
    #: the relationship id for a `<legacyDrawing>` to insert if the sheet has none (None: the
    #: sheet gets no comments)
    legacy_rid: str | None = None


@dataclass
class SeenCell:
    style: int  # the style id the cell had (for a created cell, the one it showed)
    created: bool
    value_type: str = ""  # the cell's `t`
    value: str | None = None  # its raw cached value (`<v>`, or an inline string's text)


@dataclass
class SheetOutcome:
    cells: dict[tuple[int, int], SeenCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: the `<legacyDrawing>`'s relationship id: the sheet's own, or the one inserted
    legacy_rid: str | None = None


@dataclass(frozen=True)
class _Patterns:
    """The byte patterns for a sheet whose SpreadsheetML elements carry `prefix` (compiled once
    per prefix, at import for the usual none: a forked worker inherits them compiled)."""

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


@functools.lru_cache(maxsize=8)
def patterns(prefix: bytes) -> _Patterns:
    t = re.escape(prefix)
    return _Patterns(
        row_start=re.compile(rb"<" + t + rb"row(?=[\s/>])"),
        row_tag=re.compile(rb"<" + t + rb"row" + _ATTRS),
        cell_start=re.compile(rb"<" + t + rb"c(?=[\s/>])"),
        cell_tag=re.compile(rb"<" + t + rb"c" + _ATTRS),
        cell_end=re.compile(rb"</" + t + rb"c\s*>"),
        row_end=re.compile(rb"</" + t + rb"row\s*>"),
        data_start=re.compile(rb"<" + t + rb"sheetData" + _ATTRS),
        data_end=re.compile(rb"</" + t + rb"sheetData\s*>"),
        value=re.compile(rb"<" + t + rb"v(?:\s[^>]*)?>([^<]*)</" + t + rb"v\s*>"),
        tab_selected=re.compile(
            rb"(<" + t + rb"sheetView\b[^>]*?)\s+tabSelected\s*=\s*[\"'](?:1|true)[\"']"
        ),
        col=re.compile(rb"<" + t + rb"col" + _ATTRS),
        dimension=re.compile(rb"<" + t + rb"dimension" + _ATTRS),
        merge=re.compile(rb"<" + t + rb"mergeCell" + _ATTRS),
    )


_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t\s*>")
_R_DECLARED = re.compile(rb"xmlns:(" + _NAME + rb")\s*=\s*[\"']" + re.escape(NS_R))
_R_TAKEN = re.compile(rb"xmlns:r\s*=")
_DIGITS = re.compile(rb"\d+")
_ANY_ID = re.compile(rb"\s[\w.\-]+:id\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class _Buffer:
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.data = b""
        self.eof = False

    def more(self, keep_from: int) -> int:
        """Drop bytes before `keep_from`, read the next chunk; return how many were dropped."""
        chunk = next(self.chunks, None)
        if chunk is None:
            self.eof = True
            chunk = b""
        self.data = self.data[keep_from:] + chunk
        return keep_from


class _Patcher:
    def __init__(
        self, plan: SheetPlan, out: Callable[[bytes | memoryview], None], prefix: bytes
    ) -> None:
        self.plan = plan
        self.out = out
        self.p = prefix  # b"x:" for a prefixed SpreadsheetML sheet, else b""
        self.outcome = SheetOutcome()
        self.pending = sorted(plan.cells)
        self.cols: list[tuple[int, int, int]] = []  # (min, max, style)
        self.r_prefix = b"r"
        self.re = patterns(prefix)
        self.row_start, self.row_tag = self.re.row_start, self.re.row_tag
        self.cell_start, self.cell_tag = self.re.cell_start, self.re.cell_tag
        self.cell_end, self.row_end = self.re.cell_end, self.re.row_end
        self.data_end, self.value, self.text = self.re.data_end, self.re.value, _TEXT

    # -- the part before <sheetData> --------------------------------------------------------

    def head(self, head: bytes, root: re.Match[bytes]) -> bytes:
        """Dimension, sheet views, the relationships prefix; remember the column styles."""
        if self.plan.clear_tab_selected:
            head = self.re.tab_selected.sub(rb"\1", head)
        for m in self.re.col.finditer(head):
            lo, hi = _int(attr(m.group(1), b"min")), _int(attr(m.group(1), b"max"))
            style = attr(m.group(1), b"style")
            if style is not None:
                self.cols.append((lo, hi, _int(style)))
        if self.plan.cells:
            head = self._dimension(head)
        declared = _R_DECLARED.search(root[0])
        if declared:
            self.r_prefix = declared.group(1)
        elif self.plan.legacy_rid is not None:
            taken = _R_TAKEN.search(root[0])
            self.r_prefix = b"bbr" if taken else b"r"
            start = head.find(root[0])
            end = start + len(root[0]) - (2 if root[0].endswith(b"/>") else 1)
            decl = b" xmlns:" + self.r_prefix + b'="' + NS_R + b'"'
            head = head[:end] + decl + head[end:]
        return head

    def _dimension(self, head: bytes) -> bytes:
        m = self.re.dimension.search(head)
        ref = attr(m.group(1), b"ref") if m else None
        if m is None or ref is None:
            return head
        corners = [_REF.fullmatch(part) for part in ref.split(b":")]
        if not all(corners) or len(corners) not in (1, 2):
            return head
        rows = [int(c.group(2)) for c in corners if c]
        cols = [column_index(c.group(1).decode().upper()) for c in corners if c]
        marked_cols = [c for cells in self.plan.cells.values() for c in cells]
        r1, r2 = min(rows + list(self.plan.cells)), max(rows + list(self.plan.cells))
        c1, c2 = min(cols + marked_cols), max(cols + marked_cols)
        if (r1, r2, c1, c2) == (min(rows), max(rows), min(cols), max(cols)):
            return head
        new = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}".encode()
        tag = set_attr(m.group(0), b"ref", new)
        return head[: m.start()] + tag + head[m.end() :]

    # -- rows ------------------------------------------------------------------------------

    def inherited(self, row_style: int | None, col: int) -> int:
        if row_style is not None:
            return row_style
        for lo, hi, style in self.cols:
            if lo <= col <= hi:
                return style
        return 0

    def new_cell(self, row: int, col: int, row_style: int | None) -> bytes:
        style = self.inherited(row_style, col)
        self.outcome.cells[(row, col)] = SeenCell(style, created=True)
        new = self.plan.restyle(style, self.plan.cells[row][col])
        ref = f"{column_letter(col)}{row}".encode()
        return b"<" + self.p + b'c r="' + ref + b'" s="' + str(new).encode() + b'"/>'

    def new_row(self, row: int) -> bytes:
        cells = b"".join(self.new_cell(row, c, None) for c in sorted(self.plan.cells[row]))
        return (
            b"<"
            + self.p
            + b'row r="'
            + str(row).encode()
            + b'">'
            + cells
            + b"</"
            + self.p
            + b"row>"
        )

    def patch_row(self, data: bytes, row: int) -> bytes:
        """A row element (and whatever follows it before the next row) with its marks."""
        m = self.row_tag.match(data)
        if m is None:  # not a row we understand: leave it, create the cells in a new row
            return data
        attrs, closed = m.group(1), m.group(2) == b"/"
        row_style = _int(attr(attrs, b"s")) if _true(attr(attrs, b"customFormat")) else None
        if closed:
            body, close, rest = b"", b"</" + self.p + b"row>", data[m.end() :]
        else:
            ends = list(self.row_end.finditer(data, m.end()))
            if not ends:
                return data
            body, close, rest = data[m.end() : ends[-1].start()], b"", data[ends[-1].start() :]
        wanted = sorted(self.plan.cells[row])
        out: list[bytes] = []
        created: list[int] = []
        pos = scan = col = i = 0
        while (cm := self.cell_start.search(body, scan)) is not None:
            tag = self.cell_tag.match(body, cm.start())
            if tag is None:
                scan = cm.end()
                continue
            ref = attr(tag.group(1), b"r")
            ref_m = _REF.fullmatch(ref) if ref is not None else None
            col = column_index(ref_m.group(1).decode().upper()) if ref_m else col + 1
            if tag.group(2) == b"/":
                end = tag.end()
            else:
                end_m = self.cell_end.search(body, tag.end())
                end = end_m.end() if end_m else len(body)
            while i < len(wanted) and wanted[i] < col:  # empty cells before this one
                out += (body[pos : cm.start()], self.new_cell(row, wanted[i], row_style))
                pos = cm.start()
                created.append(wanted[i])
                i += 1
            if i < len(wanted) and wanted[i] == col:
                out += (body[pos : cm.start()], self._restyled(body, tag, end, row, col))
                pos = end
                i += 1
            scan = end
        out.append(body[pos:])
        for c in wanted[i:]:  # empty cells after the last one
            out.append(self.new_cell(row, c, row_style))
            created.append(c)
        start_tag = m.group(0)
        if closed:
            start_tag = start_tag[:-2].rstrip() + b">"
        if created:
            start_tag = self._spans(start_tag, created)
        return start_tag + b"".join(out) + close + rest

    def _restyled(self, body: bytes, tag: re.Match[bytes], end: int, row: int, col: int) -> bytes:
        attrs = tag.group(1)
        style = _int(attr(attrs, b"s"))
        kind = (attr(attrs, b"t") or b"n").decode("ascii", "replace")
        inner = body[tag.end() : end]
        value: bytes | None = None
        if kind == "inlineStr":
            value = b"".join(t.group(1) for t in self.text.finditer(inner))
        else:
            v = self.value.search(inner)
            value = v.group(1) if v else None
        self.outcome.cells[(row, col)] = SeenCell(
            style, False, kind, value.decode("utf-8", "replace") if value is not None else None
        )
        new = self.plan.restyle(style, self.plan.cells[row][col])
        start = set_attr(tag.group(0), b"s", str(new).encode())
        return start + body[tag.end() : end]

    def _spans(self, start_tag: bytes, created: list[int]) -> bytes:
        spans = attr(start_tag, b"spans")
        if spans is None:
            return start_tag
        bounds = [int(x) for x in _DIGITS.findall(spans)]
        if not bounds:
            return start_tag
        lo, hi = min(bounds + created), max(bounds + created)
        if lo == min(bounds) and hi == max(bounds):
            return start_tag
        return set_attr(start_tag, b"spans", f"{lo}:{hi}".encode())

    def rows(self, buf: _Buffer, pos: int) -> int:
        """Stream the rows from byte `pos` of the buffer, writing through `</sheetData>`; return
        the offset just after it. Only rows at or past a pending mark are looked into."""
        last = 0
        row_open = b"<" + self.p + b"row"
        while True:
            data = buf.data
            end = self.data_end.search(data, pos)
            if not self.pending:
                if end is not None:
                    self.out(memoryview(data)[pos : end.end()])
                    return end.end()
                if buf.eof:
                    self.out(memoryview(data)[pos:])
                    return len(data)
                keep = max(pos, len(data) - GUARD)
                self.out(memoryview(data)[pos:keep])
                buf.more(keep)
                pos = 0
                continue
            # Complete rows: up to </sheetData>, else up to the last row start in the buffer.
            limit = end.start() if end is not None else data.rfind(row_open, pos)
            if end is None and limit <= pos:
                if not buf.eof:
                    buf.more(pos)
                    pos = 0
                    continue
                limit = len(data)  # a damaged part: no end tag
            written = pos
            starts = [m.start() for m in self.row_start.finditer(data, pos, limit)]
            for k, s in enumerate(starts):
                tag = self.row_tag.match(data, s)
                r = attr(tag.group(1), b"r") if tag else None
                row = _int(r, last + 1) if r is not None else last + 1
                last = row
                while self.pending and self.pending[0] < row:  # rows missing before this one
                    self.out(memoryview(data)[written:s])
                    written = s
                    self.out(self.new_row(self.pending.pop(0)))
                if self.pending and self.pending[0] == row:
                    e = starts[k + 1] if k + 1 < len(starts) else limit
                    self.out(memoryview(data)[written:s])
                    self.out(self.patch_row(data[s:e], row))
                    written = e
                    self.pending.pop(0)
                if not self.pending:
                    break
            self.out(memoryview(data)[written:limit])
            pos = limit
            if end is not None or buf.eof:
                for missing in self.pending:  # rows missing after the last one
                    self.out(self.new_row(missing))
                self.pending = []
                if end is None:
                    return pos
                self.out(memoryview(data)[end.start() : end.end()])
                return end.end()
            buf.more(pos)
            pos = 0

    # -- after </sheetData> -----------------------------------------------------------------

    def tail(self, tail: bytes, with_sheet_data: bytes | None = None) -> bytes:
        """Merged ranges; the legacyDrawing (found, or inserted in schema order); a missing
        sheetData (`with_sheet_data`) inserted likewise."""
        for m in self.re.merge.finditer(tail):
            ref = attr(m.group(1), b"ref")
            corners = [_REF.fullmatch(x) for x in (ref or b"").split(b":")]
            if len(corners) == 2 and all(corners):
                (a, b) = corners
                assert a is not None and b is not None
                self.outcome.merges.append(
                    (
                        int(a.group(2)),
                        column_index(a.group(1).decode().upper()),
                        int(b.group(2)),
                        column_index(b.group(1).decode().upper()),
                    )
                )
        elements = top_level(tail)
        inserts: list[tuple[str, bytes]] = []
        if with_sheet_data is not None:
            inserts.append(("sheetData", with_sheet_data))
        existing = next((e for e in elements if e.name == "legacyDrawing"), None)
        if existing is not None:
            rid = _ANY_ID.search(existing.attrs)
            if rid:
                self.outcome.legacy_rid = (rid.group(1) or rid.group(2) or b"").decode()
        elif self.plan.legacy_rid is not None:
            self.outcome.legacy_rid = self.plan.legacy_rid
            element = (
                b"<"
                + self.p
                + b"legacyDrawing "
                + self.r_prefix
                + b':id="'
                + self.plan.legacy_rid.encode()
                + b'"/>'
            )
            inserts.append(("legacyDrawing", element))
        for name, element in inserts:
            at = insertion_point(elements, name, len(tail))
            tail = tail[:at] + element + tail[at:]
            elements = top_level(tail)
        return tail


@dataclass
class Element:
    name: str  # local name; for mc:AlternateContent, that of the element its first Choice holds
    start: int
    attrs: bytes


def top_level(tail: bytes) -> list[Element]:
    """The elements at depth 1 of `tail` (text that starts inside the root element), and the
    root's end tag as an Element named '/'."""
    found: list[Element] = []
    depth = 1
    alternate: Element | None = None
    for m in _MARKUP.finditer(tail):
        name = m.group(2)
        if name is None:
            continue  # a comment, CDATA or processing instruction
        local = name.rsplit(b":", 1)[-1].decode("ascii", "replace")
        if m.group(1):  # an end tag
            depth -= 1
            if depth == 0:
                found.append(Element("/", m.start(), b""))
                break
            continue
        if depth == 1:
            found.append(Element(local, m.start(), m.group(3)))
            alternate = found[-1] if local == "AlternateContent" else None
        elif depth == 3 and alternate is not None and alternate.name == "AlternateContent":
            alternate.name = local
        if m.group(4) != b"/":
            depth += 1
    return found


def insertion_point(elements: list[Element], name: str, default: int) -> int:
    """Where an element called `name` goes: before the first top-level element that CT_Worksheet
    puts after it, else before the root's end tag."""
    rank = WORKSHEET_ORDER.index(name)
    for e in elements:
        if e.name == "/":
            return e.start
        if e.name in WORKSHEET_ORDER and WORKSHEET_ORDER.index(e.name) > rank:
            return e.start
    return default


def patch_sheet(
    chunks: Iterator[bytes], plan: SheetPlan, out: Callable[[bytes | memoryview], None]
) -> SheetOutcome:
    """Stream a worksheet part from `chunks` to `out`, applying `plan`."""
    buf = _Buffer(chunks)
    root = data_start = None
    while True:
        root = _ROOT.search(buf.data)
        if root is not None:
            prefix = root.group(1) + b":" if root.group(1) else b""
            data_start = patterns(prefix).data_start.search(buf.data, root.end())
            if data_start is not None:
                break
        if buf.eof:
            break
        buf.more(0)
    if root is None:  # not XML we understand: nothing to patch
        out(buf.data)
        return SheetOutcome()
    patcher = _Patcher(plan, out, prefix)
    if data_start is None:
        return _without_sheet_data(patcher, buf.data, root)
    out(patcher.head(buf.data[: data_start.start()], root))
    if data_start.group(2) == b"/":  # <sheetData/>
        if patcher.pending:
            rows = b"".join(patcher.new_row(r) for r in patcher.pending)
            patcher.pending = []
            out(b"<" + prefix + b"sheetData>" + rows + b"</" + prefix + b"sheetData>")
        else:
            out(data_start.group(0))
        pos = data_start.end()
    else:
        out(data_start.group(0))
        pos = patcher.rows(buf, data_start.end())
    rest = [buf.data[pos:], *buf.chunks]
    tail = b"".join(rest)
    if plan.cells or plan.legacy_rid is not None:
        tail = patcher.tail(tail)
    out(tail)
    return patcher.outcome


def _without_sheet_data(patcher: _Patcher, doc: bytes, root: re.Match[bytes]) -> SheetOutcome:
    """A sheet part with no sheetData (a chart sheet, or a damaged worksheet)."""
    doc = patcher.head(doc, root)
    again = _ROOT.search(doc)
    if again is None or again.group(4) == b"/" or not (patcher.pending or patcher.plan.legacy_rid):
        patcher.out(doc)
        return patcher.outcome
    p = patcher.p
    rows = b"".join(patcher.new_row(r) for r in patcher.pending)
    patcher.pending = []
    data = b"<" + p + b"sheetData>" + rows + b"</" + p + b"sheetData>" if rows else None
    tail = patcher.tail(doc[again.end() :], with_sheet_data=data)
    patcher.out(doc[: again.end()] + tail)
    return patcher.outcome


patterns(b"")  # compiled at import: the forkserver preloads this module, its workers inherit them
for _name in (b"r", b"s", b"t", b"spans", b"customFormat", b"ref", b"min", b"max", b"style"):
    _attr_pattern(_name)
    _set_pattern(_name)
