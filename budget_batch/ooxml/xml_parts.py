"""The one XML parser of budget_batch, hardened for untrusted parts: lxml with entities, network
and DTD loading off and huge_tree off (libxml2's limits on depth, text and amplification stand).
A part that declares a document type is refused as unsafe (`UnsafeXml`): Excel never writes one,
and read/package_scan's pre-scan has refused any in a part's first kilobytes already.

Small parts are parsed whole (`parse`) and, when edited, serialised back with the declaration they
had (`serialize`); large ones are streamed (`iterparse`). The namespaces of OOXML are here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from .faults import UnsafeXml, refusal

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_PARSER = etree.XMLParser(remove_comments=False, **SAFE)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def _no_doctype(el: Any) -> None:
    if el.getroottree().docinfo.doctype:
        raise UnsafeXml("a document type declaration")


def parse(data: bytes, what: str) -> Any:
    """An XML part as an lxml tree; a part that is not well-formed (or declares a document type)
    is the file's fault: `Unreadable`, saying it was found reading `what`."""
    try:
        return root_of(data).getroottree()
    except (etree.XMLSyntaxError, UnsafeXml) as exc:
        raise refusal(exc, what) from exc


def root_of(data: bytes) -> Any:
    """An XML part's root element; its syntax errors (and `UnsafeXml`) are raised as they are,
    for the caller's `file_faults` to word."""
    root = etree.fromstring(data, _PARSER)
    _no_doctype(root)
    return root


def iterparse(source: IO[bytes], **options: Any) -> Iterator[tuple[str, Any]]:
    """lxml's iterparse, hardened; its syntax errors (and `UnsafeXml`) are raised as they are, for
    the caller's `file_faults` to word."""
    events = etree.iterparse(source, **options, **SAFE)
    first = True
    for event, el in events:
        if first:
            _no_doctype(el)
            first = False
        yield event, el


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
