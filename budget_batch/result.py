"""The report document: one `WorkbookResult` per workbook, serialised as interface.md says, and
the key figures each result carries for the summaries (汇总, 批量汇总, the report draft)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Severity, count_by_severity
from .form_schema import project_key
from .links import Link, Stated
from .reading import Reading
from .review_rounds import RoundComparison
from .text_figures import ReportFigures

DOCUMENT_VERSION = 1
TOOL_FAILURE_CODES = frozenset({"CHECK_FAILED", "OUTPUT_FAILED"})


def tool_failure(what: str) -> str:
    """The honest message for a failure of this tool (interface.md, status `failed`)."""
    return (
        f"本工具处理该工作簿时出错（{what}），不是文件的问题。"
        "请把该工作簿和本说明反馈给技术支持；其他工作簿照常处理。"
    )


@dataclass
class Part:
    code: str
    name: str
    amount: float
    share: float | None  # % of the parent, computed


@dataclass
class Line:
    """A 收支情况 row: last year, this year (同比口径), the change and the execution rate."""

    name: str
    prior: float | None = None
    current: float | None = None
    actual: float | None = None
    budget: float | None = None
    change: float | None = None
    change_rate: float | None = None
    exec_rate: float | None = None
    code: str = ""


@dataclass
class ProjectLine:
    name: str
    budget: float | None
    actual: float | None
    exec_rate: float | None


@dataclass
class IndicatorLine:
    level1: str
    name: str
    level2: str
    weight: float | None
    stated: float | None
    computed: float | None
    formula: str
    target: str
    actual: str
    deviation: str
    not_applicable: bool = False
    operator: str = ""  # 计算符号, or the one written in the target (≥95%)
    unit: str = ""  # 计量单位
    #: The rate the 预算执行率 row is scored on (%), computed from 收支情况, when its actual is empty.
    computed_actual: float | None = None


@dataclass
class ServiceLine:
    code: str
    item: str
    unit: str  # effective: inherited from the parent when empty
    current: float | None
    subset: bool  # 计入上级合计 = 否 (an 其中 row)


@dataclass
class KeyFigures:
    unit: str = "万元"
    income: Line | None = None
    spending: Line | None = None
    income_parts: list[Part] = field(default_factory=list)
    spending_parts: list[Part] = field(default_factory=list)
    project_count: int = 0
    project_budget: float | None = None
    project_actual: float | None = None
    project_exec_rate: float | None = None
    top_projects: list[ProjectLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    exec_rate: float | None = None  # the department's (支出合计)
    services: list[ServiceLine] = field(default_factory=list)
    #: 基本信息 as text (department, functions, work, goal, staff_quota, …) and 问题与措施.
    info: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    basis: str = "全年执行数"  # 同比口径
    #: The scoring profile's grade bands, best first: (label, lowest score).
    grades: list[tuple[str, float]] = field(default_factory=list)
    #: The scoring profile's title, as people read it (Settings.title), not its file name.
    profile_title: str = ""
    #: 公用经费 (2.1.2) and the “三公”经费 rows (5, 5.1, 5.2, 5.2.1, 5.2.2, 5.3) that have figures.
    office: Line | None = None
    sangong: list[Line] = field(default_factory=list)


@dataclass
class FundFigures:
    """A row of a project form's 项目资金 block (年度资金总额 first)."""

    label: str
    initial: float | None
    final: float | None
    actual: float | None
    exec_rate: float | None  # as stated (%)
    exec_rate_computed: float | None  # 全年执行数 ÷ 全年预算数 × 100, 2 decimals


@dataclass
class FormFigures:
    """One form (项目支出绩效自评表, 部门整体支出绩效自评表) or scoring table (评分表) for its 汇总
    and the batch's 项目自评一览."""

    sheet: str
    family: str  # 10号, 四川, 重庆
    family_title: str
    project: str
    department: str  # 主管部门 (else 实施单位), as printed
    implementer: str
    year: int | None
    unit: str
    funds: list[FundFigures] = field(default_factory=list)
    exec_weight: float | None = None
    exec_score_stated: float | None = None
    exec_score_computed: float | None = None
    exec_formula: str = ""
    exec_rate: float | None = None  # computed, %
    indicators: list[IndicatorLine] = field(default_factory=list)
    total_stated: float | None = None
    total_computed: float | None = None
    grade_stated: str | None = None
    grade_computed: str | None = None
    profile_title: str = ""
    #: What was recognised (项目支出绩效自评表 …) and how it was read (读取说明).
    kind_title: str = "项目支出绩效自评表"
    reading: Reading | None = None


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    """A project's 全年预算数 and 全年执行数 where a document states them (a department's 项目支出
    row, or a project form's 年度资金总额), for PROJECT_FORM_MISMATCH across one batch."""

    name: str
    key: str  # the name as compared (form_schema.project_key)
    budget: float | None
    actual: float | None
    sheet: str
    budget_cell: str
    actual_cell: str
    unit: str = "万元"
    department: str = ""  # as compared (form_schema.organisation_key)


