"""workbook.xml and docProps/app.xml of the copy: our sheets listed, everything else kept.

审核结果 and 汇总 go first and 审核结果 becomes the active tab; the review record goes last, very
hidden. Every `definedName` that belongs to a sheet (`localSheetId`, a position in the sheet list)
is moved along with its sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ...ooxml.xml_parts import NS_R, child, insert_in_order, local, make, parse, serialize
from .our_sheets import DefinedName

#: CT_Workbook's children in schema order (ECMA-376 Part 1, 18.2.27).
WORKBOOK_ORDER = (
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)


def patch_workbook(
    data: bytes, ours: Sequence[tuple[str, str, str | None]], names: Sequence[DefinedName]
) -> bytes:
    """`ours`: (name, relationship id, state) for 审核结果, 汇总 (first) and the record (last)."""
    tree = parse(data, "xl/workbook.xml")
    root = tree.getroot()
    sheets = child(root, "sheets")
    if sheets is None:
        sheets = make(root, "sheets")
        insert_in_order(root, sheets, WORKBOOK_ORDER)
    existing = [s for s in sheets if local(s.tag) == "sheet"]
    n_user = len(existing)
    next_id = max(
        [int(s.get("sheetId", "0")) for s in existing if s.get("sheetId", "").isdigit()] + [0]
    )
    front, back = list(ours[:2]), list(ours[2:])
    position = {0: 0, 1: 1, 2: n_user + 2}
    elements = []
    for name, rid, state in [*front, *back]:
        next_id += 1
        el = make(sheets, "sheet", {"name": name, "sheetId": str(next_id)})
        if state:
            el.set("state", state)
        el.set(f"{{{NS_R}}}id", rid)
        elements.append(el)
    for i, el in enumerate(elements[: len(front)]):
        sheets.insert(i, el)
    for el in elements[len(front) :]:
        sheets.append(el)
    defined = child(root, "definedNames")
    for d in [] if defined is None else defined:
        local_id = d.get("localSheetId")
        if local_id is not None and local_id.isdigit():
            d.set("localSheetId", str(int(local_id) + len(front)))
    if names:
        if defined is None:
            defined = make(root, "definedNames")
            insert_in_order(root, defined, WORKBOOK_ORDER)
        for n in names:
            el = make(defined, "definedName", {"name": n.name})
            el.set("localSheetId", str(position.get(n.sheet, n.sheet)))
            if n.hidden:
                el.set("hidden", "1")
            el.text = n.text
            defined.append(el)
    views = child(root, "bookViews")
    for view in [] if views is None else views:
        if local(view.tag) == "workbookView":
            view.set("activeTab", "0")
            view.set("firstSheet", "0")
    return serialize(tree, data)


class _AppParts(NamedTuple):
    """docProps/app.xml's heading pairs (label, count) and the titles they count."""

    tree: Any
    pair_vector: Any
    title_vector: Any
    variants: list[Any]
    names: list[Any]

    @classmethod
    def of(cls, data: bytes) -> _AppParts | None:
        tree = parse(data, "docProps/app.xml")
        root = tree.getroot()
        pairs, titles = child(root, "HeadingPairs"), child(root, "TitlesOfParts")
        pair_vector = child(pairs, "vector") if pairs is not None else None
        title_vector = child(titles, "vector") if titles is not None else None
        if pair_vector is None or title_vector is None:
            return None
        variants = [v for v in pair_vector if local(v.tag) == "variant"]
        names = [t for t in title_vector if local(t.tag) == "lpstr"]
        return cls(tree, pair_vector, title_vector, variants, names)


def patch_app(
    data: bytes, user_sheets: Sequence[str], front: Sequence[str], back: Sequence[str]
) -> bytes | None:
    """docProps/app.xml with our sheets listed among the worksheets; None when it does not list
    them the way Excel does (it is only informative, so it is then left as it is)."""
    app = _AppParts.of(data)
    if app is None:
        return None
    tree, pair_vector, title_vector, variants, names = app
    offset = 0
    user = set(user_sheets)
    for count in variants[1::2]:  # (label, count) pairs
        number = next((c for c in count if local(c.tag) in ("i4", "i2", "int")), None)
        if number is None or not (number.text or "").isdigit():
            return None
        n = int(number.text or "0")
        group = names[offset : offset + n]
        if group and all((t.text or "") in user for t in group):
            for name in front:  # each goes just before the first user sheet, in order
                el = make(title_vector, "lpstr")
                el.text = name
                group[0].addprevious(el)
            last = group[-1]
            for name in back:
                el = make(title_vector, "lpstr")
                el.text = name
                last.addnext(el)
                last = el
            number.text = str(n + len(front) + len(back))
            title_vector.set("size", str(len(names) + len(front) + len(back)))
            return serialize(tree, data)
        offset += n
    return None


def unpatch_app(data: bytes, sheets: set[str]) -> bytes | None:
    """docProps/app.xml without `sheets` and the named ranges on them (a resubmitted copy's own
    sheets); None when there was nothing to take out or the part is not laid out as Excel does."""
    app = _AppParts.of(data)
    if app is None:
        return None
    tree, pair_vector, title_vector, variants, names = app
    offset, removed = 0, 0
    for label, count in zip(variants[0::2], variants[1::2], strict=False):
        number = next((c for c in count if local(c.tag) in ("i4", "i2", "int")), None)
        if number is None or not (number.text or "").isdigit():
            return None
        n = int(number.text or "0")
        gone = [t for t in names[offset : offset + n] if _on_sheets(t.text or "", sheets)]
        for t in gone:
            title_vector.remove(t)
        number.text = str(n - len(gone))
        if gone and n == len(gone):  # a heading left with nothing under it goes too
            pair_vector.remove(label)
            pair_vector.remove(count)
        removed += len(gone)
        offset += n
    if not removed:
        return None
    title_vector.set("size", str(len(names) - removed))
    pair_vector.set("size", str(len([v for v in pair_vector if local(v.tag) == "variant"])))
    return serialize(tree, data)


def _on_sheets(title: str, sheets: set[str]) -> bool:
    """A sheet's own title, or a named range on it (`审核结果!Print_Titles`)."""
    name = title.rsplit("!", 1)[0] if "!" in title else title
    return name.strip("'").replace("''", "'") in sheets
