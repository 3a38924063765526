"""The shipped example project forms: built by `make example` from published figures, each with
the faults the published form (or its page) shows, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from budget_batch import check_workbook
from budget_batch.samples.example_forms import EXAMPLES, main

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "input_templates"

#: Per example, the errors and warnings it raises (code, cell): its planted faults.
EXPECTED = {
    "示例_项目支出绩效自评表_国家.xlsx": {
        ("SCORE_MISMATCH", "H6"),  # 执行率得分 9 where 10 × 37.24 / 43.2 = 8.62
        ("SCORE_MISMATCH", "H13"),  # 工程资金金额: the same rounding
        ("TOTAL_SCORE_MISMATCH", "H30"),  # 98 stated, 97.24 computed
        ("SELF_SCORE_INFLATED", "H30"),  # 98 with 86% spent
    },
    "示例_项目支出绩效自评表_四川.xlsx": {
        ("SCORE_UNCOMPUTABLE", "H18"),  # 完成 on a ≤ 3.36 万元 cost row, scored full
        ("PROBLEMS_BOILERPLATE", "B23"),  # 存在问题 无
        ("PROBLEMS_BOILERPLATE", "B24"),  # 改进措施 无
    },
    "示例_项目支出绩效自评表_重庆.xlsx": {
        ("SCORE_MISMATCH", "K15"),  # 1.58 万元 per km against ≤ 1.5, scored full
        ("DEVIATION_UNEXPLAINED", "M15"),  # … with no reason
        ("TOTAL_SCORE_MISMATCH", "K19"),
        ("SELF_SCORE_INFLATED", "K19"),
    },
}


def content(path: Path) -> dict[str, object]:
    wb = load_workbook(path)
    return {
        ws.title: (
            [[c.value for c in row] for row in ws.iter_rows()],
            sorted(str(r) for r in ws.merged_cells.ranges),
        )
        for ws in wb.worksheets
    }


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_committed_example_matches_the_generator(tmp_path, name):
    main([str(tmp_path)])
    assert content(FOLDER / name) == content(tmp_path / name), f"{name} is stale: run make example"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_example_raises_its_planted_faults_and_nothing_else(name):
    result = check_workbook(FOLDER / name)
    assert result.status == "checked" and result.kind == "project_form"
    found = {(f.code, f.cell) for f in result.findings if f.severity.value != "info"}
    assert found == EXPECTED[name]
    assert any(
        "示例" in str(v) for rows, _ in content(FOLDER / name).values() for row in rows for v in row
    )