@dataclass
class ProjectColumns:
    """A department's 项目支出 rows as `ProjectFigures`, stored column by column: a department can
    list 100,000 projects, and as many objects cost more to make and to send back from the worker
    than the check itself. Names are compared (`key`) only when iterated, i.e. only in a batch
    that holds project forms."""

    sheet: str
    unit: str
    department: str
    #: The columns of 全年预算数 and 全年执行数 ("" when the table has none).
    budget_column: str = ""
    actual_column: str = ""
    names: list[str] = field(default_factory=list)
    budgets: list[float | None] = field(default_factory=list)
    actuals: list[float | None] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    #: Position → (budget cell, actual cell) where a cell is not at its column and row (merged).
    elsewhere: dict[int, tuple[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[ProjectFigures]:
        for i, name in enumerate(self.names):
            budget_cell, actual_cell = self.elsewhere.get(i) or (
                f"{self.budget_column}{self.rows[i]}",
                f"{self.actual_column}{self.rows[i]}",
            )
            yield ProjectFigures(
                name,
                project_key(name),
                self.budgets[i],
                self.actuals[i],
                self.sheet,
                budget_cell,
                actual_cell,
                self.unit,
                self.department,
            )


@dataclass
class Score:
    stated: float | None = None
    computed: float | None = None
    grade_stated: str | None = None
    grade_computed: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "stated": self.stated,
            "computed": self.computed,
            "grade_stated": self.grade_stated,
            "grade_computed": self.grade_computed,
        }


@dataclass
class WorkbookResult:
    file: str
    #: "checked"; "unreadable" (the file cannot be read: its fault); "failed" (this tool broke)
    status: str = "checked"
    #: "department" (our template) or "project_form" (项目支出绩效自评表, forms.md)
    kind: str = "department"
    error: str | None = None
    department: str | None = None
    year: int | None = None
    profile: str | None = None
    score: Score = field(default_factory=Score)
    findings: list[Finding] = field(default_factory=list)
    output: str | None = None
    #: Where its report draft was written (`report`); not part of the JSON document, whose keys
    #: interface.md fixes.
    draft: str | None = None
    #: The workbook names a scoring profile that cannot be used (a configuration error, exit 2).
    profile_error: bool = field(default=False, repr=False)
    #: Key figures for the summaries (汇总, 批量汇总); not part of the JSON document.
    figures: KeyFigures | None = field(default=None, repr=False)
    #: A workbook of project forms: each form's figures (汇总, 项目自评一览); not in the JSON.
    forms: list[FormFigures] = field(default_factory=list, repr=False)
    #: The projects it states figures for (PROJECT_FORM_MISMATCH across a batch); not in the JSON.
    projects: list[ProjectFigures] | ProjectColumns = field(default_factory=list, repr=False)
    #: A resubmitted copy: this round against the last (JSON `previous`); None for a first round.
    previous: RoundComparison | None = None
    #: The workbook's sheets in order (to sort findings added across documents); not in the JSON.
    sheet_names: list[str] = field(default_factory=list, repr=False)
    #: Figures other documents of the batch may state too, by name (links.py); not in the JSON.
    stated: dict[str, Stated] = field(default_factory=dict, repr=False)
    #: Its figures compared with other documents' (JSON `links`).
    links: list[Link] = field(default_factory=list)
    #: How a workbook of forms was read: 读取说明 per sheet (JSON `reading`, forms only).
    reading: list[Reading] = field(default_factory=list, repr=False)
    #: A Word report: the figures its text states and its coverage (JSON `coverage`).
    narrative: ReportFigures | None = field(default=None, repr=False)

    @property
    def round(self) -> int:
        return self.previous.round if self.previous is not None else 1

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    def unreadable(self, reason: str) -> WorkbookResult:
        """The file cannot be read (damaged, encrypted, not a workbook, over a limit)."""
        self.status, self.error = "unreadable", reason
        return self

    def failed(self, exc: BaseException | str) -> WorkbookResult:
        """This tool broke on a readable file: say so honestly, naming what broke."""
        what = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        self.status, self.error = "failed", tool_failure(what)
        return self

    def tool_failures(self) -> list[Finding]:
        """Findings that say this tool broke (a check or an output), not the workbook."""
        return [f for f in self.findings if f.code in TOOL_FAILURE_CODES]

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "error": self.error,
            "department": self.department,
            "year": self.year,
            "profile": self.profile,
            "score": self.score.to_json(),
            "counts": self.counts,
            "findings": [f.to_json() for f in self.findings],
            "output": self.output,
            "previous": self.previous.to_json() if self.previous is not None else None,
            "links": [link.to_json() for link in self.links],
            **({"coverage": self.narrative.to_json()} if self.narrative is not None else {}),
            **({"reading": [r.to_json() for r in self.reading]} if self.reading else {}),
        }


@dataclass
class Report:
    workbooks: list[WorkbookResult] = field(default_factory=list)
    #: Files a folder search left out, and why (this tool's own outputs); not in the JSON.
    skipped: list[tuple[Any, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"version": DOCUMENT_VERSION, "workbooks": [w.to_json() for w in self.workbooks]}

    def counts(self) -> dict[str, int]:
        totals = {s.value: 0 for s in Severity}
        for wb in self.workbooks:
            for key, n in wb.counts.items():
                totals[key] += n
        return totals
