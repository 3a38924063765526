"""The identities across the tables of a 部门决算 (final-accounts.md X1–X9): the same figure
printed in two tables, or one table's total made of another's. X1–X7 are relations on the engine
(ACCOUNTS_MISMATCH, naming both cells; blame works across tables as within one); X8 (an empty
table ⇔ zero columns in T4) and X9 (a T6 “三公” cell ≤ T7's 决算数: an inequality) are checks;
ACCOUNTS_TABLE_MISSING says a standard table is absent (or empty) without its 说明.

The identities are data over figure names (accounts_figures), so that the parent can test them
on the figures of a 决算 whose tables came in several files (accounts_join).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as C
from ..accounts_model import AccountsModel
from ..accounts_schema import FUNDS, NATURES, T6_SANGONG, T7_ITEMS, TITLES
from ..decimals import amount
from ..findings import Finding
from ..settings import Settings
from .accounts_figures import Terms, figures, tolerance, total_sum, where
from .registry import check, relations
from .relations import Ref, Relation, dec

#: X1–X7: (id, figure, the figures it equals the sum of).
EQUALS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("X1", "T1.income_total", ("T2.total.total",)),
    ("X2", "T1.spending_total", ("T3.total.total",)),
    *(("X3", f"T1.{fund}", (f"T4.{fund}",)) for fund in FUNDS),
    ("X4", "T2.total.fiscal", ("T4.income_total",)),
    ("X5", "T4.spending_total.general", ("T5.total.total",)),
    ("X6", "T5.total.basic", ("T6.staff_total", "T6.office_total")),
    *(
        ("X7", f"T4.{t4}", (f"{table}.total.{column}",))
        for fund, table in (("fund", "T8"), ("soe", "T9"))
        for t4, column in (
            (f"carry_in.{fund}", "carry_in"),
            (fund, "income"),
            (f"spending_total.{fund}", "spending_total"),
            (f"carry_out.{fund}", "carry_out"),
        )
    ),
)
#: X8: the empty table and the T4 figures that must then be zero.
EMPTY_FUNDS = {"T8": "fund", "T9": "soe"}


def class_pairs(names: set[str]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """X2 and X5 row by row: each T1 类 = T3's, each T4 一般公共预算 类 = T5's (by name); a T1
    that lists spending by nature (基本支出 …) against T3's 合计 columns."""
    for name in sorted(names):
        parts = name.split(".")
        if parts[:2] == ["T1", "class"] and parts[-1] == "amount":
            key = ".".join(parts[2:-1])
            if key in NATURES:
                yield "X2", name, (f"T3.total.{NATURES[key]}",)
            else:
                yield "X2", name, (f"T3.class.{key}.total",)
        elif parts[:2] == ["T4", "class"] and parts[-1] == "general":
            yield "X5", name, (f"T5.class.{'.'.join(parts[2:-1])}.total",)


