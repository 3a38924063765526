"""The finance bureau's view of a batch as pandas DataFrames, and the notes on the batch as a whole.

`workbooks_frame` has one row per workbook, in the report's order (unreadable ones included,
with the reason), with its key figures, scores and its place in the ranking; `findings_frame`
one row per finding; `code_counts_frame` how often each check fired. `batch_notes` says what a
reviewer must know about the batch before reading any row: years mixed, a department submitted
more than once, workbooks that could not be read or that broke the tool. 批量汇总.xlsx and the
closing line of `budget-batch report` are written from these.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...catalogue import CATALOGUE
from ...result import Report, WorkbookResult

if TYPE_CHECKING:
    import pandas as pd

#: DataFrame column → 批量汇总 header, in the order of the sheet: what a reviewer compares first
#: (rank, department, scores, counts, money), then where the workbook is and why it failed.
WORKBOOK_COLUMNS: dict[str, str] = {
    "rank": "排名",
    "department": "部门",
    "year": "年度",
    "status": "状态",
    "score_computed": "计算得分",
    "grade_computed": "计算等级",
    "score_stated": "自评得分",
    "grade_stated": "自评等级",
    "score_gap": "自评−计算",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "exec_rate": "执行率(%)",
    "income_total": "收入合计",
    "spending_total": "支出合计",
    "file": "文件",
    "round": "审核轮次",
    "resolved": "已改正",
    "still_open": "仍存在",
    "new": "新增",
    "report_problems": "报告中的问题",
    "report_coverage": "报告中的数字",
    "profile": "评分规则",
    "batch_note": "批次提示",
    "reason": "无法读取的原因",
    "output": "审核副本",
}
#: Columns of the findings table: what a reviewer reads on paper first, then code and file.
FINDING_COLUMNS: dict[str, str] = {
    "department": "部门",
    "severity": "严重程度",
    "title": "名称",
    "sheet": "工作表",
    "cell": "单元格",
    "message": "说明",
    "stated": "填报值",
    "computed": "计算值",
    "code": "代码",
    "file": "文件",
    "output": "审核副本",
}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABEL = {"checked": "已审核", "unreadable": "无法读取", "failed": "处理失败（工具问题）"}


def department_key(name: str | None) -> str:
    """A department name as compared for duplicates: NFKC (full-width → half-width), without
    spaces, quotes or brackets, case-folded. '广州市 花都区残联（2023）' ≠ '广州市花都区残联'
    stays so: only spelling noise is removed, not words."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\"'“”‘’「」『』]", "", text).casefold()


def _gap(wb: WorkbookResult) -> float | None:
    s = wb.score
    if s.stated is None or s.computed is None:
        return None
    return round(s.stated - s.computed, 2)


def _ranks(report: Report) -> list[int | None]:
    """1..n over the workbooks with a computed score: score descending, then errors, then
    warnings ascending; remaining ties by department and file name, so no two share a rank.
    Workbooks without a computed score (unreadable, failed, no indicators) have none."""
    scored = [
        (
            -(wb.score.computed or 0.0),
            wb.counts["error"],
            wb.counts["warning"],
            wb.department or "",
            wb.file,
            i,
        )
        for i, wb in enumerate(report.workbooks)
        if wb.score.computed is not None
    ]
    ranks: list[int | None] = [None] * len(report.workbooks)
    for rank, key in enumerate(sorted(scored), start=1):
        ranks[key[-1]] = rank
    return ranks


def workbooks_frame(report: Report) -> pd.DataFrame:
    """One row per workbook, in the report's order; `rank` orders them (see `_ranks`);
    `batch_note` says what is odd about the row within the batch (its department submitted
    again, a year unlike the others'). Integer columns are pandas' nullable Int64."""
    import pandas as pd

    frame = pd.DataFrame(workbook_records(report), columns=list(WORKBOOK_COLUMNS))
    for column in ("rank", "year", "errors", "warnings", "infos", "report_problems", *LOOP_COLUMNS):
        frame[column] = frame[column].astype("Int64")
    return frame


