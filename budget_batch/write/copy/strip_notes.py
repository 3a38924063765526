"""Take our text out of a resubmitted copy's comments (批注), and the note shapes of comments that
were ours alone out of its VML drawing.

A comment that was ours alone goes when its text is still ours (a user who wrote a reply under it
keeps the reply); text we appended to the user's own comment is cut at our separator line, when
what follows it is still ours. A comment the user has edited otherwise is theirs now: it stays.
Clients re-save comments with other line endings and split into other runs, so texts are compared
with line endings normalised and cut across runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...ooxml.addresses import split_cell
from ...ooxml.comments import text_runs
from ...ooxml.xml_parts import child, local, parse, serialize
from .record_sheet import COMMENT_SEPARATOR


@dataclass(frozen=True)
class OurNote:
    text: str  # exactly what we added (the whole comment when `new`)
    new: bool


@dataclass
class NotesOutcome:
    data: bytes | None = None  # the comments part without our text; None when unchanged
    removed: set[tuple[int, int]] = field(default_factory=set)  # cells whose comment went
    kept: list[str] = field(default_factory=list)  # cells whose comment the user had edited
    empty: bool = False  # no comment is left in the part


def strip_comments(data: bytes, ours: Mapping[str, OurNote]) -> NotesOutcome:
    """`ours`: cell reference (upper case) → what we added there."""
    tree = parse(data, "批注")
    comments = child(tree.getroot(), "commentList")
    outcome = NotesOutcome()
    if comments is None:
        return outcome
    changed = False
    for comment in [c for c in comments if local(c.tag) == "comment"]:
        ref = (comment.get("ref") or "").upper()
        note = ours.get(ref)
        if note is None:
            continue
        text = text_runs(comment)
        raw = "".join(t.text or "" for t in text)
        keep = _kept_span(raw, note)
        if keep is None:
            outcome.kept.append(ref)
        elif keep == (0, 0):
            comments.remove(comment)
            outcome.removed.add(split_cell(ref))
            changed = True
        elif keep != (0, len(raw)):
            _keep(text, *keep)
            changed = True
    if changed:
        outcome.data = serialize(tree, data)
    outcome.empty = not any(local(c.tag) == "comment" for c in comments)
    return outcome


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _kept_span(raw: str, note: OurNote) -> tuple[int, int] | None:
    """The part of the comment's text to keep (start, end in `raw`); (0, 0) to delete it; None
    when our text is no longer there as we wrote it."""
    ours = _norm(note.text).strip()
    if note.new:
        text = _norm(raw)
        if text.strip() == ours:
            return (0, 0)
        if text.lstrip().startswith(ours):  # the user replied under our note: keep the reply
            start = _raw_index(raw, text.index(ours) + len(ours))
            while start < len(raw) and raw[start] in "\r\n":
                start += 1
            return (start, len(raw))
        return None
    at = raw.rfind(COMMENT_SEPARATOR)
    if at < 0:
        return None
    ours_after = _norm(note.text).split(COMMENT_SEPARATOR, 1)[-1].strip()
    if _norm(raw[at + len(COMMENT_SEPARATOR) :]).strip() != ours_after:
        return None
    end = at
    for _ in range(2):  # our text began with two line breaks
        if raw[:end].endswith("\r\n"):
            end -= 2
        elif raw[:end].endswith(("\n", "\r")):
            end -= 1
    return (0, end)


def _raw_index(raw: str, normalised: int) -> int:
    """The index in `raw` of position `normalised` in its normalised form."""
    i = n = 0
    while n < normalised and i < len(raw):
        i += 2 if raw.startswith("\r\n", i) else 1
        n += 1
    return i


def _keep(texts: list[Any], start: int, end: int) -> None:
    """Keep characters [start, end) of the concatenated texts; a run left empty goes."""
    position = 0
    for t in texts:
        value = t.text or ""
        lo, hi = max(start - position, 0), min(end - position, len(value))
        position += len(value)
        kept = value[lo:hi] if lo < hi else ""
        if kept == value:
            continue
        parent = t.getparent()
        if not kept and local(parent.tag) == "r":
            parent.getparent().remove(parent)
        else:
            t.text = kept
