"""WordprocessingML's body as text: a paragraph's text mapped back to the runs that hold it, a
span of it isolated into whole runs (a run split where the span starts and ends, its properties
kept on every piece), a run's highlight, and a table's cell by its place in the grid.

The text of a paragraph is python-docx's (`Paragraph.text`): the runs that are the paragraph's
children or its hyperlinks' children; `w:t` as written, a tab `\\t`, a line break `\\n`, a
non-breaking hyphen `-`. Runs inside other wrappers (a tracked insertion, a content control, a
simple field) are not in it, so a span is never looked for there. Paragraphs and tables are
counted as python-docx counts them: the body's own children, from 0.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .xml_parts import insert_in_order, local

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: CT_RPr's children in schema order (w:rPrChange last).
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath", "rPrChange",
)  # fmt: skip
#: Run children that hold no text but structure a field: a span over them is not one figure.
FIELD_PARTS = ("fldChar", "instrText", "delInstrText")


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{NS_W}}}{name}"


def body_of(root: Any) -> Any:
    found = root.find(w("body"))
    if found is None:
        raise ValueError("the document has no body")
    return found


def body_paragraphs(root: Any) -> list[Any]:
    """The body's paragraphs, in order (python-docx's `Document.paragraphs`)."""
    return [el for el in body_of(root) if el.tag == w("p")]


def body_tables(root: Any) -> list[Any]:
    return [el for el in body_of(root) if el.tag == w("tbl")]


def _own_runs(p: Any) -> Iterator[Any]:
    for el in p:
        if el.tag == w("r"):
            yield el
        elif el.tag == w("hyperlink"):
            yield from (r for r in el if r.tag == w("r"))


def _piece_text(el: Any) -> str | None:
    """What a run's child adds to the text (None: it adds nothing, like python-docx)."""
    name = el.tag
    if name == w("t"):
        return el.text or ""
    if name in (w("tab"), w("ptab")):
        return "\t"
    if name == w("br"):
        return "\n" if el.get(w("type"), "textWrapping") == "textWrapping" else ""
    if name == w("cr"):
        return "\n"
    if name == w("noBreakHyphen"):
        return "-"
    return None


@dataclass(frozen=True)
class Piece:
    """A run's child that holds text, and where that text is in the paragraph's."""

    run: Any
    element: Any
    start: int
    end: int


@dataclass(frozen=True)
class ParagraphText:
    paragraph: Any
    text: str
    pieces: tuple[Piece, ...]


def paragraph_text(p: Any) -> ParagraphText:
    parts: list[str] = []
    pieces: list[Piece] = []
    at = 0
    for run in _own_runs(p):
        for el in run:
            text = _piece_text(el)
            if text is None:
                continue
            pieces.append(Piece(run, el, at, at + len(text)))
            parts.append(text)
            at += len(text)
    return ParagraphText(p, "".join(parts), tuple(pieces))


def run_text(run: Any) -> str:
    return "".join(t for el in run if (t := _piece_text(el)) is not None)


# -- isolating a span ------------------------------------------------------------------------


def isolate(pt: ParagraphText, start: int, end: int) -> list[Any] | None:
    """The runs that hold exactly the characters [start, end) of the paragraph, split out of the
    runs around them; None when they cannot be (an empty span, one over runs of different
    parents — a hyperlink's and the paragraph's — or over a field's structure)."""
    if not 0 <= start < end <= len(pt.text):
        return None
    touched = [pc for pc in pt.pieces if pc.start < end and pc.end > start and pc.end > pc.start]
    runs: list[Any] = []
    for pc in touched:
        if not runs or runs[-1] is not pc.run:
            runs.append(pc.run)
    parent = runs[0].getparent()
    if any(r.getparent() is not parent for r in runs):
        return None
    siblings = list(parent)
    between = siblings[siblings.index(runs[0]) : siblings.index(runs[-1]) + 1]
    if any(el.tag == w("r") and _has_field_part(el) for el in between):
        return None
    first_start = _run_start(pt, runs[0])
    if start > first_start:
        _, runs[0] = split_run(runs[0], start - first_start)
    last_start = start if len(runs) == 1 else _run_start(pt, runs[-1])
    last_length = len(run_text(runs[-1]))
    if end - last_start < last_length:
        runs[-1], _ = split_run(runs[-1], end - last_start)
    siblings = list(parent)
    span = siblings[siblings.index(runs[0]) : siblings.index(runs[-1]) + 1]
    return [el for el in span if el.tag == w("r")]


