"""读取说明 as golden files (forms.md, "Show how the form was read"): for every shipped example form
and every test form — the forms corpus, the three families of form_cases, the crafted scoring
tables — tests/golden/reading/<name>.txt holds `Reading.lines()` of each sheet read, so that a
change of reading shows in review as a text diff.

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reading_golden.py   # rewrite them

Read a changed golden as a reviewer would: is each block's range, each column's meaning and each
row's role what the form prints?
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from documents import build, documents
from form_cases import FAMILIES, write
from scoring_cases import alternatives, header_total, rubric

from budget_batch import read_workbook
from budget_batch.form_model import FormsModel

GOLDEN = Path(__file__).parent / "golden" / "reading"
EXAMPLES = sorted((ROOT / "input_templates").glob("示例_项目支出绩效自评表_*.xlsx"))
FAMILY_NAMES = {"10号": "national", "四川": "sichuan", "重庆": "chongqing"}
EXAMPLE_NAMES = {"国家": "national", "四川": "sichuan", "重庆": "chongqing"}

Make = Callable[[Path], Path]


def _cases() -> dict[str, Make]:
    cases: dict[str, Make] = {}
    for path in EXAMPLES:
        family = EXAMPLE_NAMES[path.stem.rsplit("_", 1)[1]]
        cases[f"example_{family}"] = lambda tmp, path=path: path
    for doc in documents("forms"):
        cases[f"forms_{doc.name}"] = lambda tmp, doc=doc: build(doc, tmp / f"{doc.name}.xlsx")
    for family in FAMILIES:
        cases[f"form_cases_{FAMILY_NAMES[family]}"] = lambda tmp, family=family: write(tmp, family)
    for make in (rubric, alternatives, header_total):
        cases[f"scoring_{make.__name__}"] = lambda tmp, make=make: build(make(), tmp / "t.xlsx")
    return cases


CASES = _cases()


def reading_text(path: Path) -> str:
    """What 读取说明 says of each sheet read, one block of lines per sheet."""
    model = read_workbook(path).model
    assert isinstance(model, FormsModel), type(model)
    lines: list[str] = []
    for reading in model.readings():
        lines += [*reading.lines(), ""]
    for sheet in model.unrecognized:  # titled as a form, its blocks not found (FORM_UNRECOGNIZED)
        lines += [f"工作表「{sheet.sheet}」：未识别（缺少{'、'.join(sheet.missing)}）", ""]
    return "\n".join(lines)


def test_every_shipped_example_form_has_a_golden():
    assert len(EXAMPLES) == 3
    assert len(CASES) == 3 + 19 + 3 + 3


def test_no_golden_is_left_without_its_form():
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reading_is_its_golden(tmp_path: Path, name: str):
    text = reading_text(CASES[name](tmp_path))
    assert text.strip(), f"{name}: nothing was read"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"no golden for {name}: run with UPDATE_GOLDEN=1 and review it"
    want = golden.read_text(encoding="utf-8")
    if text != want:
        diff = difflib.unified_diff(
            want.splitlines(), text.splitlines(), f"golden/{name}.txt", "read now", lineterm=""
        )
        pytest.fail(
            f"读取说明 of {name} changed (UPDATE_GOLDEN=1 rewrites the golden):\n" + "\n".join(diff)
        )
