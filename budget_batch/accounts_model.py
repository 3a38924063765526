"""The typed model of a 部门决算 (final-accounts.md): its standard tables T1–T9 as read, each a
`Table` of `Row`s like our template's, so that its identities are relations on the same engine
and the localizer blames the one wrong figure; every cell keeps its sheet and address.

A table's rows are its 科目 rows (T2, T3, T5, T8, T9: 类 / 款 / 项 by their codes; T6: the
economic classes), its named rows (T1 and T4: 本年收入合计, 年末结转和结余 …, and their 类
rows by name) and its stated totals (合计). `named` finds the figures the identities name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .accounts_schema import TABLE_IDS, TITLES
from .model import Cell, Document, Row, Table


@dataclass(slots=True, eq=False)
class AccountsRow(Row):
    """A row of a 决算 table: a 科目 (code and name), a named row (role), or a T1/T4 类 row."""

    code: str = ""  # 201, 20101, 2010101; 301, 30101 ("" for a named row)
    name: str = ""  # as printed, its ordinal (一、) taken off
    role: str = ""  # named rows: income_total, carry_out, …; "class" for T1/T4 类 rows
    title: str = ""  # the table's standard title, for messages
    #: Columns of this row whose cells print a header, not a figure (a 合计 row that carries the
    #: sub-headers 合计 | 基本支出 | 项目支出): the figure is absent, not 0.
    headed: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """支出决算表「212 城乡社区支出」, 收入支出决算总表「本年收入合计」."""
        what = f"{self.code} {self.name}" if self.code else self.name
        return f"{self.title}「{what}」" if what else self.title

    @property
    def level(self) -> int:
        """1 for a 类 (3 digits), 2 for a 款 (5), 3 for a 项 (7); 0 without a code."""
        return {3: 1, 5: 2, 7: 3}.get(len(self.code), 0)


@dataclass
class AccountsTable(Table):
    id: str = ""  # T1 … T9
    title: Cell | None = None  # where its title is printed
    unit: str = "万元"
    #: No figure in it (an empty T8 / T9 / T7); `note` is the 说明 that says so, when printed.
    empty: bool = False
    note: Cell | None = None
    #: The figures the identities name, by name: T1 "income_total", T4 "out_fund.spending_total",
    #: T6 "staff_total", T7 "travel.actual" → (row, column key).
    named: dict[str, tuple[Row, str]] = field(default_factory=dict)

    def coded(self) -> list[AccountsRow]:
        """Its 科目 rows (with a code), in order."""
        return [r for r in self.rows if isinstance(r, AccountsRow) and r.code]

    def total(self) -> AccountsRow | None:
        """Its stated 合计 row, if it prints one."""
        for row in self.totals:
            if isinstance(row, AccountsRow):
                return row
        return None


@dataclass
class AccountsModel(Document):
    """A 部门决算 workbook: the standard tables it holds (one workbook, or a file per table)."""

    tables: dict[str, AccountsTable] = field(default_factory=dict)  # by id, T1 … T9
    department_name: str = ""
    year_value: int | None = None
    #: A 说明 elsewhere in the workbook that says an absent table has no data, by table id.
    mentions: dict[str, Cell] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "final_accounts"

    @property
    def department(self) -> str:
        return self.department_name

    @property
    def year(self) -> int | None:
        return self.year_value

    @property
    def unit(self) -> str:
        """The unit most of its tables are printed in."""
        units = [t.unit for t in self.tables.values()]
        return max(("万元", "元"), key=units.count) if units else "万元"

    @property
    def whole(self) -> bool:
        """A whole set (T1 and most of the others), not one table of a set split over files."""
        return "T1" in self.tables and len(self.tables) >= 5

    def table(self, table_id: str) -> AccountsTable | None:
        return self.tables.get(table_id)

    def keyed_tables(self) -> list[Table]:
        return list(self.tables.values())

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """A table's title cell, by the table's name."""
        for table in self.tables.values():
            if table.title is not None and table.sheet == sheet and table.title.ref == ref:
                return TITLES[table.id]
        return None

    def missing(self) -> list[str]:
        """The standard tables it does not hold, in order."""
        return [t for t in TABLE_IDS if t not in self.tables]
