"""批量汇总.xlsx: the finance bureau's view of a batch, written from the DataFrames of
`batch_frames` with xlsxwriter (streamed, so a province-wide batch stays cheap).

- 工作簿一览: the batch's headline and notes (years mixed, departments submitted twice,
  unreadable files), then one row per workbook ranked by computed score, then errors; grades and
  error counts coloured; a link to each annotated copy. On paper: the key columns on landscape
  pages, then the columns that say where each file is and why it could not be read, with 排名 and
  部门 repeated (a manual page break, at a computed scale).
- 全部问题: one row per finding, each linked to its cell in its copy; rows as tall as their text.
- 问题统计 and 得分图表 (`batch_charts`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import xlsxwriter

from ...result import Report
from ..atomic_files import replacing
from ..print_setup import a4
from ..text_fit import line_height, row_height
from ..text_safety import clean
from .accounts_sheet import accounts_sheet
from .batch_cells import (
    NUMBER_FORMATS,
    SIZE,
    Formats,
    cell_value,
    finish_ranked_sheet,
    header,
    put,
    short_names,
)
from .batch_charts import code_chart, grade_bands, score_charts
from .batch_forms import forms_charts, forms_sheet
from .batch_frames import (
    COUNT_COLUMNS,
    FINDING_COLUMNS,
    SEVERITY_LABEL,
    STATUS_LABEL,
    WORKBOOK_COLUMNS,
    batch_headline,
    batch_notes,
    code_count_records,
    code_counts_frame,
    finding_records,
    findings_frame,
    ranked,
    workbook_records,
    workbooks_frame,
)
from .rows import Frame, Rows

__all__ = [
    "FINDING_COLUMNS",
    "WORKBOOK_COLUMNS",
    "code_counts_frame",
    "findings_frame",
    "workbooks_frame",
    "write_batch_summary",
]

FIXED_DATE = dt.datetime(2024, 1, 1)
RESULTS_SHEET = "审核结果"  # the copy's first sheet (annotated_copy.RESULTS_SHEET)
MAX_LINKS = 65_000  # Excel keeps at most 65,530 hyperlinks a sheet

WORKBOOK_WIDTHS: dict[str, float] = {
    "rank": 5,
    "department": 24,
    "year": 6,
    "status": 9,
    "score_computed": 9,
    "grade_computed": 9,
    "score_stated": 9,
    "grade_stated": 9,
    "score_gap": 10,
    "errors": 5,
    "warnings": 5,
    "infos": 5,
    "exec_rate": 10,
    "income_total": 11,
    "spending_total": 11,
    "file": 30,
    "round": 6,
    "resolved": 6,
    "still_open": 6,
    "new": 6,
    "report_problems": 8,
    "report_coverage": 16,
    "profile": 32,
    "batch_note": 36,
    "reason": 40,
    "output": 24,
}
#: Printed on the first pages; the rest (文件 … 无法读取的原因, led by the file that names the
#: row) on the following ones. 审核副本 (a link) is not printed.
KEY_COLUMNS = list(WORKBOOK_COLUMNS)[: list(WORKBOOK_COLUMNS).index("file")]
FINDING_WIDTHS: dict[str, float] = {
    "department": 22,
    "severity": 9,
    "title": 18,
    "sheet": 9,
    "cell": 7,
    "message": 56,
    "stated": 10,
    "computed": 10,
    "code": 22,
    "file": 28,
}
#: 代码 and 文件 stay on screen, not on paper: the printed page holds what a reviewer reads.
PRINTED_FINDINGS = list(FINDING_COLUMNS)[: list(FINDING_COLUMNS).index("code")]


def write_batch_summary(report: Report, dest: Path, *, light: bool | None = None) -> None:
    """Write 批量汇总.xlsx (via a temporary name and a rename): from pandas DataFrames, or for a
    batch of one workbook (nothing to rank or group) from `rows.Rows` of the same records
    (`light`: either way, whatever the batch)."""
    light = len(report.workbooks) <= 1 if light is None else light
    workbooks, findings, counts = _frames(report, light)
    with replacing(dest) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        wb.set_properties({"title": "批量汇总", "author": "budget_batch", "created": FIXED_DATE})
        formats = Formats(wb)
        # The temporary file sits beside 批量汇总.xlsx: links are relative to its folder.
        _overview(wb, formats, report, ranked(workbooks), tmp.parent)
        forms = forms_sheet(wb, formats, report, tmp.parent, light)
        accounts_sheet(wb, formats, report, tmp.parent)
        _findings(wb, formats, findings, tmp.parent)
        code_chart(wb, formats.f, counts)
        score_charts(wb, formats.f, workbooks, grade_bands(report))
        forms_charts(wb, formats, report, forms)
        wb.worksheets()[0].activate()
        wb.close()


def _frames(report: Report, light: bool) -> tuple[Frame, Frame, Frame]:
    """The workbooks, the findings and how often each code fired."""
    if not light:
        findings = findings_frame(report)
        return workbooks_frame(report), findings, code_counts_frame(findings)
    records = finding_records(report)
    return (
        Rows(workbook_records(report), WORKBOOK_COLUMNS),
        Rows(records, FINDING_COLUMNS),
        Rows(code_count_records(records), COUNT_COLUMNS),
    )


def _overview(wb: Any, fm: Formats, report: Report, frame: Frame, base: Path) -> None:
    ws = wb.add_worksheet("工作簿一览")
    keys = list(WORKBOOK_COLUMNS)
    f = fm.f
    last = len(KEY_COLUMNS) - 1  # the title and notes span the first printed block
    block = sum(WORKBOOK_WIDTHS[k] for k in KEY_COLUMNS)
    ws.merge_range(0, 0, 0, last, f"批量汇总（{batch_headline(report)}）", f["title"])
    ws.set_row(0, line_height(14) + 4)
    notes = batch_notes(report)
    lines = [
        (
            "按计算得分从高到低排名，同分时错误少者在前；没有计算得分的（无法读取、处理失败）列在最后。"
            "点“审核副本”列的链接打开该工作簿的审核副本。"
            + (
                "“审核轮次”大于 1 的是退回修改后重新提交的审核副本，“已改正”“仍存在”“新增”"
                "是与上一轮相比的问题数。"
                if any(w.previous is not None for w in report.workbooks)
                else ""
            ),
            f["plain"],
        ),
        *((f"注意：{note}", f["note"]) for note in notes),
    ]
    if not notes:
        lines.append(("本批次年度一致，没有重复提交的部门，全部文件均已读取和审核。", f["quiet"]))
    for i, (text, style) in enumerate(lines, start=1):
        ws.merge_range(i, 0, i, last, clean(text), style)
        ws.set_row(i, row_height([(text, block)], SIZE))
    top = len(lines) + 2  # a blank row, then the header
    header(ws, top, keys, WORKBOOK_COLUMNS, WORKBOOK_WIDTHS, f["head"])
    names = short_names(list(frame["file"]))
    for r, record in enumerate(frame.to_dict("records"), start=top + 1):
        checked = record["status"] == "checked"
        texts = []
        for c, key in enumerate(keys):
            value = cell_value(record[key])
            fmt = fm.number(key) if key in NUMBER_FORMATS else f["body"]
            if key == "output" and value is not None:
                target = os.path.relpath(value, base)
                ws.write_url(r, c, "external:" + target, f["link"], clean(Path(value).name))
                continue
            if key == "status":
                value = STATUS_LABEL.get(value, value)
            elif key == "file":
                value = names[value]
            elif key == "department" and value is None:
                value, fmt = f"（{Path(record['file']).name}）", f["plain"]  # who it is, on paper
            elif key in ("errors", "warnings", "infos") and not checked:
                value = None  # not counted: the file was not checked
            put(ws, r, c, value, fmt)
            if isinstance(value, str):
                texts.append((value, WORKBOOK_WIDTHS[key]))
        ws.set_row(r, row_height(texts, SIZE))
    finish_ranked_sheet(ws, fm, report, top, len(frame), keys, WORKBOOK_WIDTHS, KEY_COLUMNS)


def _location(sheet: str, cell: str) -> tuple[str, str]:
    """The cell's place in the copy (`'工作表'!E12`) and what the link shows."""
    if sheet and cell:
        return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}", cell
    if sheet:
        return f"'{sheet.replace(chr(39), chr(39) * 2)}'!A1", "（整表）"
    return f"'{RESULTS_SHEET}'!A1", "（整个工作簿）"


