"""部门决算 workbooks for the tests: the example 决算 (tools/accounts_example.py) in any layout,
with any figure changed, and where each figure of it lands once read."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from budget_batch.accounts_model import AccountsModel
from budget_batch.checks.accounts_figures import figures
from budget_batch.findings import Finding
from budget_batch.kinds import read_document
from budget_batch.pipeline import check_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ACCOUNTS = ROOT / "input_templates" / "示例_部门决算_花都区残联_2023.xlsx"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location(
        "accounts_example", ROOT / "tools" / "accounts_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accounts_example"] = module
    spec.loader.exec_module(module)
    return module


example = _load()
Variant = example.Variant


def build(folder: Path, name: str = "决算.xlsx", **options: Any) -> Path:
    """The example 决算 without its planted faults (unless `faults=True`), in the layout the
    options say (Variant's fields), at folder/name."""
    options.setdefault("faults", False)
    return example.build(folder / name, Variant(**options))[0]


def model_of(path: Path) -> AccountsModel:
    kind, read = read_document(path)
    assert isinstance(read.model, AccountsModel), kind.name
    return read.model


def cell_of(path: Path, name: str) -> tuple[str, str]:
    """(sheet, cell) where the figure `name` (accounts_figures) is read."""
    ref = figures(model_of(path))[name]
    return ref.row.sheet, ref.row.ref(ref.key)


def serious(path: Path) -> list[Finding]:
    """The errors and warnings of checking `path` alone."""
    result = check_workbook(path)
    assert result.status == "checked", result.error
    return [f for f in result.findings if f.severity.value != "info"]
