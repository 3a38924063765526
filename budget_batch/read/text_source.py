"""A Word document opened for reading: a `.docx` read with python-docx, or a `.doc` / `.wps`
converted to `.docx` by LibreOffice first when it is installed (refused with how to save it as
`.docx` otherwise).

The bytes are looked at before any parser sees them, with the workbooks' limits (size, zip bomb,
a DOCTYPE or ENTITY in any XML part: read/package_scan.py); python-docx's own parser resolves no
entities and reads nothing from the network. A parser's complaint becomes `Unreadable` with a
Chinese reason. The document's body is read once into plain records, in document order:
paragraphs (with their style) and tables (their grid, merged cells repeated).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..layouts import Layouts, default_layouts
from ..ooxml.package import LIMITS, MB, PackageLimits
from .office_convert import OFFICE_TIMEOUT, find_office, office_convert
from .package_scan import (
    OLE_MAGIC,
    PARSER_FAULTS,
    ZIP_MAGIC,
    Unreadable,
    _no_doctype,
    _within_limits,
    damage,
)

#: The suffixes of Word documents a folder scan picks up.
TEXT_SUFFIXES = (".docx", ".doc", ".wps")
DOCUMENT_PART = "word/document.xml"
FORMAT_NAMES = {"doc": "旧版 Word（.doc）", "wps": "WPS 文字（.wps）"}
SAVE_AS = "请在 Word/WPS 中打开该文件，“另存为”Word 文档（*.docx）后再提交。"
DAMAGED = (
    "Word 文档已损坏或不完整（{}），可能在复制或传输中被截断。"
    "请用 Word/WPS 打开该文件：能打开的，“另存为”.docx 后再提交；打不开的，请报送单位重新发送原文件。"
)
UNSAFE_XML = (
    "Word 文档中含有不安全的 XML 内容（实体或文档类型声明，可能试图读取本机文件），已拒绝处理。"
    "请用 Word/WPS 打开后重新保存为 .docx 再提交；如非本单位制作，请勿打开。"
)


#: What reading a document part may raise on bad bytes (zipfile, zlib, the XML parsers).
READ_FAULTS: tuple[type[BaseException], ...] = (*PARSER_FAULTS, ValueError)
#: What the tool's own report draft says near its top (write/report_draft.py).
DRAFT_MARK = "由 budget_batch 根据审核后的工作簿生成"
DRAFT_MAX_BYTES = 8 * 1024 * 1024  # a draft is tens of KB


def is_our_draft(path: Path) -> bool:
    """A report draft this tool wrote: never an input (interface.md). Only the start of the
    document part of a small file is read (a folder scan runs in the parent process), and
    nothing is parsed."""
    try:
        if path.stat().st_size > DRAFT_MAX_BYTES:
            return False
        with zipfile.ZipFile(path) as zf, zf.open(DOCUMENT_PART) as fh:
            head = fh.read(64 * 1024)
    except READ_FAULTS:
        return False
    return DRAFT_MARK.encode("utf-8") in head


@dataclass
class RawParagraph:
    text: str
    style: str
    position: int  # among the body's paragraphs, from 0


@dataclass
class RawTable:
    rows: list[list[str]]
    covered: set[tuple[int, int]]
    position: int  # among the body's tables, from 0


@dataclass
class TextSource:
    """A Word document's body, read. Use as a context manager like `SheetSource`."""

    path: Path
    layouts: Layouts = field(default_factory=default_layouts)
    format: str = "docx"
    blocks: list[RawParagraph | RawTable] = field(default_factory=list)

    def __enter__(self) -> TextSource:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def close(self) -> None:
        return None

    @classmethod
    def open(cls, path: Path, layouts: Layouts | None = None) -> TextSource:
        fmt = sniff_text(path)
        source = cls(path, layouts or default_layouts(), fmt)
        if fmt == "docx":
            source.blocks = read_blocks(path)
            return source
        with tempfile.TemporaryDirectory(prefix="budget_batch_doc_") as folder:
            converted = convert_to_docx(path, fmt, Path(folder))
            sniff_text(converted)
            source.blocks = read_blocks(converted)
        return source


def is_text_document(path: Path) -> bool:
    """Is `path` a Word document (by its suffix, or an .xlsx-named file whose package is a Word
    document's)?"""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return DOCUMENT_PART in names and "xl/workbook.xml" not in names


