"""Meta-tests that keep the catalogue honest."""

from pathlib import Path

from budget_batch.catalogue import CATALOGUE, render_markdown
from budget_batch.checks import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_is_documented_and_has_text():
    for code, entry in CATALOGUE.items():
        assert code == entry.code and code.isupper()
        assert entry.title and entry.meaning and entry.fix
        assert entry.severities


def test_docs_checks_md_is_current():
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/checks.md is stale: run make docs"


def test_registered_checks_emit_catalogue_codes():
    for chk in REGISTRY:
        assert chk.codes, chk.name
        assert all(c.code in CATALOGUE for c in chk.codes)


def test_every_code_has_a_firing_test():
    """Each catalogue code is asserted by name in some test module."""
    text = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").glob("test_*.py")
        if p.name != "test_catalogue.py"
    )
    missing = [code for code in CATALOGUE if f'"{code}"' not in text]
    assert missing == []