def _run_start(pt: ParagraphText, run: Any) -> int:
    return next(pc.start for pc in pt.pieces if pc.run is run)


def _has_field_part(run: Any) -> bool:
    return any(local(el.tag) in FIELD_PARTS for el in run)


def split_run(run: Any, offset: int) -> tuple[Any, Any]:
    """Split `run` before its text's character `offset` (0 < offset < its length) into two runs
    with the same attributes and properties: the new one (inserted before) and `run` itself,
    which keeps the rest. A `w:t` the cut falls inside becomes two."""
    first = copy.deepcopy(run)
    run.addprevious(first)
    _keep(first, 0, offset)
    _keep(run, offset, None)
    return first, run


def _keep(run: Any, start: int, end: int | None) -> None:
    """Keep only the run's content from text offset `start` to `end` (None: to its end); its
    properties stay. A child without text at a cut goes with the piece before the cut."""
    at = 0
    for el in list(run):
        if el.tag == w("rPr"):
            continue
        text = _piece_text(el) or ""
        lo, hi = at, at + len(text)
        at = hi
        if not text:
            after_start = lo > start or start == 0
            if not (after_start and (end is None or lo <= end)):
                run.remove(el)
            continue
        a, b = max(lo, start), min(hi, hi if end is None else end)
        if a >= b:
            run.remove(el)
        elif (a, b) != (lo, hi):  # the cut falls inside: only a w:t holds more than one character
            _set_text(el, text[a - lo : b - lo])


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


# -- formatting ------------------------------------------------------------------------------


def highlight_of(run: Any) -> str | None:
    rpr = run.find(w("rPr"))
    found = rpr.find(w("highlight")) if rpr is not None else None
    return found.get(w("val")) if found is not None else None


def set_highlight(run: Any, colour: str) -> None:
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        run.insert(0, rpr)
    found = rpr.find(w("highlight"))
    if found is None:
        found = etree.Element(w("highlight"))
        insert_in_order(rpr, found, RPR_ORDER)
    found.set(w("val"), colour)


def clear_highlight(run: Any) -> None:
    """Take the run's highlight out (and its properties, when that leaves them empty)."""
    rpr = run.find(w("rPr"))
    found = rpr.find(w("highlight")) if rpr is not None else None
    if found is not None:
        rpr.remove(found)
        if not len(rpr) and not rpr.attrib:
            run.remove(rpr)


# -- tables ----------------------------------------------------------------------------------


def table_cell(tbl: Any, row: int, col: int) -> Any | None:
    """The `w:tc` at `row`, `col` (from 1) as python-docx's `row.cells` counts them: each cell
    as many times as the grid columns it spans, a vertically merged cell's continuation as the
    cell it continues."""
    rows = [el for el in tbl if el.tag == w("tr")]
    if not 1 <= row <= len(rows):
        return None
    cells = _grid(rows, row - 1)
    return cells[col - 1] if 1 <= col <= len(cells) else None


def _grid(rows: list[Any], index: int) -> list[Any]:
    out: list[Any] = []
    offset = _grid_before(rows[index])
    for tc in (el for el in rows[index] if el.tag == w("tc")):
        span = _span(tc)
        origin = tc
        if _continues(tc) and index > 0:
            above = _at_offset(rows, index - 1, offset)
            origin = above if above is not None else tc
        out.extend([origin] * span)
        offset += span
    return out


def _at_offset(rows: list[Any], index: int, offset: int) -> Any | None:
    at = _grid_before(rows[index])
    for tc in (el for el in rows[index] if el.tag == w("tc")):
        if at == offset:
            if _continues(tc) and index > 0:
                return _at_offset(rows, index - 1, offset)
            return tc
        at += _span(tc)
    return None


def _grid_before(tr: Any) -> int:
    found = tr.find(f"{w('trPr')}/{w('gridBefore')}")
    return _int(found.get(w("val")) if found is not None else None, 0)


def _span(tc: Any) -> int:
    found = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
    return max(_int(found.get(w("val")) if found is not None else None, 1), 1)


def _continues(tc: Any) -> bool:
    found = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    return found is not None and found.get(w("val"), "continue") == "continue"


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def cell_paragraphs(tc: Any) -> list[Any]:
    return [el for el in tc if el.tag == w("p")]