def identities(names: set[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [*EQUALS, *class_pairs(names)]


def resolve(found: dict[str, Ref], name: str) -> Terms | None:
    """A figure's cells: itself, or — a 合计 the table does not print — the sum of its 类 rows."""
    ref = found.get(name)
    if ref is not None:
        return [(ref, 1)]
    parts = name.split(".")
    if len(parts) == 3 and parts[1] == "total":
        prefix, column = f"{parts[0]}.class.", f".{parts[2]}"
        classes = [r for n, r in found.items() if n.startswith(prefix) and n.endswith(column)]
        if classes:
            return [(r, 1) for r in classes]
    return None


@relations(C.ACCOUNTS_MISMATCH, C.ROUNDING_DIFF, on=AccountsModel)
def accounts_across_tables(model: AccountsModel, settings: Settings) -> Iterator[Relation]:
    found = figures(model)
    for _xid, left, rights in identities(set(found)):
        anchor = found.get(left)
        terms: Terms = []
        for right in rights:
            resolved = resolve(found, right)
            if resolved is None:
                break
            terms.extend(resolved)
        else:
            if anchor is None or not terms or anchor.row.unreadable(anchor.key):
                continue
            if any(r.row.unreadable(r.key) for r, _ in terms):
                continue
            unit = model.table(left.split(".")[0]).unit  # type: ignore[union-attr]
            units = {model.table(r.split(".")[0]).unit for r in rights}  # type: ignore[union-attr]
            if units != {unit}:
                continue  # tables in 元 and in 万元: not compared cell by cell
            others = "、".join(f"{r.name}{where(r)}" for r, _ in terms)
            yield total_sum(
                C.ACCOUNTS_MISMATCH,
                anchor,
                terms,
                settings,
                unit,
                others if len(terms) == 1 else f"{others}之和",
                what=f"{anchor.name}{where(anchor)}",
            )


@check(C.ACCOUNTS_MISMATCH, on=AccountsModel)
def sangong_within_t7(model: AccountsModel, settings: Settings) -> Iterator[Finding]:
    """X9: a T6 cell of a “三公” item (basic spending of 一般公共预算) ≤ T7's 决算数 of that item
    (all 财政拨款): a part is never more than its whole."""
    t7 = model.table("T7")
    if t7 is None or "T6" not in model.tables:
        return
    found = figures(model)
    for code, item in T6_SANGONG.items():
        part = found.get(f"T6.{code}")
        if part is None or part.value is None or part.row.unreadable(part.key):
            continue
        whole = found.get(f"T7.{item}.actual")
        if whole is None and not t7.empty:
            continue
        limit = dec(whole.value) if whole is not None else dec(0)
        if dec(part.value) <= limit + tolerance(settings, t7.unit, 1):
            continue
        there = (
            f"{whole.name}{where(whole)} {amount(whole.value or 0)}"
            if whole is not None
            else f"{TITLES['T7']}（无数据，即 0）"
        )
        yield C.ACCOUNTS_MISMATCH.finding(
            part.row.sheet,
            part.row.ref(part.key),
            f"{part.name} {amount(part.value)} 大于{there}，超出 {amount(dec(part.value) - limit)}。"
            f"基本支出中的{T7_ITEMS[item]}是财政拨款“三公”经费的一部分，不能更多；"
            "请核对两表，按决算软件导出的原表改正。",
            stated=part.value,
            computed=float(limit),
        )


@check(C.ACCOUNTS_MISMATCH, C.ACCOUNTS_TABLE_MISSING, on=AccountsModel)
def empty_and_missing_tables(model: AccountsModel, settings: Settings) -> Iterator[Finding]:
    """X8 and ACCOUNTS_TABLE_MISSING: an empty T8 / T9 while T4 has figures of that fund; an
    empty table without its 说明; a standard table absent from a whole set."""
    found = figures(model)
    for table_id, fund in EMPTY_FUNDS.items():
        table = model.table(table_id)
        if table is None or not table.empty:
            continue
        for name in (fund, f"spending_total.{fund}", f"carry_in.{fund}", f"carry_out.{fund}"):
            ref = found.get(f"T4.{name}")
            if ref is not None and ref.value:
                yield C.ACCOUNTS_MISMATCH.finding(
                    ref.row.sheet,
                    ref.row.ref(ref.key),
                    f"{ref.name} {amount(ref.value)}，但{TITLES[table_id]}（{table.sheet}）中没有数据；"
                    f"有{FUNDS[fund]}收支的，该表应列出其收入、支出和结转结余。请补全该表或核对本数。",
                    stated=ref.value,
                    computed=0.0,
                )
                break
    for table in model.tables.values():
        if table.empty and table.note is None and table.id not in model.mentions:
            cell = table.title
            yield C.ACCOUNTS_TABLE_MISSING.finding(
                table.sheet,
                cell.ref if cell is not None else "",
                f"{TITLES[table.id]}中没有数据，也没有说明。本年度没有相关收支的，应保留表格并注明"
                f"“本年度没有……，故本表无数据”。",
            )
    if model.whole:
        for table_id in model.missing():
            if table_id not in model.mentions:
                yield missing_table(table_id, sorted(model.tables))


def missing_table(table_id: str, present: list[str]) -> Finding:
    have = "、".join(TITLES[t] for t in present)
    return C.ACCOUNTS_TABLE_MISSING.finding(
        "",
        "",
        f"部门决算中没有「{TITLES[table_id]}」（按表名识别；已识别：{have}），也没有说明该表无数据。"
        "部门决算应公开全部 9 张表；本年度没有相关收支的，应保留表格并注明“本表无数据”。",
        stated=TITLES[table_id],
    )
