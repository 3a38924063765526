"""Custom XML data parts (`customXml/itemN.xml` with its properties `itemPropsN.xml`): a
document's own data, which Word, WPS and LibreOffice keep when they re-save it. Found by the
namespace of their root element; added with a properties part; removed with it."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .content_types import ContentTypes
from .faults import UnsafeXml
from .package import PartNames, Source
from .relationships import Rels, rels_name
from .xml_parts import root_of

ITEM_TYPE = "customXml"
PROPS_TYPE = "customXmlProps"
PROPS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
NS_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n'


@dataclass(frozen=True)
class CustomItem:
    part: str
    rid: str  # its relationship from the part that names it
    namespace: str  # of its root element
    data: bytes

    @property
    def rels_part(self) -> str:
        return rels_name(self.part)


def custom_items(src: Source, rels: Rels) -> list[CustomItem]:
    """The custom XML parts `rels` names (those present and well-formed; a damaged one is
    someone else's and is left alone)."""
    out = []
    for rel in rels.of_type(ITEM_TYPE):
        if rel.external or not src.has(rel.target):
            continue
        data = src.read(rel.target)
        try:
            root = root_of(data)
        except (etree.XMLSyntaxError, UnsafeXml):  # not ours to judge: copied as it is
            continue
        out.append(CustomItem(rel.target, rel.id, etree.QName(root).namespace or "", data))
    return out


def props_of(src: Source, item: CustomItem) -> list[str]:
    """The properties parts of `item` (those present)."""
    data = src.read_if(item.rels_part)
    if data is None:
        return []
    rels = Rels(item.part, data)
    return [r.target for r in rels.of_type(PROPS_TYPE) if not r.external and src.has(r.target)]


def remove_item(src: Source, item: CustomItem, rels: Rels, types: ContentTypes) -> set[str]:
    """Take `item` out of the package: its relationship from `rels`, its properties parts and
    their content types. Returns the members that leave."""
    gone = {item.part, *props_of(src, item)}
    if src.has(item.rels_part):
        gone.add(item.rels_part)
    rels.remove(item.rid)
    types.drop_overrides(gone)
    return gone


def add_item(
    names: PartNames,
    rels: Rels,
    types: ContentTypes,
    data: bytes,
    item_id: str,
    schema: str,
) -> dict[str, bytes]:
    """A new custom XML part holding `data`, related from `rels`, with its properties part
    (`item_id`: a GUID in braces; `schema`: the namespace it declares). Returns the new parts."""
    item = names.new("customXml/item{}.xml")
    props = names.new("customXml/itemProps{}.xml")
    rels.add(ITEM_TYPE, item)
    item_rels = Rels(item, None)
    item_rels.add(PROPS_TYPE, props)
    types.default("xml", "application/xml")
    types.override(props, PROPS_CONTENT_TYPE)
    props_xml = (
        f'<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{NS_DS}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{schema}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    return {item: data, props: DECLARATION + props_xml, item_rels.part: item_rels.to_bytes()}
