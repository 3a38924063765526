"""Fuzzing: mutate the example in every way we can think of, for a bounded number of rounds;
the tool always ends with a report or a clean refusal, never a traceback."""

import datetime as dt
import posixpath
import random
import shutil
import zipfile
from pathlib import Path

import pytest
from chinese import english_words
from conftest import EXAMPLE
from lxml import etree
from openpyxl import load_workbook

from budget_batch.batch import process_workbook

ROUNDS = 40
VALUES = [
    None,
    0,
    -1,
    3.5,
    1e308,
    -1e308,
    2**63,
    True,
    "",
    " ",
    "=1/0",
    "=SUM(A:A)",
    "+1",
    "@x",
    "-",
    "NaN",
    "inf",
    "１２３",
    "1,234.5",
    "12.3万元",
    "68%",
    "约68%",
    "(5)",
    "≥95%",
    "达成",
    "不适用",
    "#REF!",
    "#DIV/0!",
    "1.2.3",
    "2021年",
    "长" * 500,
    "\u202e反向",
    "否",
    "是",
    "12月底前",
    dt.datetime(2023, 1, 1),
    dt.date(2020, 2, 29),
    dt.time(12, 0),
]


def mutate_cells(path: Path, rng: random.Random) -> None:
    wb = load_workbook(path)
    for _ in range(rng.randint(1, 25)):
        ws = rng.choice(wb.worksheets)
        row, col = rng.randint(1, max(ws.max_row, 2) + 2), rng.randint(1, max(ws.max_column, 2) + 1)
        cell = ws.cell(row=row, column=col)
        if type(cell).__name__ == "MergedCell":
            continue
        value = rng.choice(VALUES)
        cell.value = value
        if isinstance(value, str) and value.startswith("#"):
            cell.data_type = "e"
    wb.save(path)


def mutate_structure(path: Path, rng: random.Random) -> None:
    wb = load_workbook(path)
    action = rng.choice(["sheet", "column", "rows", "rename", "hide", "insert"])
    ws = rng.choice(wb.worksheets)
    if action == "sheet" and len(wb.worksheets) > 1:
        wb.remove(ws)
    elif action == "column":
        ws.delete_cols(rng.randint(1, max(ws.max_column, 1)))
    elif action == "rows":
        ws.delete_rows(rng.randint(1, max(ws.max_row, 1)), rng.randint(1, 5))
    elif action == "rename":
        ws.title = (
            rng.choice(["收支情况2", "Sheet", "基本 信息", "服务数量"])
            if ws.title != "服务数量"
            else "x"
        )
    elif action == "hide" and len(wb.worksheets) > 1:
        ws.sheet_state = "hidden"
    else:
        ws.insert_rows(1, rng.randint(1, 12))
    wb.save(path)


