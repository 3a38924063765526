"""LibreOffice as a real client in tests: convert, re-save, print to PDF and read the pages back.

A test that runs LibreOffice is marked `office`; conftest skips it when soffice is missing, except
in CI (.ci/run installs LibreOffice, so there a missing one fails). A test that reads a printed
layout back is marked `office(fonts=PRINT_FONTS)` (`printing`): it is skipped, with the reason,
on a machine without the fonts that layout assumes."""

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: What a printed page of ours assumes: a Chinese font (any: the text is Chinese), and Carlito,
#: which has Calibri's metrics and which LibreOffice puts in Calibri's place, so that column
#: widths, and so the columns that fit a page, come out as in Excel (without it a sheet spills
#: onto extra pages across).
PRINT_FONTS = (":lang=zh", "Carlito")

#: A test that prints with LibreOffice and reads the pages back.
printing = pytest.mark.office(fonts=PRINT_FONTS)


@functools.cache
def missing_fonts(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The fontconfig patterns (`:lang=zh`, a family name) that match no installed font."""
    tool = shutil.which("fc-list")
    if tool is None:
        return patterns
    return tuple(
        p
        for p in patterns
        if not subprocess.run(
            [tool, p, "family"], capture_output=True, text=True, timeout=60, check=False
        ).stdout.strip()
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


# -- where LibreOffice drew the charts ----------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin at the bottom left


@dataclass(frozen=True)
class Drawn:
    """A chart as printed: its page (0-based), its frame there and the text drawn inside it."""

    page: int
    box: Box
    text: str


def chart_frames(pdf: Path) -> list[Drawn]:
    """Each chart LibreOffice drew, page by page and top to bottom. A chart's area is a closed
    path filled white and the same path stroked as its border (nothing else on our sheets is
    both). A chart cut by a page break is drawn on both pages, each part clipped to its page:
    pdfminer reports paths before clipping, so the frame is found twice, reaching past the
    printable area of the second page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTCurve, LTTextContainer

    found = []
    for number, page in enumerate(extract_pages(str(pdf))):
        paths = [o for o in page if isinstance(o, LTCurve)]
        filled = {_rounded(o.bbox) for o in paths if o.fill and _white(o.non_stroking_color)}
        stroked = {_rounded(o.bbox) for o in paths if o.stroke}
        texts = [o for o in page if isinstance(o, LTTextContainer)]
        for box in sorted(filled & stroked, key=lambda b: (-b[3], b[0])):
            inside = [t.get_text() for t in texts if _within(_rounded(t.bbox), box, 0.5)]
            found.append(Drawn(number, box, "".join("".join(inside).split())))
    return found


def page_area(pdf: Path, page: int, margins: tuple[float, float, float, float]) -> Box:
    """The printable area of a page of `pdf`: inside `margins` (left, right, top, bottom, in
    inches, as the sheet's page set-up gives them)."""
    from pdfminer.high_level import extract_pages

    (layout,) = extract_pages(str(pdf), page_numbers=[page])
    left, right, top, bottom = (72 * m for m in margins)
    return (left, bottom, layout.width - right, layout.height - top)


def within(inner: Box, outer: Box) -> bool:
    """`inner` inside `outer`, to a point (LibreOffice rounds positions to its own units)."""
    return _within(inner, outer, 1.0)


def _within(inner: Box, outer: Box, slack: float) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _white(colour: object) -> bool:
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    return bool(values) and all(isinstance(v, (int, float)) and v >= 0.99 for v in values)


def _rounded(box: tuple[float, float, float, float]) -> Box:
    x0, y0, x1, y1 = (round(v, 1) for v in box)
    return (x0, y0, x1, y1)
