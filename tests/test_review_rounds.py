"""Matching one round's findings against the last (review_rounds.compare)."""

from dataclasses import replace

from budget_batch import catalogue as C
from budget_batch.review_rounds import Recorded, compare


def found(code, cell, key):
    return replace(code.finding("收支情况", cell, "…"), key=key)


def recorded(code, severity, cell, key):
    return Recorded(code, severity, "收支情况", cell, "…", key)


def test_matched_by_row_key_and_column_not_by_address():
    before = [
        recorded("SUM_MISMATCH", "error", "F5", ("code:2", "全年执行数")),
        recorded("SHARE_MISMATCH", "warning", "I3", ("code:1.1", "占比(%)")),
        recorded("SHARE_MISMATCH", "warning", "I4", ("code:1.2", "占比(%)")),
        recorded("TOTAL_ROW_IGNORED", "info", "A20", ("合计", "编码")),  # info: never a problem
    ]
    now = [
        # the same total, two rows further down (rows were inserted above it)
        found(C.SUM_MISMATCH, "F7", ("code:2", "全年执行数")),
        # the same code on another row is another problem
        found(C.SHARE_MISMATCH, "I9", ("code:2.2", "占比(%)")),
        found(C.TOTAL_ROW_IGNORED, "A22", ("合计", "编码")),
    ]
    result = compare(2, before, now)
    assert result.to_json() == {"resolved": 2, "open": 1, "new": 1}
    assert [r.cell for r in result.resolved] == ["I3", "I4"]
    assert [f.cell for f in result.open] == ["F7"] and [f.cell for f in result.new] == ["I9"]
    assert result.line == "第 2 轮审核；与上次相比：已改正 2 项，仍存在 1 项，新增 1 项"


def test_two_problems_with_one_key_are_two():
    key = ("code:2", "全年执行数")
    before = [recorded("SUM_MISMATCH", "error", "F5", key)] * 2
    now = [found(C.SUM_MISMATCH, "F5", key)]
    assert compare(3, before, now).to_json() == {"resolved": 1, "open": 1, "new": 0}
