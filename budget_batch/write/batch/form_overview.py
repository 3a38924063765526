"""The data of 批量汇总's sheet `项目自评一览`: one row per project form of a batch (a workbook
holding several forms, one per sheet, gives several rows), ranked like the department view —
computed 总分 descending, then errors, then warnings ascending, remaining ties by department,
project and file, so that no two share a rank. A workbook that looks like a form but could not
be read as one (FORM_UNRECOGNIZED) has a row without a rank, last.

`forms_frame(report)` returns it as a pandas DataFrame whose columns are `FORM_COLUMNS`' keys
(their Chinese headers are the values), already in rank order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...findings import Finding, count_by_severity
from ...result import FormFigures, Report, WorkbookResult

if TYPE_CHECKING:
    import pandas as pd

FORM_COLUMNS: dict[str, str] = {
    "rank": "排名",
    "department": "主管部门",
    "project": "项目名称",
    "budget": "全年预算数",
    "actual": "全年执行数",
    "exec_rate": "执行率(%)",
    "score_stated": "自评总分",
    "score_computed": "计算总分",
    "score_gap": "自评−计算",
    "grade_computed": "等级",
    "grade_stated": "自评等级",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "year": "年度",
    "family": "版式",
    "sheet": "工作表",
    "file": "文件",
    "note": "说明",
    "output": "审核副本",
}
UNRECOGNIZED = "未能按项目支出绩效自评表读取，见审核副本的“审核结果”"


def _row(wb: WorkbookResult, form: FormFigures | None, findings: list[Finding]) -> dict[str, Any]:
    counts = count_by_severity(findings)
    total = form.funds[0] if form is not None and form.funds else None
    stated = form.total_stated if form else None
    computed = form.total_computed if form else None
    return {
        "rank": None,
        "department": form.department if form else wb.department,
        "project": form.project if form else None,
        "budget": total.final if total else None,
        "actual": total.actual if total else None,
        "exec_rate": form.exec_rate if form else None,
        "score_stated": stated,
        "score_computed": computed,
        "score_gap": None if stated is None or computed is None else round(stated - computed, 2),
        "grade_computed": form.grade_computed if form else None,
        "grade_stated": form.grade_stated if form else None,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "year": form.year if form else wb.year,
        "family": form.family if form else None,
        "sheet": form.sheet if form else None,
        "file": wb.file,
        "note": None if form else UNRECOGNIZED,
        "output": wb.output,
    }


#: The kinds of workbook listed here (forms.md v2): forms of either kind, scoring tables, and a
#: workbook that could be read as none of them.
FORM_KINDS = frozenset({"project_form", "department_form", "scoring_table", "unrecognized"})


def forms_frame(report: Report) -> pd.DataFrame:
    """One row per project form of `report`, ranked (see the module's docstring)."""
    import pandas as pd

    frame = pd.DataFrame(form_records(report), columns=list(FORM_COLUMNS))
    for column in ("rank", "year", "errors", "warnings", "infos"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values("rank", na_position="last", kind="stable").reset_index(drop=True)


def form_records(report: Report) -> list[dict[str, Any]]:
    """`forms_frame`'s rows as records, in the report's order (not yet ranked)."""
    rows = []
    for wb in report.workbooks:
        if wb.kind not in FORM_KINDS or wb.status != "checked":
            continue  # unreadable and failed workbooks are on the workbooks sheet
        if not wb.forms:
            rows.append(_row(wb, None, wb.findings))
        for i, form in enumerate(wb.forms):
            # The workbook's own findings (sheet "") count once, on its first form.
            on = {form.sheet, ""} if i == 0 else {form.sheet}
            rows.append(_row(wb, form, [f for f in wb.findings if f.sheet in on]))
    scored = sorted(
        (
            (
                -r["score_computed"],
                r["errors"],
                r["warnings"],
                r["department"] or "",
                r["project"] or "",
                r["file"],
                i,
            )
            for i, r in enumerate(rows)
            if r["score_computed"] is not None
        )
    )
    for rank, key in enumerate(scored, start=1):
        rows[key[-1]]["rank"] = rank
    return rows
