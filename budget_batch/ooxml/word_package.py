"""A .docx opened for patching, never re-saved: its main document part parsed, its comments part,
relationships and content types at hand; what changes is collected as members replaced, added and
removed, for `zip_writer.rewrite` (every other member is copied as its compressed bytes).

Parse errors are raised as they are (lxml's, or UnsafeXml) for the caller to word.
"""

from __future__ import annotations

from .content_types import CONTENT_TYPES_PART, ContentTypes
from .package import PartNames, Source
from .relationships import Rels, rels_name, targets_of
from .word_comments import (
    COMMENTS_CONTENT_TYPE,
    COMPANIONS,
    CommentsPart,
    prune_companion,
    remove_anchors,
)
from .wordml import w
from .xml_parts import root_of, serialize

DOCUMENT_PART = "word/document.xml"


class WordPackage:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.main = src.main_part(DOCUMENT_PART)
        self.rels = Rels(self.main, src.read_if(rels_name(self.main)))
        self.types = ContentTypes(src.read(CONTENT_TYPES_PART))
        targets = (targets_of(n, src.read(n)) for n in src.names if n.endswith(".rels"))
        self.names = PartNames(src.names.union(*targets))
        self._document_data = src.read(self.main)
        self.document = root_of(self._document_data)
        found = [r for r in self.rels.of_type("comments") if not r.external]
        self._comments_rel = found[0] if found else None
        target = self._comments_rel.target if self._comments_rel is not None else ""
        self.comments = CommentsPart(src.read_if(target) if target else None)
        self._comments_exist = bool(target) and src.has(target)
        if not self._comments_exist:
            self.comments.touched = False  # nothing to write unless a comment is added
        self.replaced: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.removed: set[str] = set()

    def style_ids(self) -> frozenset[str]:
        """The style ids the document defines (its styles part is only read)."""
        rels = [r for r in self.rels.of_type("styles") if not r.external]
        data = self.src.read_if(rels[0].target) if rels else None
        if data is None:
            return frozenset()
        root = root_of(data)
        return frozenset(s.get(w("styleId"), "") for s in root.iter(w("style")))

    def remove_comments(self, ids: set[int]) -> None:
        """Take comments `ids` out: from the comments part, their anchors from the document, their
        entries from Word's companion parts (a reply to one of them becomes a comment)."""
        if not ids:
            return
        para_ids = {pid for c in self.comments.comments() if c.id in ids for pid in c.para_ids}
        self.comments.remove(ids)
        remove_anchors(self.document, ids)
        durable: set[str] = set()
        for kind in COMPANIONS:
            for rel in self.rels.of_type(kind):
                if rel.external or not self.src.has(rel.target) or not para_ids:
                    continue
                data, gone = prune_companion(self.src.read(rel.target), para_ids, durable)
                durable |= gone
                self.replaced[rel.target] = data

    def finish(self) -> None:
        """Collect the changed parts: the document, its comments part (new, changed, or gone when
        taking comments out left it empty), relationships and content types."""
        self.replaced[self.main] = serialize(self.document.getroottree(), self._document_data)
        self._finish_comments()
        if self.rels.touched:
            target = self.replaced if self.src.has(self.rels.part) else self.added
            target[self.rels.part] = self.rels.to_bytes()
        if self.types.touched:
            self.replaced[CONTENT_TYPES_PART] = self.types.to_bytes()

    def _finish_comments(self) -> None:
        if not self.comments.touched:
            return
        rel = self._comments_rel
        if self._comments_exist and rel is not None:
            if len(self.comments):
                self.replaced[rel.target] = self.comments.to_bytes()
            else:  # it held only comments taken out: it leaves, as before they were added
                self.removed.add(rel.target)
                self.rels.remove(rel.id)
                self.types.drop_overrides({rel.target})
            return
        if not len(self.comments):
            return
        part = self.names.new("word/comments{}.xml", "word/comments.xml")
        if rel is not None:  # a relationship to a part that is not there
            self.rels.retarget(rel.id, part)
        else:
            self.rels.add("comments", part)
        self.types.override(part, COMMENTS_CONTENT_TYPE)
        self.added[part] = self.comments.to_bytes()
