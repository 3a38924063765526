"""Taking a round's additions out of a copy (write/copy/strip_review.py): over the lossless corpus,
stripping an annotated copy gives back the user's package — the same members, the same sheets
and defined names, every cell's value, fill and 批注 — and what the user changed since (a new
colour, a reply under our note, an edited note, deleted rows) is theirs and stays."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import corpus
import pytest
from builders import edit, write
from lxml import etree
from office import insert_rows, needs_uno, resave
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from python_calamine import CalamineWorkbook
from test_lossless import case, sheet_parts

from budget_batch import check_workbook
from budget_batch.batch import process_workbook
from budget_batch.ooxml.styles import fill_key
from budget_batch.ooxml.vml import drop_note_shapes
from budget_batch.read.review_record import read_review_record
from budget_batch.write.copy.strip_notes import OurNote, strip_comments
from budget_batch.write.copy.strip_review import Stripped, strip_review

NAMES = corpus.names()


def stripped(copy: Path, folder: Path):
    record = read_review_record(copy)
    assert record is not None
    dest = folder / f"stripped_{copy.name}"
    return dest, strip_review(copy, record, dest)


def fills_and_notes(path: Path, sheets: list[str]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # extensions openpyxl itself cannot read
        wb = load_workbook(path)
    out = {}
    for name in sheets:
        for row in wb[name].iter_rows():
            for c in row:
                fill = c.fill
                shown = (fill.fill_type, fill.fgColor.rgb if fill.fill_type else None)
                out[(name, c.coordinate)] = (shown, c.comment.text if c.comment else None)
    return out


def defined_names(path: Path) -> list[tuple[str, str | None, str]]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("xl/workbook.xml"))
    return sorted(
        (d.get("name"), d.get("localSheetId"), d.text or "") for d in root.iter("{*}definedName")
    )


@pytest.mark.parametrize("name", NAMES)
def test_stripping_a_copy_gives_back_the_users_package(lossless_copies, name, tmp_path):
    source, copy, result = case(lossless_copies, name)
    dest, outcome = stripped(copy, tmp_path)
    assert (outcome.recoloured, outcome.edited_notes, outcome.lost) == ([], [], 0)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b, zipfile.ZipFile(copy) as c:
        assert sorted(a.namelist()) == sorted(b.namelist())  # ours gone, nothing of theirs
        sheets = list(sheet_parts(a))
        assert list(sheet_parts(b)) == sheets
        for member in a.namelist():
            if a.read(member) == c.read(member):  # untouched by the copy: untouched still
                assert b.read(member) == a.read(member), member
    assert defined_names(dest) == defined_names(source)
    x, y = CalamineWorkbook.from_path(str(source)), CalamineWorkbook.from_path(str(dest))
    assert y.sheet_names == x.sheet_names
    for sheet in sheets:
        assert x.get_sheet_by_name(sheet).to_python() == y.get_sheet_by_name(sheet).to_python()
    if name in corpus.OPENPYXL_CANNOT_READ:
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
            for part in sheet_parts(a).values():
                shown = [{r: f[1] for r, f in corpus.shown_fills(z, part).items()} for z in (a, b)]
                assert shown[0] == shown[1], part
    else:
        assert fills_and_notes(dest, sheets) == fills_and_notes(source, sheets)
    assert check_workbook(dest).findings == result.findings


@pytest.mark.office
def test_a_resave_by_libreoffice_strips_as_cleanly(lossless_copies, tmp_path):
    """The example re-saved by LibreOffice (other XML throughout), annotated, re-saved again:
    stripped, it shows the first re-save's fills and notes."""
    source, copy, _ = case(lossless_copies, "example_libreoffice")
    again = resave([copy], tmp_path / "lo")[0]
    dest, outcome = stripped(again, tmp_path)
    assert (outcome.recoloured, outcome.edited_notes, outcome.lost) == ([], [], 0)
    sheets = CalamineWorkbook.from_path(str(source)).sheet_names
    assert CalamineWorkbook.from_path(str(dest)).sheet_names == sheets
    before, after = fills_and_notes(source, sheets), fills_and_notes(dest, sheets)
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in before.items()}
    assert {k: fill_key(_xml(v[0])) for k, v in after.items()} == {
        k: fill_key(_xml(v[0])) for k, v in before.items()
    }