def workbook_records(report: Report) -> list[dict[str, Any]]:
    """`workbooks_frame`'s rows as records."""
    notes = _row_notes(report)
    reports = {w.file: w for w in report.workbooks if w.narrative is not None}
    rows = []
    for wb, rank, note in zip(report.workbooks, _ranks(report), notes, strict=True):
        f = wb.figures
        counts = wb.counts
        rows.append(
            {
                "rank": rank,
                "department": wb.department,
                "year": wb.year,
                "status": wb.status,
                "score_computed": wb.score.computed,
                "grade_computed": wb.score.grade_computed,
                "score_stated": wb.score.stated,
                "grade_stated": wb.score.grade_stated,
                "score_gap": _gap(wb),
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
                "exec_rate": f.exec_rate if f else None,
                "income_total": f.income.actual if f and f.income else None,
                "spending_total": f.spending.actual if f and f.spending else None,
                "file": wb.file,
                "round": wb.round if wb.status == "checked" else None,
                **_loop(wb),
                **_report_columns(wb, reports),
                "profile": (f.profile_title if f and f.profile_title else None) or wb.profile,
                "batch_note": note,
                "reason": wb.error,
                "output": wb.output,
            }
        )
    return rows


LOOP_COLUMNS = ("round", "resolved", "still_open", "new")


def _report_columns(wb: WorkbookResult, reports: dict[str, WorkbookResult]) -> dict[str, object]:
    """The problems found in the department's Word report (its own row, or the row of the
    workbook its figures were compared with), and how many of its figures were checked."""
    found = wb if wb.narrative is not None else None
    if found is None:
        linked = {link.other_file for link in wb.links if link.kind == "report"}
        found = next((reports[f] for f in sorted(linked) if f in reports), None)
    if found is None or found.narrative is None or found.status != "checked":
        return {"report_problems": None, "report_coverage": None}
    cov = found.narrative.coverage
    counts = found.counts
    return {
        "report_problems": counts["error"] + counts["warning"],
        "report_coverage": f"{cov.get('found', 0)} 个，核对 {cov.get('checked', 0)} 个",
    }


