"""The 部门决算 tables that are not one 科目 per row: T1 and T4 (an income side and a spending
side, side by side or one above the other), T6 (groups of 编码 | 名称 | 决算数 side by side, then
人员经费合计 and 公用经费合计) and T7 (the “三公” items and 预算数 / 决算数, in columns or in rows).

Rows are found by their labels (layouts/accounts.toml), amount columns by their headers; a 行次
column has no header of an amount and is never read as one.
"""

from __future__ import annotations

from collections import Counter

from ..accounts_model import AccountsTable
from ..accounts_schema import FUNDS, SIDES, T7_ITEMS, T7_MEASURES
from ..layouts import Layouts
from .accounts_tables import (
    Block,
    RowCells,
    column_labels,
    joined_code,
    label,
    match_columns,
    numbers,
    texts,
)
from .xlsx_package import Grid


def read_sides(
    table: AccountsTable, grid: Grid, block: Block, layouts: Layouts, cells: RowCells
) -> None:
    """T1 / T4: each side's rows by their labels (T1's 类 rows and T4's by their names)."""
    prefix = "t1" if block.table_id == "T1" else "t4"
    income = layouts.aliases(f"accounts.{prefix}_income")
    spending = layouts.aliases(f"accounts.{prefix}_spending")
    rows = [*block.header, *block.data]
    in_col = _label_column(grid, rows, income, "income_total")
    out_col = _label_column(grid, rows, spending, "spending_total")
    if in_col is None or out_col is None:
        return
    stacked = in_col == out_col
    labels = column_labels(grid, block.header)
    columns = layouts.table(f"accounts.{prefix}_columns")
    right = out_col if not stacked else 10_000
    in_labels = {c: s for c, s in labels.items() if in_col < c < right}
    out_labels = {c: s for c, s in labels.items() if c > out_col}
    in_amount = match_columns(in_labels, {"amount": columns["amount"]}).get("amount")
    if in_amount is None:
        in_amount = _first_numeric(grid, rows, in_col + 1, right)
    if block.table_id == "T1":
        out = match_columns(out_labels, {"amount": columns["amount"]})
        found = out.get("amount") or _first_numeric(grid, rows, out_col + 1, 10_000)
        out_amounts = {"out_amount": found} if found else {}
    else:
        keys = {k: v for k, v in columns.items() if k != "amount"}
        out_amounts = {f"out_{k}": c for k, c in match_columns(out_labels, keys).items()}
    funds = layouts.aliases("accounts.t4_income")
    state = {"carry_in": False, "spending_done": False, "carry_out": False}
    split = _split_row(grid, rows, in_col, income) if stacked else None
    data = set(block.data)
    for r in rows:
        row_texts = texts(grid, r)
        if split is None or r <= split:
            _income_row(table, cells, (r, in_col), row_texts.get(in_col), in_amount, income, state)
        if split is None or r > split:
            text = row_texts.get(out_col)
            if r in data or (text and spending.get(label(text))):
                _spending_row(table, cells, (r, out_col), text, out_amounts, spending, funds, state)
    headers = {"in_amount": "决算数", "out_amount": "决算数", **SIDES}
    for row in table.rows:
        row.headers = {k: headers.get(k, k) for k in row.columns if k != "name"}
    table.columns = {"in_label": in_col, "out_label": out_col}
    if in_amount:
        table.columns["in_amount"] = in_amount
    table.columns.update(out_amounts)


def _split_row(grid: Grid, rows: list[int], col: int, income: dict[str, str]) -> int:
    """One side above the other: the income side's 总计 row, the last of that side."""
    for r in rows:
        if income.get(label(texts(grid, r).get(col, ""))) == "income_grand":
            return r
    return rows[-1] if rows else 0


def _label_column(grid: Grid, rows: list[int], aliases: dict[str, str], key: str) -> int | None:
    found: Counter[int] = Counter()
    for r in rows:
        for c, text in texts(grid, r).items():
            if aliases.get(label(text)) == key:
                found[c] += 1
    return found.most_common(1)[0][0] if found else None


def _first_numeric(grid: Grid, rows: list[int], lo: int, hi: int) -> int | None:
    cols = sorted({c for r in rows for c in numbers(grid, r) if lo <= c < hi})
    return cols[0] if cols else None


def _income_row(
    table: AccountsTable,
    cells: RowCells,
    at: tuple[int, int],
    text: str | None,
    amount: int | None,
    aliases: dict[str, str],
    state: dict[str, bool],
) -> None:
    if not text or amount is None:
        return
    key = aliases.get(label(text))
    if key is None:
        return
    if key == "carry_in":
        state["carry_in"] = True
    elif key in FUNDS and state["carry_in"] and table.id == "T4":
        key = f"carry_in.{key}"
    elif key in table.named:
        return
    r, col = at
    row = cells.row(r, {"in_amount": amount}, name=label(text), role=key, where={"name": col})
    table.rows.append(row)
    table.named[key] = (row, "in_amount")


