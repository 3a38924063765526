"""The 汇总 sheet of an annotated copy: one printable page a reviewer reads instead of the tables.

Department, year and profile; key figures (totals, structure, 同比, 执行率, projects); stated vs
computed score and grade; counts by severity; native Excel charts of income and spending
structure, project execution rates and indicator scores (stated vs computed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..result import KeyFigures, Line, WorkbookResult
from .cell_styles import style
from .text_safety import put

SUMMARY_SHEET = "汇总"
WIDTHS = (26, 13, 13, 13, 13, 13, 40)
CHART_ROWS = 16  # rows a chart occupies on the page
MONEY, PCT, SCORE = "money", "pct", "pct"  # named styles (styles.py)


class _Writer:
    def __init__(self, ws: Worksheet, wb: Workbook) -> None:
        self.ws = ws
        self.wb = wb
        self.row = 1

    def cell(self, row: int, col: int, value: Any, kind: str = "body") -> None:
        c = self.ws.cell(row=row, column=col)
        put(c, value)
        c.style = style(self.wb, kind)

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
        chart.width, chart.height = 16, height
        self.ws.add_chart(chart, f"A{self.row + 1}")
        self.row += max(CHART_ROWS, int(height * 2) + 2)


def _chinese(chart: Any, title: str) -> None:
    """Set the chart's fonts explicitly (宋体 for text, 黑体 for the title): a chart otherwise
    takes the theme's Latin font and a client without a CJK fallback shows boxes."""
    body = CharacterProperties(latin=Font(typeface="宋体"), ea=Font(typeface="宋体"), sz=900)
    head = CharacterProperties(
        latin=Font(typeface="黑体"), ea=Font(typeface="黑体"), sz=1200, b=True
    )
    text = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=body), endParaRPr=body)])
    # openpyxl writes no chart-wide text properties: set them on each part that shows text.
    for part in (getattr(chart, "x_axis", None), getattr(chart, "y_axis", None), chart.legend):
        if part is not None:
            part.txPr = text
    if chart.dataLabels is not None:
        chart.dataLabels.txPr = text
    chart.title = Title(
        tx=Text(
            rich=RichText(
                p=[
                    Paragraph(
                        pPr=ParagraphProperties(defRPr=head), r=[RegularTextRun(rPr=head, t=title)]
                    )
                ]
            )
        ),
        overlay=False,
    )


def _pie(title: str, ws: Worksheet, first: int, last: int) -> PieChart:
    chart = PieChart()
    _chinese(chart, title)
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.dataLabels = DataLabelList(
        showPercent=True, showVal=False, showCatName=False, showSerName=False, showLegendKey=False
    )
    _chinese(chart, title)  # again, now that the data labels exist
    return chart


def _bars(
    title: str, ws: Worksheet, first: int, last: int, cols: tuple[int, int], y_title: str
) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    _chinese(chart, title)
    chart.y_axis.title = y_title
    data = Reference(ws, min_col=cols[0], max_col=cols[1], min_row=first - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # rows top to bottom, as in the table
    return chart


def _line_row(line: Line | None) -> list[Any]:
    if line is None:
        return ["", None, None, None, None, None]
    return [line.name, line.prior, line.current, line.change, line.change_rate, line.exec_rate]


def add_summary_sheet(wb: Workbook, result: WorkbookResult, index: int = 1) -> Worksheet:
    name = SUMMARY_SHEET
    n = 2
    while name in wb.sheetnames:
        name = f"{SUMMARY_SHEET}{n}"
        n += 1
    ws: Worksheet = wb.create_sheet(name, index)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    w = _Writer(ws, wb)
    figures = result.figures or KeyFigures()
    unit = figures.unit
    w.cell(
        1,
        1,
        f"{result.department or '（未填部门名称）'} {result.year or ''} 年 部门整体支出绩效自评 审核汇总",
        "title",
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(WIDTHS))
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
        w.chart(_pie(title, ws, first, last))
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
        w.chart(_bars(label, ws, first, last, (4, 4), "执行率(%)"), bars=last - first + 1)
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
            _bars("指标得分：自评与计算", ws, first, last, (3, 4), "得分"),
            bars=2 * (last - first + 1),
        )
    ws.print_area = f"A1:G{w.row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    return ws
