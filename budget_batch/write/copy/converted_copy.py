"""The .xlsx to annotate for an .xls, .xlsb or .ods input (interface.md: their copy is .xlsx).

With LibreOffice on the machine (`soffice`), the input is converted by it — formatting, formulas,
comments and print settings kept — in a private profile (so that parallel workers never share
one) under a time limit. Without it, or when the conversion fails, the workbook is rebuilt from
its values (python-calamine: every sheet, value, merged range and hidden sheet) and an info
finding NOT_PRESERVED says what the copy does not keep and how to keep it. Either way the copy
has the input's sheets and cells at the same addresses, so findings land where they belong.
The input is never touched: LibreOffice reads a copy of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from ... import catalogue as C
from ...findings import Finding
from ...read.office_convert import OFFICE_TIMEOUT, find_office, office_convert
from ...read.package_scan import FORMAT_NAMES, sniff
from ...read.values_package import ValuesPackage

DEFAULT_WIDTH = 14


def converted_copy(
    source: Path, workdir: Path, *, use_office: bool = True, timeout: float = OFFICE_TIMEOUT
) -> tuple[Path, list[Finding]]:
    """An .xlsx in `workdir` to annotate in place of `source`, and the findings to add to its
    result (NOT_PRESERVED when rebuilt from values). An input that is an .xlsx package whatever
    its name is returned as it is. Raises `Unreadable` when the input's bytes cannot be read."""
    fmt = sniff(source)
    if fmt == "xlsx":
        return source, []
    workdir.mkdir(parents=True, exist_ok=True)
    office = find_office() if use_office else None
    why = "本机未安装 LibreOffice"
    if office is not None:
        converted, why = _by_office(office, source, fmt, workdir, timeout)
        if converted is not None:
            return converted, []
    dest = workdir / "rebuilt.xlsx"
    rebuild(source, fmt, dest)
    return dest, [_not_preserved(fmt, why)]


def _by_office(
    office: str, source: Path, fmt: str, workdir: Path, timeout: float
) -> tuple[Path | None, str]:
    """LibreOffice's .xlsx of `source`, or None and why not."""
    out, why = office_convert(office, source, fmt, "xlsx", workdir, timeout)
    if out is None:
        return None, why
    try:
        if sniff(out) != "xlsx" or _sheets(out, "xlsx") != _sheets(source, fmt):
            return None, "LibreOffice 转换结果与原文件的工作表不一致"
    except Exception:  # a conversion we cannot read back is no conversion
        return None, "LibreOffice 转换结果无法读取"
    return out, ""


def _sheets(path: Path, fmt: str) -> list[str]:
    from ...read.xlsx_package import Package

    package = Package(path) if fmt == "xlsx" else ValuesPackage(path, fmt)
    try:
        return list(package.sheet_names)
    finally:
        package.close()


def rebuild(source: Path, fmt: str, dest: Path) -> None:
    """`dest`: every sheet of `source` with its values, merged ranges and visibility."""
    package = ValuesPackage(source, fmt)
    wb = xlsxwriter.Workbook(
        str(dest),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        for name in package.sheet_names:
            ws = wb.add_worksheet(name)
            if name in package.hidden:
                ws.hide()
            grid = package.grid(name)
            covered = set(grid.anchors)
            width = 0
            for r in range(1, grid.max_row + 1):
                row = grid.stored(r)
                width = max(width, len(row))
                for c, value in enumerate(row, start=1):
                    if (r, c) in covered or value in ("", None):
                        continue
                    _write(ws, r - 1, c - 1, value, date, stamp, wrap)
            for (r0, c0), (r1, c1) in grid.sheet.merged:
                anchor = grid.cell(r0, c0, formats=False)
                value = anchor.value if anchor is not None else None
                ws.merge_range(r0 - 1, c0 - 1, r1 - 1, c1 - 1, None, wrap)
                if value not in ("", None):
                    _write(ws, r0 - 1, c0 - 1, value, date, stamp, wrap)
            if width:
                ws.set_column(0, width - 1, DEFAULT_WIDTH)
    finally:
        package.close()
        wb.close()


def _write(ws: Any, row: int, col: int, value: Any, date: Any, stamp: Any, wrap: Any) -> None:
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, stamp)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date)
    else:  # text, and what has no cell type of its own (a time, a duration): as text
        ws.write_string(row, col, str(value), wrap)


def _not_preserved(fmt: str, why: str) -> Finding:
    return C.NOT_PRESERVED.finding(
        "",
        "",
        f"原文件是{FORMAT_NAMES[fmt]}，{why}，本审核副本按单元格的值重建为 .xlsx："
        "原文件的格式（字体、颜色、边框、列宽、数字格式）、公式（只保留计算结果）、批注、图片和图表、"
        "打印设置没有保留；工作表、单元格位置和合并单元格与原文件一致，原文件不受影响。"
        "如需在审核副本中保留这些内容，请在 Excel/WPS 中把原文件“另存为”.xlsx 后重新提交，"
        "或在运行本工具的电脑上安装 LibreOffice。",
        stated=FORMAT_NAMES[fmt],
    )
