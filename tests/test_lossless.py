"""The annotated copy is the user's package plus our notes (interface.md, "Lossless").

Over the corpus (tests/corpus.py): every member nothing required touching is byte-identical, down
to its compressed bytes; in the sheets that were touched, undoing our marks gives back the input's
bytes exactly, and every cell keeps its type, formula and cached value; python-calamine and
openpyxl read every original sheet alike from input and copy; LibreOffice converts the copy;
re-checking the copy gives exactly the original's findings. What may be touched is worked out
here from the input and the findings, independently of the patcher.
"""

from __future__ import annotations

import posixpath
import re
import struct
import warnings
import zipfile
from pathlib import Path

import corpus
import pytest
from lxml import etree
from office import resave
from python_calamine import CalamineWorkbook

from budget_batch import check_workbook
from budget_batch.write.cell_styles import SEVERITY_COLORS

NAMES = corpus.names()
OURS = ("审核结果", "汇总", "_budget_batch")


@pytest.fixture
def copies(lossless_copies):
    return lossless_copies


def case(copies, name):
    return copies[name]


# -- reading a package, independently of the patcher ------------------------------------------


def rels_of(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in z.namelist():
        return {}
    out = {}
    for m in re.finditer(rb"<Relationship ([^>]*)/>", z.read(rels)):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', m.group(1)))
        target = attrs[b"Target"].decode()
        out[attrs[b"Id"].decode()] = posixpath.normpath(posixpath.join(folder, target))
    return out


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    rels = rels_of(z, "xl/workbook.xml")
    return {
        name.decode(): rels[rid.decode()]
        for name, rid in re.findall(
            rb'<sheet name="([^"]+)"[^>]*?r:id="([^"]+)"', z.read("xl/workbook.xml")
        )
    }


def touchable(source: Path, result) -> tuple[set[str], set[str]]:
    """(members the copy may change, sheets whose cells are marked)."""
    with zipfile.ZipFile(source) as z:
        sheets = sheet_parts(z)
        marked = {f.sheet for f in result.findings if f.cell and f.sheet in sheets}
        allowed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
        allowed |= {"xl/styles.xml", "docProps/app.xml"}
        for name in marked:
            part = sheets[name]
            folder, file = posixpath.split(part)
            allowed |= {part, posixpath.join(folder, "_rels", file + ".rels")}
            allowed |= {
                t for t in rels_of(z, part).values() if "comments" in t or t.endswith(".vml")
            }
        for part in sheets.values():
            if re.search(rb'tabSelected="(1|true)"', z.read(part)[:4096]):
                allowed.add(part)
    return allowed, marked


def raw_bytes(path: Path, info: zipfile.ZipInfo) -> bytes:
    """A member's compressed bytes as stored."""
    with path.open("rb") as fh:
        fh.seek(info.header_offset)
        head = fh.read(30)
        n, m = struct.unpack("<HH", head[26:30])
        fh.seek(n + m, 1)
        return fh.read(info.compress_size)


@pytest.mark.parametrize("name", NAMES)
def test_untouched_members_are_byte_identical(copies, name):
    source, dest, result = case(copies, name)
    allowed, marked = touchable(source, result)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        assert b.testzip() is None
        before = a.namelist()
        assert b.namelist()[: len(before)] == before  # same members, same order; ours after
        by_name = {i.filename: i for i in b.infolist()}
        changed = set()
        for info in a.infolist():
            if a.read(info.filename) != b.read(info.filename):
                changed.add(info.filename)
            else:  # copied, not re-compressed
                assert raw_bytes(source, info) == raw_bytes(dest, by_name[info.filename])
        assert changed <= allowed, changed - allowed
        parts = sheet_parts(a)
        assert {parts[s] for s in marked} <= changed  # every marked sheet was patched
        new = [n for n in b.namelist() if n not in before]
        assert not {n.casefold() for n in new} & {n.casefold() for n in before}


def undo(copy: bytes, original: bytes, marked: set[str]) -> bytes:
    """The copy's sheet with our marks taken out again (test-side, by pattern)."""
    cells = {m.group(1): m.group(0) for m in re.finditer(rb'<c r="([A-Z]+\d+)"[^>]*?/?>', original)}
    for ref in marked:
        key = ref.encode()
        if key in cells:  # back to the original start tag
            copy = re.sub(
                rb'<c r="' + key + rb'"[^>]*?/?>', lambda _m, k=key: cells[k], copy, count=1
            )
        else:  # a cell we created
            copy = re.sub(rb'<c r="' + key + rb'" s="\d+"/>', b"", copy, count=1)
    copy = re.sub(rb'<row r="\d+"></row>', b"", copy)  # rows we created
    if b"<legacyDrawing" not in original:
        copy = re.sub(rb'<legacyDrawing r:id="[^"]+"/>', b"", copy)
    for tag in (rb"<dimension [^>]*>", rb"<worksheet [^>]*>"):
        was = re.search(tag, original)
        if was:
            copy = re.sub(tag, lambda _m, w=was: w.group(0), copy, count=1)
    for row in re.finditer(rb'<row r="(\d+)"[^>]*>', original):
        copy = re.sub(
            rb'<row r="' + row.group(1) + rb'"[^>]*>', lambda _m, r=row: r.group(0), copy, count=1
        )
    return copy


@pytest.mark.parametrize("name", NAMES)
def test_in_touched_sheets_only_our_marks_differ(copies, name):
    source, dest, result = case(copies, name)
    _, marked = touchable(source, result)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        parts = sheet_parts(a)
        for sheet in marked:
            before, after = a.read(parts[sheet]), b.read(parts[sheet])
            refs = {f.cell for f in result.findings if f.sheet == sheet and f.cell}
            refs |= {m.decode() for m in anchors(before, refs)}
            expected = re.sub(rb' tabSelected="(1|true)"', b"", before)
            assert undo(after, before, refs) == expected, sheet
            assert_cells_kept(before, after)


def anchors(xml: bytes, refs: set[str]) -> set[bytes]:
    """Top-left cells of the merged ranges that hold one of `refs`."""
    out = set()
    for m in re.finditer(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml):
        for ref in refs:
            c, r = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
            if m.group(1).decode() <= c <= m.group(3).decode() and int(m.group(2)) <= int(r) <= int(
                m.group(4)
            ):
                out.add(m.group(1) + m.group(2))
    return out


def cell_contents(xml: bytes) -> dict[str, tuple]:
    root = etree.fromstring(xml)
    out = {}
    for c in root.iter("{*}c"):
        f = c.find("{*}f")
        v = c.find("{*}v")
        inline = c.find("{*}is")
        out[c.get("r")] = (
            c.get("t"),
            None if f is None else (f.text, dict(f.attrib)),
            None if v is None else v.text,
            None if inline is None else etree.tostring(inline),
        )
    return out


def assert_cells_kept(before: bytes, after: bytes) -> None:
    old, new = cell_contents(before), cell_contents(after)
    for ref, content in old.items():
        assert new[ref] == content, ref
    for ref in set(new) - set(old):  # created by us: empty, only styled
        assert new[ref] == (None, None, None, None), ref


@pytest.mark.parametrize("name", NAMES)
def test_every_mark_shows_and_no_other_cell_changes_colour(copies, name):
    """A marked cell shows our colour from a fill id Excel draws as written (0 and 1 are always
    drawn as none and gray125); every other cell shows the fill it had."""
    source, dest, result = case(copies, name)
    _, marked = touchable(source, result)
    ours = {"solid:FF" + c for c in SEVERITY_COLORS.values()}
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        parts = sheet_parts(a)
        for sheet, part in parts.items():
            refs = {f.cell for f in result.findings if f.sheet == sheet and f.cell}
            refs |= {m.decode() for m in anchors(a.read(part), refs)}
            before, after = corpus.shown_fills(a, part), corpus.shown_fills(b, part)
            for ref, (fill_id, shown) in after.items():
                if sheet in marked and ref in refs:
                    assert fill_id >= 2 and shown in ours, (sheet, ref, fill_id, shown)
                else:
                    assert shown == before[ref][1], (sheet, ref)


@pytest.mark.parametrize("name", NAMES)
def test_no_row_is_written_twice(copies, name):
    """A row stored out of order is marked where it is, never doubled (Excel would repair)."""
    source, dest, _ = case(copies, name)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        for part in sheet_parts(a).values():
            rows = re.findall(rb'<row r="(\d+)"', b.read(part))
            assert len(rows) == len(set(rows)), part


def _openpyxl_view(path: Path, sheets: list[str]):
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # extensions openpyxl itself cannot read
        wb = load_workbook(path)
    view = {}
    for name in sheets:
        ws = wb[name]
        cells = {
            c.coordinate: (
                c.value if not hasattr(c.value, "text") else c.value.text,
                c.data_type,
                c.number_format,
            )
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
        view[name] = (
            cells,
            sorted(str(r) for r in ws.merged_cells.ranges),
            len(ws.data_validations.dataValidation),
            sorted(str(r.sqref) for r in ws.conditional_formatting),
            ws.print_area,
            ws.sheet_state,
        )
    names = sorted((n, d.attr_text) for n, d in wb.defined_names.items())
    scoped = sorted(
        (ws.title, n, d.attr_text) for ws in wb.worksheets for n, d in ws.defined_names.items()
    )
    return view, names, scoped


@pytest.mark.parametrize("name", NAMES)
def test_readers_see_every_original_sheet_alike(copies, name):
    source, dest, _ = case(copies, name)
    with zipfile.ZipFile(source) as z:
        sheets = list(sheet_parts(z))
    a, b = CalamineWorkbook.from_path(str(source)), CalamineWorkbook.from_path(str(dest))
    assert b.sheet_names == [*OURS[:2], *sheets, OURS[2]]
    for sheet in sheets:
        assert a.get_sheet_by_name(sheet).to_python() == b.get_sheet_by_name(sheet).to_python()
    if name not in corpus.OPENPYXL_CANNOT_READ:
        assert _openpyxl_view(source, sheets) == _openpyxl_view(dest, sheets)


@pytest.mark.parametrize("name", NAMES)
def test_rechecking_the_copy_gives_the_original_findings(copies, name):
    source, dest, result = case(copies, name)
    assert check_workbook(dest).findings == result.findings == check_workbook(source).findings


@pytest.mark.office
def test_libreoffice_converts_every_copy(copies, tmp_path):
    outputs = [dest for _, dest, _ in copies.values()]
    resave(outputs, tmp_path / "lo")
    for dest in outputs:
        converted = tmp_path / "lo" / (dest.stem + ".xlsx")
        book = CalamineWorkbook.from_path(str(converted))
        assert book.sheet_names[:2] == list(OURS[:2]) and OURS[2] in book.sheet_names
        assert book.get_sheet_by_name(OURS[0]).to_python()[0][0] == "严重程度"
    # LibreOffice read our comments (merged into the user's) and our fills: it writes them back.
    from openpyxl import load_workbook

    converted = tmp_path / "lo" / (copies["comments"][1].stem + ".xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ws = load_workbook(converted)["收支情况"]
    assert ws["F2"].comment.text.startswith("合计取自决算报表")
    assert "SUM_MISMATCH" in ws["F2"].comment.text and "YOY_UNEXPLAINED" in ws["K9"].comment.text
    assert ws["F2"].fill.fgColor.rgb.endswith("FFC7CE")
