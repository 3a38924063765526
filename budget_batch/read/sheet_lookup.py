"""Where things are: the workbook's sheet for each schema sheet, a table's header row and
columns (by header text, never by position), and the template version."""

from __future__ import annotations

import difflib
from typing import Protocol

from .. import catalogue as C
from ..findings import Finding
from ..schema import TEMPLATE_VERSION, VERSION_NAME, TableSpec, normalize_header
from .cell_parsing import as_text

HEADER_SEARCH_ROWS = 10


class Rows(Protocol):
    def row(self, row: int) -> list[object]: ...


def resolve_sheet(
    wanted: str, names: list[str], hidden: set[str], findings: list[Finding]
) -> str | None:
    """The workbook's sheet for `wanted`: exact name, or the same name up to spaces; else a
    SHEET_MISSING finding that names the closest sheet."""
    match = wanted if wanted in names else None
    if match is None:
        squeezed = [n for n in names if "".join(n.split()) == wanted]
        match = squeezed[0] if squeezed else None
    if match is None:
        close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.4)
        hint = f"名称相近的工作表是「{close[0]}」，如就是它请改名为「{wanted}」。" if close else ""
        findings.append(
            C.SHEET_MISSING.finding(
                wanted,
                "",
                f"缺少工作表「{wanted}」。工作簿中的工作表有：{'、'.join(names)}。{hint}"
                f"请按模板补上该工作表。",
            )
        )
        return None
    if match in hidden:
        findings.append(
            C.SHEET_MISSING.finding(
                wanted,
                "",
                f"工作表「{match}」被隐藏，隐藏的工作表不作为数据读取。请取消隐藏（右键工作表标签 → 取消隐藏）。",
            )
        )
        return None
    return match


def find_header(grid: Rows, spec: TableSpec) -> tuple[int, dict[str, int]]:
    """The header row among the top rows: of those holding every required header, the one
    naming the most columns (a header over two rows, with 编码 merged down beside sub-headers
    under 预算执行情况, is read on its lower row), the first on a tie; else the best partial one
    (row 0 when no row holds two known headers)."""
    by_header = {normalize_header(c.header): c.key for c in spec.columns}
    required = {c.key for c in spec.required_columns}
    complete: tuple[int, dict[str, int]] = (0, {})
    partial: tuple[int, dict[str, int]] = (0, {})
    for row in range(1, HEADER_SEARCH_ROWS + 1):
        columns: dict[str, int] = {}
        for col, value in enumerate(grid.row(row), start=1):
            key = by_header.get(normalize_header(as_text(value)))
            if key and key not in columns:
                columns[key] = col
        if required <= columns.keys():
            if len(columns) > len(complete[1]):
                complete = (row, columns)
            elif complete[0] and row > complete[0]:
                break  # the rows below the header are data
        elif len(columns) > len(partial[1]) and len(columns) >= 2:
            partial = (row, columns)
    return complete if complete[0] else partial


def template_version(defined_names: dict[str, str], findings: list[Finding]) -> str | None:
    """The template version the workbook records, if any; a newer one than ours is a warning."""
    defined = defined_names.get(VERSION_NAME)
    if defined is None:
        return None
    version = defined.strip().lstrip("=").strip('"')
    if version.isdigit() and int(version) > int(TEMPLATE_VERSION):
        findings.append(
            C.VERSION_UNKNOWN.finding(
                "",
                "",
                f"工作簿使用的模板版本为 {version}，本工具只认识到版本 {TEMPLATE_VERSION}。"
                "部分新增内容可能未被检查；请升级 budget_batch。",
                stated=version,
                computed=TEMPLATE_VERSION,
            )
        )
    return version
