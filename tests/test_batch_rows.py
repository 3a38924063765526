"""批量汇总 of a batch of one workbook is written without pandas (write/batch/rows.py): exactly
what the DataFrames would have written, part by part, for every kind of document alone."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from builders import write
from conftest import ROOT

from budget_batch import run_batch
from budget_batch.write.batch.batch_summary import write_batch_summary

EXAMPLES = ROOT / "input_templates"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in sorted(z.namelist())}


@pytest.mark.parametrize(
    "name",
    [
        "示例_花都区残联_2023.xlsx",
        "示例_项目支出绩效自评表_四川.xlsx",
        "示例_项目支出绩效自评表_国家.xlsx",
        "示例_部门决算_花都区残联_2023.xlsx",
        "示例_花都区残联_2023_自评报告.docx",
        "not_a_workbook.xlsx",
        "clean.xlsx",
    ],
)
def test_one_workbook_without_pandas_as_with_it(tmp_path, name):
    if name == "not_a_workbook.xlsx":
        source = tmp_path / "in" / name
        source.parent.mkdir()
        source.write_text("不是工作簿", encoding="utf-8")
    elif name == "clean.xlsx":
        source = write(tmp_path, name=name)
    else:
        source = EXAMPLES / name
    out = tmp_path / "out"
    report = run_batch([source], out, jobs=1)
    assert len(report.workbooks) == 1
    light = _parts(out / "批量汇总.xlsx")
    write_batch_summary(report, out / "pandas.xlsx", light=False)
    assert light == _parts(out / "pandas.xlsx")
    write_batch_summary(report, out / "light.xlsx", light=True)
    assert light == _parts(out / "light.xlsx")


def test_a_lone_workbook_imports_no_pandas(tmp_path):
    code = (
        "import sys; from budget_batch.cli import main; sys.argv = ['budget-batch', 'report', "
        f"{str(ROOT / 'input_templates' / '示例_花都区残联_2023.xlsx')!r}, '-o', {str(tmp_path)!r}];"
        "\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy', 'openpyxl')))"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "批量汇总.xlsx").exists() and (tmp_path / "report.json").exists()
