"""The chart sheets of 批量汇总.xlsx: 问题统计 (how often each check fired) and 得分图表 (the
computed-score distribution by grade band; stated minus computed score by department).

Charts sit on a grid that cannot overlap: each chart's anchor row is computed from the height of
the rows above it and of the charts before it (rows here keep known heights), each block of
得分图表 starts a new printed page, and a department chart holds at most `PER_CHART` bars, so
none runs across a page. Data labels sit outside the bars' ends, never on them.
"""

from __future__ import annotations

import math
from typing import Any

from ...result import Report
from ...settings import DEFAULT
from ..print_setup import a4, fit_scale
from ..text_safety import clean
from .rows import Frame

SCORES = "得分图表"
CODES = "问题统计"
FONT = "宋体"
TITLE_FONT = {"name": "黑体", "size": 12, "bold": True}
AXIS_FONT = {"name": FONT, "size": 9}
ROW_PX = 20  # a default row: 15 points
TITLE_PT = 22  # a title row
CHART_WIDTH = 640
DIST_HEIGHT = 320
BAR_PX = 22  # per department bar
PER_CHART = 24  # bars per department chart: one chart fits one landscape page
CHART_COLUMN = 3  # charts start in column D; the data tables fill A–B
TABLE_WIDTHS = (30, 12, 2)
OVER, UNDER = "#ED7D31", "#5B9BD5"  # self-score above / not above the computed one


def grade_bands(report: Report) -> list[tuple[str, float, float]]:
    """(label, low, high) per grade, from the profiles that scored the batch (best first): e.g.
    "90–100（优）". Bands of profiles that disagree are all shown, each once."""
    bounds = sorted(
        {
            (float(low), label)
            for wb in report.workbooks
            if wb.figures is not None
            for label, low in wb.figures.grades
        },
        reverse=True,
    ) or [(low, label) for label, low in DEFAULT.grades]
    bands = []
    high = 100.0
    for low, label in bounds:
        top = "100" if high >= 100 else f"{high - 0.01:.2f}"
        bands.append((f"{low:g}–{top}（{label}）", low, high + (1 if high >= 100 else 0)))
        high = low
    return bands


def _title(chart: Any, title: str) -> None:
    """Chinese fonts set explicitly on every chart text; no legend (one series)."""
    chart.set_title({"name": title, "name_font": TITLE_FONT})
    chart.set_legend({"none": True})


def _rows(px: float) -> int:
    """Default rows needed to hold `px` pixels."""
    return math.ceil(px / ROW_PX)


def code_chart(wb: Any, f: dict[str, Any], counts: Frame) -> None:
    """问题统计: per code, its title, severities, occurrences and workbooks; the 20 most common
    as a bar chart beside the table."""
    ws = wb.add_worksheet(CODES)
    headers = ("代码", "名称", "严重程度", "出现次数", "涉及工作簿数")
    widths = (24, 20, 10, 9, 12)
    for c, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(0, c, head, f["head"])
        ws.set_column(c, c, width)
    for r, rec in enumerate(counts.to_dict("records"), start=1):
        ws.write_string(r, 0, clean(str(rec["code"])), f["body"])
        ws.write_string(r, 1, clean(str(rec["title"])), f["body"])
        ws.write_string(r, 2, clean(str(rec["severity"])), f["body"])
        ws.write_number(r, 3, int(rec["count"]), f["int"])
        ws.write_number(r, 4, int(rec["workbooks"]), f["int"])
    ws.set_column(len(headers), len(headers), 2)
    ws.hide_gridlines(0)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(counts), 1), len(headers) - 1)
    chart_px = 0
    if len(counts):
        n = min(len(counts), 20)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "出现次数",
                "categories": [CODES, 1, 1, n, 1],
                "values": [CODES, 1, 3, n, 3],
                "data_labels": {"value": True, "position": "outside_end", "font": AXIS_FONT},
                "fill": {"color": UNDER},
                "gap": 60,
            }
        )
        _title(chart, f"常见问题（前 {n} 项）" if n < len(counts) else "各类问题出现次数")
        chart.set_x_axis(
            {"num_font": AXIS_FONT, "num_format": "0", "min": 0, "major_gridlines": _grid()}
        )
        chart.set_y_axis({"reverse": True, "num_font": AXIS_FONT})  # most common on top
        chart.set_size({"width": CHART_WIDTH, "height": max(300, BAR_PX * n + 80)})
        ws.insert_chart(1, len(headers) + 1, chart)
        chart_px = CHART_WIDTH
    table = [*widths, 2]
    a4(
        ws,
        landscape=True,
        fit=None,
        scale=fit_scale([*table, chart_px / 7], landscape=True),
        repeat_rows=(0, 0),
    )


def _room(values: list[float]) -> dict[str, float]:
    """Axis bounds with room beyond the longest bars for their labels (outside the bar ends)."""
    low, high = min([*values, 0.0]), max([*values, 0.0])
    pad = max(high - low, 1.0) * 0.2
    return {"min": math.floor(low - pad) if low < 0 else 0, "max": math.ceil(high + pad)}


def _grid() -> dict[str, Any]:
    return {"visible": True, "line": {"color": "#D9D9D9"}}


