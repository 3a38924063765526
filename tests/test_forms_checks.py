"""forms.md's table, per family (10号, 四川, 重庆): a clean form raises no error or warning; each
code fires at the right cell on a crafted form, and stays quiet on its twin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from form_cases import (
    FAMILIES,
    LAYOUT,
    found,
    indicator_row,
    make,
    serious,
    total_row,
    write,
)

from budget_batch.samples.form_data import FormData


@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_clean_form_raises_no_error_or_warning(tmp_path, family):
    findings = found(write(tmp_path, family))
    assert serious(findings) == []


@dataclass
class Case:
    family: str
    change: Callable[[FormData], None]
    code: str
    cell: Callable[[FormData], str]
    severity: str = "error"
    computed: object = None


def fund(family: str, key: str, offset: int = 0) -> Callable[[FormData], str]:
    return lambda data: f"{LAYOUT[family][key]}{LAYOUT[family]['total'] + offset}"


def ind(family: str, key: str, index: int) -> Callable[[FormData], str]:
    return lambda data: f"{LAYOUT[family][key]}{indicator_row(family, data, index)}"


def total(family: str) -> Callable[[FormData], str]:
    col = {"10号": "H", "四川": "J", "重庆": "K"}[family]
    return lambda data: f"{col}{total_row(family, data)}"


def total_weight(family: str) -> Callable[[FormData], str]:
    col = {"10号": "G", "四川": "I", "重庆": "J"}[family]
    return lambda data: f"{col}{total_row(family, data)}"


def _set(**values):  # type: ignore[no-untyped-def]
    """Set fund fields: total_final=0 → funds[0].final = 0; part1_actual=… → funds[1].actual."""

    def change(data: FormData) -> None:
        for name, value in values.items():
            where, attr = name.split("_", 1)
            line = data.funds[0] if where == "total" else data.funds[int(where[-1])]
            setattr(line, attr, value)

    return change


def _row(index: int, **values):  # type: ignore[no-untyped-def]
    def change(data: FormData) -> None:
        for attr, value in values.items():
            setattr(data.indicators[index], attr, value)

    return change


def _both(*changes):  # type: ignore[no-untyped-def]
    def change(data: FormData) -> None:
        for c in changes:
            c(data)

    return change


def _rate(family: str, value: float) -> object:
    """An execution rate as each family writes it: text on the 10号 form, a fraction elsewhere."""
    return f"{value * 100:.2f}%" if family == "10号" else value


TOTALS = {"10号": 100.0, "四川": 47.0, "重庆": 640.0}  # each clean form's 全年预算数
CASES = []
for fam in FAMILIES:
    CASES += [
        # 年度资金总额 left at 0 over its filled parts: the total is blamed, with the sum.
        pytest.param(
            Case(
                fam, _set(total_final=0), "SUM_MISMATCH", fund(fam, "budget"), computed=TOTALS[fam]
            ),
            id=f"{fam}-sum-total-left-at-0",
            marks=pytest.mark.fires("SUM_MISMATCH"),
        ),
        # A stated 执行率 that its figures do not give: the rate is blamed.
        pytest.param(
            Case(
                fam,
                _set(total_rate=_rate(fam, 0.9)),
                "EXEC_RATE_MISMATCH",
                fund(fam, "rate"),
                computed=100.0,
            ),
            id=f"{fam}-rate",
            marks=pytest.mark.fires("EXEC_RATE_MISMATCH"),
        ),
        # 执行率得分 below 分值 × min(执行率, 100%): a warning on the score.
        pytest.param(
            Case(fam, _set(total_score=9), "SCORE_MISMATCH", fund(fam, "score"), "warning", 10.0),
            id=f"{fam}-exec-score-lower",
            marks=pytest.mark.fires("SCORE_MISMATCH"),
        ),
        pytest.param(
            Case(fam, _row(0, score=5), "SCORE_MISMATCH", ind(fam, "i_score", 0), "warning"),
            id=f"{fam}-row-score-lower",
            marks=pytest.mark.fires("SCORE_MISMATCH"),
        ),
        pytest.param(
            Case(
                fam,
                lambda d: setattr(d, "total_score", 99),
                "TOTAL_SCORE_MISMATCH",
                total(fam),
                "warning",
                100.0,
            ),
            id=f"{fam}-total-lower",
            marks=pytest.mark.fires("TOTAL_SCORE_MISMATCH"),
        ),
        pytest.param(
            Case(
                fam, _row(1, weight=20, score=20), "WEIGHT_TOTAL", total_weight(fam), computed=100.0
            ),
            id=f"{fam}-weights",
            marks=pytest.mark.fires("WEIGHT_TOTAL"),
        ),
        pytest.param(
            Case(fam, _row(0, target=None), "REQUIRED_EMPTY", ind(fam, "i_target", 0)),
            id=f"{fam}-target-empty",
            marks=pytest.mark.fires("REQUIRED_EMPTY"),
        ),
        pytest.param(
            Case(fam, lambda d: setattr(d, "project", ""), "REQUIRED_EMPTY", lambda d: "B3"),
            id=f"{fam}-project-empty",
            marks=pytest.mark.fires("REQUIRED_EMPTY"),
        ),
        pytest.param(
            Case(
                fam,
                lambda d: setattr(
                    d, "indicators", [i for i in d.indicators if i.level1 != "满意度指标"]
                ),
                "DIMENSION_MISSING",
                lambda d, fam=fam: f"{'A' if fam == '重庆' else 'B'}{LAYOUT[fam]['first'] - 1}",
                "warning",
            ),
            id=f"{fam}-no-satisfaction",
            marks=pytest.mark.fires("DIMENSION_MISSING"),
        ),
    ]


@pytest.mark.parametrize("case", CASES)
def test_each_code_fires_at_its_cell(tmp_path, case: Case):
    data = make(case.family, case.change)
    findings = found(write(tmp_path, case.family, data))
    hits = [f for f in findings if f.code == case.code and f.cell == case.cell(data)]
    assert hits, [(f.code, f.cell, f.message) for f in findings]
    assert hits[0].severity.value == case.severity, hits[0].message
    if case.computed is not None:
        assert hits[0].computed == case.computed, hits[0].message
