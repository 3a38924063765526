"""Meta-tests that keep the catalogue honest."""

import ast
from pathlib import Path

from budget_batch.catalogue import CATALOGUE
from budget_batch.checks import REGISTRY, load_all
from budget_batch.samples.catalogue_doc import render_markdown

ROOT = Path(__file__).resolve().parents[1]
#: Codes kept in the catalogue (codes are stable) that nothing emits yet, so no test can make them
#: fire. None at present: NOT_PRESERVED, reserved by issue 14, is emitted since issue 17 by the
#: copy of an .xls/.xlsb/.ods rebuilt from its values (write/copy/converted_copy.py).
RESERVED: set[str] = set()


def test_every_code_is_documented_and_has_text():
    for code, entry in CATALOGUE.items():
        assert code == entry.code and code.isupper()
        assert entry.title and entry.meaning and entry.fix
        assert entry.severities


def test_docs_checks_md_is_current():
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/checks.md is stale: run make docs"


def test_registered_checks_emit_catalogue_codes():
    load_all()
    assert {chk.func.__module__ for chk in REGISTRY} >= {
        "budget_batch.checks.execution",
        "budget_batch.checks.form_checks",
        "budget_batch.checks.accounts_cross",
        "budget_batch.checks.text_checks",
    }
    for chk in REGISTRY:
        assert chk.codes, chk.name
        assert all(c.code in CATALOGUE for c in chk.codes)


def fires_markers() -> dict[str, list[str]]:
    """Code → the tests marked `@pytest.mark.fires(code)` (conftest checks each really fires)."""
    marked: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if (
                    isinstance(deco, ast.Call)
                    and isinstance(deco.func, ast.Attribute)
                    and deco.func.attr == "fires"
                ):
                    for arg in deco.args:
                        assert isinstance(arg, ast.Constant), f"{path.name}::{node.name}"
                        marked.setdefault(arg.value, []).append(f"{path.name}::{node.name}")
    return marked


def test_every_code_has_a_firing_test():
    """Each catalogue code is the argument of a `fires` marker on some test, unless reserved."""
    marked = fires_markers()
    assert [code for code in CATALOGUE if code not in marked and code not in RESERVED] == []
    assert [code for code in marked if code not in CATALOGUE] == []


def test_reserved_codes_are_documented_and_emitted_nowhere():
    """A reserved code is in the catalogue, has no firing test, and no module but the catalogue
    names it: once something emits it, it needs a firing test and leaves RESERVED."""
    assert RESERVED <= set(CATALOGUE)
    assert RESERVED.isdisjoint(fires_markers())
    for path in sorted((ROOT / "budget_batch").rglob("*.py")):
        if path.name == "catalogue.py":
            continue
        names = {
            node.attr if isinstance(node, ast.Attribute) else node.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute | ast.Name)
        }
        assert RESERVED.isdisjoint(names), path


def test_a_fires_marker_without_the_code_fails(pytester):
    """The marker is verified: a test claiming a code it never makes fire fails."""
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    fires(*codes): verified by conftest\n")
    pytester.makepyfile(
        """
        import pytest
        from budget_batch import catalogue as C

        @pytest.mark.fires("SUM_MISMATCH")
        def test_claims_but_emits_another():
            C.SHARE_TOTAL.finding("收支情况", "I2", "x")

        @pytest.mark.fires("SHARE_TOTAL")
        def test_claims_and_emits():
            C.SHARE_TOTAL.finding("收支情况", "I2", "x")
        """
    )
    outcome = pytester.runpytest("-p", "no:cacheprovider")
    # The claiming test's body passes; the verification fails it at teardown.
    outcome.assert_outcomes(passed=2, errors=1)
    outcome.stdout.fnmatch_lines(["*never emitted*SUM_MISMATCH*"])
