"""Look at a file's bytes before any parser does: is it a workbook at all — an .xlsx/.xlsm
package, or an .xls, .xlsb or .ods that python-calamine reads for its values — and is it within
the limits that keep a machine from being exhausted by it (a compressed bomb)?

Only the zip's central directory is read here, so a refusal costs milliseconds and no memory;
zipfile later enforces the declared sizes while inflating (CRC and length checks). An .xls is
not compressed: its size on disk is its size. Refusals are `Unreadable` with a Chinese reason
that says what to do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from python_calamine import CalamineError, PasswordError, WorksheetNotFound, XmlError, ZipError

from ..ooxml.faults import DAMAGED, PACKAGE_FAULTS, UNSAFE_XML
from ..ooxml.faults import Unreadable as Unreadable  # the reader's refusal, re-exported
from ..ooxml.faults import damage as package_damage
from ..ooxml.faults import file_faults as package_faults
from ..ooxml.faults import refusal as package_refusal
from ..ooxml.package import LIMITS, MB, PackageLimits, declares_doctype, excess

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: Spreadsheet files a folder scan also picks up, so that each is reported with how to convert it
#: instead of silently missing from the batch.
REFUSED_SUFFIXES = (".et",)
#: How a message names each format that is read from its values.
FORMAT_NAMES = {
    "xls": "旧版 .xls 格式（Excel 97-2003）",
    "xlsb": "二进制 .xlsb 格式",
    "ods": "OpenDocument 表格（.ods）格式",
}


#: What the parsers of a workbook's bytes raise on bad bytes: those of the package (ooxml/faults)
#: and python-calamine. Only calls into those parsers are wrapped in `file_faults`, so an
#: exception from our own code is never mistaken for a damaged file.
PARSER_FAULTS: tuple[type[BaseException], ...] = (*PACKAGE_FAULTS, CalamineError)


@contextmanager
def file_faults(what: str) -> Iterator[None]:
    """Turn a parser's complaint about the file's bytes into `Unreadable` with a Chinese reason
    (the package's, and python-calamine's, which says more of a workbook)."""
    with package_faults(what, PARSER_FAULTS, refusal):
        yield


def damage(exc: BaseException) -> str:
    """What a parser's exception says about the file, in Chinese (its English message dropped)."""
    if isinstance(exc, WorksheetNotFound):
        return "缺少该工作表的内容"
    if isinstance(exc, ZipError):
        return "压缩数据已损坏"
    if isinstance(exc, XmlError):
        return "XML 内容不完整或格式错误"
    if isinstance(exc, PasswordError):
        return "工作簿已加密"
    if isinstance(exc, CalamineError) and "detect" in str(exc).lower():
        return "无法识别文件格式"
    if isinstance(exc, CalamineError):
        return "单元格数据无法解析（如共享字符串表缺失）"
    return package_damage(exc)


def refusal(exc: BaseException, what: str = "") -> Unreadable:
    """The Chinese reason for a workbook whose bytes a parser refused."""
    if isinstance(exc, PasswordError) or (
        isinstance(exc, CalamineError) and "password" in str(exc).lower()
    ):
        return Unreadable(ENCRYPTED)
    return package_refusal(exc, what, damage(exc))


ENCRYPTED = (
    "工作簿设置了打开密码（已加密），或文件已损坏，无法读取。"
    "请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密 → 清空），"
    "并“另存为”.xlsx 后再提交。"
)


def damaged_format(fmt: str, suffix: str, exc: BaseException) -> Unreadable:
    """The Chinese reason for an .xls/.xlsb/.ods that python-calamine cannot read."""
    if isinstance(exc, CalamineError) and "password" in str(exc).lower():
        return Unreadable(ENCRYPTED)
    if fmt == "xls" and suffix in (".xlsx", ".xlsm"):
        return Unreadable(ENCRYPTED)  # an encrypted .xlsx is an OLE container too
    return Unreadable(
        f"这个{FORMAT_NAMES[fmt]}的工作簿无法读取（{damage(exc)}），文件可能已损坏或不完整。"
        "请在 Excel/WPS 中打开，确认能正常打开后“另存为”Excel 工作簿（*.xlsx）再提交；打不开的请重新发送原文件。"
    )


