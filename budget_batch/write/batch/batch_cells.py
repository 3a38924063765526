"""Cells of 批量汇总.xlsx: formats made once per kind, values written as what they are (text always
as text, never a formula), number formats per column, header rows as tall as their text."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ...result import Report
from ..print_setup import a4, fit_scale
from ..text_fit import row_height
from ..text_safety import clean
from .batch_frames import STATUS_LABEL, usual_year
from .rows import missing

FONT = "宋体"
SIZE = 10

NUMBER_FORMATS = {
    "rank": "0",
    "year": "0",
    "errors": "0",
    "warnings": "0",
    "infos": "0",
    "round": "0",
    "resolved": "0",
    "still_open": "0",
    "new": "0",
    "count": "0",
    "workbooks": "0",
    "score_computed": "0.00",
    "score_stated": "0.00",
    "score_gap": "+0.00;-0.00;0.00",
    "exec_rate": "0.00",
    "income_total": "#,##0.00",
    "budget": "#,##0.00",
    "actual": "#,##0.00",
    "spending_total": "#,##0.00",
}
#: Grade colours, best first (fill, font); a profile with other grades uses them in order.
GRADE_COLOURS = [
    ("#C6EFCE", "#006100"),
    ("#DDEBF7", "#1F4E78"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
]
SEVERITY_FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}


class Formats:
    """One format per (role, number format), made on first use."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        base = {"font_name": FONT, "font_size": SIZE, "valign": "top"}
        self.base = base
        self.f: dict[str, Any] = {
            "head": wb.add_format(
                {**base, "bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "body": wb.add_format({**base, "text_wrap": True}),
            "int": wb.add_format({**base, "num_format": "0"}),
            "num": wb.add_format({**base, "num_format": "#,##0.00"}),
            "link": wb.add_format({**base, "font_color": "#0563C1", "underline": 1}),
            "title": wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True}),
            "note": wb.add_format({**base, "text_wrap": True, "font_color": "#9C0006"}),
            "quiet": wb.add_format({**base, "text_wrap": True, "font_color": "#375623"}),
            "plain": wb.add_format({**base, "text_wrap": True, "font_color": "#595959"}),
            "cell": wb.add_format(base),  # one line: rows beside a chart keep their height
            "gap": wb.add_format({**base, "num_format": NUMBER_FORMATS["score_gap"]}),
        }
        self._numbers: dict[str, Any] = {}
        self._severity = {
            key: wb.add_format({**base, "bg_color": fill}) for key, fill in SEVERITY_FILL.items()
        }

    def number(self, key: str) -> Any:
        fmt = NUMBER_FORMATS.get(key, "General")
        if fmt not in self._numbers:
            self._numbers[fmt] = self.wb.add_format({**self.base, "num_format": fmt})
        return self._numbers[fmt]

    def severity(self, key: str) -> Any:
        return self._severity.get(key, self.f["body"])

    def conditional(self, fill: str, font: str) -> Any:
        return self.wb.add_format({"bg_color": fill, "font_color": font})


def cell_value(value: Any) -> Any:
    """A value of a frame (pandas' or `rows.Rows`) as written: a missing one None, a numpy
    scalar a Python one."""
    if missing(value) or value is getattr(sys.modules.get("pandas"), "NA", None):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def put(ws: Any, r: int, c: int, value: Any, fmt: Any) -> None:
    """A value as what it is: text always as text (never a formula), numbers as numbers."""
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, clean(value), fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否", fmt)
    else:
        ws.write_number(r, c, value, fmt)


def header(
    ws: Any, row: int, keys: list[str], headers: dict[str, str], widths: dict[str, float], f: Any
) -> None:
    for c, key in enumerate(keys):
        ws.write_string(row, c, headers[key], f)
        ws.set_column(c, c, widths[key])
    ws.set_row(row, row_height([(headers[k], widths[k]) for k in keys], SIZE))


