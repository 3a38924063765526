"""Word comments (批注): the comments part (`word/comments.xml`), a comment's anchors in the
document (`w:commentRangeStart` / `w:commentRangeEnd` around what it is about, then a run with
its `w:commentReference`), and taking comments out again with their anchors and their entries in
Word's companion parts (commentsExtended, commentsIds, commentsExtensible), where a reply to a
removed comment becomes a comment of its own.

Comments the part already has are kept as they are, in their order; new ones are appended.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .wordml import NS_W, paragraph_text, w
from .xml_parts import local, root_of, serialize

#: The relationship types (their last segment) of the parts that describe comments further.
COMPANIONS = ("commentsExtended", "commentsIds", "commentsExtensible")
COMMENTS_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)
#: The styles Word gives a comment's text and its reference mark (used only when the document
#: defines them: styles.xml is never touched).
TEXT_STYLE = "CommentText"
REFERENCE_STYLE = "CommentReference"


@dataclass(frozen=True)
class NewComment:
    id: int
    author: str
    initials: str
    date: str | None  # xsd:dateTime, or None for none
    lines: tuple[str, ...]  # one paragraph each


@dataclass(frozen=True)
class CommentInfo:
    id: int
    author: str
    initials: str
    text: str  # its paragraphs' text, joined by line ends
    para_ids: tuple[str, ...]  # its paragraphs' w14:paraId (what the companion parts key on)


class CommentsPart:
    """A document's comments part, editable (a new, empty one when `data` is None). Parse
    errors are raised as they are (lxml's, or UnsafeXml) for the caller to word."""

    def __init__(self, data: bytes | None) -> None:
        self._original = data
        if data is None:
            self.root = etree.Element(w("comments"), nsmap={"w": NS_W})
        else:
            self.root = root_of(data)
        self.touched = data is None

    def _elements(self) -> Iterator[Any]:
        return (el for el in self.root if el.tag == w("comment"))

    def comments(self) -> list[CommentInfo]:
        out = []
        for el in self._elements():
            paragraphs = [p for p in el.iter(w("p"))]
            out.append(
                CommentInfo(
                    _int(el.get(w("id"))),
                    el.get(w("author"), ""),
                    el.get(w("initials"), ""),
                    "\n".join(paragraph_text(p).text for p in paragraphs),
                    tuple(pid for p in paragraphs if (pid := _para_id(p))),
                )
            )
        return out

    def ids(self) -> set[int]:
        return {_int(el.get(w("id"))) for el in self._elements()}

    def add(self, comment: NewComment, styles: frozenset[str] = frozenset()) -> None:
        el = etree.SubElement(self.root, w("comment"))
        el.set(w("id"), str(comment.id))
        el.set(w("author"), comment.author)
        if comment.date is not None:
            el.set(w("date"), comment.date)
        el.set(w("initials"), comment.initials)
        for i, line in enumerate(comment.lines or ("",)):
            p = etree.SubElement(el, w("p"))
            if TEXT_STYLE in styles:
                ppr = etree.SubElement(p, w("pPr"))
                etree.SubElement(ppr, w("pStyle")).set(w("val"), TEXT_STYLE)
            if i == 0:
                mark = etree.SubElement(p, w("r"))
                _reference_style(mark, styles)
                etree.SubElement(mark, w("annotationRef"))
            run = etree.SubElement(p, w("r"))
            t = etree.SubElement(run, w("t"))
            t.text = line
            if line != line.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self.touched = True

    def remove(self, ids: set[int]) -> None:
        for el in list(self._elements()):
            if _int(el.get(w("id"))) in ids:
                self.root.remove(el)
                self.touched = True

    def __len__(self) -> int:
        return sum(1 for _ in self._elements())

    def to_bytes(self) -> bytes:
        return serialize(self.root.getroottree(), self._original)


def _para_id(p: Any) -> str:
    return next((v for k, v in p.attrib.items() if local(k) == "paraId"), "")


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _reference_style(run: Any, styles: frozenset[str]) -> None:
    if REFERENCE_STYLE in styles:
        rpr = etree.SubElement(run, w("rPr"))
        etree.SubElement(rpr, w("rStyle")).set(w("val"), REFERENCE_STYLE)


# -- anchors in the document -----------------------------------------------------------------


def anchor_runs(runs: list[Any], cid: int, styles: frozenset[str] = frozenset()) -> None:
    """Anchor comment `cid` on `runs` (siblings, in order): the range around them, the reference
    run after the range's end."""
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(cid))
    runs[0].addprevious(start)
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), str(cid))
    runs[-1].addnext(end)
    end.addnext(_reference_run(cid, styles))


def anchor_paragraph(p: Any, cid: int, styles: frozenset[str] = frozenset()) -> None:
    """Anchor comment `cid` on the whole paragraph `p`."""
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(cid))
    ppr = p.find(w("pPr"))
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    end = etree.SubElement(p, w("commentRangeEnd"))
    end.set(w("id"), str(cid))
    p.append(_reference_run(cid, styles))


def _reference_run(cid: int, styles: frozenset[str]) -> Any:
    run = etree.Element(w("r"))
    _reference_style(run, styles)
    etree.SubElement(run, w("commentReference")).set(w("id"), str(cid))
    return run


def highest_id(*roots: Any) -> int:
    """The highest `w:id` in the trees (-1 for none): a new annotation's id goes above it."""
    key = w("id")
    found = [_int(el.get(key)) for root in roots for el in root.iter() if el.get(key) is not None]
    return max(found, default=-1)


def ranged_runs(root: Any, cid: int) -> list[Any]:
    """The runs between comment `cid`'s range start and end, in document order."""
    runs: list[Any] = []
    inside = False
    for el in root.iter(w("commentRangeStart"), w("commentRangeEnd"), w("r")):
        if el.tag == w("commentRangeStart") and _int(el.get(w("id"))) == cid:
            inside = True
        elif el.tag == w("commentRangeEnd") and _int(el.get(w("id"))) == cid:
            break
        elif inside and el.tag == w("r"):
            runs.append(el)
    return runs


def remove_anchors(root: Any, ids: set[int]) -> None:
    """Take out the ranges and references of comments `ids`; a run that held only a reference
    (and its properties) goes with it."""
    names = (w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))
    for el in list(root.iter(*names)):
        if _int(el.get(w("id"))) not in ids:
            continue
        parent = el.getparent()
        parent.remove(el)
        if el.tag == w("commentReference") and all(c.tag == w("rPr") for c in parent):
            parent.getparent().remove(parent)


def prune_companion(
    data: bytes, para_ids: set[str], durable_ids: set[str]
) -> tuple[bytes, set[str]]:
    """A companion part without the entries of removed comments (by paragraph id, or by durable
    id for commentsExtensible); a reply to one of them loses its parent. Returns the part and the
    durable ids of what it removed (commentsIds names them for commentsExtensible)."""
    root = root_of(data)
    removed: set[str] = set()
    for el in list(root):
        attrs = {local(k): v for k, v in el.attrib.items()}
        if attrs.get("paraId") in para_ids or attrs.get("durableId") in durable_ids:
            if "durableId" in attrs:
                removed.add(attrs["durableId"])
            root.remove(el)
            continue
        if attrs.get("paraIdParent") in para_ids:
            for k in list(el.attrib):
                if local(k) == "paraIdParent":
                    del el.attrib[k]
    return serialize(root.getroottree(), data), removed
