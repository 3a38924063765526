"""A form's money block (项目资金 / 部门整体 资金), found by its header's labels: columns in any
order and subset (年初预算数, 全年预算数 / 调整预算数, 全年执行数, 分值, 执行率, 得分, 原因), the
total row (年度资金总额, 合计 …) and its parts by family — by source (财政拨款, 上年结转 …) or by
nature (基本支出, 项目支出) — each family adding up to the total on its own.

Which label means what is data (layouts/default.toml `[money.*]`). Without a 全年预算数 column
the rate is on 年初预算数 (a layout with one budget: 年初预算数(A), 执行率 B/A).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..form_schema import FUNDS, form_label, printed_weight
from ..model import Row, Table
from ..reading import BlockRead, ColumnRead
from ..refs import column_index, column_letter
from ..schema import Kind
from .form_sheet import MEANINGS, FormSheet, named_left
from .header_bands import Band, best_band, header_cells

MAX_ROWS = 14  # a money block is a handful of rows under its header
AMOUNTS = ("budget_initial", "budget_final", "actual")
FRACTIONS = frozenset({"exec_rate"})  # a bare number ≤ 1.5 here is a fraction
_WHEREOF = re.compile(r"^(?:其中)[:：]?")
FAMILY_WORDS = {"source": "按来源", "nature": "按性质"}
SOURCE_WORD = "资金来源（全年预算数的组成部分）"


@dataclass
class MoneyBlock:
    table: Table
    families: dict[str, list[Row]] = field(default_factory=dict)
    band: Band | None = None
    last: int = 0
    label_col: int = 0
    weight: float | None = None  # printed in a label: 分值(10分), 预算执行情况(10分)
    budget_is_initial: bool = False  # no 全年预算数: the rate is on 年初预算数


def part_name(label: str) -> str:
    """A part's label without its 其中: (其中：当年财政拨款 → 当年财政拨款)."""
    return _WHEREOF.sub("", label)


def find_header(fs: FormSheet, start: int = 1, stop: int | None = None) -> Band | None:
    """The first header row (from `start`) that names 全年执行数 and a budget."""
    aliases = fs.layouts.aliases("money.columns")
    for r in sorted(fs.labels.rows):
        if r < start or (stop is not None and r > stop):
            continue
        if not any(label in aliases for label in fs.labels.row(r).values()):
            continue
        band = best_band(fs.labels, fs.grid, aliases, r, _money_header)
        if band is not None:
            return band
    return None


def _money_header(keys: set[str]) -> bool:
    return "actual" in keys and bool(keys & {"budget_final", "budget_initial", "sources_total"})


def read_money(fs: FormSheet, band: Band, stop_labels: frozenset[str]) -> MoneyBlock | None:
    """The block under `band`; None when it has no total row (年度资金总额 / 合计 …)."""
    roles = fs.layouts.aliases("money.rows")
    aliases = fs.layouts.aliases("money.columns")
    columns = {k: c for k, c in band.columns.items() if k not in ("label", "by_source")}
    printed = {k: p for k, p in band.printed.items() if k not in ("label", "by_source")}
    assumed = []
    sources = {
        f"source_{i}": (col, text)
        for i, (col, text) in enumerate(
            sorted(
                (c, t) for c, t in band.labels.items() if aliases.get(form_label(t)) == "by_source"
            ),
            start=1,
        )
    }
    total_key = columns.pop("sources_total", None)
    total_printed = printed.pop("sources_total", "")
    if total_key is not None and not {"budget_final", "budget_initial"} & set(columns):
        columns["budget_final"], printed["budget_final"] = total_key, total_printed
        assumed.append(f"「{total_printed}」栏（各资金来源之和）按全年预算数读取")
    for key, (col, text) in sources.items():
        columns[key], printed[key] = col, text
    amounts = [columns[k] for k in AMOUNTS if k in columns] + [c for c, _ in sources.values()]
    first_amount = min(amounts)
    found = _total(fs, band, roles, first_amount)
    if found is None:
        found = _unlabelled_total(fs, band, amounts, set(columns.values()))
    if found is None:
        return None
    total_row, label_col = found
    initial_only = "budget_final" not in columns
    if initial_only:  # one budget: the rate is on it
        columns["budget_final"] = columns.pop("budget_initial")
        printed["budget_final"] = printed.pop("budget_initial")
        assumed.append(f"无全年预算数栏，执行率按「{printed['budget_final']}」计算")
    columns["item"] = label_col
    printed["item"] = "资金"
    table = Table(FUNDS, fs.sheet, band.top, columns)
    table.header_cells = header_cells(band, columns)
    block = MoneyBlock(table, band=band, label_col=label_col, budget_is_initial=initial_only)
    family = ""
    rows_read: list[str] = []
    last = band.bottom
    for r in range(band.bottom + 1, band.bottom + MAX_ROWS + 1):
        anchor = fs.grid.anchor(r, label_col)
        label = fs.labels.cells.get(anchor, "") if anchor[0] == r else ""
        figures = any(fs.grid.cell(r, c, formats=False) is not None for c in amounts)
        if label and (label in stop_labels and roles.get(part_name(label)) is None):
            break
        role = roles.get(part_name(label)) if label else None
        if _across(fs, r, label_col, amounts):
            break  # a text across the block's columns (项目年度目标 …): the block has ended
        if not label and not figures:
            if r > total_row:
                break
            continue
        if label and role is None and not figures and r > total_row:
            break
        row = _row(fs, r, columns, printed)
        if r == total_row:
            table.totals.append(row)
            said = fs.labels.raw.get(anchor, "").strip() or "（无名称）"
            rows_read.append(f"第 {r} 行「{said}」：合计")
        else:
            family = _family(role, family)
            table.rows.append(row)
            block.families.setdefault(family, []).append(row)
            said = fs.labels.raw.get(anchor, "").strip() or "（无名称）"
            rows_read.append(f"第 {r} 行「{said}」：{FAMILY_WORDS[family]}的组成部分")
        last = r
    block.last = last
    block.weight = _printed_weight(fs, band, printed)
    cells = f"{column_letter(min(label_col, *columns.values()))}{band.top}:"
    cells += f"{column_letter(max(columns.values()))}{last}"
    meanings = {k: SOURCE_WORD for k in sources}
    read = BlockRead(
        "项目资金", cells, _columns_read(fs, band, label_col, meanings, columns), rows_read
    )
    fs.reading.blocks.append(read)
    fs.reading.assumed.extend(assumed)
    if len(block.families) > 1:
        fs.reading.assumed.append("资金按来源、按性质分别列示：各自的合计应等于总额，分别核对")
    return block


