"""The check engine: a check that raises becomes a finding; the others still run."""

import pytest
from builders import findings, only, write

from budget_batch.checks import registry
from budget_batch.model import WorkbookModel


@pytest.mark.fires("CHECK_FAILED")
def test_a_broken_check_becomes_a_finding(tmp_path, monkeypatch):
    def broken(model, settings):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    checks = [registry.Check("broken", (), broken, WorkbookModel), *registry.REGISTRY]
    monkeypatch.setattr(registry, "REGISTRY", checks)
    path = write(tmp_path)
    found = findings(path)
    failed = only(found, "CHECK_FAILED")
    assert [(f.sheet, f.cell, f.severity) for f in failed] == [("", "", "error")]
    assert "broken" in failed[0].message and "ZeroDivisionError" in failed[0].message


def test_other_checks_still_run_after_a_broken_one(tmp_path, monkeypatch):
    from builders import edit

    def broken(model, settings):
        raise RuntimeError("x")

    monkeypatch.setattr(
        registry,
        "REGISTRY",
        [registry.Check("broken", (), broken, WorkbookModel), *registry.REGISTRY],
    )
    path = edit(write(tmp_path), {"收支情况": {"F3": 1050}})
    codes = {f.code for f in findings(path)}
    assert {"CHECK_FAILED", "SUM_MISMATCH"} <= codes
