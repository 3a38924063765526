"""The review record: what a copy added, read back from the copy, also after LibreOffice re-saved
it and after LibreOffice inserted rows above the marked cells."""

from __future__ import annotations

import dataclasses
import re
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from builders import write
from conftest import EXAMPLE
from office import insert_rows, needs_uno, resave
from python_calamine import CalamineWorkbook

from budget_batch import Unreadable, check_workbook
from budget_batch import catalogue as C
from budget_batch.batch import process_workbook
from budget_batch.read.review_record import read_review_record
from budget_batch.write.cell_styles import SEVERITY_COLORS
from budget_batch.write.copy.annotated_copy import COMMENT_SEPARATOR, write_annotated

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("record")
    source = Path(shutil.copyfile(EXAMPLE, folder / "example.xlsx"))
    result = process_workbook(str(source), str(folder / "example_审核.xlsx"), None)
    return source, Path(result.output), result


def _openpyxl(path: Path):
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(path)


def test_the_record_says_what_the_copy_added(example_copy):
    source, copy, result = example_copy
    record = read_review_record(copy)
    assert record is not None
    assert (record.version, record.round, record.record_sheet) == (1, 1, "_budget_batch")
    assert record.sheets == ("审核结果", "汇总")
    marked = {(f.sheet, f.cell) for f in result.findings if f.cell}
    assert {(c.sheet, c.cell) for c in record.cells} == marked
    before, after = _openpyxl(source), _openpyxl(copy)
    worst = {}
    for f in result.findings:
        if f.cell and worst.get((f.sheet, f.cell), f.severity).rank <= f.severity.rank:
            worst[(f.sheet, f.cell)] = f.severity
    for c in record.cells:
        assert (c.ref_sheet, c.ref_cell) == (c.sheet, c.cell)
        original = before[c.sheet][c.cell].fill
        if original.fill_type is None:
            assert c.fill == ""
        else:
            assert f'patternType="{original.fill_type}"' in c.fill
            assert f'rgb="{original.fgColor.rgb}"' in c.fill
        assert f'rgb="FF{SEVERITY_COLORS[worst[(c.sheet, c.cell)]]}"' in c.our_fill
        assert after[c.sheet][c.cell].comment.text == c.comment and c.comment_new
    assert [dataclasses.astuple(f)[:7] for f in record.findings] == [
        tuple(f.to_json().values()) for f in result.findings
    ]
    # each finding is recorded with where it is in words (its row's key, its column's header)
    assert [f.key for f in record.findings] == [
        {"row": f.key[0], "column": f.key[1]} for f in result.findings
    ]
    assert {"row": "code:20", "column": "本年数"} in [f.key for f in record.findings]


def test_round_keys_and_long_messages_are_recorded(tmp_path):
    source = write(tmp_path)
    result = check_workbook(source)
    assert result.findings == []  # a clean workbook: give it two findings of our own
    result.findings = [
        dataclasses.replace(
            C.SUM_MISMATCH.finding("收支情况", "F2", "长" * 40_000, 1, 2),
            key=("1 收入合计", "全年执行数"),
        ),
        C.SHARE_MISMATCH.finding("收支情况", "I3", "短", "99.1", None),
    ]
    dest = tmp_path / "wb_审核.xlsx"
    write_annotated(source, result, dest, round_number=3)
    record = read_review_record(dest)
    assert record is not None and record.round == 3
    assert [f.key for f in record.findings] == [{"row": "1 收入合计", "column": "全年执行数"}, None]
    assert record.findings[0].message == "长" * 40_000
    assert (record.findings[1].stated, record.findings[1].computed) == ("99.1", None)


def test_a_comment_appended_to_the_users_is_recorded_as_appended(lossless_copies):
    source, copy, _ = lossless_copies["comments"]
    record = read_review_record(copy)
    f2 = next(c for c in record.cells if (c.sheet, c.cell) == ("收支情况", "F2"))
    assert not f2.comment_new and f2.comment.startswith(f"\n\n{COMMENT_SEPARATOR}\n")
    comment = _openpyxl(copy)["收支情况"]["F2"].comment
    assert comment.text == "合计取自决算报表" + f2.comment and comment.author == "李四"


