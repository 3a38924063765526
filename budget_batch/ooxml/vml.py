"""The VML drawing of a sheet's comments: the hidden note shape Excel needs to show each comment.
VML is not always well-formed XML (Excel writes `<br>`), so it is patched as text: new shapes go
before its closing tag, and shapes are taken out by pattern."""

from __future__ import annotations

import math
import re

from .comments import Note

SHAPES_PER_BLOCK = 1024
WIDTH_PX = 420
_IDMAP = re.compile(rb"(<o:idmap\b[^>]*?\bdata\s*=\s*[\"'])([^\"']*)([\"'])", re.IGNORECASE)
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_CLOSE = re.compile(rb"</xml\s*>", re.IGNORECASE)
_NUMBER = re.compile(rb"\d+")
VML_HEAD = (
    b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    b' xmlns:x="urn:schemas-microsoft-com:office:excel">'
)
SHAPETYPE = (
    b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"'
    b' path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    b'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def blocks_of(vml: bytes) -> set[int]:
    """The shape id blocks a VML part claims (`o:idmap data`), and those its shapes use."""
    found: set[int] = set()
    for m in _IDMAP.finditer(vml):
        found.update(int(x) for x in _NUMBER.findall(m.group(2)))
    found.update(int(m.group(1)) // SHAPES_PER_BLOCK for m in _SHAPE_ID.finditer(vml))
    return found


class ShapeIds:
    """Shape ids are unique in the workbook; each VML part owns blocks of 1024 of them."""

    def __init__(self, used_blocks: set[int]) -> None:
        self.used = set(used_blocks)

    def allocate(self, own: set[int], start: int, count: int) -> tuple[list[int], set[int]]:
        """`count` ids for a part owning blocks `own`, from id `start` on; return the ids and the
        part's blocks (new ones claimed as needed)."""
        own = set(own)
        ids: list[int] = []
        n = start
        while len(ids) < count:
            block = n // SHAPES_PER_BLOCK
            if n % SHAPES_PER_BLOCK == 0:
                n += 1
                continue
            if block not in own:
                if block in self.used or block == 0:
                    block = max(self.used | own | {0}) + 1
                    n = block * SHAPES_PER_BLOCK + 1
                own.add(block)
                self.used.add(block)
            ids.append(n)
            n += 1
        return ids, own


def _shape(shape_id: int, row: int, col: int, text: str, z: int) -> bytes:
    lines = len(text) // 28 + text.count("\n")
    height_px = min(60 + 18 * lines, 600)
    r0, c0 = row - 1, col - 1
    top = max(r0 - 1, 0)
    wide, tall = math.ceil(WIDTH_PX / 64), math.ceil(height_px / 20)
    style = (
        f"position:absolute;margin-left:{(c0 + 1) * 48 + 11.25:g}pt;margin-top:{top * 15 + 1.5:g}pt;"
        f"width:{WIDTH_PX * 0.75:g}pt;height:{height_px * 0.75:g}pt;z-index:{z};visibility:hidden"
    )
    anchor = f"{c0 + 1}, 15, {top}, 2, {c0 + 1 + wide}, 15, {top + tall}, 16"
    return (
        f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="{style}"'
        ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
        '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
        f"<x:Row>{r0}</x:Row><x:Column>{c0}</x:Column></x:ClientData></v:shape>"
    ).encode()


def note_shapes(existing: bytes | None, notes: list[Note], ids: ShapeIds) -> bytes:
    """The VML part with a hidden note shape for each of `notes` (new comments) added."""
    if existing is None:
        ours, blocks = ids.allocate(set(), SHAPES_PER_BLOCK, len(notes))
        data = f'data="{",".join(str(b) for b in sorted(blocks))}"'.encode()
        head = VML_HEAD + b'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" ' + data + b"/>"
        shapes = b"".join(
            _shape(i, n.row, n.col, n.text, k)
            for k, (i, n) in enumerate(zip(ours, notes, strict=True), 1)
        )
        return head + b"</o:shapelayout>" + SHAPETYPE + shapes + b"</xml>"
    own = blocks_of(existing)
    taken = [int(m.group(1)) for m in _SHAPE_ID.finditer(existing)]
    start = max(taken) + 1 if taken else min(own or {1}) * SHAPES_PER_BLOCK + 1
    ours, blocks = ids.allocate(own, start, len(notes))
    z0 = len(taken)
    shapes = b"".join(
        _shape(i, n.row, n.col, n.text, z0 + k)
        for k, (i, n) in enumerate(zip(ours, notes, strict=True), 1)
    )
    if b'"_x0000_t202"' not in existing:
        shapes = SHAPETYPE + shapes
    vml = existing
    if blocks != own:
        listed = ",".join(str(b) for b in sorted(blocks)).encode()
        if _IDMAP.search(vml):
            vml = _IDMAP.sub(lambda m: m.group(1) + listed + m.group(3), vml, count=1)
        else:
            shapes = (
                b'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="'
                + listed
                + b'"/></o:shapelayout>'
                + shapes
            )
    closes = list(_CLOSE.finditer(vml))
    if not closes:  # no closing tag: a damaged drawing; ours closes it
        return vml + shapes + b"</xml>"
    at = closes[-1].start()
    return vml[:at] + shapes + vml[at:]


_SHAPE = re.compile(rb"<(\w+):shape\b(?:[^>]*?/>|.*?</\1:shape\s*>)", re.DOTALL)
_ROW = re.compile(rb"<(?:\w+:)?Row>\s*(\d+)\s*</(?:\w+:)?Row>")
_COLUMN = re.compile(rb"<(?:\w+:)?Column>\s*(\d+)\s*</(?:\w+:)?Column>")
_NOTE = re.compile(rb"ObjectType\s*=\s*[\"']Note[\"']")


def has_shapes(vml: bytes) -> bool:
    return _SHAPE.search(vml) is not None


def drop_note_shapes(vml: bytes, cells: set[tuple[int, int]]) -> bytes:
    """The VML part without the note shapes of `cells` (1-based row, column)."""

    def keep(m: re.Match[bytes]) -> bytes:
        shape = m.group(0)
        row, col = _ROW.search(shape), _COLUMN.search(shape)
        if _NOTE.search(shape) and row and col:
            if (int(row.group(1)) + 1, int(col.group(1)) + 1) in cells:
                return b""
        return shape

    return _SHAPE.sub(keep, vml) if cells else vml
