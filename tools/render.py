"""`make render`: pictures of the outputs for the README, as LibreOffice prints them.

Runs the demo batch (tools/demo_batch.py: the example and ten departments made from it), converts
the outputs and the blank template to PDF with LibreOffice, finds each wanted page by what it
shows (a sheet's footer names the sheet; the draft's indicator table by its header), and writes
PNGs into docs/. Needs LibreOffice, poppler-utils and a CJK font (fonts-noto-cjk; Carlito for
Calibri's metrics), as CI installs them.

    python tools/render.py [DOCS_FOLDER]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import demo_batch  # noqa: E402

from budget_batch import run_batch  # noqa: E402

BUILD = ROOT / "build" / "render"
TEMPLATE = ROOT / "input_templates" / "部门整体支出绩效自评表.xlsx"
EXAMPLE_STEM = "示例_花都区残联_2023"
RESOLUTION = "80"


def _pdf(files: list[Path], out: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{BUILD / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
    )


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return text.split("\f")


def _footer(page: str) -> str:
    lines = [line for line in page.splitlines() if line.strip()]
    return lines[-1].split()[0] if lines else ""


def _png(pdf: Path, page: int, dest: Path) -> None:
    """Page `page` (1-based) of `pdf` as `dest` (.png)."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            RESOLUTION,
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(dest.with_suffix("")),
        ],
        check=True,
    )
    print(dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest)


def _sheet_page(pdf: Path, sheet: str, nth: int = 0) -> int:
    pages = [i for i, p in enumerate(_pages(pdf), start=1) if _footer(p) == sheet]
    return pages[nth]


def main(argv: list[str]) -> int:
    docs = Path(argv[0]).resolve() if argv else ROOT / "docs"
    shutil.rmtree(BUILD, ignore_errors=True)
    pdfs = BUILD / "pdf"
    pdfs.mkdir(parents=True)
    demo_batch.main([str(BUILD / "input")])
    out = BUILD / "out"
    run_batch([BUILD / "input"], out, jobs=2)
    copy, summary = out / f"{EXAMPLE_STEM}_审核.xlsx", out / "批量汇总.xlsx"
    draft = out / f"{EXAMPLE_STEM}_自评报告.docx"
    _pdf([copy, summary, draft, TEMPLATE], pdfs)
    copy_pdf, summary_pdf = pdfs / f"{copy.stem}.pdf", pdfs / "批量汇总.pdf"
    draft_pdf, template_pdf = pdfs / f"{draft.stem}.pdf", pdfs / f"{TEMPLATE.stem}.pdf"

    # The copy's own sheets come first: 审核结果 (page 1), then 汇总.
    summary_page = 2 if "汇总" not in map(_footer, _pages(copy_pdf)) else None
    _png(copy_pdf, 1, docs / "审核副本_审核结果.png")
    _png(copy_pdf, summary_page or _sheet_page(copy_pdf, "汇总"), docs / "审核副本_汇总.png")
    _png(summary_pdf, _sheet_page(summary_pdf, "工作簿一览"), docs / "批量汇总_工作簿一览.png")
    _png(summary_pdf, _sheet_page(summary_pdf, "全部问题"), docs / "批量汇总_全部问题.png")
    _png(summary_pdf, _sheet_page(summary_pdf, "问题统计"), docs / "批量汇总_问题统计.png")
    _png(summary_pdf, _sheet_page(summary_pdf, "得分图表"), docs / "批量汇总_得分分布.png")
    _png(summary_pdf, _sheet_page(summary_pdf, "得分图表", 1), docs / "批量汇总_自评与计算之差.png")
    _png(template_pdf, _sheet_page(template_pdf, "收支情况"), docs / "模板_收支情况.png")
    draft_pages = _pages(draft_pdf)
    table = next(i for i, p in enumerate(draft_pages, start=1) if "实际完成" in p)
    _png(draft_pdf, table, docs / "自评报告草稿_指标表.png")
    _png(draft_pdf, 2, docs / "自评报告草稿_第2页.png")
    _reading_pictures(docs, pdfs)
    _report_picture(docs, pdfs)
    return 0


REPORT = ROOT / "input_templates" / "示例_花都区残联_2023_自评报告.docx"
#: LibreOffice's PDF export with the comments as annotations (their markers on the page).
WITH_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def _report_picture(docs: Path, pdfs: Path) -> None:
    """The page of the example report's annotated copy that holds its two wrong shares."""
    out = BUILD / "report_out"
    (result,) = run_batch([REPORT], out, jobs=1).workbooks
    copy = Path(result.output or "")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{BUILD / 'lo-profile'}",
            "--headless",
            "--convert-to",
            WITH_COMMENTS,
            "--outdir",
            str(pdfs),
            str(copy),
        ],
        check=True,
        capture_output=True,
    )
    pdf = pdfs / f"{copy.stem}.pdf"
    page = next(i for i, p in enumerate(_pages(pdf), start=1) if "99.09%" in p)
    _png(pdf, page, docs / "审核的自评报告_批注.png")


#: Two real forms in layouts forms.md v1 did not describe, whose 汇总 opens with 读取说明.
READINGS = (
    ("yunnan_2022_yongde_yingyang", "读取说明_云南公开14表.png"),
    ("guizhou_2021_suiyang_taibai", "读取说明_贵州部门整体.png"),
)


def _reading_pictures(docs: Path, pdfs: Path) -> None:
    """The 汇总 of two corpus forms (tests/documents/forms/): how each was read."""
    sys.path.insert(0, str(ROOT / "tests"))
    from documents import build, load

    folder = BUILD / "forms"
    folder.mkdir(parents=True)
    for name, _ in READINGS:
        build(
            load(ROOT / "tests" / "documents" / "forms" / f"{name}.toml"), folder / f"{name}.xlsx"
        )
    out = BUILD / "forms_out"
    run_batch([folder], out, jobs=2)
    copies = [out / f"{name}_审核.xlsx" for name, _ in READINGS]
    _pdf(copies, pdfs)
    for (_name, picture), copy in zip(READINGS, copies, strict=True):
        pdf = pdfs / f"{copy.stem}.pdf"
        _png(pdf, _sheet_page(pdf, "汇总"), docs / picture)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
