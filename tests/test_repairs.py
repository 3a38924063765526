"""The checks never write the model, and a finding computed on a repaired value says so.

The localizer blames a mistyped figure and fits the value every relation asks for; the other
checks then read that value (checks.md, "Blame") from an overlay, not from the model. Run twice
on one model, the checks give the same findings, and every cell reads as it did before the
first run: its number, its Cell's value and its text, through the public API.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import clean_data, edit, findings, only, write
from form_cases import found as form_findings
from form_cases import make as make_form
from form_cases import total_row
from form_cases import write as write_form

from budget_batch import WorkbookData
from budget_batch.checks import run_checks
from budget_batch.kinds import read_workbook
from budget_batch.model import Document, Row, Table
from budget_batch.settings import resolve_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "input_templates").glob("示例_*.xlsx"))


def _rows(obj: object, seen: set[int]) -> Iterator[Row]:
    """Every Row reachable from the model (tables, totals, forms), whatever holds it; not the
    caches of derived values."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Row):
        yield obj
    elif isinstance(obj, Table):
        yield from obj.rows
        yield from obj.totals
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _rows(item, seen)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _rows(item, seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name != "derived":
                yield from _rows(getattr(obj, f.name), seen)


def _values(model: Document) -> dict[tuple[str, int, str, str], tuple[object, ...]]:
    """Every cell of every row as the public API reads it: num, at(key).value, text."""
    seen: dict[tuple[str, int, str, str], tuple[object, ...]] = {}
    for row in _rows(model, set()):
        for key in sorted({*row.columns, *row.cells}):
            seen[(row.sheet, row.index, row.table, key)] = (
                row.num(key),
                row.at(key).value,
                row.text(key),
            )
    info = getattr(model, "info", None)  # our template's 基本信息
    if info is not None:
        for key in sorted(info.cells):
            seen[(info.sheet, 0, "info", key)] = (
                info.num(key),
                info.cells[key].value,
                info.text(key),
            )
    return seen


def _settings(model: Document):  # type: ignore[no-untyped-def]
    return resolve_profile(model.profile_name)


def _mistyped_total(tmp_path: Path) -> Path:
    """The clean workbook with 支出合计 全年执行数 1104 typed as 1140 (blamed, fitted 1104)."""
    return edit(write(tmp_path), {"收支情况": {"F5": 1140}})


CASES = {
    **{p.stem: (lambda _tmp, p=p: p) for p in EXAMPLES},
    "clean_with_1140_for_1104": _mistyped_total,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_checks_run_twice_agree_and_leave_the_model_as_read(tmp_path, case):
    path = CASES[case](tmp_path)
    as_read = _values(read_workbook(path).model)  # a second read, never checked
    model = read_workbook(path).model
    settings = _settings(model)
    first = run_checks(model, settings)
    after_first = _values(model)
    second = run_checks(model, settings)
    assert first == second
    assert after_first == as_read
    assert _values(model) == as_read
    for (sheet, index, _table, key), (num, value, _text) in as_read.items():
        if isinstance(value, float):  # a number reads the same through num and through its Cell
            assert num == value, (sheet, index, key)


def test_the_mistyped_total_is_blamed_and_its_consequences_rest_on_the_repair(tmp_path):
    """1140 for 1104: one error on F5 with 1104; the checks read 1104 but the model keeps 1140."""
    path = _mistyped_total(tmp_path)
    model = read_workbook(path).model
    found = run_checks(model, _settings(model))
    blamed = [f for f in found if f.cell == "F5" and f.severity == "error"]
    assert [(f.code, f.stated, f.computed) for f in blamed] == [("SUM_MISMATCH", 1140, 1104)]
    spending = next(r for r in model.budget.rows if r.text("code") == "2")  # type: ignore[union-attr]
    assert spending.num("actual") == spending.at("actual").value == 1140


# A published report whose 5.1 因公出国（境）费 上年数 is left blank: the parts of “三公”经费's
# 上年数 12.31 then add up to 8.88, and the blank cell is the one that can be blamed (5.2 and
# 5.3 are pinned by their 增减额, 5 by its own): it is inferred as 12.31 − 6.88 − 2.00 = 3.43.
# 全年执行数 0 against that 3.43 is a change of −100% with no 说明 — a consequence worth saying,
# but only as one that rests on the inference.
def _sangong(code, item, prior, actual, yoy=None, rate=None, note=None):  # type: ignore[no-untyped-def]
    return {
        "code": code,
        "item": item,
        "prior": prior,
        "budget_initial": None,
        "budget_final": None,
        "actual": actual,
        "yoy_amount": yoy,
        "yoy_rate": rate,
        "note": note,
    }


def _blank_prior_report(tmp_path: Path) -> Path:
    data = clean_data()
    budget = [r for r in data.tables["收支情况"] if not str(r["code"]).startswith("5")]
    budget += [
        _sangong("5", "“三公”经费", 12.31, 8.02, -4.29, -34.85, "压减公务用车和出国开支"),
        _sangong("5.1", "因公出国（境）费", None, 0),
        _sangong("5.2", "公务用车购置及运行费", 6.88, 6.12, -0.76, -11.05),
        _sangong("5.3", "公务接待费", 2.00, 1.90, -0.10, -5.00),
    ]
    tables = {**data.tables, "收支情况": budget}
    return write(tmp_path, WorkbookData(info=data.info, tables=tables))


def test_a_finding_computed_on_a_repaired_value_says_so(tmp_path):
    found = findings(_blank_prior_report(tmp_path))
    blamed = [f for f in found if f.severity == "error" and f.computed == 3.43]
    assert [(f.code, f.stated) for f in blamed] == [("SUM_MISMATCH", None)]
    cell = blamed[0].cell
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    unexplained = [f for f in only(found, "YOY_UNEXPLAINED") if f.cell == f"K{row}"]
    assert len(unexplained) == 1
    assert unexplained[0].message.startswith(
        f"若上年数按推算为 3.43（表中为空，见 {cell} 的错误），则「5.1 因公出国（境）费」"
        "全年执行数 0.00 比上年数 3.43 减少 3.43（−100.00%）"
    )
    assert unexplained[0].computed == -3.43
    # Nothing else rests on a repair, and nothing else says it does.
    assert [f for f in found if "按推算为" in f.message] == unexplained


def test_a_score_computed_from_a_repaired_total_names_the_total(tmp_path):
    """支出合计 全年执行数 blamed: the 预算执行率 indicator's score is computed from the fitted
    value, and its finding names the cell on 收支情况 it rests on."""
    clean = findings(write(tmp_path, name="clean.xlsx"))
    assert not only(clean, "SCORE_MISMATCH")
    path = edit(write(tmp_path), {"收支情况": {"F5": 1140}, "绩效指标": {"I2": 5}})
    found = only(findings(path), "SCORE_MISMATCH")
    assert [f.cell for f in found] == ["I2"]
    assert found[0].message.startswith(
        "若「2 支出合计」全年执行数按推算为 1,104.00（表中为 1,140.00，见 收支情况!F5 的错误），则"
    )


def test_a_form_finding_computed_on_a_repaired_execution_says_so(tmp_path):
    """A 10号 form whose 年度资金总额 全年执行数 80 is typed 800: blamed (its parts, 执行率 and
    执行率得分 agree on 80); the total and the inflated score computed from it say so, on the
    form's 总分 cell, naming the row they rest on."""

    def mistyped(data):  # type: ignore[no-untyped-def]  (a form_cases FormData)
        total, part = data.funds[0], data.funds[1]
        part.actual, total.actual, total.rate, total.score = 70, 800, "80.00%", 8

    data = make_form("10号", mistyped)
    found = form_findings(write_form(tmp_path, "10号", data))
    blamed = [f for f in found if f.severity == "error" and f.cell == "E6"]
    assert [(f.code, f.stated, f.computed) for f in blamed] == [("SUM_MISMATCH", 800, 80)]
    premise = "若「年度资金总额:」全年执行数按推算为 80.00（表中为 800.00，见 E6 的错误），则"
    resting = [(f.code, f.cell) for f in found if f.message.startswith(premise)]
    score = f"H{total_row('10号', data)}"
    assert resting == [("SELF_SCORE_INFLATED", score), ("TOTAL_SCORE_MISMATCH", score)]
    assert [f for f in found if "按推算为" in f.message and (f.code, f.cell) not in resting] == []
