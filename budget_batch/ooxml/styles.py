"""styles.xml of the copy: the user's styles, every id kept, with ours appended.

A marked cell keeps everything of its format (number format, font, border, alignment) except the
fill: its new cell format is a copy of its old one with our fill. Fills and cell formats are
appended, or reused when an identical one exists; nothing is renumbered, so every style id in
the user's sheets still means what it meant. The formats of our own sheets (made by xlsxwriter in
a side package) are grafted the same way: their fonts, fills, borders and number formats are
appended and their cell format ids mapped to new ones.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .faults import UnsafeXml
from .xml_parts import NS_MAIN, child, insert_in_order, local, make, parse, root_of, serialize

#: CT_Stylesheet's children in schema order (ECMA-376 Part 1, 18.8.39).
STYLESHEET_ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
FIRST_CUSTOM_FORMAT = 164
NONE = '<fill><patternFill patternType="none"/></fill>'
#: What Excel draws for fills 0 and 1, whatever styles.xml holds there.
RESERVED_FILLS = (NONE, '<fill><patternFill patternType="gray125"/></fill>')
_MINIMAL = (
    f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()


def canonical(el: Any) -> str:
    """An element as XML without namespaces or prefixes, attributes in document order: the
    form in which fills are recorded and compared ('' for no element)."""
    if el is None:
        return ""
    name = local(el.tag)
    attrs = "".join(f' {etree.QName(k).localname}="{_escape(v)}"' for k, v in el.attrib.items())
    inner = "".join(canonical(c) for c in el if isinstance(c.tag, str))
    text = _escape(el.text or "") if el.text and el.text.strip() else ""
    if not inner and not text:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{text}{inner}</{name}>"


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def is_no_fill(xml: str) -> bool:
    """A fill that shows nothing (patternType none, or no pattern and no gradient)."""
    return xml in ("", "<fill/>", "<fill><patternFill/></fill>") or xml.startswith(
        '<fill><patternFill patternType="none"'
    )


def from_canonical(parent: Any, xml: str) -> Any:
    """Parse a canonical element into `parent`'s namespace (ours, or a fill a returned copy's
    record says the cell had: parsed as the untrusted XML it is)."""
    ns = etree.QName(parent.tag).namespace
    wrapped = f'<w xmlns="{ns}">{xml}</w>' if ns else f"<w>{xml}</w>"
    return root_of(wrapped.encode())[0]


def fill_key(xml: str) -> tuple[str, ...]:
    """What a fill shows — its pattern and foreground colour — however a client spelled it."""
    if is_no_fill(xml):
        return ("none",)
    try:
        root = root_of(xml.encode())  # from a returned copy's record: untrusted
    except (etree.XMLSyntaxError, UnsafeXml):
        return (xml,)
    pattern = next((e for e in root.iter() if local(e.tag) == "patternFill"), None)
    if pattern is None:
        return (xml,)
    colour = next((e for e in pattern if local(e.tag) == "fgColor"), None)
    shown: tuple[str, ...] = ()
    if colour is not None:
        rgb = colour.get("rgb")
        shown = (
            (rgb[-6:].upper(),)
            if rgb
            else tuple(f"{k}={v}" for k, v in sorted(colour.attrib.items()))
        )
    return (pattern.get("patternType", "none"), *shown)


class StyleBook:
    def __init__(self, data: bytes | None) -> None:
        self._original = data
        self.tree = parse(data if data is not None else _MINIMAL, "xl/styles.xml")
        self.root = self.tree.getroot()
        self.created = data is None
        self.touched = self.created
        self._derived: dict[tuple[int, str], int] = {}
        self._cache: dict[str, list[Any]] = {}
        self._fills: dict[str, int] | None = None

    def _list(self, name: str) -> Any:
        el = child(self.root, name)
        if el is None:
            el = make(self.root, name)
            insert_in_order(self.root, el, STYLESHEET_ORDER)
        return el

    def _items(self, name: str) -> list[Any]:
        """The children of a list element (cached; `_append` keeps the cache current)."""
        if name not in self._cache:
            el = child(self.root, name)
            self._cache[name] = [] if el is None else [c for c in el if isinstance(c.tag, str)]
        return self._cache[name]

    def _append(self, name: str, element: Any) -> int:
        items = self._items(name)
        container = self._list(name)
        container.append(element)
        items.append(element)
        container.set("count", str(len(items)))
        self.touched = True
        return len(items) - 1

    def fill_of(self, xf_id: int) -> str:
        """The fill a cell with style `xf_id` shows, canonical ('' for none)."""
        xfs = self._items("cellXfs")
        xf = xfs[xf_id] if 0 <= xf_id < len(xfs) else (xfs[0] if xfs else None)
        if xf is None:
            return ""
        fills = self._items("fills")
        fill_id = _num(xf.get("fillId"))
        xml = canonical(fills[fill_id]) if 0 <= fill_id < len(fills) else ""
        return "" if is_no_fill(xml) else xml

    def fill_id(self, xml: str) -> int:
        """The id of a fill identical to `xml`, appended if there is none. Fills 0 and 1 are
        reused only as what Excel draws there (none, gray125)."""
        if self._fills is None:
            self._pad_fills()
            self._fills = {}
            for i, fill in enumerate(self._items("fills")):
                key = canonical(fill)
                if i >= len(RESERVED_FILLS) or key == RESERVED_FILLS[i]:
                    self._fills.setdefault(key, i)
        if xml not in self._fills:
            self._fills[xml] = self._append("fills", from_canonical(self._list("fills"), xml))
        return self._fills[xml]

    def _pad_fills(self) -> None:
        """Excel draws fills 0 and 1 as none and gray125 whatever styles.xml says, so a fill of
        ours at either would not show. A list shorter than two (or than the highest fill id a
        format names) is padded first, by appending: no id moves, so no cell format needs
        changing, and none of ours lands where a format of the user's already points."""
        fills = self._items("fills")
        named = [
            _num(xf.get("fillId")) for n in ("cellStyleXfs", "cellXfs") for xf in self._items(n)
        ]
        while len(fills) < max(len(RESERVED_FILLS), *[i + 1 for i in named]):
            padding = RESERVED_FILLS[len(fills)] if len(fills) < len(RESERVED_FILLS) else NONE
            self._append("fills", from_canonical(self._list("fills"), padding))

    def with_fill(self, xf_id: int, fill_xml: str) -> int:
        """The cell format that is `xf_id` with the fill `fill_xml`: existing or appended."""
        key = (xf_id, fill_xml)
        if key in self._derived:
            return self._derived[key]
        xfs = self._items("cellXfs")
        base = xfs[xf_id] if 0 <= xf_id < len(xfs) else (xfs[0] if xfs else None)
        fill = str(self.fill_id(fill_xml))
        if base is None:
            attrs = {"numFmtId": "0", "fontId": "0", "fillId": fill, "borderId": "0", "xfId": "0"}
            new = make(self._list("cellXfs"), "xf", attrs)
        else:
            new = etree.fromstring(etree.tostring(base))
        new.set("fillId", fill)
        new.set("applyFill", "1")
        wanted = canonical(new)
        same = (
            i for i, xf in enumerate(xfs) if xf.get("fillId") == fill and canonical(xf) == wanted
        )
        found = next(same, None)
        self._derived[key] = found if found is not None else self._append("cellXfs", new)
        return self._derived[key]

    def graft(self, side: bytes) -> dict[int, int]:
        """Add the cell formats of another styles.xml (our side package's); return the map from
        its cell format ids to ours. Its format 0 (the default) maps to ours."""
        other = parse(side, "styles.xml (grafted)").getroot()
        formats = self._graft_formats(other)
        maps = {
            "fontId": self._graft_list(other, "fonts"),
            "fillId": self._graft_list(other, "fills", reuse=True),
            "borderId": self._graft_list(other, "borders"),
        }
        mapping = {0: 0}
        xfs = child(other, "cellXfs")
        for i, xf in enumerate([] if xfs is None else [c for c in xfs if isinstance(c.tag, str)]):
            if i == 0:
                continue
            new = etree.fromstring(etree.tostring(xf))
            for attr, ids in maps.items():
                new.set(attr, str(ids.get(_num(new.get(attr)), 0)))
            code = _num(new.get("numFmtId"))
            new.set("numFmtId", str(formats.get(code, code)))
            new.set("xfId", "0")
            mapping[i] = self._append("cellXfs", _adopt(self._list("cellXfs"), new))
        return mapping

    def _graft_list(self, other: Any, name: str, reuse: bool = False) -> dict[int, int]:
        ids: dict[int, int] = {}
        theirs = child(other, name)
        for i, el in enumerate(
            [] if theirs is None else [c for c in theirs if isinstance(c.tag, str)]
        ):
            if reuse:
                ids[i] = self.fill_id(canonical(el))
            else:
                copy = _adopt(self._list(name), etree.fromstring(etree.tostring(el)))
                ids[i] = self._append(name, copy)
        return ids

    def _graft_formats(self, other: Any) -> dict[int, int]:
        """Custom number formats: reuse ours with the same code, else a new id."""
        ours = {f.get("formatCode"): _num(f.get("numFmtId")) for f in self._items("numFmts")}
        used = set(ours.values())
        ids: dict[int, int] = {}
        theirs = child(other, "numFmts")
        for f in [] if theirs is None else [c for c in theirs if isinstance(c.tag, str)]:
            code, old = f.get("formatCode"), _num(f.get("numFmtId"))
            if code in ours:
                ids[old] = ours[code]
                continue
            new_id = max([FIRST_CUSTOM_FORMAT - 1, *used]) + 1
            used.add(new_id)
            el = make(self._list("numFmts"), "numFmt", {"numFmtId": str(new_id)})
            el.set("formatCode", code or "General")
            self._append("numFmts", el)
            ours[code] = ids[old] = new_id
        return ids

    def to_bytes(self) -> bytes:
        return serialize(self.tree, self._original)


def _adopt(parent: Any, element: Any) -> Any:
    """`element` (from another document) renamed into `parent`'s namespace and prefix."""
    ns = etree.QName(parent.tag).namespace
    for el in element.iter():
        if isinstance(el.tag, str):
            el.tag = f"{{{ns}}}{local(el.tag)}" if ns else local(el.tag)
    etree.cleanup_namespaces(element)
    return element


def _num(value: str | None) -> int:
    return int(value) if value is not None and value.isdigit() else 0
