"""The outputs open in a real client: LibreOffice converts the workbooks and the draft to PDF.

CI installs LibreOffice (.ci/run); elsewhere the test is skipped when soffice is missing."""

import os
import shutil
import subprocess

import pytest
from conftest import EXAMPLE

from budget_batch import run_batch

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed"
)
def test_outputs_convert_to_pdf(tmp_path):
    assert SOFFICE, "CI must install LibreOffice (see .ci/run)"
    out = tmp_path / "out"
    report = run_batch([EXAMPLE], out, jobs=1)
    files = [
        report.workbooks[0].output,
        str(out / "批量汇总.xlsx"),
        str(out / "示例_花都区残联_2023_自评报告.docx"),
    ]
    profile = tmp_path / "lo-profile"
    for name in files:
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "pdf"),
                name,
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    pdfs = sorted(p.name for p in (tmp_path / "pdf").glob("*.pdf"))
    assert pdfs == [
        "批量汇总.pdf",
        "示例_花都区残联_2023_审核.pdf",
        "示例_花都区残联_2023_自评报告.pdf",
    ]
    assert all((tmp_path / "pdf" / p).stat().st_size > 10_000 for p in pdfs)
