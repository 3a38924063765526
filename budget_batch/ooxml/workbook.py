"""The workbook part of a SpreadsheetML package, found through the package's relationships (never
by a conventional name, except for a package without an `officeDocument` relationship): its
sheets (name → part, kind, visibility), its defined names, and the parts it relates to by type
(styles, shared strings). Read alike by the reader, the review record, the copy and the strip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .package import Source
from .relationships import Rels, rels_name
from .xml_parts import child, local, parse

#: Where readers of a package without an `officeDocument` relationship look for the workbook.
CONVENTIONAL = "xl/workbook.xml"


@dataclass(frozen=True)
class Sheet:
    name: str
    rid: str
    part: str  # the sheet's part; '' when its relationship is missing or external, or the part is
    kind: str  # the relationship's type: "worksheet", "chartsheet", "dialogsheet", …
    state: str | None  # None (visible), "hidden" or "veryHidden"


def sheet_entries(tree: Any) -> list[Any]:
    """The `<sheet>` elements of a parsed workbook part, in order."""
    sheets = child(tree.getroot(), "sheets")
    return [] if sheets is None else [s for s in sheets if local(s.tag) == "sheet"]


def relationship_id(el: Any) -> str:
    """An element's `r:id` (whatever prefix names the relationships namespace)."""
    return next((v for k, v in el.attrib.items() if k.endswith("}id")), "")


class WorkbookPart:
    """`what`: how a fault in the workbook's parts is named to the user (default: the part)."""

    def __init__(self, src: Source, what: str | None = None) -> None:
        self.src = src
        self.part = src.main_part(CONVENTIONAL, what)
        self.data = src.read(self.part, what)
        self.tree = parse(self.data, what or self.part)
        self.rels = Rels(self.part, src.read_if(rels_name(self.part), what), what)
        self.sheets: list[Sheet] = []
        for el in sheet_entries(self.tree):
            rid = relationship_id(el)
            rel = self.rels.get(rid)
            ok = rel is not None and not rel.external and src.has(rel.target)
            self.sheets.append(
                Sheet(
                    el.get("name", ""),
                    rid,
                    rel.target if rel is not None and ok else "",
                    rel.type.rsplit("/", 1)[-1] if rel is not None else "",
                    el.get("state"),
                )
            )

    def related(self, kind: str) -> str | None:
        """The first part of this kind the workbook relates to and the package has."""
        found = [r.target for r in self.rels.of_type(kind) if not r.external]
        return next((p for p in found if self.src.has(p)), None)

    def defined_names(self) -> dict[str, str]:
        names = child(self.tree.getroot(), "definedNames")
        return {
            d.get("name", ""): d.text or ""
            for d in ([] if names is None else names)
            if local(d.tag) == "definedName"
        }