def _xml(shown) -> str:
    kind, rgb = shown
    if not kind:
        return ""
    return f'<fill><patternFill patternType="{kind}"><fgColor rgb="{rgb}"/></patternFill></fill>'


# -- what the user changed since is theirs ----------------------------------------------------


@pytest.fixture
def copy_of_a_faulty_workbook(tmp_path):
    """收支情况 F2 (收入合计) mistyped and 2.2's change unexplained (K9): two marked cells; F2
    carries a note of the user's own."""
    path = edit(write(tmp_path), {"收支情况": {"F2": 1160, "K9": None}})
    wb = load_workbook(path)
    wb["收支情况"]["F2"].comment = Comment("待核", "李四")
    wb.save(path)
    dest = tmp_path / "out" / "wb_审核.xlsx"
    result = process_workbook(str(path), str(dest), None)
    marked = {f.cell for f in result.findings if f.sheet == "收支情况"}
    assert {"F2", "K9"} <= marked
    return path, dest


def test_what_the_user_changed_since_stays(copy_of_a_faulty_workbook, tmp_path):
    source, copy = copy_of_a_faulty_workbook
    wb = load_workbook(copy)
    ws = wb["收支情况"]
    ws["K9"].fill = PatternFill("solid", fgColor="FF00B0F0")  # coloured anew by the user
    ws["F2"].comment = Comment(ws["F2"].comment.text.replace("【错误】", "【已查】"), "李四")
    wb.save(copy)
    dest, outcome = stripped(copy, tmp_path)
    assert outcome.recoloured == ["收支情况!K9"] and outcome.edited_notes == ["收支情况!F2"]
    after = load_workbook(dest)["收支情况"]
    assert after["K9"].fill.fgColor.rgb == "FF00B0F0"
    assert "【已查】" in after["F2"].comment.text


def test_what_could_not_be_taken_out_is_said_in_the_new_summary(tmp_path):
    """The user coloured a marked cell anew, edited our note on another and deleted the row of a
    third (Excel then writes #REF! in the record's reference): the next round's copy keeps their
    changes and its 汇总 says so, cell by cell, with what to do. The report document has no key
    for it (interface.md): `previous` stays the three counts."""
    path = edit(write(tmp_path), {"收支情况": {"F2": 1160, "K9": None}, "服务数量": {"E3": 130}})
    first = process_workbook(str(path), str(tmp_path / "out1" / "wb_审核.xlsx"), None)
    marked = {(f.sheet, f.cell) for f in first.findings}
    assert {("收支情况", "F2"), ("收支情况", "K9"), ("服务数量", "E2")} <= marked
    wb = load_workbook(first.output)
    ws = wb["收支情况"]
    ws["K9"].fill = PatternFill("solid", fgColor="FF00B0F0")
    ws["F2"].comment = Comment(ws["F2"].comment.text.replace("【错误】", "【已查】"), "李四")
    record = wb["_budget_batch"]
    gone = next(r for r in record.iter_rows() if r[1].value == "='服务数量'!E2")
    gone[1].value = "='服务数量'!#REF!"
    returned = tmp_path / "back" / "wb_审核.xlsx"
    returned.parent.mkdir()
    wb.save(returned)

    second = process_workbook(str(returned), str(tmp_path / "out2" / "wb_审核.xlsx"), None)
    assert second.previous is not None
    said = [
        c.value
        for row in load_workbook(second.output)["汇总"].iter_rows(max_row=12)
        for c in row
        if isinstance(c.value, str) and c.value.startswith("提示：")
    ]
    assert said == [
        "提示：上一轮标色的单元格中有 1 个已被重新设置底色（收支情况!K9），本工具保留了新设置的"
        "底色，没有恢复原来的填充；如不需要这些底色，请手动清除。",
        "提示：上一轮审核意见所在的批注中有 1 条已被修改（收支情况!F2），本工具没有删除这些批注；"
        "请核对其中上一轮的审核意见，过时的请手动删除。",
        "提示：上一轮标记的单元格中有 1 个在审核记录中已找不到位置（所在的行、列或工作表已被删除），"
        "本工具无法去除它们的标色和批注；如工作簿中仍留有上一轮的标色或审核意见，请手动清除。",
    ]
    assert set(second.to_json()["previous"]) == {"resolved", "open", "new"}
    assert "【已查】" in load_workbook(second.output)["收支情况"]["F2"].comment.text


