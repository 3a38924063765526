"""The outputs open in a real client: LibreOffice converts the workbooks and the draft to PDF.

CI installs LibreOffice (.ci/run); elsewhere the test is skipped when soffice is missing."""

from pathlib import Path

import pytest
from conftest import EXAMPLE
from office import pdf_text, to_pdf

from budget_batch import run_batch


@pytest.mark.office
def test_outputs_convert_to_pdf(tmp_path):
    """The copy, 批量汇总 and the draft, converted in one LibreOffice run: each gives a PDF whose
    pages hold what the output says (its sheets' footers, the department) — not a size or a page
    count, which depend on the fonts the machine has."""
    out = tmp_path / "out"
    report = run_batch([EXAMPLE], out, jobs=1)
    files = [
        Path(report.workbooks[0].output),
        out / "批量汇总.xlsx",
        out / "示例_花都区残联_2023_自评报告.docx",
    ]
    copy, batch, draft = ("".join(pdf_text(pdf)) for pdf in to_pdf(files, tmp_path / "pdf"))
    for sheet in ("审核结果", "汇总", "收支情况", "绩效指标"):
        assert sheet in copy, sheet
    assert "工作簿一览" in batch and "广州市花都区残疾人联合会" in batch
    assert "广州市花都区残疾人联合会" in draft and "自评" in draft