def mutate_zip(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    action = rng.choice(["truncate", "flip", "drop"])
    if action == "truncate":
        path.write_bytes(bytes(data[: rng.randint(0, len(data) - 1)]))
    elif action == "flip":
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    else:
        with zipfile.ZipFile(path) as zin:
            items = [(i, zin.read(i.filename)) for i in zin.infolist()]
        victim = rng.choice(items)[0].filename
        with zipfile.ZipFile(path, "w") as zout:
            for info, content in items:
                if info.filename != victim:
                    zout.writestr(info, content)


MUTATORS = (mutate_cells, mutate_cells, mutate_structure, mutate_zip)


def mutated(tmp_path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    path = tmp_path / "fuzz.xlsx"
    shutil.copyfile(EXAMPLE, path)
    for mutate in rng.sample(MUTATORS, k=rng.randint(1, 3)):
        try:
            mutate(path, rng)
        except Exception:
            break  # a mutation that cannot apply (the file is already broken) ends mutating
    return path


def assert_report_or_refusal(result) -> None:
    """A report document or a clean refusal: never `failed` (our crash), never a traceback."""
    assert result.status in ("checked", "unreadable"), result.error
    if result.status == "unreadable":
        assert result.error and "Traceback" not in result.error
        assert english_words(result.error) == [], result.error  # no parser's English
        return
    assert not [f for f in result.findings if f.code == "CHECK_FAILED"], result.findings
    # A copy is always written (a package with a dangling part, a member dropped, included) and
    # it is a sound zip whose workbook parses.
    assert not result.tool_failures(), result.findings
    assert result.output is not None and Path(result.output).exists()
    with zipfile.ZipFile(result.output) as z:
        assert z.testzip() is None
        etree.fromstring(z.read("xl/workbook.xml"))


@pytest.mark.parametrize("seed", range(ROUNDS))
def test_never_a_traceback(tmp_path, seed):
    path = mutated(tmp_path, seed)
    result = process_workbook(str(path), str(tmp_path / "out_审核.xlsx"), None)
    assert_report_or_refusal(result)


def test_the_fuzz_assertion_catches_a_crash_of_ours(tmp_path, monkeypatch):
    """Inject a bug into the reader: the round must fail, not pass as an "unreadable" file."""
    from budget_batch.read import template_reader

    def broken(*args, **kwargs):
        raise IndexError("injected")

    monkeypatch.setattr(template_reader, "read_table", broken)
    path = tmp_path / "example.xlsx"
    shutil.copyfile(EXAMPLE, path)
    result = process_workbook(str(path), str(tmp_path / "out_审核.xlsx"), None)
    assert result.status == "failed"
    assert "IndexError: injected" in result.error and "不是文件的问题" in result.error
    assert "损坏" not in result.error
    with pytest.raises(AssertionError):
        assert_report_or_refusal(result)


def without(source: Path, victim: str, dest: Path) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename != victim:
                zout.writestr(info, zin.read(info.filename))
    return dest


def relationship_targets(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    rels = etree.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
    return {
        el.get("Type").rsplit("/", 1)[-1]: posixpath.normpath(f"{folder}/{el.get('Target')}")
        for el in rels
    }


@pytest.mark.parametrize("victim", zipfile.ZipFile(EXAMPLE).namelist())
def test_a_package_missing_any_member(tmp_path, victim):
    """Drop each member in turn: a refusal, or a sound copy (a dangling part is no reason to
    fail)."""
    path = without(EXAMPLE, victim, tmp_path / "example.xlsx")
    result = process_workbook(str(path), str(tmp_path / "out_审核.xlsx"), None)
    assert_report_or_refusal(result)


@pytest.mark.parametrize(
    "victim", ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/styles.xml"]
)
def test_a_dangling_part_the_copy_needs_is_made_anew(tmp_path, victim):
    """收支情况 (sheet3) is marked; its comments, its VML drawing or the styles are missing: the
    copy makes the part under a new name and the dangling relationship points at it."""
    path = without(EXAMPLE, victim, tmp_path / "example.xlsx")
    result = process_workbook(str(path), str(tmp_path / "out_审核.xlsx"), None)
    assert result.status == "checked" and result.output
    with zipfile.ZipFile(result.output) as z:
        names = set(z.namelist())
        sheet = relationship_targets(z, "xl/worksheets/sheet3.xml")
        assert sheet["comments"] in names and sheet["vmlDrawing"] in names
        assert "I3" in z.read(sheet["comments"]).decode()
        assert b"<x:Row>2</x:Row><x:Column>8</x:Column>" in z.read(sheet["vmlDrawing"])
        styles = relationship_targets(z, "xl/workbook.xml")["styles"]
        assert styles in names and b"FFFFEB9C" in z.read(styles)
        assert victim not in names or victim == styles


def test_a_damaged_part_only_the_copy_reads_is_a_refusal_not_a_broken_copy(tmp_path):
    """The theme is never read by the checks; its bytes are damaged (CRC): the copy would carry
    the damage on, so the workbook is refused as damaged and nothing is written."""
    path = tmp_path / "example.xlsx"
    shutil.copyfile(EXAMPLE, path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/theme/theme1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    path.write_bytes(bytes(data))
    result = process_workbook(str(path), str(tmp_path / "out_审核.xlsx"), None)
    assert result.status == "unreadable" and "损坏" in result.error and "theme1" in result.error
    assert english_words(result.error) == [], result.error
    assert result.findings == [] and list(tmp_path.glob("out*")) == []
    assert list(tmp_path.glob("*.docx")) == []  # nor a report draft
    assert list(tmp_path.glob(".*tmp*")) == []  # no temporary left behind
