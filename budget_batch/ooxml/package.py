"""The package around the parts we patch: relationships, content types, part names, and safe
parsing and serialising of the small XML parts (workbook, rels, content types, styles, comments).

Small parts are edited as lxml trees (entities and network off; the pre-scan has already refused
any DOCTYPE) and serialised back with the declaration they had. Large parts (worksheets) are never
parsed here: see sheet_patch.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .faults import Unreadable, file_faults, refusal

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
REL_TYPE = NS_R + "/"
CT = "application/vnd.openxmlformats-officedocument."
CONTENT_TYPES = {
    "worksheet": CT + "spreadsheetml.worksheet+xml",
    "comments": CT + "spreadsheetml.comments+xml",
    "drawing": CT + "drawing+xml",
    "chart": CT + "drawingml.chart+xml",
    "styles": CT + "spreadsheetml.styles+xml",
    "vml": CT + "vmlDrawing",
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
}
CONTENT_TYPES_PART = "[Content_Types].xml"
CHUNK = 1 << 20

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=False
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def parse(data: bytes, what: str) -> Any:
    """An XML part as an lxml tree; a part that is not well-formed is the file's fault."""
    try:
        return etree.fromstring(data, _PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        raise refusal(exc, what) from exc


def serialize(tree: Any, original: bytes | None = None) -> bytes:
    """A tree as bytes with an Excel-style declaration (standalone kept when it was there)."""
    standalone = original is None or b"standalone" in (_declaration(original) or b"standalone")
    head = b'<?xml version="1.0" encoding="UTF-8"' + (b' standalone="yes"' if standalone else b"")
    body: bytes = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    return head + b"?>\r\n" + body


def _declaration(data: bytes) -> bytes | None:
    m = _DECLARATION.match(data[:200])
    return m.group(0) if m else None


def local(tag: Any) -> str:
    """The local name of an element's tag ('' for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def child(parent: Any, name: str) -> Any:
    for el in parent:
        if local(el.tag) == name:
            return el
    return None


def insert_in_order(parent: Any, element: Any, order: tuple[str, ...]) -> None:
    """Insert `element` among `parent`'s children where the schema's sequence `order` puts it:
    before the first child that comes later in the sequence."""
    rank = order.index(local(element.tag))
    for i, el in enumerate(parent):
        name = local(el.tag)
        if name in order and order.index(name) > rank:
            parent.insert(i, element)
            return
    parent.append(element)


def make(parent: Any, name: str, attrs: dict[str, str] | None = None) -> Any:
    """A new element in the parent's namespace, with the parent's prefix (not yet attached)."""
    ns = etree.QName(parent.tag).namespace
    tag = f"{{{ns}}}{name}" if ns else name
    return etree.Element(tag, attrs or {}, nsmap=parent.nsmap)


# -- part names -----------------------------------------------------------------------------


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
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


class PartNames:
    """Names for new parts, never one the package has or any relationship points at (OPC part
    names are case-insensitive; a dangling relationship must not come to point at our part)."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = {n.casefold() for n in taken}

    def new(self, pattern: str) -> str:
        n = 1
        while (name := pattern.format(n)).casefold() in self._taken:
            n += 1
        self._taken.add(name.casefold())
        return name


# -- relationships --------------------------------------------------------------------------


@dataclass
class Rel:
    id: str
    type: str
    target: str  # the part name, resolved ("" for an external target)
    external: bool


class Rels:
    """A part's relationships (`<part>.rels`), editable."""

    def __init__(self, source: str, data: bytes | None) -> None:
        self.source = source
        self.part = rels_name(source)
        self._original = data
        if data is None:
            self.tree = etree.ElementTree(
                etree.Element(f"{{{NS_RELS}}}Relationships", nsmap={None: NS_RELS})
            )
        else:
            self.tree = parse(data, self.part)
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


# -- content types --------------------------------------------------------------------------


class ContentTypes:
    def __init__(self, data: bytes) -> None:
        self._original = data
        self.tree = parse(data, CONTENT_TYPES_PART)
        self.root = self.tree.getroot()
        self.touched = False

    def _has(self, name: str, attr: str, value: str) -> bool:
        return any(
            local(el.tag) == name and (el.get(attr) or "").casefold() == value.casefold()
            for el in self.root
        )

    def override(self, part: str, content_type: str) -> None:
        name = "/" + part
        if self._has("Override", "PartName", name):
            for el in self.root:
                if (
                    local(el.tag) == "Override"
                    and el.get("PartName", "").casefold() == name.casefold()
                ):
                    el.set("ContentType", content_type)
        else:
            el = make(self.root, "Override", {"PartName": name, "ContentType": content_type})
            self.root.append(el)
        self.touched = True

    def default(self, extension: str, content_type: str) -> None:
        """Declare a default for an extension unless there is one."""
        if self._has("Default", "Extension", extension):
            return
        el = make(self.root, "Default", {"Extension": extension, "ContentType": content_type})
        first = next((i for i, e in enumerate(self.root) if local(e.tag) == "Override"), None)
        if first is None:
            self.root.append(el)
        else:
            self.root.insert(first, el)
        self.touched = True

    def to_bytes(self) -> bytes:
        return serialize(self.tree, self._original)


# -- the input package ----------------------------------------------------------------------


class Source:
    """The input package, open for reading members (every read says which part was bad)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zip = zf
        self.infos = zf.infolist()
        self.names = {i.filename for i in self.infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        with file_faults(name):
            return self.zip.read(name)

    def read_if(self, name: str) -> bytes | None:
        return self.read(name) if name in self.names else None

    def chunks(self, name: str) -> Iterator[bytes]:
        """A member's uncompressed bytes, a megabyte at a time."""
        with file_faults(name), self.zip.open(name) as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    def head(self, name: str, size: int = 1 << 16) -> bytes:
        with file_faults(name), self.zip.open(name) as fh:
            return fh.read(size)


__all__ = ["ContentTypes", "PartNames", "Rels", "Source", "Unreadable", "parse", "serialize"]
