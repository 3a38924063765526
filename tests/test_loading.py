"""A run imports only what the documents it meets need (kinds.REGISTERED, checks/loading.py):
the tables that say so agree with the kinds and checks they name, the checks of a model run in
the same order however they were imported, and a check across documents that is not imported
would have had nothing to say."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest
from conftest import ROOT

from budget_batch import pipeline
from budget_batch.checks import load_all, registry
from budget_batch.checks.across import ACROSS as ACROSS_CHECKS
from budget_batch.checks.loading import ACROSS, ACROSS_NEEDS, CHECK_MODULES
from budget_batch.kinds import REGISTERED, all_kinds, kind
from budget_batch.kinds.text_kind import TextKind
from budget_batch.settings import DEFAULT

EXAMPLES = ROOT / "input_templates"


def test_the_kinds_table_names_each_kind_as_it_is():
    kinds = all_kinds()
    assert [k.name for k in kinds] == ["template", "forms", "final_accounts", "report"]
    for module, _, json_kinds, text in REGISTERED:
        found = kind(module)
        assert found.json_kinds == json_kinds
        assert isinstance(found, TextKind) == text


def test_the_check_table_names_each_module_as_it_registers():
    load_all()
    for chk in [*registry.REGISTRY, *registry.RELATIONS]:
        module = chk.func.__module__.rsplit(".", 1)[1]
        assert CHECK_MODULES[module] == chk.on.__name__, module
    for chk in ACROSS_CHECKS:
        assert CHECK_MODULES[chk.func.__module__.rsplit(".", 1)[1]] == ACROSS
    assert set(ACROSS_NEEDS) == {m for m, on in CHECK_MODULES.items() if on == ACROSS}
    registering = {
        path.stem
        for path in (ROOT / "budget_batch" / "checks").glob("*.py")
        if re.search(r"^@(check|relations|across)\(", path.read_text(encoding="utf-8"), re.M)
    }
    assert registering == set(CHECK_MODULES)


def _fresh(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout


def test_checking_one_of_ours_imports_nothing_of_the_other_kinds():
    out = _fresh(
        "import sys\n"
        "from budget_batch import pipeline\n"
        f"r = pipeline.check_workbook({str(EXAMPLES / '示例_花都区残联_2023.xlsx')!r})\n"
        "print(r.status, len(r.findings))\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    status, modules = out.splitlines()
    assert status == "checked 8"
    loaded = set(modules.split())
    for absent in (
        "budget_batch.read.form_reader",
        "budget_batch.read.accounts_reader",
        "budget_batch.read.report_reader",
        "budget_batch.narrative",
        "budget_batch.checks.form_checks",
        "budget_batch.checks.accounts_cross",
        "budget_batch.checks.text_checks",
        "pandas",
        "docx",
        "openpyxl",
    ):
        assert absent not in loaded, absent


def test_a_models_checks_run_in_one_order_however_imported():
    code = (
        "from budget_batch.checks import registry\n"
        "from budget_batch.checks.loading import _load\n"
        "_load({first})\n"
        "_load(['execution', 'indicator_checks', 'plausibility', 'problems_measures', "
        "'project_totals', 'shares', 'sums', 'total_score', 'year_on_year'])\n"
        "print([c.name for c in registry.REGISTRY if c.on.__name__ == 'WorkbookModel'])\n"
        "print([c.name for c in registry.RELATIONS if c.on.__name__ == 'WorkbookModel'])\n"
    )
    forms_first = _fresh(code.format(first="['form_score_checks', 'form_checks']"))
    template_only = _fresh(code.format(first="[]"))
    everything = _fresh(code.format(first="list(__import__('budget_batch.checks.loading')"
                                     ".checks.loading.CHECK_MODULES)"))  # fmt: skip
    assert forms_first == template_only == everything
    assert "over_budget" in template_only


@pytest.fixture(scope="module")
def examples():
    """One checked result of every kind (the shipped examples)."""
    names = [
        "示例_花都区残联_2023.xlsx",
        "示例_项目支出绩效自评表_四川.xlsx",
        "示例_部门决算_花都区残联_2023.xlsx",
        "示例_花都区残联_2023_自评报告.docx",
    ]
    return [pipeline.check_workbook(EXAMPLES / n) for n in names]


def test_a_check_across_documents_left_out_would_say_nothing(examples):
    load_all()
    kinds = [r.kind for r in examples]
    assert set(kinds) == {"department", "project_form", "final_accounts", "report"}
    for chk in ACROSS_CHECKS:
        module = chk.func.__module__.rsplit(".", 1)[1]
        needs = ACROSS_NEEDS[module]
        for leave_out in {*kinds, None}:
            batch = [r for r in examples if r.kind != leave_out]
            if needs(Counter(r.kind for r in batch)):
                continue
            outcome = chk.func(batch, DEFAULT)
            said = [x for found in outcome.findings.values() for x in found]
            links = [x for found in outcome.links.values() for x in found]
            assert said == [] and links == [], (module, leave_out)
    # and one the full batch needs is imported for it
    assert all(needs(Counter(kinds)) for m, needs in ACROSS_NEEDS.items() if m != "prior_year")
