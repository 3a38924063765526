"""A money block written in its labels (部门整体 forms): a total beside its amount, and its parts
as `名称:金额` in side-by-side sub-blocks under 按收入性质分 | 按支出性质分.

    年度预算资金总额（万元） | 1,024.30 | 按收入性质分           | 按支出性质分
                             |          | 一般公共预算:1,004.30  | 基本支出:812.00
                             |          | 政府性基金:20.00       | 项目支出:212.30

The parts of each sub-block (a family) must add up to the total on their own. A part's name and
amount stand in one cell, so the part is a row of its own (a `Row` whose cells are that cell);
its index is made unique on the sheet, its cells keep their real address.
"""

from __future__ import annotations

import re
import unicodedata

from ..form_schema import FUNDS, form_label
from ..model import Cell, Row, Table
from ..reading import BlockRead, ColumnRead
from ..refs import column_letter
from ..schema import Kind
from .form_sheet import FormSheet
from .money_block import MoneyBlock, part_name
from .number_parsing import parse_number

_PART = re.compile(r"^(.{1,20}?)[:：]\s*(-?[\d,，]*\d(?:\.\d+)?)\s*(万元|元)?$")
ROWS = 8  # the sub-blocks stand within this many rows of the total
#: Cells of two parts in one sheet row are told apart by their column: index = row × this + col.
SPREAD = 1000


def read_label_amounts(fs: FormSheet, start: int = 1) -> MoneyBlock | None:
    roles = fs.layouts.aliases("money.rows")
    headers = {
        **{form_label(w): "source" for w in fs.layouts.words("money.rows", "source_headers")},
        **{form_label(w): "nature" for w in fs.layouts.words("money.rows", "nature_headers")},
    }
    for (r, c), label in sorted(fs.labels.cells.items()):
        if r < start or roles.get(part_name(label)) != "total":
            continue
        value = _amount_right(fs, r, c)
        if value is None:
            continue
        parts = _parts(fs, r, c, roles, headers)
        if not parts:
            continue
        return _block(fs, r, c, value, parts)
    return None


def _amount_right(fs: FormSheet, r: int, c: int) -> tuple[int, int] | None:
    """The cell right of the total's label holding its amount."""
    row = fs.grid.row(r)
    for col in range(c + 1, min(len(row), c + 3) + 1):
        anchor = fs.grid.anchor(r, col)
        if anchor == fs.grid.anchor(r, c):
            continue
        raw = fs.grid.cell(*anchor, formats=False)
        if raw is None:
            continue
        if isinstance(raw.value, (int, float)) or (
            isinstance(raw.value, str) and re.fullmatch(r"[\d,，]+(\.\d+)?", raw.value.strip())
        ):
            return anchor
        return None
    return None


def _parts(
    fs: FormSheet, r: int, c: int, roles: dict[str, str], headers: dict[str, str]
) -> list[tuple[int, int, str, str, str]]:
    """(row, col, name, amount text, family) of each `名称:金额` cell near the total."""
    found = []
    for (pr, pc), raw in sorted(fs.labels.raw.items()):
        if not r <= pr <= r + ROWS or pc <= c:
            continue
        m = _PART.match(unicodedata.normalize("NFKC", raw).strip())
        if m is None:
            continue
        name = form_label(m.group(1))
        family = _family_above(fs, pr, pc, r, headers) or {
            "source": "source",
            "nature": "nature",
        }.get(roles.get(part_name(name), ""), "")
        if family:
            found.append((pr, pc, m.group(1).strip(), m.group(2), family))
    return found


def _family_above(fs: FormSheet, pr: int, pc: int, top: int, headers: dict[str, str]) -> str:
    for r in range(pr - 1, top - 1, -1):
        label = fs.labels.cells.get(fs.grid.anchor(r, pc))
        if label is not None and label in headers:
            return headers[label]
    return ""


def _block(
    fs: FormSheet, r: int, c: int, at: tuple[int, int], parts: list[tuple[int, int, str, str, str]]
) -> MoneyBlock:
    total_cell = fs.cells.parse(*at, Kind.AMOUNT, "年度预算资金总额")
    columns = {"item": c, "budget_final": at[1]}
    printed = {"item": "资金", "budget_final": "金额"}
    cells: dict[str, Cell | float | str] = {
        "item": Cell(fs.sheet, r, c, fs.labels.raw[(r, c)].strip())
    }
    if total_cell is not None:
        cells["budget_final"] = total_cell
    table = Table(FUNDS, fs.sheet, r, columns)
    table.totals.append(Row(fs.sheet, r, cells, columns, FUNDS.name, headers=printed))
    block = MoneyBlock(table, label_col=c, budget_is_initial=False)
    rows_read = [
        f"第 {r} 行「{fs.labels.raw[(r, c)].strip()}」：合计（金额在 {column_letter(at[1])}{at[0]}）"
    ]
    for pr, pc, name, text, family in parts:
        parsed = parse_number(text.replace("，", ","))  # the form's own notation: said in 读取说明
        part_cells: dict[str, Cell | float | str] = {"item": Cell(fs.sheet, pr, pc, name, name)}
        if parsed.value is not None:
            part_cells["budget_final"] = Cell(fs.sheet, pr, pc, parsed.value, text, parsed.decimals)
        row = Row(
            fs.sheet,
            pr * SPREAD + pc,
            part_cells,
            {"item": pc, "budget_final": pc},
            FUNDS.name,
            headers=printed,
        )
        table.rows.append(row)
        block.families.setdefault(family, []).append(row)
        words = "按收入性质" if family == "source" else "按支出性质"
        rows_read.append(f"{column_letter(pc)}{pr}「{name}」：{words}的组成部分")
    block.last = max(pr for pr, *_ in parts)
    columns_read = [
        ColumnRead(column_letter(c), fs.labels.raw[(r, c)].strip(), "合计"),
        ColumnRead(column_letter(at[1]), "（金额）", "全年预算数"),
    ]
    cells_range = (
        f"{column_letter(c)}{r}:{column_letter(max(pc for _, pc, *_ in parts))}{block.last}"
    )
    fs.reading.blocks.append(
        BlockRead("资金（写在栏目中的金额）", cells_range, columns_read, rows_read)
    )
    fs.reading.assumed.append(
        "各组成部分的金额写在名称之后（名称:金额），按所在栏（按收入性质分、按支出性质分）分别核对合计"
    )
    return block