def test_many_leftovers_are_named_up_to_eight_and_counted():
    cells = [f"收支情况!K{r}" for r in range(2, 12)]
    (line,) = Stripped(recoloured=cells).notes()
    assert "有 10 个" in line and "收支情况!K9 等 10 处）" in line and "K10" not in line
    assert Stripped().notes() == []


@pytest.mark.office
@needs_uno
def test_rows_inserted_above_a_mark_move_it_along(copy_of_a_faulty_workbook, tmp_path):
    """The record's live references moved with the cells (LibreOffice inserted two rows above
    收支情况 row 2)."""
    source, copy = copy_of_a_faulty_workbook
    moved = insert_rows(copy, tmp_path / "moved.xlsx", "收支情况", 2, 2, tmp_path / "profile")
    dest, outcome = stripped(moved, tmp_path)
    assert outcome.lost == 0 and outcome.recoloured == []
    ws = load_workbook(dest)["收支情况"]
    original = load_workbook(source)["收支情况"]
    for cell in ("F2", "K9"):
        row = int(cell[1:]) + 2
        assert ws[f"{cell[0]}{row}"].fill.fill_type == original[cell].fill.fill_type
    assert ws["F4"].comment is not None and ws["F4"].comment.text.strip() == "待核"


# -- comments and note shapes ------------------------------------------------------------------

COMMENTS = (
    '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<authors><author>李四</author><author>budget_batch</author></authors><commentList>"
    '<comment ref="A1" authorId="1"><text><r><t>【错误】X：ours</t></r></text></comment>'
    '<comment ref="B1" authorId="0"><text><r><t>mine</t></r><r><t xml:space="preserve">\n\n'
    "—— budget_batch 审核意见 ——\n【警告】Y：ours too</t></r></text></comment>"
    '<comment ref="C1" authorId="1"><text><t>【错误】Z：ours\r\n收到，已改（李四）</t></text></comment>'
    '<comment ref="D1" authorId="1"><text><t>【错误】W：edited by hand</t></text></comment>'
    "</commentList></comments>"
).encode()


def test_our_text_leaves_each_comment_and_theirs_stays():
    ours = {
        "A1": OurNote("【错误】X：ours", True),
        "B1": OurNote("\n\n—— budget_batch 审核意见 ——\n【警告】Y：ours too", False),
        "C1": OurNote("【错误】Z：ours", True),
        "D1": OurNote("【错误】W：ours", True),
    }
    outcome = strip_comments(COMMENTS, ours)
    text = outcome.data.decode()
    assert outcome.removed == {(1, 1)} and outcome.kept == ["D1"]
    assert 'ref="A1"' not in text and "ours too" not in text and ">mine<" in text
    assert "收到，已改（李四）" in text and "Z：ours" not in text
    assert "edited by hand" in text


def test_only_the_note_shapes_of_removed_comments_go():
    shape = (
        '<v:shape id="_x0000_s{n}" type="#_x0000_t202"><x:ClientData ObjectType="Note">'
        "<x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>"
    )
    vml = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml">'
        + shape.format(n=1025, r=0, c=0)
        + shape.format(n=1026, r=0, c=1)
        + '<v:shape id="btn" type="#_x0000_t201"><x:ClientData ObjectType="Button">'
        "<x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>"
    ).encode()
    out = drop_note_shapes(vml, {(1, 1)})
    assert b"_x0000_s1025" not in out and b"_x0000_s1026" in out and b'id="btn"' in out