def sniff_text(path: Path, limits: PackageLimits = LIMITS) -> str:
    """Raise Unreadable unless `path` looks like a Word document within `limits`; return its
    format: "docx", or "doc" / "wps" (an OLE file, to be converted)."""
    if not path.exists():
        raise Unreadable(f"文件不存在：{path}")
    if path.is_dir():
        raise Unreadable(f"这是一个文件夹，不是 Word 文档：{path}")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise Unreadable("文件是空的（0 字节）。请重新导出或重新发送该报告。")
    if head == OLE_MAGIC:
        size = path.stat().st_size
        if size > limits.max_total_mb * MB:
            raise Unreadable(
                f"Word 文档为 {size / MB:.0f} MB，超过上限 {limits.max_total_mb} MB，已拒绝处理。"
                "请确认这是正常的自评报告；如确为超大文档，请删去其中的大图片后再提交。"
            )
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    if head[:4] != ZIP_MAGIC:
        raise Unreadable(
            "这不是 Word 文档（文件内容不是 .docx 格式，可能是改了扩展名的文本或其他文件）。"
            f"请确认发送的是自评报告；如为其他格式，{SAVE_AS}"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(DAMAGED.format(damage(exc))) from exc
    if DOCUMENT_PART not in {i.filename for i in infos}:
        raise Unreadable(
            f"文件是压缩包，但不是 Word 文档（缺少 {DOCUMENT_PART}）。请发送自评报告的 .docx 文件。"
        )
    _within_limits(infos, limits, what="文档")
    try:
        _no_doctype(path)
    except Unreadable as exc:
        raise Unreadable(UNSAFE_XML) from exc
    return "docx"


def convert_to_docx(
    source: Path, fmt: str, workdir: Path, *, timeout: float = OFFICE_TIMEOUT
) -> Path:
    """A `.docx` of a `.doc` / `.wps` made by LibreOffice in `workdir` (the input is never
    touched); Unreadable with how to convert it when that fails."""
    office = find_office()
    what = FORMAT_NAMES[fmt]
    if office is None:
        raise Unreadable(f"这是{what}格式的文档，本机未安装 LibreOffice，无法转换。{SAVE_AS}")
    out, why = office_convert(office, source, fmt, "docx", workdir, timeout)
    if out is None:
        raise Unreadable(f"{what}文档无法转换（{why}），文件可能已损坏。{SAVE_AS}")
    return out


@contextmanager
def document_faults() -> Iterator[None]:
    """A parser's complaint about a document's bytes as `Unreadable`, in Chinese."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        yield
    except Unreadable:
        raise
    except (*PARSER_FAULTS, PackageNotFoundError, LxmlError, ValueError) as exc:
        raise Unreadable(DAMAGED.format(_damage(exc))) from exc


def _damage(exc: BaseException) -> str:
    from docx.opc.exceptions import PackageNotFoundError

    if isinstance(exc, PackageNotFoundError):
        return "不是有效的 Word 文档包"
    if isinstance(exc, ValueError) and "content type" in str(exc).lower():
        return "主体部件不是 Word 文档"
    return damage(exc)


def read_blocks(path: Path) -> list[RawParagraph | RawTable]:
    """The body's paragraphs and tables, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[RawParagraph | RawTable] = []
    with document_faults():
        document = docx.Document(str(path))
        paragraphs = tables = 0
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                style = item.style.name if item.style is not None else ""
                blocks.append(RawParagraph(item.text, style or "", paragraphs))
                paragraphs += 1
            elif isinstance(item, Table):
                blocks.append(_table(item, tables))
                tables += 1
    return blocks


def _table(table: object, position: int) -> RawTable:
    from docx.table import Table

    assert isinstance(table, Table)
    rows: list[list[str]] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows, start=1):
        cells: list[str] = []
        seen: set[int] = set()
        for c, cell in enumerate(row.cells, start=1):
            key = id(cell._tc)
            if key in seen:
                covered.add((r, c))
            seen.add(key)
            cells.append("\n".join(p.text for p in cell.paragraphs).strip())
        rows.append(cells)
    for r in range(2, len(rows) + 1):  # a vertically merged cell: python-docx repeats its text
        for c in range(1, len(rows[r - 1]) + 1):
            above = rows[r - 2][c - 1] if c <= len(rows[r - 2]) else None
            if (
                above is not None
                and rows[r - 1][c - 1] == above
                and above
                and _vmerged(table, r, c)
            ):
                covered.add((r, c))
    return RawTable(rows, covered, position)


def _vmerged(table: object, row: int, col: int) -> bool:
    from docx.table import Table

    assert isinstance(table, Table)
    try:
        return table.cell(row - 1, col - 1)._tc is table.cell(row - 2, col - 1)._tc
    except IndexError:
        return False