def _spending_row(
    table: AccountsTable,
    cells: RowCells,
    at: tuple[int, int],
    text: str | None,
    amounts: dict[str, int],
    aliases: dict[str, str],
    funds: dict[str, str],
    state: dict[str, bool],
) -> None:
    if not text or not amounts:
        return
    name = label(text)
    key = aliases.get(name)
    if key is None and state["carry_out"] and funds.get(name) in FUNDS:
        key = f"carry_out.{funds[name]}"
    if key is None:
        if state["spending_done"] or not name:
            return
        key = "class"
    if key == "spending_total":
        state["spending_done"] = True
    elif key == "carry_out":
        state["carry_out"] = True
    if key != "class" and any(k.startswith(f"{key}.") or k == key for k in table.named):
        return
    r, col = at
    row = cells.row(r, amounts, name=name, role=key, where={"name": col})
    table.rows.append(row)
    if key == "class":
        return
    for column in amounts:
        suffix = column.removeprefix("out_")
        table.named[key if column == "out_amount" else f"{key}.{suffix}"] = (row, column)


def read_t6(
    table: AccountsTable, grid: Grid, block: Block, layouts: Layouts, cells: RowCells
) -> None:
    """Groups of 编码 | 名称 | 决算数 side by side (each group's keys numbered 1, 2, 3), and the
    footer rows 人员经费合计 / 公用经费合计 in whichever group prints them."""
    labels = column_labels(grid, block.header)
    names = layouts.labels("accounts.words", "name_headers")
    amount_words = layouts.labels("accounts.t6_columns", "amount")
    footers = layouts.aliases("accounts.t6_rows")
    groups: list[tuple[list[int], int, int]] = []
    start = 1
    for c in sorted(labels):
        if not any(s in names for s in labels[c]) or (groups and c <= groups[-1][2]):
            continue
        amount = next(
            (a for a in sorted(labels) if a > c and any(s in amount_words for s in labels[a])),
            None,
        )
        if amount is None:
            break
        groups.append((list(range(start, c)), c, amount))
        start = amount + 1
    for g, (code_cols, name_col, amount_col) in enumerate(groups[:3], start=1):
        table.columns.update({f"code{g}": code_cols[0] if code_cols else name_col})
        table.columns.update({f"name{g}": name_col, f"amount{g}": amount_col})
        where = {"code": code_cols[0] if code_cols else name_col, "name": name_col}
        for r in block.data:
            stored = grid.row(r)
            code = joined_code([stored[c - 1] if c - 1 < len(stored) else "" for c in code_cols])
            name_value = stored[name_col - 1] if name_col - 1 < len(stored) else ""
            key = f"amount{g}"
            if code:
                row = cells.row(
                    r, {key: amount_col}, code=code, name=label(name_value), where=where
                )
                row.headers = {key: "决算数"}
                table.rows.append(row)
                continue
            footer = next(
                (
                    footers[label(t)]
                    for c, t in texts(grid, r).items()
                    if c in (*code_cols, name_col) and label(t) in footers
                ),
                None,
            )
            if footer is not None and footer not in table.named:
                row = cells.row(r, {key: amount_col}, name=label(name_value) or footer, role=footer)
                row.name = {"staff_total": "人员经费合计", "office_total": "公用经费合计"}[footer]
                row.headers = {key: "决算数"}
                table.rows.append(row)
                table.named[footer] = (row, key)


def read_matrix(
    table: AccountsTable, grid: Grid, block: Block, layouts: Layouts, cells: RowCells
) -> None:
    """T7: (item, measure) → cell, the items across the columns (under a 合计 | 因公出国 …
    header) or down the rows (older layouts: 上年决算数 | 本年决算数 | 增减)."""
    items = layouts.aliases("accounts.t7_items")
    measures = layouts.aliases("accounts.t7_measures")
    labels = column_labels(grid, block.header)
    by_column = {c: _last(ls, items) for c, ls in labels.items()}
    data = [r for r in block.data if numbers(grid, r)]
    if not data:
        return
    if len({i for i in by_column.values() if i}) >= 3:
        r = data[0]
        columns: dict[str, int] = {}
        for c in sorted(labels):
            item, measure = by_column[c], _last(labels[c], measures) or "actual"
            if item and f"{item}.{measure}" not in columns:
                columns[f"{item}.{measure}"] = c
        row = cells.row(r, columns, name="")
        row.headers = {k: _say(k) for k in columns}
        table.rows.append(row)
        table.named.update({k: (row, k) for k in columns})
        table.columns = dict(columns)
        return
    kinds = {k: c for k, c in match_columns(labels, _inverse(measures)).items()}
    for r in data:
        item = next((items[label(t)] for t in texts(grid, r).values() if label(t) in items), None)
        if item is None or any(k.startswith(f"{item}.") for k in table.named):
            continue
        row = cells.row(r, kinds, name=T7_ITEMS[item], role=item)
        row.headers = {k: T7_MEASURES.get(k, k) for k in kinds}
        table.rows.append(row)
        table.named.update({f"{item}.{k}": (row, k) for k in kinds})
    table.columns = dict(kinds)


def _last(labels: list[str], aliases: dict[str, str]) -> str | None:
    """The most specific (lowest) header label that names one of `aliases`."""
    return next((aliases[s] for s in reversed(labels) if s in aliases), None)


def _inverse(aliases: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for text, key in aliases.items():
        out.setdefault(key, []).append(text)
    return out


def _say(key: str) -> str:
    item, measure = key.split(".")
    return f"「{T7_ITEMS[item]}」{T7_MEASURES[measure]}"
