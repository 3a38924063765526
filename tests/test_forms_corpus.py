"""Real published forms in layouts no spec describes (tests/documents/forms/, 17 documents from
11 provinces): each raises exactly the faults its publisher left (code, sheet, cell), and no
other warning or error — except what the transcription's cut of a partial page causes (listed
per document as `truncation_artefacts`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import Document, build, documents

from budget_batch import check_workbook

FORMS = documents("forms")


def _artefact(doc: Document, code: str, sheet: str) -> bool:
    listed = doc.meta.get("truncation_artefacts", [])
    return code in listed or f"{code}@{sheet}" in listed


@pytest.mark.parametrize("doc", FORMS, ids=[d.name for d in FORMS])
def test_a_real_form_raises_its_published_faults_and_nothing_else(tmp_path: Path, doc: Document):
    result = check_workbook(build(doc, tmp_path / f"{doc.name}.xlsx"))
    assert result.status == "checked", result.error
    assert result.kind in ("project_form", "department_form", "scoring_table")
    expected = {(e.code, e.sheet, e.cell) for e in doc.expected}
    found = {
        (f.code, f.sheet, f.cell)
        for f in result.findings
        if f.severity.value != "info" and not _artefact(doc, f.code, f.sheet)
    }
    assert found == expected


def test_the_corpus_is_what_its_readme_says():
    assert len(FORMS) == 19
    assert sum(len(d.expected) for d in FORMS) == 47
    assert {d.kind for d in FORMS} == {"project_form", "department_form", "scoring_table"}
