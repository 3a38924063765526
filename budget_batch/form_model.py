"""The typed model of one 项目支出绩效自评表, whatever its layout (10号, 四川, 重庆, …).

Its blocks are `Table`s of `Row`s, as on our template, so the checks' relations, the localizer
and the scorer work on a form as they do on a department workbook; every cell keeps its sheet
and address, so a finding lands on the form itself. The form's own labels (调整后预算数 for
全年预算数 …) travel with the rows, so that messages say what the form prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .form_schema import FAMILIES, Family, organisation_key, project_key
from .model import Cell, Row, Table


@dataclass
class Printed:
    """A weight a label prints: 产出指标(50分), 绩效指标(90分), 预算执行情况(10分)."""

    label: str
    weight: float
    cell: Cell


@dataclass
class ProjectForm:
    sheet: str
    family: Family = FAMILIES[-1]
    title: Cell | None = None
    year: int | None = None
    unit: str = "万元"
    #: 项目名称, 主管部门, 实施单位, 预期目标, 实际完成情况, 评价结论, 自评等级, 存在问题, 改进措施
    #: — the value cells found beside their labels (instruction texts already read as empty).
    fields: dict[str, Cell] = field(default_factory=dict)
    #: Where each field's label is (a REQUIRED_EMPTY on an absent value points there).
    labels: dict[str, Cell] = field(default_factory=dict)
    funds: Table | None = None  # rows[0] is 年度资金总额 when the form has it
    indicators: Table | None = None
    #: The closing row: its printed total weight (100) and the stated 总分.
    total_weight: Cell | None = None
    total_score: Cell | None = None
    total_label: Cell | None = None
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

    def text(self, key: str) -> str:
        c = self.fields.get(key)
        return c.text if c is not None else ""

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
class Unrecognized:
    """A sheet that looks like a form (its title says so) but lacks an anchor."""

    sheet: str
    title: Cell
    missing: list[str]


@dataclass
class FormsModel(Document):
    """A workbook of official forms (forms.md): one form per sheet, and the sheets that look like
    one but lack an anchor."""

    forms: list[ProjectForm] = field(default_factory=list)
    unrecognized: list[Unrecognized] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "project_form"

    @property
    def department(self) -> str:
        return self.forms[0].department if self.forms else ""

    def keyed_tables(self) -> list[Table]:
        return [t for form in self.forms for t in (form.funds, form.indicators) if t is not None]

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """A form's own cells outside its tables: 项目名称 … 总分."""
        for form in self.forms:
            if form.sheet == sheet:
                named = {c.ref: key for key, c in form.fields.items()}
                for key, c in (
                    ("total_score", form.total_score),
                    ("total_weight", form.total_weight),
                ):
                    if c is not None:
                        named[c.ref] = key
                if ref in named:
                    return named[ref]
        return None

    @property
    def year(self) -> int | None:
        return self.forms[0].year if self.forms else None
