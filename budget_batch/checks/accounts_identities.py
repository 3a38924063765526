"""The identities inside each table of a 部门决算 (final-accounts.md D1–D14), as relations: the
localizer blames the one wrong figure (one wrong figure in T3 is one error on it, not five).

Sums are SUM_MISMATCH (a 尾差 within the tolerance of accounts_figures is ROUNDING_DIFF); the
balances (D5, D10, D14: 年初 + 收入 = 支出 + 年末) are BALANCE_MISMATCH.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as C
from ..accounts_model import AccountsModel, AccountsRow, AccountsTable
from ..accounts_schema import CODED, FUNDS, STAFF_CLASSES
from ..settings import Settings
from .accounts_figures import Terms, amount_keys, class_key, figures, total_sum
from .registry import relations
from .relations import Ref, Relation

T1_PARTS = ("general", "fund", "soe", "superior", "business", "operating", "affiliated", "other")
ROW_SUMS = {
    "T2": ("total", ("fiscal", "superior", "business", "operating", "affiliated", "other")),
    "T3": ("total", ("basic", "project", "remit", "operating", "subsidy")),
    "T5": ("total", ("basic", "project")),
    "T8": ("spending_total", ("spending_basic", "spending_project")),
    "T9": ("spending_total", ("spending_basic", "spending_project")),
}


@relations(C.SUM_MISMATCH, C.BALANCE_MISMATCH, C.ROUNDING_DIFF, on=AccountsModel)
def accounts_identities(model: AccountsModel, settings: Settings) -> Iterator[Relation]:
    found = figures(model)
    for table in model.tables.values():
        unit = table.unit
        if table.id == "T1":
            yield from _t1(found, table, settings, unit)
        elif table.id == "T4":
            yield from _t4(found, table, settings, unit)
        elif table.id == "T6":
            yield from _t6(found, table, settings, unit)
        elif table.id == "T7":
            yield from _t7(found, settings, unit)
        if table.id in CODED:
            yield from _rows(table, settings, unit)
            yield from _hierarchy(table, settings, unit)


def _sum(
    found: dict[str, Ref], settings: Settings, unit: str, total: str, parts: list[str], name: str
) -> Iterator[Relation]:
    """found[total] = Σ found[parts] (the parts printed), when the total is printed."""
    anchor = found.get(total)
    terms: Terms = [(found[p], 1) for p in parts if p in found]
    if anchor is not None and terms and not _unreadable(anchor, terms):
        yield total_sum(C.SUM_MISMATCH, anchor, terms, settings, unit, name)


def _balance(
    found: dict[str, Ref],
    settings: Settings,
    unit: str,
    left: str,
    terms: list[tuple[str, int]],
    name: str,
) -> Iterator[Relation]:
    anchor = found.get(left)
    have: Terms = [(found[p], c) for p, c in terms if p in found]
    if anchor is not None and have and not _unreadable(anchor, have):
        yield total_sum(C.BALANCE_MISMATCH, anchor, have, settings, unit, name)


def _unreadable(anchor: Ref, terms: Terms) -> bool:
    return any(r.row.unreadable(r.key) for r in (anchor, *(t for t, _ in terms)))


def _t1(
    found: dict[str, Ref], table: AccountsTable, settings: Settings, unit: str
) -> Iterator[Relation]:
    parts = [f"T1.{k}" for k in T1_PARTS]
    if not any(f"T1.{k}" in found for k in ("general", "fund", "soe")):
        parts.append("T1.fiscal")  # 财政拨款收入 not split by fund: it is the part
    else:
        yield from _sum(
            found, settings, unit, "T1.fiscal", [f"T1.{k}" for k in FUNDS], "各项财政拨款收入之和"
        )
    yield from _sum(found, settings, unit, "T1.income_total", parts, "各项收入之和")  # D1
    classes = [
        f"T1.class.{class_key(r.name)}.amount"
        for r in table.rows
        if isinstance(r, AccountsRow) and r.role == "class"
    ]
    yield from _sum(found, settings, unit, "T1.spending_total", classes, "各类支出之和")  # D2
    yield from _balance(
        found,
        settings,
        unit,
        "T1.income_grand",
        [("T1.income_total", 1), ("T1.use_surplus", 1), ("T1.carry_in", 1)],
        "本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
    )  # D3
    yield from _balance(
        found,
        settings,
        unit,
        "T1.spending_grand",
        [("T1.spending_total", 1), ("T1.surplus_distribution", 1), ("T1.carry_out", 1)],
        "本年支出合计 + 结余分配 + 年末结转和结余",
    )  # D4
    yield from _balance(
        found, settings, unit, "T1.income_grand", [("T1.spending_grand", 1)], "支出总计"
    )  # D5


def _t4(
    found: dict[str, Ref], table: AccountsTable, settings: Settings, unit: str
) -> Iterator[Relation]:
    yield from _sum(
        found, settings, unit, "T4.income_total", [f"T4.{k}" for k in FUNDS], "各项财政拨款收入之和"
    )
    yield from _sum(
        found,
        settings,
        unit,
        "T4.carry_in",
        [f"T4.carry_in.{k}" for k in FUNDS],
        "各项年初结转和结余之和",
    )
    rows = [
        r
        for r in table.rows
        if isinstance(r, AccountsRow) and r.role != "class" and "out_total" in r.columns
    ]
    classes = [r for r in table.rows if isinstance(r, AccountsRow) and r.role == "class"]
    for row in [*classes, *rows]:  # D9: each spending row, 合计 = Σ funds
        anchor = Ref(row, "out_total")
        terms: Terms = [(Ref(row, f"out_{k}"), 1) for k in FUNDS if f"out_{k}" in row.columns]
        if terms and any(t.value is not None for t, _ in terms):
            yield total_sum(C.SUM_MISMATCH, anchor, terms, settings, unit, "各资金来源之和")
    for column in ("total", *FUNDS):  # 本年支出合计 = Σ 类, per column
        parts = [f"T4.class.{class_key(r.name)}.{column}" for r in classes]
        yield from _sum(found, settings, unit, f"T4.spending_total.{column}", parts, "各类支出之和")
    for fund in FUNDS:  # D10, per fund
        yield from _balance(
            found,
            settings,
            unit,
            f"T4.spending_total.{fund}",
            [(f"T4.carry_in.{fund}", 1), (f"T4.{fund}", 1), (f"T4.carry_out.{fund}", -1)],
            f"年初结转和结余 + 本年收入 − 年末结转和结余（{FUNDS[fund]}）",
        )
    yield from _balance(
        found,
        settings,
        unit,
        "T4.income_grand",
        [("T4.income_total", 1), ("T4.carry_in", 1)],
        "本年收入合计 + 年初财政拨款结转和结余",
    )
    yield from _balance(
        found,
        settings,
        unit,
        "T4.spending_grand.total",
        [("T4.spending_total.total", 1), ("T4.carry_out.total", 1)],
        "本年支出合计 + 年末财政拨款结转和结余",
    )
    yield from _balance(
        found, settings, unit, "T4.income_grand", [("T4.spending_grand.total", 1)], "支出总计"
    )


def _t6(
    found: dict[str, Ref], table: AccountsTable, settings: Settings, unit: str
) -> Iterator[Relation]:
    classes = [r for r in table.coded() if r.level == 1]
    staff = [f"T6.{r.code}" for r in classes if r.code in STAFF_CLASSES]
    office = [f"T6.{r.code}" for r in classes if r.code not in STAFF_CLASSES]
    yield from _sum(found, settings, unit, "T6.staff_total", staff, "人员经费各类（301、303）之和")
    yield from _sum(
        found, settings, unit, "T6.office_total", office, "公用经费各类（302、310 等）之和"
    )
    for parent in classes:  # 类 = Σ 款
        children = [
            f"T6.{r.code}"
            for r in table.coded()
            if len(r.code) == 5 and r.code.startswith(parent.code)
        ]
        yield from _sum(
            found, settings, unit, f"T6.{parent.code}", children, f"{parent.code} 下各款之和"
        )


def _t7(found: dict[str, Ref], settings: Settings, unit: str) -> Iterator[Relation]:
    for measure in ("budget", "actual", "prior"):  # D13
        parts = [f"T7.{item}.{measure}" for item in ("travel", "car", "reception")]
        yield from _sum(
            found,
            settings,
            unit,
            f"T7.total.{measure}",
            parts,
            "因公出国（境）费、公务用车购置及运行费、公务接待费之和",
        )
        parts = [f"T7.{item}.{measure}" for item in ("car_purchase", "car_running")]
        yield from _sum(
            found, settings, unit, f"T7.car.{measure}", parts, "公务用车购置费、运行维护费之和"
        )


def _rows(table: AccountsTable, settings: Settings, unit: str) -> Iterator[Relation]:
    """D6, D7, D11, D14: each row's total = Σ its columns; T8 / T9 also 年初 + 收入 − 支出 = 年末."""
    total, parts = ROW_SUMS[table.id]
    for row in [*table.totals, *table.rows]:
        if total not in row.columns or total in getattr(row, "headed", ()):
            continue
        terms: Terms = [(Ref(row, k), 1) for k in parts if k in row.columns]
        if (
            terms
            and any(t.value is not None for t, _ in terms)
            and not _unreadable(Ref(row, total), terms)
        ):
            names = "、".join(t.header for t, _ in terms)
            yield total_sum(C.SUM_MISMATCH, Ref(row, total), terms, settings, unit, f"{names}之和")
        if table.id in ("T8", "T9") and "carry_out" in row.columns:
            balance: Terms = [
                (Ref(row, k), c)
                for k, c in (("carry_in", 1), ("income", 1), ("spending_total", -1))
                if k in row.columns and k not in getattr(row, "headed", ())
            ]
            if len(balance) == 3 and any(t.value for t, _ in balance):
                yield total_sum(
                    C.BALANCE_MISMATCH,
                    Ref(row, "carry_out"),
                    balance,
                    settings,
                    unit,
                    "年初结转和结余 + 本年收入 − 本年支出",
                )


def _hierarchy(table: AccountsTable, settings: Settings, unit: str) -> Iterator[Relation]:
    """D8: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in each column where a part is printed."""
    rows = table.coded()
    by_code = {r.code: r for r in rows}
    keys = amount_keys(table)
    parents: list[tuple[AccountsRow, list[AccountsRow], str]] = []
    total = table.total()
    classes = [r for r in rows if r.level == 1]
    if total is not None and classes:
        parents.append((total, classes, "各类之和"))
    for row in rows:
        if row.level in (1, 2):
            width = 5 if row.level == 1 else 7
            children = [r for r in rows if len(r.code) == width and r.code.startswith(row.code)]
            if children and by_code.get(row.code) is row:
                parents.append(
                    (row, children, f"{row.label}下各{'款' if width == 5 else '项'}之和")
                )
    for parent, children, name in parents:
        for key in keys:
            if key in parent.headed:
                continue
            terms: Terms = [(Ref(c, key), 1) for c in children]
            if not any(t.value is not None for t, _ in terms) or _unreadable(
                Ref(parent, key), terms
            ):
                continue
            yield total_sum(C.SUM_MISMATCH, Ref(parent, key), terms, settings, unit, name)
