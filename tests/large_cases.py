"""A department workbook with many projects and every kind of project fault planted in it, for
holding the columnar reading of a large 项目支出 (read/table_columns.py) to the row-by-row one.

`python tests/large_cases.py OUT.xlsx [PROJECTS]` writes one (100,000 projects by default).
The example's other sheets are kept; 收支情况 2.2 and the 合计 row match the projects, except
where a fault is planted on purpose. Faults sit at fixed fractions of the sheet (the first, the
middle, the last rows …) so that each lands at the same place whatever the size.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment

from budget_batch import WorkbookData, write_workbook
from budget_batch.samples.example_workbook import (
    example_data,
    plain_projects,  # noqa: E402
)

Project = dict[str, Any]


def _scale(p: Project, factor: float) -> None:
    for key in ("budget_initial", "budget_final", "actual"):
        p[key] = round(p[key] * factor, 2)


#: (fraction of the sheet, what is done to the project there). Each one makes a finding (or, where
#: said, must stay quiet) on the row-by-row path; the columnar path must say the same.
FAULTS: list[tuple[float, Callable[[Project], None]]] = [
    (0.0, lambda p: p.update(budget_initial=-p["budget_initial"])),  # NEGATIVE_AMOUNT
    (0.01, lambda p: p.update(actual=round(p["budget_final"] * 1.2, 2), exec_rate=120)),  # over
    (0.02, lambda p: p.update(actual=round(p["budget_final"] * 0.3, 2), exec_rate=30)),  # low
    (
        0.03,
        lambda p: p.update(actual=round(p["budget_final"] * 0.3, 2), exec_rate=30, note="未完工"),
    ),
    (0.04, lambda p: p.update(budget_initial=round(p["budget_final"] * 0.5, 2))),  # adjusted
    (0.05, lambda p: p.update(budget_initial=round(p["budget_final"] * 0.5, 2), note="追加")),
    (0.06, lambda p: p.update(exec_rate=95)),  # EXEC_RATE_MISMATCH
    (0.07, lambda p: p.update(exec_rate=99.99)),  # a rate off in its last place
    (
        0.08,  # the rate computed on 年初预算数
        lambda p: p.update(
            budget_initial=round(p["budget_final"] * 0.8, 2),
            exec_rate=125,
            note="追加",
        ),
    ),
    (0.09, lambda p: p.update(actual=f"{p['actual']:,.2f}")),  # a number typed as text
    (0.10, lambda p: p.update(prior_actual="待定")),  # text in an amount column
    (0.11, lambda p: p.update(name=None)),  # REQUIRED_EMPTY
    (0.12, lambda p: p.update(name="—")),  # a dash in a required cell
    (0.13, lambda p: p.update(outcome="2019年已完成")),  # YEAR_MISMATCH
    (0.14, lambda p: p.update(outcome="为2035年远景目标打基础")),  # quiet: a plan
    (0.15, lambda p: p.update(note="2018年结转")),  # YEAR_MISMATCH in 说明
    (0.16, lambda p: _scale(p, 10000)),  # UNIT_SUSPECT: a row in 元
    (0.17, lambda p: p.update(name=f"  {p['name']}  ")),  # spaces kept as stored
    (0.18, lambda p: p.update(budget_final=None, exec_rate=None)),  # REQUIRED_EMPTY (amount)
    (0.19, lambda p: p.update(actual=0, exec_rate=0)),  # nothing spent: low, no note
    (0.20, lambda p: p.update(budget_initial=0)),  # a new project: no adjustment finding
    (0.21, lambda p: p.update(exec_rate=33.33, budget_final=3.0, actual=1.0, budget_initial=3.0)),
    (0.22, lambda p: p.update(exec_rate=33.34, budget_final=3.0, actual=1.0, budget_initial=3.0)),
    (0.23, lambda p: p.update(score=95, source="政府性基金")),
    (0.24, lambda p: p.update(seq=None)),
    (0.25, lambda p: p.update(name="小计")),  # TOTAL_ROW_IGNORED
    (0.30, lambda p: p.update(actual=-1.5, exec_rate=None)),  # negative spending
    (0.35, lambda p: p.update(exec_rate=None)),
    (0.40, lambda p: p.update(note="计划")),  # 计 in a text: not a total
    (0.45, lambda p: p.update(name="合计数据采集项目")),  # a name with 计, not a total
    (0.50, lambda p: p.update(budget_final=0.0, actual=0.0, exec_rate=None)),
    (0.55, lambda p: p.update(exec_rate="100%")),  # a rate typed as text
    (0.60, lambda p: p.update(actual=round(p["budget_final"] * 0.84, 2), exec_rate=84)),  # fine
    (0.65, lambda p: p.update(budget_initial=round(p["budget_final"] * 0.9, 2))),  # −10%: quiet
    (0.999, lambda p: p.update(actual=round(p["budget_final"] * 1.0001, 2))),  # near
]

#: Cell edits done with openpyxl after writing (what the template writer cannot write): a
#: formula with its cached value, an error value, a percent format, a merged name, a hidden row.
#: Column letters as in builders (项目支出: A 序号 … F 全年预算数, G 全年执行数, H 执行率).
EDITS = (0.70, 0.75, 0.80, 0.85, 0.90)


def projects(count: int, seed: int = 11) -> list[Project]:
    """`count` plain projects with FAULTS planted at their fractions of the table."""
    out = plain_projects(count, seed)
    for fraction, fault in FAULTS:
        fault(out[min(int(fraction * count), count - 1)])
    return out


def _number(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return 0.0


def write_large(path: Path, count: int, *, mistyped: bool = True) -> Path:
    """The workbook: `count` projects with FAULTS and EDITS; 2.2 and a 合计 row as their sums
    (one project's 全年预算数 then mistyped by a transposition, when `mistyped`)."""
    base = example_data()
    items = projects(count)
    sums = {
        k: round(sum(_number(p.get(k)) for p in items if p.get("name") != "小计"), 2)
        for k in ("budget_initial", "budget_final", "actual")
    }
    budget = [dict(r) for r in base.tables["收支情况"]]
    by_code = {r["code"]: r for r in budget}
    spend = by_code["2.1"]["actual"]
    for code, extra in (("2.2", 0.0), ("2", spend), ("1", spend), ("1.1", spend - 20)):
        row = by_code[code]
        for key in ("budget_initial", "budget_final", "actual"):
            row[key] = round(sums[key] + extra, 2)
        row.update(share=None, yoy_amount=None, yoy_rate=None, prior=None, exec_rate=None)
    by_code["1.2"]["share"] = None
    by_code["2.1"]["share"] = None
    total = {"name": "合计", **{k: sums[k] for k in sums}}
    if mistyped:  # a transposition in one project's 全年预算数: blamed on that cell, not the totals
        p = items[int(0.5 * count) + 1]
        figure = f"{p['budget_final']:.2f}"
        swapped = figure[:-2] + figure[-1] + figure[-2]
        if swapped != figure:
            p["budget_final"] = float(swapped)
    write_workbook(
        path,
        WorkbookData(
            info=base.info,
            tables={**base.tables, "收支情况": budget, "项目支出": [*items, total]},
            extra_columns=base.extra_columns,
        ),
    )
    _edit(path, count)
    return path


def _edit(path: Path, count: int) -> None:
    wb = load_workbook(path)
    ws = wb["项目支出"]
    rows = [min(int(f * count), count - 1) + 2 for f in EDITS]
    formula, error, percent, merged, hidden = rows
    ws[f"H{formula}"] = f"=G{formula}/F{formula}*100"  # no cached value: openpyxl writes none
    ws[f"G{error}"] = "#DIV/0!"
    ws[f"G{error}"].data_type = "e"
    ws[f"H{percent}"] = 1.0
    ws[f"H{percent}"].number_format = "0.00%"
    ws.merge_cells(f"I{merged}:I{merged + 1}")
    ws.row_dimensions[hidden].hidden = True
    ws[f"B{hidden}"].comment = Comment("隐藏行", "test")
    ws[f"D{hidden}"] = -5  # 上年执行数: not in the sums
    wb.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    write_large(out, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(out)
