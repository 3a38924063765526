"""A sheet's comments part (批注) with notes merged in, and the VML shapes Excel needs to show a
comment.

A cell that has a comment keeps it: the user's text and author stay first, the note is appended
after a separator line, as a new text run. A cell without one gets a new comment by the given
author and a hidden note shape in the sheet's legacy drawing (VML). VML is not always well-formed
XML (Excel writes `<br>`), so it is patched as text: new shapes go before its closing tag.

Threaded comments (Excel 365's conversations) are left byte-identical: a threaded comment always
has a legacy comment beside it (its fallback, which WPS and LibreOffice show and Excel keeps in
step with the thread), and a note is appended to that legacy comment. Excel itself shows the
thread, not the fallback; writing into the thread would mean posting as an invented person in
the user's conversation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .addresses import column_letter, split_cell
from .package import NS_MAIN, child, local, make, parse, serialize

#: Characters Excel keeps in a cell's text or a comment.
TEXT_LIMIT = 32_767
#: (text, room) → the text to write, within `room` characters (the caller's cleaning policy).
Fit = Callable[[str, int], str]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SHAPES_PER_BLOCK = 1024
WIDTH_PX = 420
#: CT_Rst's children in schema order.
RST_ORDER = ("t", "r", "rPh", "phoneticPr")


@dataclass
class Note:
    row: int
    col: int
    text: str  # ours, the whole of it (one line per finding)


@dataclass
class Added:
    """What went into one cell's comment."""

    text: str  # exactly what was appended (the whole comment when `new`)
    new: bool  # a comment of ours; False: appended to the user's


def merge_comments(
    existing: bytes | None, notes: Iterable[Note], author: str, separator: str, fit: Fit
) -> tuple[bytes, dict[tuple[int, int], Added]]:
    """The comments part with `notes` merged in, and what was added to each cell: after a
    `separator` line in a comment of the user's, else in a new comment by `author`."""
    if existing is None:
        tree = etree.ElementTree(etree.Element(f"{{{NS_MAIN}}}comments", nsmap={None: NS_MAIN}))
    else:
        tree = parse(existing, "批注")
    root = tree.getroot()
    authors = child(root, "authors")
    if authors is None:
        authors = make(root, "authors")
        root.insert(0, authors)
    names = [a.text or "" for a in authors if local(a.tag) == "author"]
    if author not in names:
        element = make(authors, "author")
        element.text = author
        authors.append(element)
        names.append(author)
    our_author = str(names.index(author))
    comments = child(root, "commentList")
    if comments is None:
        comments = make(root, "commentList")
        authors.addnext(comments)
    by_ref: dict[str, Any] = {}
    for c in comments:
        if local(c.tag) == "comment":
            by_ref.setdefault((c.get("ref") or "").upper(), c)
    added: dict[tuple[int, int], Added] = {}
    new: list[tuple[tuple[int, int], Any]] = []
    for note in notes:
        ref = f"{column_letter(note.col)}{note.row}"
        old = by_ref.get(ref)
        if old is not None:
            text = _text(old)
            prefix = f"\n\n{separator}\n"
            appended = prefix + fit(note.text, max(TEXT_LIMIT - len(text) - len(prefix), 200))
            _append_run(old, appended)
            added[(note.row, note.col)] = Added(appended, False)
        else:
            text = fit(note.text, TEXT_LIMIT)
            comment = make(comments, "comment", {"ref": ref, "authorId": our_author})
            comment.append(make(comment, "text"))
            _append_run(comment, text)
            by_ref[ref] = comment
            new.append(((note.row, note.col), comment))
            added[(note.row, note.col)] = Added(text, True)
    _merge_in_order(comments, sorted(new, key=lambda item: item[0]))
    return serialize(tree, existing), added


def _text(comment: Any) -> str:
    body = child(comment, "text")
    if body is None:
        return ""
    return "".join(
        t.text or ""
        for t in body.iter()
        if local(t.tag) == "t" and local(t.getparent().tag) in ("text", "r")
    )


def _append_run(comment: Any, text: str) -> None:
    """Add `text` as a run (宋体 9) at the end of the comment's text, before phonetic runs."""
    body = child(comment, "text")
    if body is None:
        body = make(comment, "text")
        comment.insert(0, body)
    ns = etree.QName(body.tag).namespace
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    later = next((i for i, el in enumerate(body) if local(el.tag) in ("rPh", "phoneticPr")), None)
    run = etree.SubElement(body, q("r"))
    if later is not None:
        body.insert(later, run)
    props = etree.SubElement(run, q("rPr"))
    etree.SubElement(props, q("sz"), {"val": "9"})
    etree.SubElement(props, q("color"), {"indexed": "81"})
    etree.SubElement(props, q("rFont"), {"val": "宋体"})
    etree.SubElement(props, q("charset"), {"val": "134"})
    t = etree.SubElement(run, q("t"))
    t.text = text
    if text != text.strip() or "\n" in text:
        t.set(XML_SPACE, "preserve")


def _merge_in_order(comments: Any, new: list[tuple[tuple[int, int], Any]]) -> None:
    """Put our comments (sorted) among the user's in row and column order, in one pass; the
    user's comments keep their own order."""
    if not new:
        return
    existing = [c for c in comments if local(c.tag) == "comment"]
    merged: list[Any] = []
    i = 0
    for c in existing:
        key = _key(c)
        while i < len(new) and new[i][0] < key:
            merged.append(new[i][1])
            i += 1
        merged.append(c)
    merged += [element for _, element in new[i:]]
    others = [c for c in comments if local(c.tag) != "comment"]
    for c in list(comments):
        comments.remove(c)
    for c in [*merged, *others]:
        comments.append(c)


def _key(comment: Any) -> tuple[int, int]:
    try:
        return split_cell((comment.get("ref") or "").upper())
    except ValueError:
        return (0, 0)  # an unreadable ref: ours go after it


# -- VML ------------------------------------------------------------------------------------

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


_COMMENT_REF = re.compile(rb"<(?:\w+:)?comment\b[^>]*?\sref\s*=\s*[\"']([A-Za-z]{1,3}\d+)[\"']")


def notes_for_all(comments: bytes, ours: list[Note]) -> list[Note]:
    """A note per comment in a comments part (for a VML drawing made anew)."""
    texts = {(n.row, n.col): n.text for n in ours}
    notes = []
    for m in _COMMENT_REF.finditer(comments):
        row, col = split_cell(m.group(1).decode().upper())
        notes.append(Note(row, col, texts.get((row, col), "")))
    return notes