def sniff(path: Path, limits: PackageLimits = LIMITS) -> str:
    """Raise Unreadable unless `path` looks like a workbook within `limits`; return its format:
    "xlsx" (also .xlsm, and an .xlsx renamed .xls: the content decides), "xls", "xlsb", "ods"."""
    if not path.exists():
        raise Unreadable(f"文件不存在：{path}")
    if path.is_dir():
        raise Unreadable(f"这是一个文件夹，不是工作簿：{path}")
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise Unreadable("文件是空的（0 字节）。请重新导出或重新发送该工作簿。")
    if head == OLE_MAGIC:
        if suffix == ".et":
            raise Unreadable(
                "这是 WPS 表格的 .et 格式，本工具读取 .xlsx、.xls、.xlsb、.ods。"
                "请在 WPS 中打开后“另存为”Excel 工作簿（*.xlsx）再提交。"
            )
        size = path.stat().st_size
        if size > limits.max_total_mb * MB:
            raise Unreadable(
                f"工作簿文件为 {size / MB:.0f} MB，超过上限 {limits.max_total_mb} MB，已拒绝处理。"
                "请确认这是正常填写的工作簿；如确为超大工作簿，请联系财政部门分拆后提交。"
            )
        return "xls"  # an .xls (BIFF) for python-calamine; an encrypted .xlsx is refused there
    if head[:4] != ZIP_MAGIC:
        raise Unreadable(
            "这不是 Excel 工作簿（文件内容不是 .xlsx 格式）。"
            "请确认发送的是填好的模板文件；如为其他格式，请在 Excel/WPS 中“另存为”.xlsx。"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(DAMAGED.format(damage(exc))) from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        fmt = "xlsx"
    elif "xl/workbook.bin" in names:
        fmt = "xlsb"
    elif "content.xml" in names:
        fmt = "ods"
    else:
        missing = [p for p in WORKBOOK_PARTS if p not in names]
        raise Unreadable(
            "文件是压缩包，但不是 Excel 工作簿（缺少 " + "、".join(missing) + "）。"
            "请发送填好的 .xlsx 模板文件。"
        )
    if fmt == "xlsx" and "[Content_Types].xml" not in names:
        raise Unreadable(
            "文件是压缩包，但不是 Excel 工作簿（缺少 [Content_Types].xml）。"
            "请发送填好的 .xlsx 模板文件。"
        )
    _within_limits(infos, limits)
    _no_doctype(path)
    return fmt


def _no_doctype(path: Path) -> None:
    """Excel never writes a DOCTYPE; one in a workbook is an entity attack (XXE, billion laughs)."""
    with zipfile.ZipFile(path) as zf:
        if declares_doctype(zf, (".xml", ".rels", ".vml")):
            raise Unreadable(UNSAFE_XML)


def _within_limits(
    infos: list[zipfile.ZipInfo], limits: PackageLimits, what: str = "工作簿"
) -> None:
    """`what`: how the refusal names the package (工作簿, or 文档 for a Word report)."""
    over = excess(infos, limits)
    if over is None:
        return
    refuse = (
        "请确认这是正常填写的模板（正常工作簿远小于此）；如确为超大工作簿，请联系财政部门分拆后提交。"
        if what == "工作簿"
        else f"请确认这是正常的{what}（正常{what}远小于此）；如含有大图片，请删去后再提交。"
    )
    if over.kind == "entries":
        raise Unreadable(
            f"{what}包含 {over.value:.0f} 个部件，超过上限 {limits.max_entries}，已拒绝处理。{refuse}"
        )
    if over.kind == "part":
        raise Unreadable(
            f"{what}中的部件 {over.part} 解压后为 {over.value / MB:.0f} MB，超过上限 "
            f"{limits.max_part_mb} MB，已拒绝处理（可能是压缩炸弹）。{refuse}"
        )
    if over.kind == "ratio":
        raise Unreadable(
            f"{what}中的部件 {over.part} 压缩比为 {over.value:.0f} 倍，超过上限 {limits.max_ratio:g} 倍，"
            f"已拒绝处理（可能是压缩炸弹）。{refuse}"
        )
    raise Unreadable(
        f"{what}解压后共 {over.value / MB:.0f} MB，超过上限 {limits.max_total_mb} MB，已拒绝处理。{refuse}"
    )
