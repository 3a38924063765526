"""PROJECT_FORM_MISMATCH: a department workbook and its projects' forms in one batch must agree.

Cross-document, so not a registered check: `projects_of` (per kind: `department_projects`,
`form_projects`) takes what each document states about
its projects (in the worker that read it), and `project_form_mismatches` compares them for the
whole batch (in the parent). A project is matched by its name with the system code stripped and
whitespace and full/half width normalised (form_schema.project_key); when several department
workbooks list that name, the form's 主管部门 decides. Amounts are compared in 万元, within the
amount tolerance; each disagreement is reported on both sides.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import catalogue as C
from ..column_table import ColumnTable, data_rows
from ..decimals import amount
from ..findings import Finding
from ..form_model import FormsModel
from ..form_schema import organisation_key
from ..model import Cell, Document, Row, WorkbookModel
from ..refs import column_letter
from ..result import ProjectColumns, ProjectFigures, WorkbookResult
from ..settings import DEFAULT, Settings
from .across import Outcome, across, file_name
from .check_helpers import dec

TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001")}
FUND_COLUMNS = ("budget_final", "actual")
FIGURES = (("budget", "budget_cell", "全年预算数"), ("actual", "actual_cell", "全年执行数"))


@dataclass
class Statement:
    """What one document states about its projects."""

    file: str
    kind: str  # "department" or "project_form"
    projects: list[ProjectFigures] = field(default_factory=list)


def statement_of(result: WorkbookResult) -> Statement:
    """What a checked workbook's result carries (`projects`, filled by check_workbook)."""
    return Statement(result.file, result.kind, list(result.projects))


def form_projects(model: FormsModel) -> list[ProjectFigures]:
    """Each form's 年度资金总额 (全年预算数, 全年执行数)."""
    found = []
    for form in model.forms:
        total = form.fund_total
        if total is None or not form.project:
            continue
        found.append(
            ProjectFigures(
                form.project,
                form.project_key,
                total.num("budget_final"),
                total.num("actual"),
                form.sheet,
                total.ref("budget_final"),
                total.ref("actual"),
                form.unit,
                form.department_key,
            )
        )
    return found


def department_projects(model: WorkbookModel) -> ProjectColumns | list[ProjectFigures]:
    """A department's 项目支出 rows."""
    table = model.projects
    if table is None or not data_rows(table) or not table.columns:
        return []
    # Where Row.ref puts a cell: its column, or the row's first cell when the table has none.
    cols = [table.columns.get(k, min(table.columns.values())) for k in FUND_COLUMNS]
    listed = ProjectColumns(
        table.sheet,
        model.unit,
        organisation_key(model.department),
        budget_column=column_letter(cols[0]),
        actual_column=column_letter(cols[1]),
    )
    if isinstance(table, ColumnTable):
        _plain_projects(table, listed)
        return listed
    for row in table.rows:
        _listed(row, cols, listed)
    return listed


def _plain_projects(table: ColumnTable, listed: ProjectColumns) -> None:
    """`department_projects` of a column table: its plain rows from the columns (their amounts
    are bare figures, at their own cells), the others as on the row path."""
    cols = [table.columns.get(k, min(table.columns.values())) for k in FUND_COLUMNS]
    empty = [None] * len(table.index)
    names = [
        v if type(v) is str else v.text if isinstance(v, Cell) else ""
        for v in table.values.get("name", empty)
    ]
    budgets = table.values.get("budget_final", empty)
    actuals = table.values.get("actual", empty)

    def plain(start: int, stop: int) -> None:
        named = [p for p in range(start, stop) if names[p]]
        if len(named) == stop - start:  # every one named (a required column): whole slices
            listed.names.extend(names[start:stop])
            listed.budgets.extend(budgets[start:stop])
            listed.actuals.extend(actuals[start:stop])
            listed.rows.extend(table.index[start:stop])
            return
        for p in named:
            listed.names.append(names[p])
            listed.budgets.append(budgets[p])
            listed.actuals.append(actuals[p])
            listed.rows.append(table.index[p])

    start = 0
    for row in table.irregular:  # in sheet order, between the plain rows around them
        at = bisect_left(table.index, row.index, start)
        plain(start, at)
        _listed(row, cols, listed)
        start = at
    plain(start, len(table.index))


