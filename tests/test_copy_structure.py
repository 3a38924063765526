"""The structure of the copies of the lossless corpus: what we changed or added is well-formed,
in the order the schema requires, and every link in the package holds.

The schema sequences are written out here from ECMA-376 Part 1 (not imported from the patcher),
so that a mistake in the patcher's own table cannot hide itself.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import corpus
import pytest
from lxml import etree

#: CT_Worksheet (§18.3.1.99): the children of <worksheet>, in order.
CT_WORKSHEET = """sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr
    sheetProtection protectedRanges scenarios autoFilter sortState dataConsolidate
    customSheetViews mergeCells phoneticPr conditionalFormatting dataValidations hyperlinks
    printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks customProperties
    cellWatches ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture
    oleObjects controls webPublishItems tableParts extLst""".split()
#: CT_Stylesheet (§18.8.39).
CT_STYLESHEET = """numFmts fonts fills borders cellStyleXfs cellXfs cellStyles dxfs tableStyles
    colors extLst""".split()
#: CT_Workbook (§18.2.27).
CT_WORKBOOK = """fileVersion fileSharing workbookPr workbookProtection bookViews sheets
    functionGroups externalReferences definedNames calcPr oleSize customWorkbookViews pivotCaches
    smartTagPr smartTagTypes webPublishing fileRecoveryPr webPublishObjects extLst""".split()
#: CT_Comments (§18.7.6) and CT_Rst, the text of a comment (§18.4.13).
CT_COMMENTS = ["authors", "commentList", "extLst"]
CT_RST = ["t", "r", "rPh", "phoneticPr"]
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@pytest.fixture(params=corpus.names())
def copies(lossless_copies, request):
    """One workbook of the corpus at a time (the LibreOffice re-save is an `office` test)."""
    return {request.param: lossless_copies[request.param]}


def names_in_order(parent) -> list[str]:
    """Child element names; an mc:AlternateContent counts as what its first Choice holds."""
    out = []
    for el in parent:
        if not isinstance(el.tag, str):
            continue
        q = etree.QName(el)
        if q.namespace == MC and q.localname == "AlternateContent":
            first = next(iter(el[0]), None) if len(el) else None
            out.append(etree.QName(first).localname if first is not None else "")
        else:
            out.append(q.localname)
    return out


def assert_in_sequence(names: list[str], sequence: list[str], where: str) -> None:
    known = [n for n in names if n in sequence]
    ranks = [sequence.index(n) for n in known]
    assert ranks == sorted(ranks), f"{where}: {known}"


def changed_or_new(source: Path, dest: Path) -> list[str]:
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        old = set(a.namelist())
        return [n for n in b.namelist() if n not in old or a.read(n) != b.read(n)]


def test_the_order_test_catches_a_misplaced_element():
    root = etree.fromstring(
        b'<worksheet xmlns="m"><sheetData/><legacyDrawing/><pageMargins/></worksheet>'
    )
    with pytest.raises(AssertionError):
        assert_in_sequence(names_in_order(root), CT_WORKSHEET, "crafted")


def test_changed_parts_are_well_formed_and_in_schema_order(copies):
    for source, dest, _ in copies.values():
        with zipfile.ZipFile(dest) as z:
            for name in changed_or_new(source, dest):
                if not name.endswith((".xml", ".rels", ".vml")):
                    continue
                root = etree.fromstring(z.read(name))  # raises unless well-formed
                local = etree.QName(root).localname
                where = f"{dest.name}:{name}"
                if local == "worksheet":
                    assert_in_sequence(names_in_order(root), CT_WORKSHEET, where)
                elif local == "styleSheet":
                    assert_in_sequence(names_in_order(root), CT_STYLESHEET, where)
                elif local == "workbook":
                    assert_in_sequence(names_in_order(root), CT_WORKBOOK, where)
                elif local == "comments":
                    assert_in_sequence(names_in_order(root), CT_COMMENTS, where)
                    for text in root.iter("{*}text"):
                        assert_in_sequence(names_in_order(text), CT_RST, where)


def _rels(z: zipfile.ZipFile, rels_part: str) -> list[tuple[str, str, str, bool]]:
    """(id, type, resolved target, external) of a relationships part."""
    source_dir = posixpath.dirname(posixpath.dirname(rels_part))
    out = []
    for el in etree.fromstring(z.read(rels_part)):
        target = el.get("Target", "")
        external = el.get("TargetMode") == "External"
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(source_dir, target))
        )
        out.append((el.get("Id"), el.get("Type"), resolved, external))
    return out


def test_every_link_in_the_package_holds(copies):
    for source, dest, _ in copies.values():
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as z:
            names = set(z.namelist())
            dangling_before = {
                (p, t)
                for p in a.namelist()
                if p.endswith(".rels")
                for _, _, t, ext in _rels(a, p)
                if not ext and t not in a.namelist()
            }
            for part in names:
                if not part.endswith(".rels"):
                    continue
                ids = [r[0] for r in _rels(z, part)]
                assert len(ids) == len(set(ids)), part
                for _, _, target, external in _rels(z, part):
                    if not external and (part, target) not in dangling_before:
                        assert target in names, (dest.name, part, target)
            types = etree.fromstring(z.read("[Content_Types].xml"))
            defaults = {el.get("Extension").lower() for el in types if el.get("Extension")}
            overrides = {el.get("PartName").lstrip("/") for el in types if el.get("PartName")}
            for part in names:
                if part == "[Content_Types].xml" or part.endswith("/"):
                    continue
                assert part in overrides or part.rsplit(".", 1)[-1].lower() in defaults, part
            assert overrides <= names | {o.lstrip("/") for o in _overrides(a)}


def _overrides(z: zipfile.ZipFile) -> set[str]:
    types = etree.fromstring(z.read("[Content_Types].xml"))
    return {el.get("PartName") for el in types if el.get("PartName")}


def test_sheets_names_and_views_are_consistent(copies):
    for source, dest, _ in copies.values():
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as z:
            before = etree.fromstring(a.read("xl/workbook.xml"))
            after = etree.fromstring(z.read("xl/workbook.xml"))
            old_sheets = [s.get("name") for s in before.iter("{*}sheet")]
            sheets = [s.get("name") for s in after.iter("{*}sheet")]
            assert sheets == ["审核结果", "汇总", *old_sheets, "_budget_batch"]
            assert len({s.casefold() for s in sheets}) == len(sheets)
            ids = [s.get("sheetId") for s in after.iter("{*}sheet")]
            assert len(set(ids)) == len(ids)
            states = [s.get("state") for s in after.iter("{*}sheet")]
            assert states[-1] == "veryHidden" and states[:2] == [None, None]

            def scoped(root, names):
                return sorted(
                    (d.get("name"), names[int(d.get("localSheetId"))], d.text)
                    for d in root.iter("{*}definedName")
                    if d.get("localSheetId") is not None
                )

            ours = [d for d in scoped(after, sheets) if d[1] in ("审核结果", "汇总")]
            assert sorted(set(scoped(after, sheets)) - set(ours)) == scoped(before, old_sheets)
            assert ("_xlnm.Print_Area", "汇总") in {d[:2] for d in ours}
            for view in after.iter("{*}workbookView"):
                assert view.get("activeTab") == "0"
            selected = [
                name
                for name, part in _sheet_parts(z).items()
                if re.search(rb'tabSelected="(1|true)"', z.read(part)[:8192])
            ]
            assert selected == ["审核结果"]


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    rels = {r[0]: r[2] for r in _rels(z, "xl/_rels/workbook.xml.rels")}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {
        s.get("name"): rels[s.get(rid)]
        for s in etree.fromstring(z.read("xl/workbook.xml")).iter("{*}sheet")
    }


def test_styles_ids_stay_in_range_and_counts_are_right(copies):
    for _, dest, _ in copies.values():
        with zipfile.ZipFile(dest) as z:
            styles = etree.fromstring(z.read("xl/styles.xml"))
            sizes = {}
            for name in ("numFmts", "fonts", "fills", "borders", "cellXfs"):
                el = styles.find(f"{{*}}{name}")
                if el is not None:
                    sizes[name] = len(el)
                    assert el.get("count") in (None, str(len(el))), (dest.name, name)
            patterns = [f.find("{*}patternFill") for f in styles.find("{*}fills")][:2]
            assert [p.get("patternType") for p in patterns] == ["none", "gray125"], dest.name
            for xf in styles.find("{*}cellXfs"):
                assert int(xf.get("fillId", 0)) < sizes["fills"]
                assert int(xf.get("fontId", 0)) < sizes["fonts"]
                assert int(xf.get("borderId", 0)) < sizes["borders"]
            for part in _sheet_parts(z).values():
                for s in re.findall(rb'<c [^>]*?\bs="(\d+)"', z.read(part)):
                    assert int(s) < sizes["cellXfs"], (dest.name, part)


def test_every_comment_has_a_note_shape_and_shape_ids_are_unique(copies):
    for _, dest, _ in copies.values():
        with zipfile.ZipFile(dest) as z:
            ids = []
            for name in z.namelist():
                if name.endswith(".vml"):
                    ids += re.findall(rb'<v:shape id="_x0000_s(\d+)"', z.read(name))
            assert len(ids) == len(set(ids)), dest.name
            for part in _sheet_parts(z).values():
                rels = (
                    _rels(
                        z,
                        posixpath.join(
                            posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
                        ),
                    )
                    if posixpath.join(
                        posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
                    )
                    in z.namelist()
                    else []
                )
                comments = [t for _, kind, t, _ in rels if kind.endswith("/comments")]
                drawings = [t for _, kind, t, _ in rels if kind.endswith("/vmlDrawing")]
                if not comments:
                    continue
                assert len(drawings) == 1 and b"<legacyDrawing" in z.read(part)
                vml = z.read(drawings[0])
                shapes = {
                    (int(r), int(c))
                    for r, c in re.findall(rb"<x:Row>(\d+)</x:Row><x:Column>(\d+)</x:Column>", vml)
                }
                for ref in re.findall(rb'<comment ref="([A-Z]+)(\d+)"', z.read(comments[0])):
                    col = sum((ch - 64) * 26**i for i, ch in enumerate(reversed(ref[0])))
                    assert (int(ref[1]) - 1, col - 1) in shapes, (dest.name, ref)


def test_comments_stay_in_row_and_column_order(copies):
    """Ours go among the user's in order (the user's were in order in every corpus workbook)."""
    for _, dest, _ in copies.values():
        with zipfile.ZipFile(dest) as z:
            for name in z.namelist():
                if not re.fullmatch(r"xl/comments\d+\.xml", name):
                    continue
                keys = [
                    (int(row), sum((ch - 64) * 26**i for i, ch in enumerate(reversed(col))))
                    for col, row in re.findall(rb'<comment ref="([A-Z]+)(\d+)"', z.read(name))
                ]
                assert keys == sorted(keys), (dest.name, name)