def _findings(wb: Any, fm: Formats, findings: Frame, base: Path) -> None:
    ws = wb.add_worksheet("全部问题")
    f = fm.f
    keys = [k for k in FINDING_COLUMNS if k != "output"]
    header(ws, 0, keys, FINDING_COLUMNS, FINDING_WIDTHS, f["head"])
    cell_col = keys.index("cell")
    links = 0
    for r, record in enumerate(findings.itertuples(index=False), start=1):
        row = dict(zip(FINDING_COLUMNS, (cell_value(v) for v in record), strict=True))
        texts = []
        for c, key in enumerate(keys):
            value = row[key]
            if key == "severity":
                put(ws, r, c, SEVERITY_LABEL.get(value, value), fm.severity(value))
            elif key != "cell":
                put(
                    ws,
                    r,
                    c,
                    value,
                    f["body"] if isinstance(value, str) or value is None else fm.number(key),
                )
                if isinstance(value, str):
                    texts.append((value, FINDING_WIDTHS[key]))
        location, shown = _location(row["sheet"] or "", row["cell"] or "")
        output = row["output"]
        target = os.path.relpath(output, base) if output else None
        if target is not None and target.lower().endswith(".docx"):  # a report: its place
            location, shown = "", row["cell"] or "（整篇报告）"
        if target is not None and "#" not in target and links < MAX_LINKS:
            address = f"{target}#{location}" if location else target
            ws.write_url(r, cell_col, f"external:{address}", f["link"], shown)
            links += 1
        else:
            put(ws, r, cell_col, row["cell"] or shown, f["body"])
        ws.set_row(r, row_height(texts, SIZE))
    end = max(len(findings), 1)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, end, len(keys) - 1)
    a4(ws, landscape=True, repeat_rows=(0, 0))
    ws.hide_gridlines(0)
    ws.print_area(0, 0, end, len(PRINTED_FINDINGS) - 1)
