"""Crafted Word reports for tests: a title, paragraphs and tables written with python-docx, and
hostile ones (a zip bomb, an entity in document.xml, a truncated file, text named .docx)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document

TITLE = "测试市某某局 2023 年部门整体支出绩效自评报告"
GB_ZEROS = 1024 * 1024 * 1024
SECRET = "TOP-SECRET-report-51c2"


def write_report(
    folder: Path,
    paragraphs: Sequence[str],
    tables: Sequence[tuple[str, Sequence[Sequence[str]]]] = (),
    *,
    title: str = TITLE,
    name: str = "报告.docx",
    table_after: int | None = None,
) -> Path:
    """A report: its title, then `paragraphs` (with an empty paragraph between the first two,
    which 第 N 段 does not count); each table (caption, rows) after paragraph `table_after`
    (1-based among `paragraphs`), or at the end."""
    doc = Document()
    doc.add_paragraph(title)
    for i, text in enumerate(paragraphs, start=1):
        doc.add_paragraph(text)
        if i == 1:
            doc.add_paragraph("")
        if table_after == i:
            _tables(doc, tables)
    if table_after is None:
        _tables(doc, tables)
    path = folder / name
    doc.save(str(path))
    return path


def _tables(doc: object, tables: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> None:
    from docx.document import Document as Doc

    assert isinstance(doc, Doc)
    for caption, rows in tables:
        doc.add_paragraph(caption)
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.cell(r, c).text = value


def _rewrite(src: Path, dest: Path, part: str, change: object) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                assert callable(change)
                data = change(data)
            zout.writestr(item, data)
    return dest


def bomb(folder: Path) -> Path:
    """1 GB of zeros in word/document.xml, a few MB on disk."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        chunk = b"\0" * (16 * 1024 * 1024)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(GB_ZEROS // len(chunk)):
                fh.write(chunk)
    return path


def xxe(folder: Path) -> Path:
    """An external entity in document.xml pointing at a local file, used in the text."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    src = write_report(folder, ["本年收入 100 万元。"], name="_xxe_src.docx")

    def inject(data: bytes) -> bytes:
        text = data.decode("utf-8")
        decl, _, rest = text.partition("?>")
        doctype = f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        rest = rest.replace("本年收入 100 万元。", "&leak;", 1)
        return (decl + "?>" + doctype + rest).encode("utf-8")

    return _rewrite(src, folder / "xxe.docx", "word/document.xml", inject)


def truncated(folder: Path) -> Path:
    data = write_report(folder, ["本年收入 100 万元。"], name="_whole.docx").read_bytes()
    path = folder / "truncated.docx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def text_named_docx(folder: Path) -> Path:
    path = folder / "text.docx"
    path.write_text("本年收入 100 万元，其中财政拨款 90 万元。\n", encoding="utf-8")
    return path