def score_charts(
    wb: Any,
    f: dict[str, Any],
    workbooks: Frame,
    bands: list[tuple[str, float, float]],
    *,
    sheet: str = SCORES,
    counted: str = "工作簿数",
    by: tuple[str, str] = ("department", "部门"),
) -> None:
    """得分图表: block 1, the distribution of computed scores over the grade bands; block 2, the
    stated − computed score by department (largest overstatement first), in charts of at most
    `PER_CHART` bars. Each block begins a printed page; each chart ends before the next begins.
    For project forms: `sheet`, what is `counted` and the column the bars are named `by`."""
    ws = wb.add_worksheet(sheet)
    for c, width in enumerate(TABLE_WIDTHS):
        ws.set_column(c, c, width)
    breaks: list[int] = []

    # Block 1: rows 0 (title), 1 (header), 2… (bands); the chart from row 1.
    ws.write_string(0, 0, "计算得分分布", f["title"])
    ws.set_row(0, TITLE_PT)
    ws.write_string(1, 0, "分数段（等级）", f["head"])
    ws.write_string(1, 1, counted, f["head"])
    scores = workbooks["score_computed"].dropna()
    counts = []
    for i, (label, low, high) in enumerate(bands, start=2):
        n = int(((scores >= low) & (scores < high)).sum())
        counts.append(n)
        ws.write_string(i, 0, label, f["cell"])
        ws.write_number(i, 1, n, f["int"])
    dist = wb.add_chart({"type": "column"})
    dist.add_series(
        {
            "name": counted,
            "categories": [sheet, 2, 0, len(bands) + 1, 0],
            "values": [sheet, 2, 1, len(bands) + 1, 1],
            "data_labels": {"value": True, "position": "outside_end", "font": AXIS_FONT},
            "fill": {"color": UNDER},
            "gap": 80,
        }
    )
    _title(dist, f"计算得分分布（{counted}）")
    top = max(counts, default=0)
    step = max(1, math.ceil(top / 5))
    dist.set_x_axis(
        {"name": "分数段（等级）", "num_font": AXIS_FONT, "name_font": AXIS_FONT, "visible": True}
    )
    dist.set_y_axis(
        {
            "name": counted,
            "name_font": AXIS_FONT,
            "num_font": AXIS_FONT,
            "num_format": "0",
            "min": 0,
            "max": (top // step + 1) * step,  # room above the tallest bar for its label
            "major_unit": step,
            "major_gridlines": _grid(),
        }
    )
    dist.set_size({"width": CHART_WIDTH, "height": DIST_HEIGHT})
    ws.insert_chart(1, CHART_COLUMN, dist)
    end = max(1 + len(bands), 1 + _rows(DIST_HEIGHT))

    # Block 2: title, header, one row per department; its charts from the header row down.
    gaps = workbooks.dropna(subset=["score_gap"]).sort_values(
        "score_gap", ascending=False, kind="stable"
    )
    start = end + 2
    breaks.append(start)
    key, label = by
    ws.write_string(start, 0, f"自评得分 − 计算得分（按{label}，自评高出最多者在前）", f["title"])
    ws.set_row(start, TITLE_PT)
    ws.write_string(start + 1, 0, label, f["head"])
    ws.write_string(start + 1, 1, "自评−计算", f["head"])
    first = start + 2
    for i, rec in enumerate(gaps.to_dict("records"), start=first):
        ws.write_string(i, 0, clean(str(rec[key] or rec["file"])), f["cell"])
        ws.write_number(i, 1, float(rec["score_gap"]), f["gap"])
    anchor = start + 1
    for k in range(0, len(gaps), PER_CHART):
        chunk = gaps.iloc[k : k + PER_CHART]
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "自评−计算",
                "categories": [sheet, first + k, 0, first + k + len(chunk) - 1, 0],
                "values": [sheet, first + k, 1, first + k + len(chunk) - 1, 1],
                "invert_if_negative": False,
                "points": [
                    {"fill": {"color": OVER if g > 0 else UNDER}} for g in chunk["score_gap"]
                ],
                "data_labels": {
                    "value": True,
                    "position": "outside_end",
                    "num_format": "+0.00;-0.00;0",
                    "font": AXIS_FONT,
                },
                "gap": 60,
            }
        )
        part = f"（{k + 1}–{k + len(chunk)}）" if len(gaps) > PER_CHART else ""
        _title(chart, f"自评得分与计算得分之差{part}")
        chart.set_x_axis(
            {
                "name": "自评得分 − 计算得分（分）",
                "name_font": AXIS_FONT,
                "num_font": AXIS_FONT,
                "major_gridlines": _grid(),
                **_room(list(gaps["score_gap"])),
            }
        )
        # Department names at the left edge, clear of the bars that go below zero.
        chart.set_y_axis({"reverse": True, "num_font": AXIS_FONT, "label_position": "low"})
        height = BAR_PX * len(chunk) + 90
        chart.set_size({"width": CHART_WIDTH, "height": height})
        if k:
            breaks.append(anchor)
        ws.insert_chart(anchor, CHART_COLUMN, chart)
        anchor += _rows(height) + 1
    width_units = [*TABLE_WIDTHS, CHART_WIDTH / 7]
    a4(ws, landscape=True, fit=None, scale=fit_scale(width_units, landscape=True))
    ws.set_h_pagebreaks(breaks)
