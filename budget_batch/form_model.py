"""The typed model of official forms in any layout (forms.md, version 2): a 项目支出绩效自评表 or a
部门整体支出绩效自评表 (a money block and an indicator grid), and a scoring table (评分表).

Their blocks are `Table`s of `Row`s, as on our template, so the checks' relations, the localizer
and the scorer work on a form as they do on a department workbook; every cell keeps its sheet
and address, so a finding lands on the form itself. The form's own labels (调整后预算数 for
全年预算数 …) travel with the rows, so that messages say what the form prints. How each sheet was
read is kept beside it (`reading`: 读取说明).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .form_schema import FAMILIES, Family, organisation_key, project_key
from .layouts import Layouts, default_layouts
from .model import Cell, Document, Row, Table
from .reading import Reading

#: What a form is: one project's, or a whole department's (部门整体).
PROJECT, DEPARTMENT = "project", "department"


@dataclass
class Printed:
    """A weight a label prints: 产出指标(50分), 绩效指标(90分), 预算执行情况(10分)."""

    label: str
    weight: float
    cell: Cell


@dataclass
class SheetDocument:
    """What a form and a scoring table share: the sheet, its title and year, the header fields,
    the closing row (the weights' total and the stated 总分), and how the sheet was read."""

    sheet: str
    title: Cell | None = None
    year: int | None = None
    #: 项目名称, 主管部门, 实施单位, 预期目标, 实际完成情况, 评价结论, 自评等级, 存在问题, 改进措施,
    #: 自评总分 … — the value cells found beside their labels (instruction texts read as empty).
    fields: dict[str, Cell] = field(default_factory=dict)
    #: Where each field's label is (a REQUIRED_EMPTY on an absent value points there).
    labels: dict[str, Cell] = field(default_factory=dict)
    total_weight: Cell | None = None
    total_score: Cell | None = None
    total_label: Cell | None = None
    reading: Reading | None = None

    def text(self, key: str) -> str:
        c = self.fields.get(key)
        return c.text if c is not None else ""

    @property
    def stated_total(self) -> Cell | None:
        """The stated 总分: the closing row's, else the header's 自评总分 / 自评得分."""
        if self.total_score is not None:
            return self.total_score
        cell = self.fields.get("self_score")
        return cell if cell is not None and cell.number is not None else None


@dataclass
class Form(SheetDocument):
    kind: str = PROJECT
    family: Family = FAMILIES[-1]
    unit: str = "万元"
    funds: Table | None = None  # totals[0] is 年度资金总额 when the form has it
    #: The money block's parts by family ("source": 财政拨款, 上年结转 …; "nature": 基本支出,
    #: 项目支出): each family adds up to the total on its own.
    fund_families: dict[str, list[Row]] = field(default_factory=dict)
    #: The money block has one budget, 年初预算数 (no 全年预算数): the rate is on it, and spending
    #: above it is no overspending (the budget may have been adjusted during the year).
    budget_is_initial: bool = False
    indicators: Table | None = None
    #: Indicator rows with no target to compare with (printed 一 / — in the target): a rubric's
    #: rows (项目决策, 项目管理 …) whose stated score stands.
    rubric_rows: set[int] = field(default_factory=set)
    #: Weights printed in labels: per 一级指标, and the blocks' (绩效指标(90分), 预算执行情况(10分)).
    level1_weights: list[Printed] = field(default_factory=list)
    block_weights: dict[str, Printed] = field(default_factory=dict)

    @property
    def fund_total(self) -> Row | None:
        """The 年度资金总额 row."""
        if self.funds is None or not self.funds.totals:
            return None
        return self.funds.totals[0]

    @property
    def fund_parts(self) -> list[Row]:
        """其中：当年财政拨款, 上年结转资金, 其他资金 … (rows with a label; empty ones included)."""
        return self.funds.rows if self.funds is not None else []

    def indicator_rows(self) -> list[Row]:
        return self.indicators.rows if self.indicators is not None else []

    @property
    def project(self) -> str:
        return self.text("project")

    @property
    def project_key(self) -> str:
        return project_key(self.project)

    @property
    def department(self) -> str:
        """主管部门, else 实施单位 (as printed, code and all)."""
        return self.text("department") or self.text("implementer")

    @property
    def department_key(self) -> str:
        return organisation_key(self.department)

    def ref(self, key: str) -> str:
        """The cell of a field's value, else of its label, else ''."""
        c = self.fields.get(key) or self.labels.get(key)
        return c.ref if c is not None else ""


@dataclass
class ScoringTable(SheetDocument):
    """A 评分表: levels (一级 | 二级 | 三级, or 项目 | 考核内容 | 考核指标), each row's 分值 and 得分,
    the weights the levels print (in their labels, or in a 分值 column of their own), the total."""

    rows: Table | None = None  # one row per scored item (its deepest level)
    #: The levels above the items, each with its weight and the rows (and sub-levels) it heads.
    levels: list[Level] = field(default_factory=list)
    #: Rows that share one weight with a neighbour (二者择其一): the later ones.
    alternatives: set[int] = field(default_factory=set)

    def items(self) -> list[Row]:
        return self.rows.rows if self.rows is not None else []


@dataclass
class Level:
    """A level of a scoring table (项目决策, 过程 …) and what it prints of its weight and score."""

    key: str  # level1 / level2
    name: str
    cell: Cell  # the level's label
    weight: Cell | None  # its weight: a cell of its own 分值 column, or its label's (25分)
    score: Cell | None  # its own 得分, when printed
    rows: list[Row] = field(default_factory=list)
    children: list[Level] = field(default_factory=list)


@dataclass
class Unrecognized:
    """A sheet that looks like a form (its title says so) but lacks an anchor."""

    sheet: str
    title: Cell
    missing: list[str]


@dataclass
class FormsModel(Document):
    """A workbook of official forms (forms.md): forms and scoring tables, one per sheet (a sheet
    may hold a form and its scoring table), and the sheets that look like one but lack an anchor."""

    forms: list[Form] = field(default_factory=list)
    scoring: list[ScoringTable] = field(default_factory=list)
    unrecognized: list[Unrecognized] = field(default_factory=list)
    #: The layout data the workbook was read with (operators, qualitative words …).
    layouts: Layouts = field(default_factory=default_layouts, repr=False)

    @property
    def kind(self) -> str:
        """project_form, department_form or scoring_table: by what it holds (interface.md)."""
        if any(f.kind == PROJECT for f in self.forms):
            return "project_form"
        if self.forms:
            return "department_form"
        if self.scoring:
            return "scoring_table"
        return "project_form" if self.unrecognized else "unrecognized"

    @property
    def department(self) -> str:
        for form in self.forms:
            if form.department:
                return form.department
        for table in self.scoring:
            if table.text("department"):
                return table.text("department")
        return ""

    def documents(self) -> list[SheetDocument]:
        """Its forms and scoring tables."""
        return [*self.forms, *self.scoring]

    @property
    def year(self) -> int | None:
        for doc in self.documents():
            if doc.year is not None:
                return doc.year
        return None

    def readings(self) -> list[Reading]:
        return [d.reading for d in self.documents() if d.reading is not None]

    def keyed_tables(self) -> list[Table]:
        tables = [t for form in self.forms for t in (form.funds, form.indicators) if t is not None]
        return tables + [t.rows for t in self.scoring if t.rows is not None]

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """A form's own cells outside its tables: 项目名称 … 总分."""
        for doc in self.documents():
            if doc.sheet != sheet:
                continue
            named = {c.ref: key for key, c in doc.fields.items()}
            for key, c in (("total_score", doc.total_score), ("total_weight", doc.total_weight)):
                if c is not None:
                    named[c.ref] = key
            if ref in named:
                return named[ref]
        return None


ProjectForm = Form  # the name version 1 used
