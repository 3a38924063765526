"""The codes of the hierarchical sheets: dotted numbers, unique, each with its parent
(CODE_INVALID, CODE_DUPLICATE, CODE_ORPHAN), and 关联数据 codes that are codes at all."""

from __future__ import annotations

from .. import catalogue as C
from ..code_tree import Tree, code_text, parse_code
from ..findings import Finding
from ..model import Table


def code_findings(table: Table) -> list[Finding]:
    tree = Tree.of(table)
    found: list[Finding] = []
    for row in tree.invalid:
        cell = row.at("code")
        found.append(
            C.CODE_INVALID.finding(
                row.sheet,
                cell.ref,
                f"编码“{cell.text}”不是点分隔的数字（应如 1、1.2、2.2.1）。请改正编码。",
                stated=cell.text,
            )
        )
    for row, earlier in tree.duplicates:
        cell = row.at("code")
        found.append(
            C.CODE_DUPLICATE.finding(
                row.sheet,
                cell.ref,
                f"编码“{cell.text}”与第 {earlier.index} 行重复。请为每一行使用唯一编码。",
                stated=cell.text,
            )
        )
    for code, row in tree.orphans():
        found.append(
            C.CODE_ORPHAN.finding(
                row.sheet,
                row.ref("code"),
                f"编码“{row.text('code')}”的上级“{code_text(code[:-1])}”不存在，无法核对合计。"
                "请补上上级行或改正编码。",
                stated=row.text("code"),
            )
        )
    return found


def link_code_findings(table: Table) -> list[Finding]:
    """关联数据 names a 服务数量 code; text that is not a code at all is CODE_INVALID."""
    found: list[Finding] = []
    for row in table.rows:
        cell = row.at("link")
        if cell.text and parse_code(cell.text) is None:
            found.append(
                C.CODE_INVALID.finding(
                    row.sheet,
                    cell.ref,
                    f"关联数据“{cell.text}”不是服务数量表的编码（应如 1、1.2）。请填写对应的编码或留空。",
                    stated=cell.text,
                )
            )
    return found
