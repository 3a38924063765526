"""The 汇总 sheet of an annotated copy: the pages a reviewer reads instead of the tables.

Department, year and profile; the conclusion (stated vs computed score and grade, counts by
severity); key figures (totals, structure, 同比, 执行率, projects); indicator scores; native Excel
charts of income and spending structure (each beside its table), project execution rates and
indicator scores (stated vs computed, below their tables).

The sheet is a column of blocks on a `Grid`: every row's height is known, so each chart and each
heading with its table is kept on one printed A4 page by manual breaks, and charts never overlap
(a chart's rows are reserved for it). Blocks are written in order and numbered as they go; to add
one (e.g. a comparison with the previous round), write it where it belongs — `notes` puts lines
of text under the title — and everything below moves down, breaks included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...catalogue import CATALOGUE
from ...result import KeyFigures, Line, Part, WorkbookResult
from ..cell_styles import BODY_FONT, TITLE_FONT
from ..sheet_grid import PX_PER_PT, Cell, Grid, column_px
from .link_lines import LINK_COLUMNS, LINK_STYLES, link_rows

SUMMARY_SHEET = "汇总"
#: 项目 | five number columns | 说明; narrower tables merge columns (`E:G` for 说明, 计算式).
WIDTHS = (24, 11, 11, 11, 11, 11, 16)
NOTE = 3  # the 说明 of a four-number table spans E:G
TITLE_PT, HEADING_PT, GAP_PT = 28.0, 22.0, 8.0
PIE_PX = 180
LEGEND_PX = 16
BAR_PX = 22  # per bar of the project chart
PAIR_PX = 30  # per indicator: two bars (stated, computed)
CHART_FRAME_PX = 90  # a bar chart's title, axis and legend
#: Chart text: 宋体 for text, 黑体 for titles. Set explicitly (the graft adds them as East Asian
#: fonts too): a chart otherwise takes the theme's Latin font and a client without a CJK
#: fallback shows boxes.
CHART_BODY = {"name": BODY_FONT, "size": 9}
CHART_TITLE = {"name": TITLE_FONT, "size": 12, "bold": True}
GRID_LINE = {"visible": True, "line": {"color": "#D9D9D9"}}
LABELS = {"value": True, "position": "outside_end", "num_format": "0.00", "font": CHART_BODY}
STATED, COMPUTED = "#ED7D31", "#5B9BD5"


class SummaryWriter:
    """Blocks of the 汇总 sheet (headings, tables, charts) on a `Grid`; the template's and a
    project form's summary alike."""

    def __init__(self, wb: Any, grid: Grid) -> None:
        self.wb = wb
        self.g = grid
        self.name = grid.ws.get_name()

    def heading(self, text: str) -> int:
        self.g.space(GAP_PT)
        return self.g.line([(text, "heading", len(WIDTHS))], HEADING_PT)

    def table(
        self,
        headers: Sequence[tuple[str, int]],
        rows: Sequence[Sequence[Any]],
        kinds: Sequence[str],
    ) -> tuple[int, int]:
        """A header line and a line per row (cells spanning as the headers do); return the
        (first, last) data row."""
        self.g.line([(title, "head", span) for title, span in headers])
        spans = [span for _, span in headers]
        first = self.g.row
        for values in rows:
            cells: list[Cell] = [
                (value, kind, span) for value, kind, span in zip(values, kinds, spans, strict=True)
            ]
            self.g.line(cells)
        return first, self.g.row - 1

    def verdict(
        self,
        score: tuple[str, float | None, float | None, str],
        grades: tuple[str | None, str | None],
        counts: dict[str, int],
    ) -> None:
        """The score stated and computed (label, stated, computed, note), the grades, and the
        findings by severity: the two tables of 一、审核结论."""
        label, stated, computed, note = score
        gap = None if stated is None or computed is None else round(stated - computed, 2)
        self.table(
            (("项目", 1), ("自评", 1), ("计算", 1), ("差额", 1), ("说明", 3)),
            [(label, stated, computed, gap, note), ("等级", *grades, None, "")],
            ("body", "pct", "pct", "pct", "body"),
        )
        self.counts(counts)

    def counts(self, counts: dict[str, int]) -> None:
        """The findings by severity, and where to read them."""
        self.table(
            (("问题数", 1), ("错误", 1), ("警告", 1), ("提示", 1), ("说明", 3)),
            [
                (
                    "条数",
                    counts["error"],
                    counts["warning"],
                    counts["info"],
                    "逐条见“审核结果”表；原表中错误标红、警告标黄、提示标蓝，并附批注。",
                )
            ],
            ("body", "int", "int", "int", "body"),
        )

    def score_bars(self, first: int, last: int, scores: Sequence[float | None]) -> None:
        """Each indicator's score as stated and as computed (table columns 2 and 3), on an
        axis that fits `scores` (weights, stated, computed)."""
        self.bars(
            "指标得分：自评与计算",
            first,
            last,
            [(2, STATED), (3, COMPUTED)],
            {"name": "得分", **axis_bounds(scores, 10)},
            PAIR_PX,
        )

    def place(self, chart: Any, width_px: int, height_px: int, row: int, col: int = 0) -> None:
        chart.set_size({"width": width_px, "height": height_px})
        self.g.ws.insert_chart(row, col, chart, {"x_offset": 4 if col else 0, "y_offset": 2})

    def below(self, chart: Any, height_px: int) -> None:
        """A chart across the page under what was written, on rows of its own, kept on a page."""
        self.g.space(GAP_PT)
        first, last = self.g.reserve(height_px + 4)
        self.place(chart, self.g.full_px() - 8, height_px, first)
        self.g.keep(first, last)

    def structure(self, title: str, parts: list[Part], unit: str) -> None:
        """Heading, table (A:C) and its pie beside it (D:G), kept together."""
        top = self.heading(f"{title}（占比按全年执行数计算）")
        head = self.g.row
        first, last = self.table(
            (("项目", 1), (f"金额（{unit}）", 1), ("占比(%)", 1)),
            [(p.name, p.amount, p.share) for p in parts],
            ("body", "money", "pct"),
        )
        height = PIE_PX + LEGEND_PX * len(parts)  # the legend below the pie, a line a part
        short = height + 8 - self.g.rows_px(head, last)
        if short > 0:
            self.g.reserve(short)
        chart = self.wb.add_chart({"type": "pie"})
        chart.add_series(
            {
                "name": title,
                "categories": [self.name, first, 0, last, 0],
                "values": [self.name, first, 1, last, 1],  # amounts: the pie computes shares
                "data_labels": {"percentage": True, "leader_lines": True, "font": CHART_BODY},
            }
        )
        chart.set_title({"name": title, "name_font": CHART_TITLE})
        chart.set_legend({"position": "bottom", "font": CHART_BODY})
        width = self.g.full_px() - sum(column_px(w) for w in self.g.widths[:3])  # D:G
        self.place(chart, width - 10, height, head, col=3)
        self.g.keep(top, self.g.row - 1)

    def bars(
        self,
        title: str,
        first: int,
        last: int,
        cols: Sequence[tuple[int, str]],
        axis: dict[str, Any],
        per_px: int,
    ) -> None:
        """Horizontal bar charts of rows `first`…`last` (columns `cols`: (index, colour)), the
        rows top to bottom as in the table, split so that each chart fits on one page."""
        room = self.g.page_height() * PX_PER_PT * 0.9 - CHART_FRAME_PX
        per_chart = max(1, int(room // per_px))
        count = last - first + 1
        for k in range(0, count, per_chart):
            top, bottom = first + k, min(first + k + per_chart, count + first) - 1
            chart = self.wb.add_chart({"type": "bar"})
            for col, colour in cols:
                series = {
                    "name": [self.name, first - 1, col],
                    "categories": [self.name, top, 0, bottom, 0],
                    "values": [self.name, top, col, bottom, col],
                    "fill": {"color": colour},
                    "gap": 60,
                }
                if len(cols) == 1:  # one bar a row: its value beside it (pairs would crowd)
                    series["data_labels"] = LABELS
                chart.add_series(series)
            part = f"（{k + 1}–{bottom - first + 1}）" if count > per_chart else ""
            chart.set_title({"name": title + part, "name_font": CHART_TITLE})
            chart.set_x_axis(
                {"num_font": CHART_BODY, "name_font": CHART_BODY, "major_gridlines": GRID_LINE}
                | axis
            )
            chart.set_y_axis({"reverse": True, "num_font": CHART_BODY})  # as in the table
            if len(cols) > 1:
                chart.set_legend({"position": "top", "font": CHART_BODY})
            else:
                chart.set_legend({"none": True})
            self.below(chart, per_px * (bottom - top + 1) + CHART_FRAME_PX)


def _line_row(line: Line | None, note: str) -> list[Any]:
    if line is None:
        return ["", None, None, None, None, None, note]
    return [
        line.name,
        line.prior,
        line.current,
        line.change,
        line.change_rate,
        line.exec_rate,
        note,
    ]


def axis_bounds(values: Sequence[float | None], floor: float) -> dict[str, float]:
    """Value axis bounds from 0 (or below, for a negative bar) to at least `floor`, with room
    beyond the longest bar for its label."""
    shown = [v for v in values if v is not None and math.isfinite(v)]
    top, low = max([*shown, floor]), min([*shown, 0.0])
    step = 10 if top - low > 20 else 2
    return {
        "min": math.floor(low * 1.12 / step) * step,
        "max": (math.floor(top * 1.12 / step) + 1) * step,
    }


LISTED = 8  # problems named per list; the rest are counted


def round_notes(result: WorkbookResult) -> list[str]:
    """A resubmitted copy: this round against the last, and what was corrected, is still there
    and is new (the first few of each, with where they are); then what of the last round's marks
    could not be taken out."""
    previous = result.previous
    if previous is None:
        return []
    lines = [previous.line + "。"]
    for what, items in (
        ("已改正", [(p.code, p.location) for p in previous.resolved]),
        ("仍存在", [(f.code, f.location) for f in previous.open]),
        ("新增", [(f.code, f.location) for f in previous.new]),
    ):
        if items:
            named = "；".join(
                f"{CATALOGUE[c].title if c in CATALOGUE else c}（{at}）" for c, at in items[:LISTED]
            )
            more = f"等 {len(items)} 项" if len(items) > LISTED else ""
            lines.append(f"{what}：{named}{more}。")
    return [*lines, *previous.leftovers]


def write_summary(
    wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any], notes: Sequence[str] = ()
) -> list[int]:
    """Fill `ws` (an xlsxwriter worksheet of `wb`) with the summary of `result`; `notes` are
    lines under the title. Return the rows that begin a printed page."""
    g = Grid(ws, f, list(WIDTHS))
    s = SummaryWriter(wb, g)
    full = len(WIDTHS)
    figures = result.figures or KeyFigures()
    unit = figures.unit
    year = f"{result.year} 年 " if result.year is not None else ""
    department = result.department or "（未填部门名称）"
    g.line([(f"{department} {year}部门整体支出绩效自评 审核汇总", "title", full)], TITLE_PT)
    for note in [*round_notes(result), *notes]:
        g.line([(note, "note", full)])
    g.space(GAP_PT)
    g.line([("部门", "head", 1), (department, "body", full - 1)])
    g.line([("年度", "head", 1), (result.year, "year", full - 1)])
    g.line([("评分规则", "head", 1), (figures.profile_title or result.profile, "body", full - 1)])

    score = result.score
    s.heading("一、审核结论")
    s.verdict(
        ("得分", score.stated, score.computed, "差额 = 自评 − 计算"),
        (score.grade_stated, score.grade_computed),
        result.counts,
    )
    g.keep(0, g.row - 1)

    top = s.heading(f"二、收支情况（{unit}）")
    s.table(
        [(t, 1) for t in ("项目", "上年数", "本年数", "增减额", "增减率(%)", "执行率(%)", "说明")],
        [
            _line_row(figures.income, f"本年数取{figures.basis}（同比口径）"),
            _line_row(figures.spending, ""),
        ],
        ("body", "money", "money", "money", "pct", "pct", "body"),
    )
    g.keep(top, g.row - 1)
    for title, parts in (("收入结构", figures.income_parts), ("支出结构", figures.spending_parts)):
        if parts:
            s.structure(title, parts, unit)

    top = s.heading(f"三、项目支出（{figures.project_count} 个项目）")
    s.table(
        (("项目", 1), (f"全年预算数（{unit}）", 1), (f"全年执行数（{unit}）", 1), ("执行率(%)", 1)),
        [
            (
                "全部项目合计",
                figures.project_budget,
                figures.project_actual,
                figures.project_exec_rate,
            )
        ],
        ("body", "money", "money", "pct"),
    )
    g.keep(top, g.row - 1)
    if figures.top_projects:
        label = "项目执行率" + ("（预算最大的 30 个项目）" if figures.project_count > 30 else "")
        top = s.heading(label)
        first, last = s.table(
            (
                ("项目", 1),
                (f"全年预算数（{unit}）", 1),
                (f"全年执行数（{unit}）", 1),
                ("执行率(%)", 1),
            ),
            [(p.name, p.budget, p.actual, p.exec_rate) for p in figures.top_projects],
            ("body", "money", "money", "pct"),
        )
        g.keep(top, min(first + 2, last))  # the heading never alone at a page's foot
        g.keep(top, last)
        rates = [p.exec_rate for p in figures.top_projects]
        s.bars(
            label,
            first,
            last,
            [(3, COMPUTED)],
            {"name": "执行率(%)", **axis_bounds(rates, 100)},
            BAR_PX,
        )

    if figures.indicators:
        top = s.heading("四、绩效指标得分（自评与计算）")
        first, last = s.table(
            (("三级指标", 1), ("分值", 1), ("自评得分", 1), ("计算得分", 1), ("计算式", NOTE)),
            [
                (
                    i.name,
                    i.weight,
                    i.stated,
                    i.computed,
                    "不适用" if i.not_applicable else i.formula,
                )
                for i in figures.indicators
            ],
            ("body", "pct", "pct", "pct", "body"),
        )
        g.keep(top, min(first + 2, last))
        g.keep(top, last)
        s.score_bars(
            first, last, [v for i in figures.indicators for v in (i.weight, i.stated, i.computed)]
        )
    links_section(s, result, "五、与同批次其他文件的核对")
    return g.finish()


def links_section(s: SummaryWriter, result: WorkbookResult, title: str) -> None:
    """A heading and a line per link to the batch's other documents; nothing when it has none."""
    if not result.links:
        return
    top = s.heading(f"{title}（万元）")
    first, last = s.table(LINK_COLUMNS, link_rows(result), LINK_STYLES)
    s.g.keep(top, min(first + 2, last))
