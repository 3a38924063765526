"""Look at a file's bytes before any parser does: is it an Excel workbook package at all?

Refusals are `Unreadable` with a Chinese reason that says what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm")


class Unreadable(Exception):
    """The file cannot be read as a workbook; the message is for the person who sent it."""


def sniff(path: Path) -> None:
    """Raise Unreadable unless `path` looks like an .xlsx/.xlsm package."""
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
        if suffix in (".xls", ".et"):
            raise Unreadable(
                f"这是旧版 {suffix} 格式的工作簿，本工具只读取 .xlsx。"
                "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（*.xlsx）再提交。"
            )
        raise Unreadable(
            "工作簿设置了打开密码（已加密），或是旧版 .xls 格式，无法读取。"
            "请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密 → 清空），"
            "并“另存为”.xlsx 后再提交。"
        )
    if head[:4] != ZIP_MAGIC:
        raise Unreadable(
            "这不是 Excel 工作簿（文件内容不是 .xlsx 格式）。"
            "请确认发送的是填好的模板文件；如为其他格式，请在 Excel/WPS 中“另存为”.xlsx。"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(
            f"工作簿文件已损坏或不完整（{exc}），可能在复制或传输中被截断。请重新发送原文件。"
        ) from exc
    if suffix == ".ods" or "content.xml" in names and "xl/workbook.xml" not in names:
        raise Unreadable(
            "这是 OpenDocument 表格（.ods），本工具只读取 .xlsx。"
            "请在 WPS 或 LibreOffice 中“另存为”Excel 工作簿（*.xlsx）再提交。"
        )
    missing = [p for p in WORKBOOK_PARTS if p not in names]
    if missing:
        raise Unreadable(
            "文件是压缩包，但不是 Excel 工作簿（缺少 " + "、".join(missing) + "）。"
            "请发送填好的 .xlsx 模板文件。"
        )
