"""LibreOffice as a real client in tests: convert to PDF, count the printed pages.

CI installs LibreOffice (.ci/run); elsewhere these tests are skipped when soffice is missing."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

needs_office = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed"
)


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    """Convert `files` to PDF in one LibreOffice run (a private profile, so runs never clash)."""
    assert SOFFICE, "CI must install LibreOffice (see .ci/run)"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdfs = [out / f"{f.stem}.pdf" for f in files]
    assert all(p.exists() for p in pdfs), done.stdout
    return pdfs


#: A page object's dictionary (`/Type /Page`, not `/Type /Pages`). LibreOffice writes page
#: dictionaries uncompressed; the page tree's /Count must agree (checked below).
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF, by its page objects, cross-checked with the page tree."""
    data = path.read_bytes()
    pages = len(_PAGE.findall(data))
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    assert counts and max(counts) == pages, (path, pages, counts)
    return pages


def pdf_text(path: Path) -> list[str]:
    """The text of each page (pdftotext, from poppler-utils, which CI installs with LibreOffice)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    return text.split("\f")[: pdf_pages(path)]