def _listed(row: Row, cols: list[int], listed: ProjectColumns) -> None:
    """One project row into `listed` (a row without a name is no project)."""
    if name := row.text("name"):
        if row.cells and any(
            (c := row.parsed(k)) is not None and (c.row, c.col) != (row.index, col)
            for k, col in zip(FUND_COLUMNS, cols, strict=True)
        ):  # a merged cell: addressed at its range's top-left
            listed.elsewhere[len(listed.names)] = (row.ref("budget_final"), row.ref("actual"))
        listed.names.append(name)
        listed.budgets.append(row.num("budget_final"))
        listed.actuals.append(row.num("actual"))
        listed.rows.append(row.index)


@across(C.PROJECT_FORM_MISMATCH)
def project_forms(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    """PROJECT_FORM_MISMATCH across a batch's department workbooks and project forms."""
    outcome = Outcome()
    if not any(r.kind == "project_form" for r in results):
        return outcome
    for file, found in project_form_mismatches(
        [statement_of(r) for r in results], settings
    ).items():
        outcome.findings[file].extend(found)
    return outcome


def project_form_mismatches(
    statements: Sequence[Statement], settings: Settings = DEFAULT
) -> dict[str, list[Finding]]:
    """File → the PROJECT_FORM_MISMATCH findings on it (both sides of each disagreement)."""
    tolerance = settings.tolerance("万元")
    listed: dict[str, list[tuple[Statement, ProjectFigures]]] = defaultdict(list)
    for doc in statements:
        if doc.kind == "department":
            for project in doc.projects:
                listed[project.key].append((doc, project))
    found: dict[str, list[Finding]] = defaultdict(list)
    for doc in statements:
        if doc.kind != "project_form":
            continue
        for form in doc.projects:
            candidates = listed.get(form.key, [])
            if len(candidates) > 1:  # the same name in several departments: the form's 主管部门
                candidates = [c for c in candidates if c[1].department == form.department]
            if len(candidates) != 1:
                continue
            department, listing = candidates[0]
            for value, cell, what in FIGURES:
                ours, theirs = getattr(form, value), getattr(listing, value)
                if ours is None or theirs is None:
                    continue
                a = dec(ours) * TO_WAN.get(form.unit, Decimal(1))
                b = dec(theirs) * TO_WAN.get(listing.unit, Decimal(1))
                if abs(a - b) <= tolerance:
                    continue
                found[doc.file].append(
                    _finding(
                        form, getattr(form, cell), what, a, b, department.file, "部门整体自评表"
                    )
                )
                found[department.file].append(
                    _finding(
                        listing, getattr(listing, cell), what, b, a, doc.file, "项目支出绩效自评表"
                    )
                )
    return dict(found)


def _finding(
    here: ProjectFigures,
    cell: str,
    what: str,
    ours: Decimal,
    theirs: Decimal,
    other: str,
    kind: str,
) -> Finding:
    return C.PROJECT_FORM_MISMATCH.finding(
        here.sheet,
        cell,
        f"项目「{here.name}」的{what}在本表为 {amount(ours)} 万元，在同批次的{kind}（{file_name(other)}）中为 "
        f"{amount(theirs)} 万元，相差 {amount(ours - theirs)} 万元。请核对两处数字，按决算数统一修改。",
        stated=float(ours),
        computed=float(theirs),
    )


def projects_of(model: Document) -> list[ProjectFigures] | ProjectColumns:
    """The projects a department workbook or a workbook of forms states figures for."""
    if isinstance(model, FormsModel):
        return form_projects(model)
    if isinstance(model, WorkbookModel):
        return department_projects(model)
    return []


def mismatches_of_models(
    models: Mapping[str, Document], settings: Settings = DEFAULT
) -> dict[str, list[Finding]]:
    """The same, from models in memory (file → model), for a library user with the models at hand."""
    statements = [
        Statement(file, model.kind, list(projects_of(model))) for file, model in models.items()
    ]
    return project_form_mismatches(statements, settings)
