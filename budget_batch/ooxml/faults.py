"""A package whose bytes a parser refuses: `Unreadable`, with a Chinese reason that says what to
do. Only calls into the parsers of a package's bytes (zipfile, zlib, the XML parser) are wrapped
in `file_faults`, so an exception from our own code is never mistaken for a damaged file; the
parser's own (English) words never reach the reason: they stay on the exception chain."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import ParseError

from lxml import etree


class Unreadable(Exception):
    """The file cannot be read; the message is for the person who sent it."""


class UnsafeXml(Exception):
    """A part declares a document type (entities: XXE, billion laughs): refused, not parsed."""


#: The reason for a damaged file; `{}` says what is wrong, in Chinese (`damage`).
DAMAGED = (
    "工作簿文件已损坏或不完整（{}），可能在复制或传输中被截断。"
    "请用 Excel/WPS 打开该文件：能打开的，“另存为”.xlsx 后再提交；打不开的，请报送单位重新发送原文件。"
)
UNSAFE_XML = (
    "工作簿中含有不安全的 XML 内容（实体或文档类型声明，可能试图读取本机文件），已拒绝处理。"
    "请用 Excel/WPS 打开后重新保存为 .xlsx 再提交；如非本单位制作，请勿打开。"
)
#: What the parsers of a package raise on bad bytes: zipfile (a missing member is a KeyError, an
#: unknown compression NotImplementedError, an encrypted member RuntimeError), zlib, XML parsers.
PACKAGE_FAULTS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    ParseError,
    etree.XMLSyntaxError,
    UnsafeXml,
)
_MEMBER = re.compile(r"'([^'\s]+)'")  # zipfile names the member it misses in quotes


@contextmanager
def file_faults(
    what: str,
    faults: tuple[type[BaseException], ...] = PACKAGE_FAULTS,
    refuse: Callable[[BaseException, str], Unreadable] | None = None,
) -> Iterator[None]:
    """Turn a parser's complaint about a package's bytes (one of `faults`) into `Unreadable`
    with a Chinese reason (`refuse`, else this package's own)."""
    try:
        yield
    except Unreadable:
        raise
    except faults as exc:
        raise (refuse or refusal)(exc, what) from exc


def damage(exc: BaseException) -> str:
    """What a parser's exception says about the file, in Chinese (its English message dropped)."""
    if isinstance(exc, (zipfile.BadZipFile, ValueError)):
        return "压缩包结构已损坏，或文件末尾缺失"
    if isinstance(exc, EOFError):
        return "文件在中途被截断"
    if isinstance(exc, zlib.error):
        return "压缩数据已损坏"
    if isinstance(exc, KeyError):
        found = _MEMBER.search(str(exc))
        return f"缺少部件 {found.group(1)}" if found else "缺少必需的部件"
    if isinstance(exc, NotImplementedError):
        return "使用了本工具不支持的压缩方式"
    if isinstance(exc, RuntimeError):
        return "其中的部件已加密或无法解开"
    if isinstance(exc, OSError):
        return "读取文件时出错"
    return "XML 内容不完整或格式错误"  # ParseError, lxml's XMLSyntaxError


def refusal(exc: BaseException, what: str = "", reason: str | None = None) -> Unreadable:
    """The Chinese reason for a package whose bytes a parser refused (`reason`: what is wrong,
    when the caller knows better than `damage`)."""
    if isinstance(exc, UnsafeXml):
        return Unreadable(UNSAFE_XML)
    reason = reason or damage(exc)
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error)):
        return Unreadable(DAMAGED.format(reason))
    where = f"读取{what}时发现" if what else ""
    return Unreadable(
        f"工作簿无法读取：{where}{reason}，文件内容不符合 Excel 格式。"
        "请用 Excel/WPS 打开该文件：能正常打开的，“另存为”.xlsx 后再提交；"
        "打不开的，请报送单位重新发送原文件。"
    )
