"""A part's relationships (`_rels/<part>.rels`): where each relationship points, followed by type
(`officeDocument`, `styles`, `comments`, …), never by a conventional part name; editable."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .xml_parts import NS_R, NS_RELS, local, parse, serialize

REL_TYPE = NS_R + "/"
_TARGET = re.compile(rb"\sTarget\s*=\s*[\"']([^\"']*)[\"']")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target of `source` points at (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    base = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def relative(source: str, part: str) -> str:
    """The relationship target of `part` as seen from `source`."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def rels_name(part: str) -> str:
    """The relationships part of `part` ('' for the package's own: `_rels/.rels`)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def source_of(rels_part: str) -> str:
    """The part whose relationships `rels_part` holds."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def targets_of(rels_part: str, data: bytes) -> set[str]:
    """Every part a relationships part names, read leniently (a damaged part elsewhere in the
    package is no reason to refuse it): to keep new part names clear of dangling targets."""
    source = source_of(rels_part)
    return {resolve(source, m.group(1).decode("utf-8", "replace")) for m in _TARGET.finditer(data)}


@dataclass
class Rel:
    id: str
    type: str
    target: str  # the part name, resolved ("" for an external target)
    external: bool


class Rels:
    """A part's relationships (`<part>.rels`), editable."""

    def __init__(self, source: str, data: bytes | None, what: str | None = None) -> None:
        self.source = source
        self.part = rels_name(source)
        self._original = data
        if data is None:
            self.tree = etree.ElementTree(
                etree.Element(f"{{{NS_RELS}}}Relationships", nsmap={None: NS_RELS})
            )
        else:
            self.tree = parse(data, what or self.part)
        self.touched = data is None

    @property
    def root(self) -> Any:
        return self.tree.getroot()

    def __iter__(self) -> Iterator[Rel]:
        for el in self.root:
            if local(el.tag) != "Relationship":
                continue
            external = el.get("TargetMode") == "External"
            target = el.get("Target", "")
            yield Rel(
                el.get("Id", ""),
                el.get("Type", ""),
                "" if external else resolve(self.source, target),
                external,
            )

    def get(self, rid: str) -> Rel | None:
        return next((r for r in self if r.id == rid), None)

    def of_type(self, kind: str) -> list[Rel]:
        """Relationships whose type ends with `/kind` (transitional or strict namespaces)."""
        return [r for r in self if r.type.rsplit("/", 1)[-1] == kind]

    def new_id(self) -> str:
        taken = {r.id for r in self}
        n = len(taken) + 1
        while f"rId{n}" in taken:
            n += 1
        return f"rId{n}"

    def add(self, kind: str, part: str, rid: str | None = None) -> str:
        rid = rid or self.new_id()
        el = etree.SubElement(self.root, f"{{{NS_RELS}}}Relationship")
        el.set("Id", rid)
        el.set("Type", REL_TYPE + kind)
        el.set("Target", relative(self.source, part))
        self.touched = True
        return rid

    def retarget(self, rid: str, part: str) -> None:
        for el in self.root:
            if local(el.tag) == "Relationship" and el.get("Id") == rid:
                el.set("Target", relative(self.source, part))
                el.attrib.pop("TargetMode", None)
                self.touched = True

    def remove(self, rid: str) -> None:
        for el in list(self.root):
            if local(el.tag) == "Relationship" and el.get("Id") == rid:
                self.root.remove(el)
                self.touched = True

    def to_bytes(self) -> bytes:
        return serialize(self.tree, self._original)
