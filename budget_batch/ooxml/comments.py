"""A sheet's comments part (批注) with notes merged in (their note shapes: vml.py).

A cell that has a comment keeps it: the user's text and author stay first, the note is appended
after a separator line, as a new text run. A cell without one gets a new comment by the given
author.

Threaded comments (Excel 365's conversations) are left byte-identical: a threaded comment always
has a legacy comment beside it (its fallback, which WPS and LibreOffice show and Excel keeps in
step with the thread), and a note is appended to that legacy comment. Excel itself shows the
thread, not the fallback; writing into the thread would mean posting as an invented person in
the user's conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .addresses import column_letter, split_cell
from .xml_parts import NS_MAIN, child, local, make, parse, serialize

#: Characters Excel keeps in a cell's text or a comment.
TEXT_LIMIT = 32_767
#: (text, room) → the text to write, within `room` characters (the caller's cleaning policy).
Fit = Callable[[str, int], str]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
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
            text = comment_text(old)
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


def comment_text(comment: Any) -> str:
    """A comment's text: its runs joined (phonetic runs left out)."""
    return "".join(t.text or "" for t in text_runs(comment))


def text_runs(comment: Any) -> list[Any]:
    """The `<t>` elements of a comment's text, in order (phonetic runs left out)."""
    body = child(comment, "text")
    if body is None:
        return []
    return [
        t for t in body.iter() if local(t.tag) == "t" and local(t.getparent().tag) in ("text", "r")
    ]


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


_COMMENT_REF = re.compile(rb"<(?:\w+:)?comment\b[^>]*?\sref\s*=\s*[\"']([A-Za-z]{1,3}\d+)[\"']")


def notes_for_all(comments: bytes, ours: list[Note]) -> list[Note]:
    """A note per comment in a comments part (for a VML drawing made anew)."""
    texts = {(n.row, n.col): n.text for n in ours}
    notes = []
    for m in _COMMENT_REF.finditer(comments):
        row, col = split_cell(m.group(1).decode().upper())
        notes.append(Note(row, col, texts.get((row, col), "")))
    return notes
