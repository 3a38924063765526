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


def convert(files: list[Path], out: Path, to: str) -> list[Path]:
    """Convert `files` to format `to` (pdf, xlsx) in one LibreOffice run, into `out`, with a
    private profile so that runs never clash. Converting .xlsx to .xlsx re-saves it as a
    department working in LibreOffice would."""
    assert SOFFICE, "CI must install LibreOffice (see .ci/run)"
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out.parent / (out.name + '-lo-profile')}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    made = [out / f"{f.stem}.{to}" for f in files]
    assert all(p.exists() for p in made), done.stdout
    return made


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    return convert(files, out, "pdf")


def resave(files: list[Path], out: Path) -> list[Path]:
    """`files` re-saved by LibreOffice as .xlsx into `out`."""
    return convert(files, out, "xlsx")


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


SYSTEM_PYTHON = Path("/usr/bin/python3")  # the Python that has LibreOffice's `uno` module


def _has_uno() -> bool:
    if SOFFICE is None or not SYSTEM_PYTHON.exists():
        return False
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True, check=False
    )
    return done.returncode == 0


needs_uno = pytest.mark.skipif(not _has_uno(), reason="LibreOffice with python3-uno not installed")


def insert_rows(src: Path, dest: Path, sheet: str, row: int, count: int, profile: Path) -> Path:
    """LibreOffice, through its own API, inserts `count` rows above 1-based `row` of `sheet` in
    `src` and saves the result as .xlsx to `dest` (tests/lo_insert_rows.py)."""
    script = Path(__file__).with_name("lo_insert_rows.py")
    subprocess.run(
        [
            str(SYSTEM_PYTHON),
            str(script),
            str(src),
            str(dest),
            sheet,
            str(row),
            str(count),
            str(profile),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return dest
