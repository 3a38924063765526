"""批量汇总's `项目自评一览`: one row per project form of the batch (form_overview.forms_frame),
ranked by computed 总分 then errors, coloured like 工作簿一览 (grades, errors, warnings, a
self-score above the computed one, an odd year), each row linked to its annotated copy; and
`项目得分图表`, the department charts drawn for the projects."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ...result import Report
from ..text_fit import line_height, row_height
from .batch_cells import (
    SIZE,
    Formats,
    cell_value,
    finish_ranked_sheet,
    header,
    put,
    short_names,
)
from .batch_charts import grade_bands, score_charts
from .form_overview import FORM_COLUMNS, form_records, forms_frame
from .rows import Frame, Rows

FORMS_SHEET = "项目自评一览"
FORM_SCORES = "项目得分图表"
FORM_WIDTHS: dict[str, float] = {
    "rank": 5,
    "department": 20,
    "project": 30,
    "budget": 11,
    "actual": 11,
    "exec_rate": 9,
    "score_stated": 9,
    "score_computed": 9,
    "score_gap": 9,
    "grade_computed": 7,
    "grade_stated": 7,
    "errors": 5,
    "warnings": 5,
    "infos": 5,
    "year": 6,
    "family": 10,
    "sheet": 12,
    "file": 30,
    "note": 30,
    "output": 24,
}
#: Printed first: who, how much, the scores and the problems; then where it came from.
PRINTED = list(FORM_COLUMNS)[: list(FORM_COLUMNS).index("year")]


def forms_sheet(wb: Any, fm: Formats, report: Report, base: Path, light: bool) -> Frame:
    """项目自评一览, when the batch has project forms; return its data (empty without forms).
    `light`: as `rows.Rows`, not a DataFrame (a batch of one workbook)."""
    frame = (
        Rows(form_records(report), FORM_COLUMNS).sort_values("rank", na_position="last")
        if light
        else forms_frame(report)
    )
    if not frame.empty:
        _overview(wb, fm, report, frame, base)
    return frame


def forms_charts(wb: Any, fm: Formats, report: Report, frame: Frame) -> None:
    """项目得分图表: the department charts drawn for the projects."""
    if frame.empty:
        return
    score_charts(
        wb,
        fm.f,
        frame,
        grade_bands(report),
        sheet=FORM_SCORES,
        counted="项目数",
        by=("project", "项目"),
    )


def _overview(wb: Any, fm: Formats, report: Report, frame: Frame, base: Path) -> None:
    ws = wb.add_worksheet(FORMS_SHEET)
    keys = list(FORM_COLUMNS)
    f = fm.f
    last = len(PRINTED) - 1
    block = sum(FORM_WIDTHS[k] for k in PRINTED)
    ranked = int(frame["rank"].notna().sum())
    ws.merge_range(0, 0, 0, last, f"项目自评一览（共 {len(frame)} 个项目自评表）", f["title"])
    ws.set_row(0, line_height(14) + 4)
    text = (
        f"{ranked} 个项目按计算总分从高到低排名，同分时错误少者在前；金额单位同各表（多为万元）。"
        "点“审核副本”列的链接打开该项目自评表的审核副本。"
    )
    ws.merge_range(1, 0, 1, last, text, f["plain"])
    ws.set_row(1, row_height([(text, block)], SIZE))
    top = 3
    header(ws, top, keys, FORM_COLUMNS, FORM_WIDTHS, f["head"])
    names = short_names(list(frame["file"]))
    for r, record in enumerate(frame.to_dict("records"), start=top + 1):
        texts = []
        for c, key in enumerate(keys):
            value = cell_value(record[key])
            if key == "output":
                if value is not None:
                    target = os.path.relpath(value, base)
                    ws.write_url(r, c, "external:" + target, f["link"], Path(value).name)
                continue
            if key == "file":
                value = names[value]
            put(ws, r, c, value, fm.number(key) if key in NUMBERS else f["body"])
            if isinstance(value, str):
                texts.append((value, FORM_WIDTHS[key]))
        ws.set_row(r, row_height(texts, SIZE))
    finish_ranked_sheet(ws, fm, report, top, len(frame), keys, FORM_WIDTHS, PRINTED)


NUMBERS = {
    "rank",
    "budget",
    "actual",
    "exec_rate",
    "score_stated",
    "score_computed",
    "score_gap",
    "errors",
    "warnings",
    "infos",
    "year",
}