def _loop(wb: WorkbookResult) -> dict[str, int | None]:
    """A resubmitted copy's problems against the last round's; None for a first round."""
    counts = wb.previous.to_json() if wb.previous is not None else {}
    return {
        "resolved": counts.get("resolved"),
        "still_open": counts.get("open"),
        "new": counts.get("new"),
    }


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows in rank order, unranked ones last (in the report's order)."""
    return frame.sort_values("rank", na_position="last", kind="stable").reset_index(drop=True)


def findings_frame(report: Report) -> pd.DataFrame:
    """One row per finding, in the report's order; `output` is the workbook's annotated copy."""
    import pandas as pd

    return pd.DataFrame(finding_records(report), columns=list(FINDING_COLUMNS))


def finding_records(report: Report) -> list[dict[str, Any]]:
    """`findings_frame`'s rows as records."""
    return [
        {
            "department": wb.department,
            "severity": f.severity.value,
            "title": CATALOGUE[f.code].title if f.code in CATALOGUE else f.code,
            "sheet": f.sheet,
            "cell": f.cell or f.place,  # a Word report's 第 N 段
            "message": f"{f.message}\n原句：{f.sentence}" if f.sentence else f.message,
            "stated": f.stated,
            "computed": f.computed,
            "code": f.code,
            "file": wb.file,
            "output": wb.output,
        }
        for wb in report.workbooks
        for f in wb.findings
    ]


COUNT_COLUMNS = ("code", "title", "severity", "count", "workbooks")


def code_counts_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """How often each check fired, and in how many workbooks: which problems are common."""
    import pandas as pd

    if findings.empty:
        return pd.DataFrame(columns=list(COUNT_COLUMNS))
    grouped = findings.groupby(["code", "title"], sort=False)
    table = pd.DataFrame(
        {
            "severity": grouped["severity"].agg(
                lambda s: "、".join(SEVERITY_LABEL[v] for v in sorted(set(s)))
            ),
            "count": grouped.size(),
            "workbooks": grouped["file"].nunique(),
        }
    ).reset_index()
    return table.sort_values(["count", "code"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def code_count_records(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`code_counts_frame` of `finding_records`, as records, without pandas: grouped by code and
    title in the order they first come, most frequent first, then by code."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in findings:
        groups.setdefault((f["code"], f["title"]), []).append(f)
    table = [
        {
            "code": code,
            "title": title,
            "severity": "、".join(SEVERITY_LABEL[v] for v in sorted({f["severity"] for f in rows})),
            "count": len(rows),
            "workbooks": len({f["file"] for f in rows}),
        }
        for (code, title), rows in groups.items()
    ]
    return sorted(table, key=lambda r: (-r["count"], r["code"]))


def _duplicates(report: Report) -> dict[str, list[WorkbookResult]]:
    """Departments (by `department_key`) that more than one workbook of one kind names (a 自评
    and its 部门决算 are not a department submitted twice)."""
    groups: dict[str, list[WorkbookResult]] = defaultdict(list)
    for wb in report.workbooks:
        key = department_key(wb.department)
        if key:
            groups[f"{wb.kind}:{key}"].append(wb)
    return {k: v for k, v in groups.items() if len(v) > 1}


def _years(report: Report) -> Counter[int]:
    return Counter(wb.year for wb in report.workbooks if wb.year is not None)


def usual_year(report: Report) -> int | None:
    """The year most of a batch that mixes years is for (the earliest of equals); None when the
    batch has one year (or none)."""
    years = _years(report)
    if len(years) < 2:
        return None
    return min(years, key=lambda y: (-years[y], y))


def _row_notes(report: Report) -> list[str | None]:
    duplicates = {id(wb): group for group in _duplicates(report).values() for wb in group}
    usual = usual_year(report)
    notes: list[str | None] = []
    for wb in report.workbooks:
        parts = []
        group = duplicates.get(id(wb))
        if group:
            others = "、".join(Path(w.file).name for w in group if w is not wb)
            parts.append(f"同一部门另有：{others}")
        if usual is not None and wb.year is not None and wb.year != usual:
            parts.append(f"年度 {wb.year} 与本批次多数（{usual}）不同")
        notes.append("；".join(parts) or None)
    return notes


def status_counts(report: Report) -> dict[str, int]:
    counts = Counter(wb.status for wb in report.workbooks)
    return {status: counts.get(status, 0) for status in STATUS_LABEL}


def batch_headline(report: Report) -> str:
    """'共 62 个工作簿：已审核 59 个，无法读取 2 个，处理失败 1 个' (zero counts left out)."""
    counts = status_counts(report)
    parts = [f"{STATUS_LABEL[s].split('（')[0]} {n} 个" for s, n in counts.items() if n]
    return f"共 {len(report.workbooks)} 个工作簿" + (f"：{'，'.join(parts)}" if parts else "")


def batch_notes(report: Report) -> list[str]:
    """What a reviewer must know about the batch as a whole, one sentence each (may be empty)."""
    notes = []
    counts = status_counts(report)
    if counts["unreadable"]:
        notes.append(
            f"{counts['unreadable']} 个文件无法读取（损坏、加密、不是工作簿或超出限值），"
            "原因见批量汇总“无法读取的原因”列，请部门重新提交。"
        )
    if counts["failed"]:
        notes.append(
            f"{counts['failed']} 个工作簿处理失败：是本工具的问题，不是文件的问题，"
            "请把这些文件反馈给技术支持。"
        )
    years = _years(report)
    if len(years) > 1:
        listed = "、".join(f"{y} 年 {n} 个" for y, n in sorted(years.items()))
        notes.append(f"本批次混有不同年度的工作簿（{listed}），请确认是否应一起汇总和排名。")
    for group in _duplicates(report).values():
        files = "、".join(Path(w.file).name for w in group)
        notes.append(
            f"“{group[0].department}”提交了 {len(group)} 份工作簿（{files}），请确认以哪一份为准。"
        )
    return notes