def test_a_sheet_of_the_users_named_like_the_record(tmp_path):
    source = write(tmp_path)
    wb = _openpyxl(source)
    wb.create_sheet("_budget_batch")["A1"] = "我的表"
    wb.save(source)
    result = process_workbook(str(source), str(tmp_path / "wb_审核.xlsx"), None)
    record = read_review_record(result.output)
    assert record is not None and record.record_sheet == "_budget_batch2"
    assert _openpyxl(Path(result.output))["_budget_batch"]["A1"].value == "我的表"


def test_a_workbook_without_a_record(tmp_path):
    assert read_review_record(EXAMPLE) is None
    assert read_review_record(write(tmp_path)) is None


def test_a_record_of_a_newer_format_is_refused(example_copy, tmp_path):
    _, copy, _ = example_copy
    newer = tmp_path / "newer.xlsx"
    with zipfile.ZipFile(copy) as zin, zipfile.ZipFile(newer, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if b"budget_batch-review-record" in data and item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c r="B1"[^>]*>)<v>1</v>', rb"\1<v>99</v>", data)
            zout.writestr(item, data)
    with pytest.raises(Unreadable, match="更新版本"):
        read_review_record(newer)


def _convert(src: Path, out: Path, profile: Path) -> Path:
    return resave([src], out)[0]


@pytest.mark.office
def test_the_record_survives_a_libreoffice_re_save(example_copy, tmp_path):
    _, copy, _ = example_copy
    resaved = _convert(copy, tmp_path / "lo", tmp_path / "profile")
    with zipfile.ZipFile(resaved) as z:
        assert b"<Application>" in z.read("docProps/app.xml") and b"LibreOffice" in z.read(
            "docProps/app.xml"
        )
    assert read_review_record(resaved) == read_review_record(copy)


@pytest.mark.office
@needs_uno
def test_references_follow_rows_libreoffice_inserts(example_copy, tmp_path):
    """LibreOffice (through its own API) inserts two rows above 服务数量's marked cells and one
    above 收支情况 row 3, then saves: each reference now names the moved cell, which holds the
    marked cell's value."""
    _, copy, _ = example_copy
    step = tmp_path / "step.xlsx"
    edited = tmp_path / "edited.xlsx"
    for src, dest, sheet, row, count in (
        (copy, step, "服务数量", 20, 2),
        (step, edited, "收支情况", 3, 1),
    ):
        insert_rows(src, dest, sheet, row, count, tmp_path / "profile")
    before, after = read_review_record(copy), read_review_record(edited)
    assert after is not None and len(after.cells) == len(before.cells)
    moved = {"服务数量": (20, 2), "收支情况": (3, 1)}
    old_book, new_book = (
        CalamineWorkbook.from_path(str(copy)),
        CalamineWorkbook.from_path(str(edited)),
    )
    for old, new in zip(before.cells, after.cells, strict=True):
        assert (new.sheet, new.cell, new.fill, new.comment) == (
            old.sheet,
            old.cell,
            old.fill,
            old.comment,
        )
        row, col = int(re.sub(r"\D", "", old.cell)), re.sub(r"\d", "", old.cell)
        at, count = moved.get(old.sheet, (10**9, 0))
        assert (
            new.ref_sheet == old.sheet
            and new.ref_cell == f"{col}{row + count if row >= at else row}"
        )
        value = _value(old_book, old.sheet, old.cell)
        assert value == _value(new_book, new.ref_sheet, new.ref_cell) and value not in ("", None)


def _value(book: CalamineWorkbook, sheet: str, ref: str):
    col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(re.sub(r"\d", "", ref))))
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return rows[int(re.sub(r"\D", "", ref)) - 1][col - 1]


def test_each_reference_caches_the_value_of_its_cell(example_copy):
    """A reader that does not calculate (python-calamine) sees each reference's cell value."""
    _, copy, _ = example_copy
    book = CalamineWorkbook.from_path(str(copy))
    rows = book.get_sheet_by_name("_budget_batch").to_python()
    cached = [row[1] for row in rows if row[0] == "cell"]
    record = read_review_record(copy)
    expected = [_value(book, c.sheet, c.cell) for c in record.cells]
    assert cached == expected and any(isinstance(v, str) for v in expected)


def test_a_row_edited_by_hand_is_left_out(example_copy, tmp_path):
    _, copy, _ = example_copy
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(copy) as zin, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if b"budget_batch-review-record" in data and item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<t>{"sheet":', b'<t>{"sheet":,', 1)
            zout.writestr(item, data)
    before, after = read_review_record(copy), read_review_record(edited)
    assert after.cells == before.cells[1:] and after.findings == before.findings
