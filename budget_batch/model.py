"""The typed model of a read workbook. Every value remembers its sheet and cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import form_schema
from .refs import column_letter, split_ref
from .schema import (
    BUDGET,
    INDICATORS,
    INFO,
    PROBLEMS,
    PROJECTS,
    SERVICES,
    TOTAL_LABEL_COLUMNS,
    TOTAL_LABELS,
    YOY_BASES,
    TableSpec,
)

#: 同比口径 → the 收支情况 column compared with 上年数.
YOY_KEYS = dict(zip(YOY_BASES, ("budget_initial", "budget_final", "actual"), strict=True))

Value = float | str | None


@dataclass(slots=True, eq=False)
class Cell:
    """One parsed cell. `value` is a float for numeric columns, a str for text, else None.

    Not frozen: a 100,000-project sheet makes a million of these, and a frozen dataclass's
    constructor is six times slower. Nothing mutates a Cell after the reader builds it."""

    sheet: str
    row: int
    col: int
    value: Value = None
    raw: object = None  # as stored (the cached value of a formula)
    decimals: int | None = None  # decimals shown, for numbers
    formula: str | None = None
    #: The value could not be read (text in a number cell, an error value, a formula without a
    #: cached value, a unit that contradicts the workbook's): its own finding says so, and every
    #: check it would feed is skipped rather than fed a 0.
    unreadable: bool = False

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def number(self) -> float | None:
        return self.value if isinstance(self.value, float) else None

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            return str(int(self.value)) if self.value.is_integer() else repr(self.value)
        return self.value


def any_unreadable(cells: Mapping[str, Cell | float | str], keys: tuple[str, ...]) -> bool:
    """Does any of these cells hold a value that could not be read? (A bare value was read.)"""
    for key in keys:
        c = cells.get(key)
        if type(c) is Cell and c.unreadable:
            return True
    return False


#: What a row stores for one column: the bare value when reading it needed no parsing (a plain
#: number in an amount column, plain text), else the parsed `Cell`.
Stored = Cell | float | str


@dataclass(slots=True)
class Row:
    """A data row of a table sheet; `columns` is the table's column map (shared by all rows), so
    an empty cell still has an address.

    `cells` is the row's one value store, by column key: a value that needed no parsing is kept
    bare (a 100,000-project sheet then builds a few thousand Cells instead of a million), any
    other as its parsed `Cell`. A Cell asked for a bare value is made on the spot from it, so
    the two can never disagree. Nothing writes a Row once the reader has built it: the checks
    read the localizer's repairs from an overlay (`checks.repairs`), never from the model."""

    sheet: str
    index: int
    cells: dict[str, Stored]
    columns: dict[str, int] = field(default_factory=dict)
    table: str = ""  # the schema sheet it belongs to (收支情况, 项目支出, …)
    #: A project form's headers as it prints them (调整后预算数 …), shared by the block's rows;
    #: None on our template, whose headers are the schema's.
    headers: dict[str, str] | None = None

    def cell(self, key: str) -> Cell | None:
        c = self.cells.get(key)
        if c is None or isinstance(c, Cell):
            return c
        return Cell(self.sheet, self.index, self.columns[key], c, c)

    def filled(self) -> dict[str, Cell]:
        """Every non-empty cell of the row, by column key."""
        return {key: c for key in self.cells if (c := self.cell(key)) is not None}

    def has(self, key: str) -> bool:
        """Does the table have this column?"""
        return key in self.columns

    def at(self, key: str) -> Cell:
        """The cell of column `key`, empty if nothing was typed there (KeyError: no such column)."""
        c = self.cell(key)
        if c is not None:
            return c
        if key in self.columns:
            return Cell(self.sheet, self.index, self.columns[key])
        raise KeyError(key)

    def num(self, key: str) -> float | None:
        value = self.cells.get(key)  # checks call this millions of times: no Cell, no property
        if type(value) is float:
            return value
        if type(value) is Cell:
            value = value.value
            return value if type(value) is float else None
        return None

    def unreadable(self, *keys: str) -> bool:
        """Does any of these cells hold a value that could not be read?"""
        return any_unreadable(self.cells, keys)

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if type(value) is str:
            return value
        if value is None:
            return ""
        c = value if type(value) is Cell else self.cell(key)
        return c.text if c is not None else ""

    def parsed(self, key: str) -> Cell | None:
        """The stored Cell of a value that needed parsing (None for a bare or empty one): where a
        merged cell really is, what was stored beside what it says."""
        c = self.cells.get(key)
        return c if type(c) is Cell else None

    @property
    def total_label(self) -> str:
        """合计 / 总计 / 小计 when the row is labelled so (workbook.md, "Totals rows"), else ''."""
        for key in TOTAL_LABEL_COLUMNS:
            value = self.cells.get(key)
            if type(value) is Cell:
                value = value.value
            if type(value) is str and "计" in value:
                word = "".join(value.split())
                if word in TOTAL_LABELS:
                    return word
        return ""

    @property
    def label(self) -> str:
        """How a message names the row: 「2.2 项目支出」, 项目「…」, 指标「…」, or 「表」第 N 行."""
        if self.table in (BUDGET.name, SERVICES.name):
            code, item = self.text("code"), self.text("item")
            return f"「{code} {item}」" if code else f"「{item}」"
        if self.table == PROJECTS.name and self.text("name"):
            return f"项目「{self.text('name')}」"
        if self.table == form_schema.FUNDS.name:
            return f"「{self.text('item')}」"
        if self.table in (INDICATORS.name, form_schema.INDICATORS.name):
            name = self.text("level3") or self.text("level2")
            if name:
                return f"指标「{name}」"
        return f"「{self.sheet}」第 {self.index} 行"

    def ref(self, key: str) -> str:
        """The cell's address, or the row's first cell when the column is absent."""
        c = self.parsed(key)
        if c is not None:
            return c.ref  # a merged cell is addressed at its range's top-left
        if key in self.columns:
            return f"{column_letter(self.columns[key])}{self.index}"
        first = min(self.columns.values(), default=None)
        if first is None:
            first = min((x.col for x in self.cells.values() if type(x) is Cell), default=1)
        return f"{column_letter(first)}{self.index}"


