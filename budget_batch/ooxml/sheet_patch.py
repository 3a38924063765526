"""Patch one worksheet part in a single streaming pass, changing only what the mark needs.

The sheet's XML goes through in chunks and is copied byte for byte, except:
- the `s` (style) attribute of each marked cell; a marked cell that is not in the XML (an empty
  cell) is created in its row in column order, and a row that is not there is created in row
  order, its style the one the cell showed (the row's, else the column's, else the default);
  a row stored out of order (row 5 before row 3) is patched where it is: a first pass that
  would create a row before a later one reads on for the rows the sheet has, and a second pass
  creates only the rows that are not there;
- `<dimension>` widened when a created cell lies outside it, a row's `spans` likewise;
- `tabSelected` removed from the sheet views when another sheet becomes the active one;
- `<legacyDrawing r:id>` (the link to the comments' shapes) inserted where CT_Worksheet's
  sequence puts it, when the sheet has none (Excel repairs a file with it out of place).

No tree of `sheetData` is ever built: rows are found with byte patterns and only the rows holding
a marked cell are taken apart. What comes after `sheetData` (merged cells, validations, extLst…)
is small and is scanned element by element to find where `legacyDrawing` goes.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from .addresses import CELL_REF, column_index, column_letter
from .sheet_elements import (
    ChunkBuffer,
    merged_ranges,
    place_legacy_drawing,
    widen_dimension,
    widen_spans,
)
from .sheet_tokens import NAME, NS_R, ROOT, attr, is_true, patterns, raw_value, set_attr, to_int
from .zip_writer import Sink

GUARD = 64  # bytes kept back when searching a chunk boundary for an end tag


def _discard(data: bytes | memoryview) -> None:
    """The output of a first pass that a second one replaces."""


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
    #: take the sheet's `<legacyDrawing>` out (its comments have all gone: a stripped copy)
    drop_legacy_drawing: bool = False
    #: the rows the sheet has (set for a second pass over a sheet whose rows are out of order)
    present: frozenset[int] | None = None


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


_R_DECLARED = re.compile(rb"xmlns:(" + NAME + rb")\s*=\s*[\"']" + re.escape(NS_R))
_R_TAKEN = re.compile(rb"xmlns:r\s*=")


class _Patcher:
    def __init__(
        self, plan: SheetPlan, out: Callable[[bytes | memoryview], None], prefix: bytes
    ) -> None:
        self.plan = plan
        self.out = out
        self.p = prefix  # b"x:" for a prefixed SpreadsheetML sheet, else b""
        self.outcome = SheetOutcome()
        present = plan.present
        #: rows to create when the pass goes past them; rows to patch when it meets them
        self.missing = deque(sorted(r for r in plan.cells if present is None or r not in present))
        self.wanted = set(plan.cells) if present is None else set(plan.cells) & present
        self.seen: set[int] = set()  # row numbers met (a first pass)
        #: a first pass that would create a row before a later one: it only reads on for the
        #: rows the sheet has (the row may be stored further down), for a second pass
        self.unsure = False
        self.cols: list[tuple[int, int, int]] = []  # (min, max, style)
        self.r_prefix = b"r"
        self.re = patterns(prefix)
        self.row_start, self.row_tag = self.re.row_start, self.re.row_tag
        self.cell_start, self.cell_tag = self.re.cell_start, self.re.cell_tag
        self.cell_end, self.row_end = self.re.cell_end, self.re.row_end
        self.data_end = self.re.data_end

    # -- the part before <sheetData> --------------------------------------------------------

    def head(self, head: bytes, root: re.Match[bytes]) -> bytes:
        """Dimension, sheet views, the relationships prefix; remember the column styles."""
        if self.plan.clear_tab_selected:
            head = self.re.tab_selected.sub(rb"\1", head)
        for m in self.re.col.finditer(head):
            lo, hi = to_int(attr(m.group(1), b"min")), to_int(attr(m.group(1), b"max"))
            style = attr(m.group(1), b"style")
            if style is not None:
                self.cols.append((lo, hi, to_int(style)))
        if self.plan.cells:
            head = widen_dimension(head, self.re.dimension, self.plan.cells)
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

    @property
    def busy(self) -> bool:
        """Rows to patch or create are left, or a first pass reads on for the rows there are."""
        return bool(self.missing or self.wanted or self.unsure)

    def leftover(self) -> list[int]:
        """The rows still to write when sheetData ends: created, in order."""
        rows = sorted({*self.missing, *self.wanted})
        self.missing.clear()
        self.wanted.clear()
        return rows

    def new_row(self, row: int) -> bytes:
        self.wanted.discard(row)
        cells = b"".join(self.new_cell(row, c, None) for c in sorted(self.plan.cells[row]))
        p = self.p
        return b'<%srow r="%d">%s</%srow>' % (p, row, cells, p)

    def patch_row(self, data: bytes, row: int) -> bytes:
        """A row element (and whatever follows it before the next row) with its marks."""
        m = self.row_tag.match(data)
        if m is None:  # not a row we understand: leave it, create the cells in a new row
            return data
        attrs, closed = m.group(1), m.group(2) == b"/"
        row_style = to_int(attr(attrs, b"s")) if is_true(attr(attrs, b"customFormat")) else None
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
            ref_m = CELL_REF.fullmatch(ref) if ref is not None else None
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
            start_tag = widen_spans(start_tag, created)
        return start_tag + b"".join(out) + close + rest

    def _restyled(self, body: bytes, tag: re.Match[bytes], end: int, row: int, col: int) -> bytes:
        attrs = tag.group(1)
        style = to_int(attr(attrs, b"s"))
        kind = (attr(attrs, b"t") or b"n").decode("ascii", "replace")
        value = raw_value(body[tag.end() : end], kind, self.re)
        self.outcome.cells[(row, col)] = SeenCell(
            style, False, kind, value.decode("utf-8", "replace") if value is not None else None
        )
        new = self.plan.restyle(style, self.plan.cells[row][col])
        start = set_attr(tag.group(0), b"s", str(new).encode())
        return start + body[tag.end() : end]

    def rows(self, buf: ChunkBuffer, pos: int) -> int:
        """Stream the rows from byte `pos` of the buffer, writing through `</sheetData>`; return
        the offset just after it. Only rows at or past a pending mark are looked into."""
        last = 0
        row_open = self.re.row_open
        while True:
            data = buf.data
            end = self.data_end.search(data, pos)
            if not self.busy:
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
                row = to_int(r, last + 1) if r is not None else last + 1
                last = row
                if self.plan.present is None:
                    self.seen.add(row)
                    if self.missing and self.missing[0] < row:
                        self.unsure, self.out = True, _discard
                if self.unsure:
                    continue
                while self.missing and self.missing[0] < row:  # rows missing before this one
                    self.out(memoryview(data)[written:s])
                    written = s
                    self.out(self.new_row(self.missing.popleft()))
                if row in self.wanted:
                    e = starts[k + 1] if k + 1 < len(starts) else limit
                    self.out(memoryview(data)[written:s])
                    self.out(self.patch_row(data[s:e], row))
                    written = e
                    self.wanted.discard(row)
                    if self.missing and self.missing[0] == row:
                        self.missing.popleft()
                if not self.busy:
                    break
            self.out(memoryview(data)[written:limit])
            pos = limit
            if end is not None or buf.eof:
                for missing in [] if self.unsure else self.leftover():  # after the last row
                    self.out(self.new_row(missing))
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
        self.outcome.merges += merged_ranges(tail, self.re.merge)
        plan = self.plan
        tail, self.outcome.legacy_rid = place_legacy_drawing(
            tail, self.p, self.r_prefix, plan.legacy_rid, plan.drop_legacy_drawing, with_sheet_data
        )
        return tail


def patch_sheet(read: Callable[[], Iterator[bytes]], plan: SheetPlan, sink: Sink) -> SheetOutcome:
    """Stream a worksheet part (`read()`: its bytes in chunks) to `sink`, applying `plan`; a
    second time when its rows turned out to be stored out of order."""
    patcher = _patch_once(read(), plan, sink.write)
    if not patcher.unsure:
        return patcher.outcome
    sink.restart()
    return _patch_once(read(), replace(plan, present=frozenset(patcher.seen)), sink.write).outcome


def _patch_once(
    chunks: Iterator[bytes], plan: SheetPlan, out: Callable[[bytes | memoryview], None]
) -> _Patcher:
    buf = ChunkBuffer(chunks)
    root = data_start = None
    prefix = b""
    while True:
        root = ROOT.search(buf.data)
        if root is not None:
            prefix = root.group(1) + b":" if root.group(1) else b""
            data_start = patterns(prefix).data_start.search(buf.data, root.end())
            if data_start is not None:
                break
        if buf.eof:
            break
        buf.more(0)
    patcher = _Patcher(plan, out, prefix)
    if root is None:  # not XML we understand: nothing to patch
        out(buf.data)
        return patcher
    if data_start is None:
        _without_sheet_data(patcher, buf.data, root)
        return patcher
    out(patcher.head(buf.data[: data_start.start()], root))
    if data_start.group(2) == b"/":  # <sheetData/>
        if patcher.busy:
            rows = b"".join(patcher.new_row(r) for r in patcher.leftover())
            out(b"<" + prefix + b"sheetData>" + rows + b"</" + prefix + b"sheetData>")
        else:
            out(data_start.group(0))
        pos = data_start.end()
    else:
        out(data_start.group(0))
        pos = patcher.rows(buf, data_start.end())
        if patcher.unsure:
            return patcher
    rest = [buf.data[pos:], *buf.chunks]
    tail = b"".join(rest)
    if plan.cells or plan.legacy_rid is not None or plan.drop_legacy_drawing:
        tail = patcher.tail(tail)
    out(tail)
    return patcher


def _without_sheet_data(patcher: _Patcher, doc: bytes, root: re.Match[bytes]) -> None:
    """A sheet part with no sheetData (a chart sheet, or a damaged worksheet)."""
    doc = patcher.head(doc, root)
    again = ROOT.search(doc)
    if again is None or again.group(4) == b"/" or not (patcher.busy or patcher.plan.legacy_rid):
        patcher.out(doc)
        return
    p = patcher.p
    rows = b"".join(patcher.new_row(r) for r in patcher.leftover())
    data = b"<" + p + b"sheetData>" + rows + b"</" + p + b"sheetData>" if rows else None
    tail = patcher.tail(doc[again.end() :], with_sheet_data=data)
    patcher.out(doc[: again.end()] + tail)
