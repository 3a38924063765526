"""The hostile corpus (tests/hostile.py): each file's precise outcome; nothing leaked, nothing
altered, nothing run; the batch always finishes."""

import hashlib
import json
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import hostile
import pytest
from chinese import english_words
from openpyxl import load_workbook

from budget_batch import run_batch
from budget_batch.batch import process_workbook
from budget_batch.write.copy.annotated_copy import RECORD_SHEET, RESULTS_SHEET
from budget_batch.write.text_safety import EXCEL_CELL_LIMIT

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {make.__name__: make(folder) for make in hostile.ALL if make is not hostile.bomb}


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return hostile.bomb(tmp_path_factory.mktemp("bomb"))


def outcome(path: Path, tmp_path: Path):
    """Process like `report` does, asserting the input bytes are unchanged."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = process_workbook(str(path), str(tmp_path / f"{path.stem}_审核.xlsx"), None)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the input was modified"
    return result


def codes(result):
    return sorted({(f.code, f.sheet, f.cell) for f in result.findings})


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("non_zip", "不是 Excel 工作簿"),
        ("truncated", "损坏或不完整"),
        ("encrypted", "打开密码"),
        ("old_xls", "旧版 .xls"),
        ("ods", "OpenDocument"),
        ("xxe", "不安全的 XML"),
        ("late_doctype_workbook", "不安全的 XML"),
        ("late_doctype_sheet", "不安全的 XML"),
    ],
)
def test_refused_with_a_reason(corpus, tmp_path, name, needle):
    result = outcome(corpus[name], tmp_path)
    assert result.status == "unreadable" and needle in result.error
    assert english_words(result.error) == [], result.error
    assert result.findings == [] and result.output is None


def test_xxe_leaks_nothing(corpus, tmp_path):
    report = run_batch([corpus["xxe"]], tmp_path / "out", jobs=1)
    assert report.workbooks[0].status == "unreadable"
    for path in (tmp_path / "out").iterdir():
        assert hostile.SECRET.encode() not in path.read_bytes(), path


@pytest.mark.slow  # makes a compression bomb
def test_bomb_is_refused_cheaply_and_the_batch_finishes(bomb, corpus, tmp_path):
    # Memory (and, for the record, time) of a refusal in a fresh process. The peak is the new
    # process's own (VmHWM): ru_maxrss of a child started by vfork also counts the parent's peak
    # (here, pytest's), which made this flaky as the suite grew.
    code = (
        "import sys, time; t = time.perf_counter(); from budget_batch import check_workbook;"
        "r = check_workbook(sys.argv[1]); hwm = [l for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0].split()[1];"
        "print(r.status, time.perf_counter() - t, int(hwm) // 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "unreadable"
    assert int(out[2]) < 200, f"peak RSS {out[2]} MB"
    report = run_batch(
        [bomb, corpus["wrong_dimension"], corpus["formula_text"]], tmp_path / "out", jobs=2
    )
    assert [w.status for w in report.workbooks] == ["unreadable", "checked", "checked"]
    assert "压缩炸弹" in report.workbooks[0].error


def test_wrong_dimension_reads_every_row(corpus, tmp_path):
    result = outcome(corpus["wrong_dimension"], tmp_path)
    assert result.status == "checked" and result.findings == []
    assert result.figures.spending.actual == 1104


def test_merged_cells_over_the_header(corpus, tmp_path):
    result = outcome(corpus["merged_header"], tmp_path)
    assert codes(result) == [("COLUMN_MISSING", "收支情况", "A2")]
    assert "项目" in result.findings[0].message
    ws = load_workbook(result.output)["收支情况"]
    assert "COLUMN_MISSING" in ws["A2"].comment.text  # the comment sits on the merged anchor


def test_hidden_required_sheet(corpus, tmp_path):
    result = outcome(corpus["hidden_sheet"], tmp_path)
    assert ("SHEET_MISSING", "服务数量", "") in codes(result)
    assert (
        load_workbook(result.output)["服务数量"].sheet_state == "hidden"
    )  # the user's choice kept


def test_dates_in_number_cells(corpus, tmp_path):
    result = outcome(corpus["dates_in_numbers"], tmp_path)
    # The date is the cell's own error; the sum it would feed is skipped, not fed a 0.
    assert codes(result) == [("NOT_A_NUMBER", "服务数量", "E3")]
    assert "日期" in result.findings[0].message


def test_huge_and_nan_like_numbers(corpus, tmp_path):
    result = outcome(corpus["huge_numbers"], tmp_path)
    assert result.status == "checked" and result.output
    assert {("NOT_A_NUMBER", "收支情况", c) for c in ("C3", "D3", "E3")} <= set(codes(result))
    assert ("UNIT_SUSPECT", "收支情况", "F3") in codes(result)
    assert not [f for f in result.findings if f.code == "CHECK_FAILED"]


def _our_cells(output: Path, sheets=(RESULTS_SHEET, "汇总", RECORD_SHEET)):
    wb = load_workbook(output)
    for name in sheets:
        for row in wb[name].iter_rows():
            yield from row


def _comments(output: Path):
    wb = load_workbook(output)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None:
                    yield c.comment.text


@pytest.mark.parametrize("name", [m.__name__ for m in hostile.ALL if m is not hostile.bomb])
def test_every_hostile_file_gives_a_sound_copy_or_a_refusal(corpus, tmp_path, name):
    result = outcome(corpus[name], tmp_path)
    written = sorted(p.name for p in tmp_path.glob("*_审核.xlsx"))
    if result.status != "checked":
        assert result.status == "unreadable" and written == []
        return
    assert written == [Path(result.output).name]
    with zipfile.ZipFile(result.output) as z:
        assert z.testzip() is None
    with warnings.catch_warnings():  # openpyxl warns about x14 extensions it cannot read
        warnings.simplefilter("ignore", UserWarning)
        load_workbook(result.output)  # opens, every part parses


def test_formula_looking_text_stays_text_everywhere(corpus, tmp_path):
    out = tmp_path / "out"
    report = run_batch([corpus["formula_text"]], out, jobs=1)
    (result,) = report.workbooks
    assert ("NOT_A_NUMBER", "收支情况", "F3") in codes(result)
    assert ("NOT_A_NUMBER", "项目支出", "F2") in codes(result)
    assert ("CHOICE_INVALID", "服务数量", "H5") in codes(result)
    assert ("CODE_INVALID", "服务数量", "A7") in codes(result)
    stated = {f.stated for f in result.findings}
    assert {"=1+2", "-1+1", "@SUM(1)", "+1"} <= stated
    # In the annotated copy, nothing we wrote is a formula; the user's text cells stay text.
    cells = list(_our_cells(Path(result.output), (RESULTS_SHEET, "汇总")))
    assert any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    assert all(c.data_type != "f" for c in cells)
    # The review record's only formulas are references to the cells we marked.
    marked = {f"='{f.sheet}'!{f.cell}" for f in result.findings if f.cell}
    formulas = [
        c.value for c in _our_cells(Path(result.output), (RECORD_SHEET,)) if c.data_type == "f"
    ]
    assert formulas and set(formulas) <= marked
    wb = load_workbook(result.output)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None:
                    assert not c.comment.text.startswith("=")
    assert wb["基本信息"]["B2"].data_type == "s" and wb["项目支出"]["B2"].data_type == "s"
    batch = load_workbook(out / "批量汇总.xlsx")
    for ws in batch.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert doc["workbooks"][0]["department"] == hostile.FORMULA_TEXTS[0]


def test_control_characters_never_reach_what_we_write(corpus, tmp_path):
    result = outcome(corpus["control_chars"], tmp_path)
    (g2,) = [f for f in result.findings if f.cell == "G2" and f.sheet == "项目支出"]
    for c in _our_cells(Path(result.output)):
        assert not (isinstance(c.value, str) and CONTROL.search(c.value))
    texts = list(_comments(Path(result.output)))
    assert any(g2.code in t for t in texts)
    assert not any(CONTROL.search(t) for t in texts)


def test_forty_thousand_character_cells(corpus, tmp_path):
    result = outcome(corpus["long_cells"], tmp_path)
    over = next(f for f in result.findings if f.cell == "G2" and f.sheet == "项目支出")
    assert len(over.message) > EXCEL_CELL_LIMIT  # the JSON keeps the whole message
    wb = load_workbook(result.output)
    assert len(wb["项目支出"]["B2"].value) == 40_000  # the user's cell is not altered
    assert len(wb["项目支出"]["G2"].comment.text) <= EXCEL_CELL_LIMIT
    longest = max(len(c.value) for c in _our_cells(Path(result.output)) if isinstance(c.value, str))
    assert longest <= EXCEL_CELL_LIMIT


def test_what_openpyxl_could_not_carry_is_kept_byte_for_byte(corpus, tmp_path):
    """Threaded comments, x14 validation, sparklines and slicers (which a re-save through
    openpyxl dropped, and NOT_PRESERVED used to admit) are in the copy exactly as sent."""
    source = corpus["with_extras"]
    result = outcome(source, tmp_path)
    assert result.status == "checked" and codes(result) == []
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(result.output) as after:
        kept = set(after.namelist())
        for name in before.namelist():
            assert name in kept, name
            if name.startswith(("xl/worksheets/", "xl/threadedComments/", "xl/slicers/")):
                # 审核结果 becomes the active tab: the sheet that was selected no longer is.
                expected = before.read(name).replace(b' tabSelected="1"', b"")
                assert after.read(name) == expected, name
        sheet = next(n for n in before.namelist() if b"sparklineGroups" in before.read(n))
        assert b"x14:dataValidations" in after.read(sheet)


def test_a_lock_file_beside_an_open_workbook(corpus, tmp_path):
    folder = corpus["wrong_dimension"].parent
    lock = folder / "~$wrong_dimension.xlsx"
    lock.write_bytes(b"\x0bowner" + b"\0" * 100)
    report = run_batch(
        [corpus["wrong_dimension"], folder / "formula_text.xlsx"], tmp_path / "o", jobs=1
    )
    assert [w.status for w in report.workbooks] == ["checked", "checked"]
    lock.unlink()