@dataclass
class Table:
    spec: TableSpec
    sheet: str  # the sheet's actual name in the workbook
    header_row: int
    columns: dict[str, int]  # column key → 1-based column index
    rows: list[Row] = field(default_factory=list)  # the items, stated totals left out
    #: Rows labelled 合计 / 总计 / 小计 (workbook.md, "Totals rows"): stated totals, never items.
    totals: list[Row] = field(default_factory=list)
    #: Columns where some cell could not be read (sums over them are not checked).
    unreadable_columns: set[str] = field(default_factory=set)
    #: Where a column's label is printed, when not in `header_row` (a form's header over two
    #: rows: 分值 under 指标完成情况): column key → A1 address. A table-level finding points there.
    header_cells: dict[str, str] = field(default_factory=dict)
    #: Values derived once from the rows (the code tree), which nothing mutates after reading.
    derived: dict[str, object] = field(default_factory=dict, repr=False)

    def has(self, key: str) -> bool:
        return key in self.columns


@dataclass
class Info:
    """The 基本信息 sheet: one value Cell per field found."""

    sheet: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def text(self, key: str) -> str:
        c = self.cells.get(key)
        return c.text if c else ""

    def num(self, key: str) -> float | None:
        c = self.cells.get(key)
        if c is None:
            return None
        value = c.value  # inlined `Cell.number`: checks call this millions of times
        return value if type(value) is float else None

    def unreadable(self, *keys: str) -> bool:
        """Does any of these cells hold a value that could not be read?"""
        return any_unreadable(self.cells, keys)

    def ref(self, key: str) -> str:
        c = self.cells.get(key)
        return c.ref if c else ""

    def choice(self, key: str) -> str:
        """The value, or the field's default when empty."""
        return self.text(key) or (INFO.field(key).default or "")


#: What the model of every kind of document shares (our template, a form, a 部门决算, a Word
#: report): where it came from, its sheets (a workbook's; none for a report), the rows and columns
#: a user hid, and values derived once from it. Each kind's model extends it; the checks are
#: registered on the model type they read, and the pipeline never asks which kind it holds.
@dataclass
class Document:
    path: Path
    sheet_names: list[str]  # every sheet in workbook order
    #: Hidden rows and columns by sheet name: data like any other, but a finding on one says so.
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)
    hidden_cols: dict[str, set[int]] = field(default_factory=dict)
    #: Values derived once from the model (e.g. the scorecard), keyed by what derived them.
    derived: dict[str, object] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The document's kind as report.json names it (interface.md, version 3)."""
        raise NotImplementedError

    @property
    def unit(self) -> str:
        """The money unit the relations' tolerances are in (万元 or 元)."""
        return "万元"

    @property
    def profile_name(self) -> str:
        """The scoring profile the document names ('' for the default)."""
        return ""

    @property
    def department(self) -> str:
        return ""

    @property
    def year(self) -> int | None:
        return None

    def keyed_tables(self) -> list[Table]:
        """The tables whose rows name a finding in words that survive a resubmission (the key
        of its row, the header of its column: finding_keys.py)."""
        return []

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """The name of a cell outside those tables that has one (a field's label), or its own
        address where nothing better survives a resubmission; None: look in the tables."""
        return None


@dataclass
class WorkbookModel(Document):
    """A department workbook in our template (workbook.md)."""

    info: Info | None = None
    tables: dict[str, Table] = field(default_factory=dict)  # by spec name
    template_version: str | None = None

    @property
    def kind(self) -> str:
        return "department"

    def keyed_tables(self) -> list[Table]:
        return list(self.tables.values())

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """A cell of 基本信息 by the label of its row, else by its address."""
        if self.info is None or sheet != self.info.sheet:
            return None
        row = split_ref(ref)[0]
        for spec in INFO.fields:
            cell = self.info.cells.get(spec.key)
            if cell is not None and cell.row == row:
                return spec.label
        return ref

    def table(self, spec: TableSpec) -> Table | None:
        return self.tables.get(spec.name)

    @property
    def budget(self) -> Table | None:
        return self.tables.get(BUDGET.name)

    @property
    def projects(self) -> Table | None:
        return self.tables.get(PROJECTS.name)

    @property
    def indicators(self) -> Table | None:
        return self.tables.get(INDICATORS.name)

    @property
    def services(self) -> Table | None:
        return self.tables.get(SERVICES.name)

    @property
    def problems(self) -> Table | None:
        return self.tables.get(PROBLEMS.name)

    def project_rows(self) -> list[Row]:
        """The projects (a 合计 row is a stated total, kept apart in `totals`)."""
        return self.projects.rows if self.projects is not None else []

    @property
    def yoy_key(self) -> str:
        """The 收支情况 column that 同比口径 compares with 上年数."""
        basis = self.info.choice("yoy_basis") if self.info else ""
        return YOY_KEYS.get(basis, "actual")

    @property
    def unit(self) -> str:
        return self.info.choice("unit") if self.info else "万元"

    @property
    def profile_name(self) -> str:
        return self.info.text("profile") if self.info else ""

    @property
    def department(self) -> str:
        return self.info.text("department") if self.info else ""

    @property
    def year(self) -> int | None:
        y = self.info.num("year") if self.info else None
        return int(y) if y is not None else None