def short_names(files: list[str]) -> dict[str, str]:
    """Each input as a reviewer reads it: its path below the folder all inputs share
    ('a/x.xlsx', 'b/x.xlsx'), or its name alone when they share their folder."""
    if not files:
        return {}
    paths = [Path(f) for f in files]
    try:
        root = Path(os.path.commonpath([str(p.parent) for p in paths]))
    except ValueError:  # relative and absolute paths mixed, or different drives
        return {f: f for f in files}
    return {
        f: str(p.relative_to(root)) if p.is_relative_to(root) else f
        for f, p in zip(files, paths, strict=True)
    }


def colour_rows(
    ws: Any, fm: Formats, report: Report, first: int, last: int, keys: list[str]
) -> None:
    """Grades by colour (best green … worst red), errors red, warnings yellow, a self-score above
    the computed one yellow, a workbook that was not checked red."""

    def mark(key: str, rule: dict[str, Any], colours: tuple[str, str]) -> None:
        col = keys.index(key)
        ws.conditional_format(first, col, last, col, {**rule, "format": fm.conditional(*colours)})

    labels = [label for label, _low in grade_order(report)]
    for key in ("grade_computed", "grade_stated"):
        for i, label in enumerate(labels):
            last_label = i == len(labels) - 1 and i > 0
            colours = GRADE_COLOURS[-1] if last_label else GRADE_COLOURS[min(i, 2)]
            mark(key, {"type": "cell", "criteria": "==", "value": f'"{label}"'}, colours)
    for key, colours in (
        ("errors", GRADE_COLOURS[3]),
        ("warnings", GRADE_COLOURS[2]),
        ("score_gap", GRADE_COLOURS[2]),
    ):
        mark(key, {"type": "cell", "criteria": ">", "value": 0}, colours)
    usual = usual_year(report)
    if usual is not None:  # a year unlike most of the batch's (a blank one is not marked)
        ref = xl_rowcol_to_cell(first, keys.index("year"))
        rule = {"type": "formula", "criteria": f"=AND(ISNUMBER({ref}),{ref}<>{usual})"}
        mark("year", rule, GRADE_COLOURS[2])
    if "status" in keys:
        for status in ("unreadable", "failed"):
            rule = {"type": "cell", "criteria": "==", "value": f'"{STATUS_LABEL[status]}"'}
            mark("status", rule, GRADE_COLOURS[3])


def finish_ranked_sheet(
    ws: Any,
    fm: Formats,
    report: Report,
    top: int,
    rows: int,
    keys: list[str],
    widths: dict[str, float],
    first_block: Sequence[str],
) -> None:
    """What a ranked list of workbooks (工作簿一览, 项目自评一览) has below its rows: frozen header,
    filter, colours; on paper the first block of columns, then the rest up to the link (a manual
    break), at one scale that fits both, the header row and the grid on every page."""
    end = top + max(rows, 1)
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, end, len(keys) - 1)
    colour_rows(ws, fm, report, top + 1, end, keys)
    second = keys[len(first_block) : keys.index("output")]
    scale = min(
        fit_scale([widths[k] for k in first_block], landscape=True),
        fit_scale([widths[k] for k in second], landscape=True),
    )
    a4(ws, landscape=True, fit=None, scale=scale, repeat_rows=(top, top))
    ws.hide_gridlines(0)  # print the grid: rows stay legible on paper
    ws.set_v_pagebreaks([len(first_block)])
    ws.print_area(0, 0, end, keys.index("output") - 1)


def grade_order(report: Report) -> list[tuple[str, float]]:
    """Every grade label of the batch's profiles, best first, each once."""
    seen: dict[str, float] = {}
    for wb in report.workbooks:
        for label, low in wb.figures.grades if wb.figures else []:
            seen[label] = max(low, seen.get(label, low))
    if not seen:
        from ...settings import DEFAULT

        seen = dict(DEFAULT.grades)
    return sorted(seen.items(), key=lambda item: -item[1])
