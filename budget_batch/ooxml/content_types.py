"""[Content_Types].xml: the content type of every part, by extension (Default) or by name
(Override); editable."""

from __future__ import annotations

from .xml_parts import local, make, parse, serialize

CONTENT_TYPES_PART = "[Content_Types].xml"
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

    def drop_overrides(self, parts: set[str]) -> None:
        """Forget the overrides of parts that leave the package."""
        for el in list(self.root):
            if local(el.tag) == "Override" and el.get("PartName", "").lstrip("/") in parts:
                self.root.remove(el)
                self.touched = True

    def to_bytes(self) -> bytes:
        return serialize(self.tree, self._original)
