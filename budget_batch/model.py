"""The typed model of a read workbook. Every value remembers its sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .refs import column_letter
from .schema import BUDGET, INDICATORS, INFO, PROBLEMS, PROJECTS, SERVICES, YOY_BASES, TableSpec

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


@dataclass(slots=True)
class Row:
    """A data row of a table sheet. `cells` holds its non-empty cells; `columns` is the table's
    column map (shared by all rows), so an empty cell still has an address."""

    sheet: str
    index: int
    cells: dict[str, Cell]
    columns: dict[str, int] = field(default_factory=dict)
    table: str = ""  # the schema sheet it belongs to (收支情况, 项目支出, …)

    def cell(self, key: str) -> Cell | None:
        return self.cells.get(key)

    def at(self, key: str) -> Cell:
        """The cell of column `key`, empty if nothing was typed there (KeyError: no such column)."""
        c = self.cells.get(key)
        if c is not None:
            return c
        if key in self.columns:
            return Cell(self.sheet, self.index, self.columns[key])
        raise KeyError(key)

    def num(self, key: str) -> float | None:
        c = self.cells.get(key)
        return c.number if c else None

    def text(self, key: str) -> str:
        c = self.cells.get(key)
        return c.text if c else ""

    @property
    def label(self) -> str:
        """How a message names the row: 「2.2 项目支出」, 项目「…」, 指标「…」, or 「表」第 N 行."""
        if self.table in (BUDGET.name, SERVICES.name):
            code, item = self.text("code"), self.text("item")
            return f"「{code} {item}」" if code else f"「{item}」"
        if self.table == PROJECTS.name and self.text("name"):
            return f"项目「{self.text('name')}」"
        if self.table == INDICATORS.name:
            name = self.text("level3") or self.text("level2")
            if name:
                return f"指标「{name}」"
        return f"「{self.sheet}」第 {self.index} 行"

    def ref(self, key: str) -> str:
        """The cell's address, or the row's first cell when the column is absent."""
        c = self.cells.get(key)
        if c is not None:
            return c.ref
        if key in self.columns:
            return f"{column_letter(self.columns[key])}{self.index}"
        first = min(self.columns.values(), default=None)
        if first is None:
            first = min((x.col for x in self.cells.values()), default=1)
        return f"{column_letter(first)}{self.index}"


@dataclass
class Table:
    spec: TableSpec
    sheet: str  # the sheet's actual name in the workbook
    header_row: int
    columns: dict[str, int]  # column key → 1-based column index
    rows: list[Row] = field(default_factory=list)
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
        return c.number if c else None

    def ref(self, key: str) -> str:
        c = self.cells.get(key)
        return c.ref if c else ""

    def choice(self, key: str) -> str:
        """The value, or the field's default when empty."""
        return self.text(key) or (INFO.field(key).default or "")


@dataclass
class WorkbookModel:
    path: Path
    sheet_names: list[str]  # every sheet in workbook order
    info: Info | None = None
    tables: dict[str, Table] = field(default_factory=dict)  # by spec name
    template_version: str | None = None
    #: Values derived once from the model (e.g. the scorecard), keyed by what derived them.
    derived: dict[str, object] = field(default_factory=dict)

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
        """Project rows, without the optional 合计 row (computed once)."""
        cached = self.derived.get("project_rows")
        if isinstance(cached, list):
            return cached
        table = self.projects
        rows = [r for r in table.rows if not is_total_row(r)] if table else []
        self.derived["project_rows"] = rows
        return rows

    @property
    def yoy_key(self) -> str:
        """The 收支情况 column that 同比口径 compares with 上年数."""
        basis = self.info.choice("yoy_basis") if self.info else ""
        return YOY_KEYS.get(basis, "actual")

    @property
    def unit(self) -> str:
        return self.info.choice("unit") if self.info else "万元"

    @property
    def department(self) -> str:
        return self.info.text("department") if self.info else ""

    @property
    def year(self) -> int | None:
        y = self.info.num("year") if self.info else None
        return int(y) if y is not None else None


def is_total_row(row: Row) -> bool:
    """The optional 合计 row of 项目支出 (checked, not summed)."""
    return "".join(row.text("name").split()) == "合计"
