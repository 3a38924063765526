"""The figures of a 部门决算 by name, and the relation its identities are made of.

A figure's name says where it is in the standard tables, whatever the layout: `T1.income_total`,
`T3.total.basic` (the 合计 row), `T3.201.total` (a 科目 row), `T3.class.一般公共服务支出.total`
(a 类 row by its name, as T1 and T4 print them), `T4.spending_total.fund`, `T6.staff_total`,
`T6.30212`, `T7.travel.actual`, `T8.total.carry_out`. The identities (accounts_identities,
accounts_cross) are written over these names; the same names carry a figure to the parent
(`result.stated`) when the tables of one 决算 come in several files.

Tolerance: a 决算 kept in 元 and printed in 万元 rounds every cell on its own, so a total may
differ from the sum of its n printed parts by up to n × 0.005 万元 (0.02 over the 10–27 parts of
a real T3). A difference within max(amount_tolerance, n × amount_tolerance / 2) is a 尾差
(ROUNDING_DIFF, info), never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import catalogue as C
from ..accounts_model import AccountsModel, AccountsRow, AccountsTable
from ..accounts_schema import CODED, T6_SANGONG, TITLES
from ..decimals import amount, fmt, joined
from ..links import Stated
from ..model import Row
from ..settings import Settings
from .relations import Interval, Linear, Ref, State, Values

Terms = list[tuple[Ref, int]]
LABEL_KEYS = frozenset({"code", "name", "code1", "code2", "code3", "name1", "name2", "name3"})


def amount_keys(table: AccountsTable) -> list[str]:
    return [k for k in table.columns if k not in LABEL_KEYS and not k.endswith("_label")]


def class_key(name: str) -> str:
    """A 类 as T1, T3, T4 and T5 all name it (一、一般公共服务支出 → 一般公共服务支出)."""
    return "".join(name.split()).removesuffix("(类)")


def figures(model: AccountsModel) -> dict[str, Ref]:
    """Every figure of the 决算 that an identity or a link names."""
    out: dict[str, Ref] = {}
    for table in model.tables.values():
        tid = table.id
        for name, (row, key) in table.named.items():
            out[f"{tid}.{name}"] = Ref(row, key)
        keys = amount_keys(table)
        if tid in CODED:
            total = table.total()
            if total is not None:
                for key in keys:
                    if key not in total.headed:
                        out[f"{tid}.total.{key}"] = Ref(total, key)
            for row in table.coded():
                for key in keys:
                    out[f"{tid}.{row.code}.{key}"] = Ref(row, key)
                    if row.level == 1:
                        out[f"{tid}.class.{class_key(row.name)}.{key}"] = Ref(row, key)
        elif tid in ("T1", "T4"):
            for row in table.rows:
                if isinstance(row, AccountsRow) and row.role == "class":
                    for key in row.columns:
                        if key in LABEL_KEYS:
                            continue
                        suffix = key.removeprefix("out_")
                        out[f"{tid}.class.{class_key(row.name)}.{suffix}"] = Ref(row, key)
        elif tid == "T6":
            for row in table.coded():
                key = next(k for k in row.columns if k not in LABEL_KEYS)
                out[f"T6.{row.code}"] = Ref(row, key)
    return out


def linkable(name: str) -> bool:
    """The figures a result carries to the parent (links, identities across files): not every
    科目 row, only totals, 类 rows, named rows and the T6 cells of a “三公” item."""
    parts = name.split(".")
    if parts[0] in CODED:
        return parts[1] in ("total", "class")
    if parts[0] == "T6":
        return len(parts) == 2 and (parts[1] in T6_SANGONG or not parts[1].isdigit())
    return True


def tolerance(settings: Settings, unit: str, parts: int) -> Decimal:
    """max(amount_tolerance, parts × amount_tolerance / 2): the 尾差 of `parts` rounded figures."""
    base = settings.tolerance(unit)
    return max(base, base * parts / 2)


class AccountsSum(Linear):
    """stated = Σ terms, as `Linear`; a figure of a 决算 that is not negative is never advised to
    become negative (a 决算 prints no negative spending), so that of a total and its parts the
    one part whose correction is possible is blamed (30299 printed as the whole 302). A 类
    and its 款 mistyped alike are blamed together (`joinable`)."""

    joinable = True

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        solved = super().solve(ref, values)
        if solved is None or (ref.value is not None and ref.value < 0):
            return solved
        if solved.hi < 0:
            return None
        if solved.lo >= 0:
            return solved
        point = solved.point if solved.point is not None and solved.point >= 0 else Decimal(0)
        return Interval(Decimal(0), solved.hi, point, solved.exact)


def where(ref: Ref) -> str:
    """The cell as a message names it beside its figure: （支出决算表!D62）."""
    return f"（{ref.row.sheet}!{ref.row.ref(ref.key)}）"


def total_sum(
    code: C.Code,
    anchor: Ref,
    parts: Terms,
    settings: Settings,
    unit: str,
    parts_name: str,
    *,
    what: str | None = None,
) -> AccountsSum:
    """anchor = Σ parts (each with its sign), within the 尾差 of as many parts."""
    return AccountsSum(
        code,
        anchor,
        what or f"{anchor.name}{where(anchor)}",
        parts,
        tolerance(settings, unit, len(parts)),
        say=say_sum(anchor, parts, parts_name),
        rounding_code=C.ROUNDING_DIFF,
        what_of_anchor=parts_name,
    )


def say_sum(anchor: Ref, parts: Terms, parts_name: str) -> Callable[[Linear, bool], str]:
    def say(relation: Linear, advise: bool) -> str:
        stated = anchor.value
        signs = "".join(
            f"{'' if i == 0 and c == 1 else (' + ' if c == 1 else ' − ')}{amount(r.value or 0)}"
            for i, (r, c) in enumerate(parts)
        )
        shown = signs if len(parts) <= 8 else joined([r.value for r, _ in parts], amount)
        total = "" if len(parts) == 1 else f" = {amount(relation.computed)}"
        head = (
            f"{anchor.name}填报 {amount(stated) if stated is not None else '为空（按 0 计）'}，"
            f"{parts_name}为 {shown}{total}，相差 {amount(relation.diff)}"
        )
        if relation.state() is State.NEAR:
            return (
                f"{head}，在尾差容差 {fmt(relation.tolerance)} 以内（{len(parts)} 个数各自四舍五入）。"
                "一般无需处理。"
            )
        return f"{head}。请核对这些数字，按决算软件导出的原表改正。"

    return say


def row_ref(row: Row, key: str) -> Ref:
    return Ref(row, key)


def accounts_stated(model: AccountsModel) -> dict[str, Stated]:
    """What a 决算's result carries to the parent (result.stated): its linkable figures by name
    (a blank cell of a 决算 is 0), each table present (`表.T3`: 1 with figures, 0 empty) and each
    说明 that an absent table has no data (`说明.T8`)."""
    out: dict[str, Stated] = {}
    for name, ref in figures(model).items():
        if linkable(name) and not ref.row.unreadable(ref.key):
            table = model.tables[name.split(".")[0]]
            out[name] = Stated(
                ref.value or 0.0, table.unit, ref.row.sheet, ref.row.ref(ref.key), ref.name
            )
    for table in model.tables.values():
        cell = table.title.ref if table.title is not None else ""
        out[f"表.{table.id}"] = Stated(
            0.0 if table.empty else 1.0, table.unit, table.sheet, cell, TITLES[table.id]
        )
    for table_id, note in model.mentions.items():
        out[f"说明.{table_id}"] = Stated(0.0, "", note.sheet, note.ref, note.text[:60])
    return out
