"""A large table read as columns (column_table.py, read/table_columns.py) says exactly what the
row-by-row reader says: the same findings (codes, cells, severities, stated/computed, messages,
keys), the same figures and projects; and it makes a `Row` only for the rows a check speaks of."""

from __future__ import annotations

import json
import shutil
from dataclasses import astuple
from pathlib import Path

import hostile
import pytest
from builders import edit, write
from conftest import EXAMPLE
from large_cases import FAULTS, write_large

import budget_batch.read.table_reader as table_reader
from budget_batch import pipeline
from budget_batch.checks import run_checks
from budget_batch.column_table import ColumnTable
from budget_batch.decimals import exact_sum, to_decimal
from budget_batch.kinds import read_document
from budget_batch.model import Cell, Row, WorkbookModel
from budget_batch.result import Report, WorkbookResult
from budget_batch.settings import DEFAULT

PROJECTS = 400


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PROJECTS projects with every fault of large_cases.FAULTS and its cell edits."""
    return write_large(tmp_path_factory.mktemp("large") / "large.xlsx", PROJECTS)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:
    """report.json's document of `path` read row by row, then with every table as columns."""
    out = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(table_reader, "COLUMNAR_ROWS", threshold)
        result = pipeline.check_workbook(path)
        doc = Report([result]).to_json()
        doc["projects"] = [repr(p) for p in result.projects or []]
        doc["figures"] = repr(result.figures)
        doc["keys"] = [[f.sheet, f.cell, *(f.key or ())] for f in result.findings]
        out.append(json.loads(json.dumps(doc, ensure_ascii=False, default=str)))
    return out[0], out[1]


def test_the_faults_of_a_large_sheet_are_said_alike(large, monkeypatch):
    rows, columns = _both(large, monkeypatch)
    assert rows == columns
    found = {f["code"] for f in rows["workbooks"][0]["findings"] if f["sheet"] == "项目支出"}
    # the planted faults did fire (the comparison is not between two silences)
    assert {
        "NEGATIVE_AMOUNT",
        "EXEC_OVER_BUDGET",
        "EXEC_RATE_LOW",
        "BUDGET_ADJUST_LARGE",
        "EXEC_RATE_MISMATCH",
        "NUMBER_NORMALIZED",
        "NOT_A_NUMBER",
        "REQUIRED_EMPTY",
        "YEAR_MISMATCH",
        "UNIT_SUSPECT",
        "TOTAL_ROW_IGNORED",
        "PROJECT_TOTAL_MISMATCH",
        "FORMULA_NO_VALUE",
        "CELL_ERROR",
    } <= found
    assert any("该行已隐藏" in f["message"] for f in rows["workbooks"][0]["findings"])
    # findings on project rows are keyed by the project's name (a row made for the asking)
    keyed = [k for k in rows["keys"] if k[0] == "项目支出" and len(k) > 2]
    assert keyed and any(k[2].startswith("name:项目") for k in keyed)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"收支情况": {"F3": 1050}},
        {"项目支出": {"F2": 99999}},  # one project in another unit, and the totals off
        {"项目支出": {"B3": None}},
        {"项目支出": {"H2": "九十"}},
        {"服务数量": {"D3": -4}},
        {"问题与措施": {"C2": "2015年的问题"}},
    ],
    ids=repr,
)
def test_small_workbooks_are_said_alike(tmp_path, monkeypatch, change):
    path = edit(write(tmp_path), change) if change else write(tmp_path)
    rows, columns = _both(path, monkeypatch)
    assert rows == columns


def test_the_example_and_the_hostile_corpus_are_said_alike(tmp_path, monkeypatch):
    files = [EXAMPLE]
    for make in (hostile.merged_header, hostile.huge_numbers, hostile.dates_in_numbers):
        files.append(make(tmp_path))
    files.append(hostile.wrong_dimension(tmp_path))
    files.append(hostile.formula_text(tmp_path))
    files.append(hostile.control_chars(tmp_path))
    for path in files:
        rows, columns = _both(path, monkeypatch)
        assert rows == columns, path.name


def test_a_column_tables_rows_are_the_row_readers(large, monkeypatch):
    tables = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(table_reader, "COLUMNAR_ROWS", threshold)
        _, read = read_document(large)
        assert isinstance(read.model, WorkbookModel)
        tables.append(read.model.projects)
    by_row, by_column = tables
    assert not isinstance(by_row, ColumnTable) and isinstance(by_column, ColumnTable)
    # most rows are plain; the faults and edits are read one by one
    assert len(by_column.index) > PROJECTS - 2 * len(FAULTS) and by_column.irregular
    made = by_column.rows
    assert [_row(r) for r in made] == [_row(r) for r in by_row.rows]
    assert [_row(r) for r in by_column.totals] == [_row(r) for r in by_row.totals]
    assert by_column.unreadable_columns == by_row.unreadable_columns
    for key in by_row.columns:
        assert by_column.numbers(key) == [r.num(key) for r in by_row.rows]


def _row(row: Row) -> tuple:
    """A row as data (a Cell compares by identity)."""
    cells = {k: (astuple(v) if isinstance(v, Cell) else v) for k, v in row.cells.items()}
    return (row.sheet, row.index, list(cells.items()), row.columns, row.table, row.headers)


def test_rows_are_made_only_where_a_check_speaks(tmp_path, monkeypatch):
    monkeypatch.setattr(table_reader, "COLUMNAR_ROWS", 0)
    data = tmp_path / "large.xlsx"
    shutil.copyfile(write_large(tmp_path / "src.xlsx", PROJECTS, mistyped=False), data)
    kind, read = read_document(data)
    model = read.model
    assert isinstance(model, WorkbookModel) and isinstance(model.projects, ColumnTable)
    findings = run_checks(model, DEFAULT)
    kind.describe(WorkbookResult(file=str(data)), model, DEFAULT)
    table = model.projects
    spoken = {
        int("".join(ch for ch in f.cell if ch.isdigit()))
        for f in findings
        if f.sheet == table.sheet
    }
    made = {table.index[p] for p in table._made}
    # A plain row is made when a pre-filter lets it through (a check then may or may not
    # speak), never the whole sheet.
    assert made and len(made) < 3 * len(FAULTS)
    assert spoken - {r.index for r in table.irregular} - {r.index for r in table.totals} <= made


def test_exact_sums_in_whole_cents_and_otherwise():
    values = [0.1, 0.2, None, 1234.56, -7.01] * 1000
    assert exact_sum(values) == sum(to_decimal(v) for v in values if v is not None)
    odd = [*values, 0.001, 1e12, 2.5e-7]
    assert exact_sum(odd) == sum(to_decimal(v) for v in odd if v is not None)
    assert str(exact_sum([])) == "0.00"
