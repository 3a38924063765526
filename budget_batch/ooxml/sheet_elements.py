"""A worksheet part beyond its cells: the top-level elements after `sheetData` in CT_Worksheet's
order (where a new `legacyDrawing` or `sheetData` goes), merged ranges (a mark in one belongs on
its top-left cell), and what a created cell widens (`<dimension>`, a row's `spans`). Scanned as
bytes, a chunk at a time where the part is streamed."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from .addresses import CELL_REF, column_index, column_letter
from .sheet_tokens import ATTRS, NAME, attr, set_attr

T = TypeVar("T")

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
MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)(" + NAME + rb"(?::" + NAME + rb")?)" + ATTRS,
    re.DOTALL,
)
_DIGITS = re.compile(rb"\d+")


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
    for m in MARKUP.finditer(tail):
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


def element_end(tail: bytes, element: Element, prefix: bytes) -> int:
    """Where a top-level element of `tail` ends (after its end tag, or its `/>`)."""
    close = tail.index(b">", element.start) + 1
    if tail[close - 2 : close] == b"/>":
        return close
    end = tail.index(b"</" + prefix + element.name.encode(), close)
    return tail.index(b">", end) + 1


_ANY_ID = re.compile(rb"\s[\w.\-]+:id\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def merged_ranges(tail: bytes, merge: re.Pattern[bytes]) -> list[tuple[int, int, int, int]]:
    """The merged ranges (first row, first column, last row, last column) of a sheet's tail."""
    found = []
    for m in merge.finditer(tail):
        ref = attr(m.group(1), b"ref")
        corners = [CELL_REF.fullmatch(x) for x in (ref or b"").split(b":")]
        if len(corners) == 2 and all(corners):
            (a, b) = (c for c in corners if c is not None)
            first = (int(a.group(2)), column_index(a.group(1).decode().upper()))
            last = (int(b.group(2)), column_index(b.group(1).decode().upper()))
            found.append((*first, *last))
    return found


def place_legacy_drawing(
    tail: bytes,
    prefix: bytes,
    r_prefix: bytes,
    rid: str | None,
    drop: bool,
    with_sheet_data: bytes | None = None,
) -> tuple[bytes, str | None]:
    """The tail with its `<legacyDrawing>` kept (`drop`: taken out), or one for `rid` inserted
    in schema order (and a missing sheetData likewise); and the drawing's relationship id."""
    elements = top_level(tail)
    inserts: list[tuple[str, bytes]] = []
    if with_sheet_data is not None:
        inserts.append(("sheetData", with_sheet_data))
    existing = next((e for e in elements if e.name == "legacyDrawing"), None)
    found: str | None = None
    if existing is not None and drop:
        end = element_end(tail, existing, prefix)
        tail = tail[: existing.start] + tail[end:]
        elements = top_level(tail)
    elif existing is not None:
        m = _ANY_ID.search(existing.attrs)
        if m:
            found = (m.group(1) or m.group(2) or b"").decode()
    elif rid is not None:
        found = rid
        element = b'<%slegacyDrawing %s:id="%s"/>' % (prefix, r_prefix, rid.encode())
        inserts.append(("legacyDrawing", element))
    for name, element in inserts:
        at = insertion_point(elements, name, len(tail))
        tail = tail[:at] + element + tail[at:]
        elements = top_level(tail)
    return tail, found


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


class ChunkBuffer:
    """A byte stream read a chunk at a time, keeping only what is not yet consumed."""

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


def widen_dimension(
    head: bytes, dimension: re.Pattern[bytes], cells: dict[int, dict[int, object]]
) -> bytes:
    """`<dimension>` widened to hold `cells` (row → columns) when one lies outside it."""
    m = dimension.search(head)
    ref = attr(m.group(1), b"ref") if m else None
    if m is None or ref is None:
        return head
    corners = [CELL_REF.fullmatch(part) for part in ref.split(b":")]
    if not all(corners) or len(corners) not in (1, 2):
        return head
    rows = [int(c.group(2)) for c in corners if c]
    cols = [column_index(c.group(1).decode().upper()) for c in corners if c]
    marked_cols = [c for columns in cells.values() for c in columns]
    r1, r2 = min(rows + list(cells)), max(rows + list(cells))
    c1, c2 = min(cols + marked_cols), max(cols + marked_cols)
    if (r1, r2, c1, c2) == (min(rows), max(rows), min(cols), max(cols)):
        return head
    new = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}".encode()
    return head[: m.start()] + set_attr(m.group(0), b"ref", new) + head[m.end() :]


def widen_spans(start_tag: bytes, created: list[int]) -> bytes:
    """A row's start tag with its `spans` widened to hold the columns `created`."""
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


def anchored(
    groups: dict[tuple[int, int], list[T]], merges: list[tuple[int, int, int, int]]
) -> dict[tuple[int, int], list[T]]:
    """A merged cell's mark belongs on its range's top-left cell. (Ranges are looked up by the
    rows holding a mark: many marks and many merged ranges stay cheap.)"""
    if not merges:
        return groups
    rows = sorted({row for row, _ in groups})
    by_row: dict[int, list[tuple[int, int, int, int]]] = {}
    for merge in merges:
        for row in rows[bisect.bisect_left(rows, merge[0]) : bisect.bisect_right(rows, merge[2])]:
            by_row.setdefault(row, []).append(merge)
    out: dict[tuple[int, int], list[T]] = {}
    for (row, col), found in groups.items():
        key = next(
            ((r1, c1) for r1, c1, _, c2 in by_row.get(row, ()) if c1 <= col <= c2), (row, col)
        )
        out.setdefault(key, []).extend(found)
    return out