def _total(
    fs: FormSheet, band: Band, roles: dict[str, str], first_amount: int
) -> tuple[int, int] | None:
    """The total row and the column of the rows' labels: where 年度资金总额 / 合计 … stands
    under the header, left of the amounts."""
    for r in range(band.bottom + 1, band.bottom + MAX_ROWS + 1):
        for c, label in sorted(fs.labels.row(r).items()):
            if c < first_amount and roles.get(part_name(label)) == "total":
                return r, c
    return None


def _unlabelled_total(
    fs: FormSheet, band: Band, amounts: list[int], taken: set[int]
) -> tuple[int, int] | None:
    """A one-row block (资金来源 columns, figures right under the header): that row is the
    total, named by the block's label on its left (the nearest column that is none of the
    block's own: an 执行率 may stand between)."""
    r = band.bottom + 1
    free = [c for c in range(1, min(amounts)) if c not in taken]
    if not free or not any(fs.grid.cell(r, c, formats=False) is not None for c in amounts):
        return None
    return r, band.columns.get("label", free[-1])


def _across(fs: FormSheet, row: int, label_col: int, amounts: list[int]) -> bool:
    """Does one merged cell of `row` cover the label column or an amount and a second amount?"""
    anchors = [fs.grid.anchor(row, c) for c in [label_col, *amounts]]
    return any(anchors.count(a) > 1 and a in fs.grid.merged_anchors for a in set(anchors))


def _family(role: str | None, current: str) -> str:
    if role in ("source", "nature"):
        return role
    return current or "source"  # 其他, or a label we do not know: with the rows it follows


def _row(fs: FormSheet, r: int, columns: dict[str, int], printed: dict[str, str]) -> Row:
    kinds = {k: Kind.AMOUNT for k in columns if k.startswith("source_")}  # funding sources
    return fs.row(r, FUNDS, columns, printed, FRACTIONS, {**kinds, "item": Kind.TEXT})


def _printed_weight(fs: FormSheet, band: Band, printed: dict[str, str]) -> float | None:
    """分值(10分) in the header, or 预算执行情况(10分) / 项目资金(10分) in the block's label."""
    if "weight" in printed:
        weight = printed_weight(printed["weight"])
        if weight is not None:
            return weight
    for c, text in fs.labels.row(band.top).items():
        if form_label(text) and c < min(band.columns.values(), default=c + 1):
            weight = printed_weight(fs.labels.raw[(band.top, c)])
            if weight is not None:
                return weight
    return None


def _columns_read(
    fs: FormSheet,
    band: Band,
    label_col: int,
    names: dict[str, str],
    columns: dict[str, int],
) -> list[ColumnRead]:
    """The header's columns as read (`columns`: the block's own map, funding sources named by
    `names`): the rows' labels are 资金项目 whatever their column's header says (资金来源,
    年度预算数(万元), or nothing), a label left of them names the block."""
    read = fs.columns_read(band, names, columns)
    for c in read:
        if column_index(c.column) == label_col:
            c.meaning = MEANINGS["item"]
    if all(column_index(c.column) != label_col for c in read):
        read.append(ColumnRead(column_letter(label_col), "", MEANINGS["item"]))
        read.sort(key=lambda c: column_index(c.column))
    for c in read:
        if column_index(c.column) < label_col:
            c.meaning = ""
    return named_left(read, label_col)
