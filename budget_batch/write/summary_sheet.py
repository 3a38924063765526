"""The 汇总 sheet of an annotated copy: one printable page a reviewer reads instead of the tables.

Department, year and profile; key figures (totals, structure, 同比, 执行率, projects); stated vs
computed score and grade; counts by severity; native Excel charts of income and spending
structure, project execution rates and indicator scores (stated vs computed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..result import KeyFigures, Line, WorkbookResult
from .cell_styles import BODY_FONT, TITLE_FONT
from .results_sheet import write_value

SUMMARY_SHEET = "汇总"
WIDTHS = (26, 13, 13, 13, 13, 13, 40)
CHART_ROWS = 16  # rows a chart occupies on the page
MONEY, PCT, SCORE = "money", "pct", "pct"  # formats (cell_styles.py)
PX_PER_CM = 96 / 2.54
#: Chart text: 宋体 for text, 黑体 for titles. Set explicitly (the graft adds them as East Asian
#: fonts too): a chart otherwise takes the theme's Latin font and a client without a CJK
#: fallback shows boxes.
CHART_BODY = {"name": BODY_FONT, "size": 9}
CHART_TITLE = {"name": TITLE_FONT, "size": 12, "bold": True}


class SummaryWriter:
    """Rows and columns are 1-based here, as on the sheet."""

    def __init__(self, wb: Any, ws: Any, formats: dict[str, Any]) -> None:
        self.wb = wb
        self.ws = ws
        self.f = formats
        self.name = ws.get_name()
        self.row = 1

    def cell(self, row: int, col: int, value: Any, kind: str = "body") -> None:
        write_value(self.ws, row - 1, col - 1, value, self.f[kind])

    def heading(self, text: str) -> None:
        self.row += 1
        self.cell(self.row, 1, text, "heading")
        self.row += 1

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: Sequence[str | None]
    ) -> tuple[int, int]:
        """Write a header and rows; return (first data row, last data row)."""
        for col, title in enumerate(headers, start=1):
            self.cell(self.row, col, title, "head")
        first = self.row + 1
        for values in rows:
            self.row += 1
            for col, (value, kind) in enumerate(zip(values, formats, strict=True), start=1):
                self.cell(self.row, col, value, kind or "body")
        last = self.row
        self.row += 1
        return first, last

    def chart(self, chart: Any, bars: int = 0) -> None:
        # A bar chart grows with its bars so that every label shows; ~2 rows per cm.
        height = max(7.5, 0.6 * bars + 2.5)
        chart.set_size({"width": round(16 * PX_PER_CM), "height": round(height * PX_PER_CM)})
        self.ws.insert_chart(self.row, 0, chart)
        self.row += max(CHART_ROWS, int(height * 2) + 2)

    def pie(self, title: str, first: int, last: int) -> Any:
        chart = self.wb.add_chart({"type": "pie"})
        chart.add_series(
            {
                "name": [self.name, first - 2, 1],
                "categories": [self.name, first - 1, 0, last - 1, 0],
                "values": [self.name, first - 1, 1, last - 1, 1],
                "data_labels": {"percentage": True, "font": CHART_BODY},
            }
        )
        chart.set_title({"name": title, "name_font": CHART_TITLE})
        chart.set_legend({"font": CHART_BODY})
        return chart

    def bars(self, title: str, first: int, last: int, cols: tuple[int, int], axis: str) -> Any:
        """A horizontal bar chart of columns `cols` (1-based), rows top to bottom as in the
        table. (In xlsxwriter's bar chart the x axis is the value axis.)"""
        chart = self.wb.add_chart({"type": "bar"})
        for col in range(cols[0] - 1, cols[1]):
            chart.add_series(
                {
                    "name": [self.name, first - 2, col],
                    "categories": [self.name, first - 1, 0, last - 1, 0],
                    "values": [self.name, first - 1, col, last - 1, col],
                }
            )
        chart.set_title({"name": title, "name_font": CHART_TITLE})
        chart.set_x_axis({"name": axis, "name_font": CHART_BODY, "num_font": CHART_BODY})
        chart.set_y_axis({"reverse": True, "num_font": CHART_BODY})
        chart.set_legend({"font": CHART_BODY})
        return chart


def _line_row(line: Line | None) -> list[Any]:
    if line is None:
        return ["", None, None, None, None, None]
    return [line.name, line.prior, line.current, line.change, line.change_rate, line.exec_rate]


def write_summary(wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any]) -> None:
    """Fill `ws` (an xlsxwriter worksheet of `wb`) with the summary of `result`."""
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    w = SummaryWriter(wb, ws, f)
    figures = result.figures or KeyFigures()
    unit = figures.unit
    title = f"{result.department or '（未填部门名称）'} {result.year or ''} 年 部门整体支出绩效自评 审核汇总"
    ws.merge_range(0, 0, 0, len(WIDTHS) - 1, "", f["title"])
    w.cell(1, 1, title, "title")
    w.row = 2
    score = result.score
    counts = result.counts
    w.heading("一、审核结论")
    w.table(
        ("项目", "自评", "计算", "差额", "", "", "说明"),
        [
            (
                "得分",
                score.stated,
                score.computed,
                None
                if score.stated is None or score.computed is None
                else round(score.stated - score.computed, 2),
                None,
                None,
                f"评分规则：{result.profile or 'default'}",
            ),
            ("等级", score.grade_stated, score.grade_computed, None, None, None, ""),
            ("问题数", "错误", "警告", "提示", None, None, "红色为错误，黄色为警告，蓝色为提示"),
            ("", counts["error"], counts["warning"], counts["info"], None, None, ""),
        ],
        (None, SCORE, SCORE, SCORE, None, None, None),
    )
    w.heading(f"二、收支情况（{unit}）")
    w.table(
        ("项目", "上年数", "本年数", "增减额", "增减率(%)", "执行率(%)", "说明"),
        [[*_line_row(figures.income), "本年数按同比口径"], [*_line_row(figures.spending), ""]],
        (None, MONEY, MONEY, MONEY, PCT, PCT, None),
    )
    for title, parts in (("收入结构", figures.income_parts), ("支出结构", figures.spending_parts)):
        if not parts:
            continue
        w.heading(f"{title}（占比按全年执行数计算）")
        first, last = w.table(
            ("项目", f"金额（{unit}）", "占比(%)"),
            [(p.name, p.amount, p.share) for p in parts],
            (None, MONEY, PCT),
        )
        w.chart(w.pie(title, first, last))
    w.heading(f"三、项目支出（{figures.project_count} 个项目）")
    w.table(
        ("项目", f"全年预算数（{unit}）", f"全年执行数（{unit}）", "执行率(%)"),
        [
            (
                "全部项目合计",
                figures.project_budget,
                figures.project_actual,
                figures.project_exec_rate,
            )
        ],
        (None, MONEY, MONEY, PCT),
    )
    if figures.top_projects:
        label = "项目执行率" + ("（预算最大的 30 个项目）" if figures.project_count > 30 else "")
        w.heading(label)
        first, last = w.table(
            ("项目", "全年预算数", "全年执行数", "执行率(%)"),
            [(p.name, p.budget, p.actual, p.exec_rate) for p in figures.top_projects],
            (None, MONEY, MONEY, PCT),
        )
        w.chart(w.bars(label, first, last, (4, 4), "执行率(%)"), bars=last - first + 1)
    if figures.indicators:
        w.heading("四、绩效指标得分（自评与计算）")
        first, last = w.table(
            ("三级指标", "分值", "自评得分", "计算得分", "", "", "计算式"),
            [
                (
                    i.name,
                    i.weight,
                    i.stated,
                    i.computed,
                    None,
                    None,
                    "不适用" if i.not_applicable else i.formula,
                )
                for i in figures.indicators
            ],
            (None, SCORE, SCORE, SCORE, None, None, None),
        )
        w.chart(
            w.bars("指标得分：自评与计算", first, last, (3, 4), "得分"),
            bars=2 * (last - first + 1),
        )
    ws.print_area(0, 0, w.row - 1, len(WIDTHS) - 1)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
