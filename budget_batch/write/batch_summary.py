"""The finance bureau's view of a batch: pandas DataFrames, and `批量汇总.xlsx` written from them.

`workbooks_frame` has one row per workbook (unreadable ones included, with the reason) and its
key figures and scores; `findings_frame` one row per finding. 批量汇总.xlsx is streamed with
xlsxwriter: 工作簿一览 (with links to each 审核 copy), 全部问题, 问题统计, and charts of the
score distribution and of stated-minus-computed score by department.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from ..catalogue import CATALOGUE
from ..result import Report
from ..settings import DEFAULT
from .atomic_files import replacing
from .text_safety import clean

FIXED_DATE = dt.datetime(2024, 1, 1)
FONT = "宋体"

#: DataFrame column → 批量汇总 header, for the one-row-per-workbook table.
WORKBOOK_COLUMNS: dict[str, str] = {
    "rank": "排名",
    "file": "文件",
    "department": "部门",
    "year": "年度",
    "status": "状态",
    "income_total": "收入合计",
    "spending_total": "支出合计",
    "exec_rate": "执行率(%)",
    "score_stated": "自评得分",
    "score_computed": "计算得分",
    "score_gap": "自评−计算",
    "grade_stated": "自评等级",
    "grade_computed": "计算等级",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "profile": "评分规则",
    "output": "审核副本",
    "reason": "无法读取的原因",
}
FINDING_COLUMNS: dict[str, str] = {
    "file": "文件",
    "department": "部门",
    "severity": "严重程度",
    "code": "代码",
    "title": "名称",
    "sheet": "工作表",
    "cell": "单元格",
    "message": "说明",
    "stated": "填报值",
    "computed": "计算值",
}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABEL = {"checked": "已审核", "unreadable": "无法读取", "failed": "处理失败（工具问题）"}


def workbooks_frame(report: Report) -> pd.DataFrame:
    rows = []
    for wb in report.workbooks:
        f = wb.figures
        gap = (
            round(wb.score.stated - wb.score.computed, 2)
            if wb.score.stated is not None and wb.score.computed is not None
            else None
        )
        counts = wb.counts
        rows.append(
            {
                "file": wb.file,
                "department": wb.department,
                "year": wb.year,
                "status": wb.status,
                "income_total": f.income.actual if f and f.income else None,
                "spending_total": f.spending.actual if f and f.spending else None,
                "exec_rate": f.exec_rate if f else None,
                "score_stated": wb.score.stated,
                "score_computed": wb.score.computed,
                "score_gap": gap,
                "grade_stated": wb.score.grade_stated,
                "grade_computed": wb.score.grade_computed,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
                "profile": wb.profile,
                "output": wb.output,
                "reason": wb.error,
            }
        )
    frame = pd.DataFrame(rows, columns=[c for c in WORKBOOK_COLUMNS if c != "rank"])
    ranks = frame["score_computed"].rank(ascending=False, method="min")
    frame.insert(0, "rank", ranks.astype("Int64"))
    return frame


def findings_frame(report: Report) -> pd.DataFrame:
    rows = [
        {
            "file": wb.file,
            "department": wb.department,
            "severity": f.severity.value,
            "code": f.code,
            "title": CATALOGUE[f.code].title if f.code in CATALOGUE else f.code,
            "sheet": f.sheet,
            "cell": f.cell,
            "message": f.message,
            "stated": f.stated,
            "computed": f.computed,
        }
        for wb in report.workbooks
        for f in wb.findings
    ]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def code_counts_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """How often each check fired, and in how many workbooks: which problems are common."""
    if findings.empty:
        return pd.DataFrame(columns=["code", "title", "severity", "count", "workbooks"])
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


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class _Sheet:
    """Write a frame as a filterable table with frozen header; strings always as text."""

    def __init__(self, wb: Any, name: str, formats: dict[str, Any]) -> None:
        self.ws = wb.add_worksheet(name)
        self.f = formats

    def write(
        self,
        frame: pd.DataFrame,
        headers: dict[str, str],
        widths: dict[str, int],
        links: str | None = None,
        base: Path | None = None,
    ) -> None:
        ws, f = self.ws, self.f
        columns = list(frame.columns)
        for c, key in enumerate(columns):
            ws.write_string(0, c, headers.get(key, key), f["head"])
            ws.set_column(c, c, widths.get(key, 12))
        for r, record in enumerate(frame.itertuples(index=False), start=1):
            for c, key in enumerate(columns):
                value = _cell_value(record[c])
                if value is None:
                    ws.write_blank(r, c, None, f["body"])
                elif key == links and base is not None:
                    target = os.path.relpath(value, base)
                    ws.write_url(r, c, "external:" + target, f["link"], clean(Path(value).name))
                elif isinstance(value, str):
                    text = SEVERITY_LABEL.get(value, value) if key == "severity" else value
                    text = STATUS_LABEL.get(text, text) if key == "status" else text
                    ws.write_string(r, c, clean(text), f["body"])
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value, f["body"])
                else:
                    ws.write_number(r, c, value, f["int"] if isinstance(value, int) else f["num"])
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))
        _print_setup(ws)


TITLE_FONT = {"name": "黑体", "size": 12, "bold": True}
AXIS_FONT = {"name": FONT, "size": 9}


def _fonts(chart: Any, title: str) -> None:
    """Chinese fonts set explicitly on every chart text."""
    chart.set_title({"name": title, "name_font": TITLE_FONT})
    chart.set_x_axis({"num_font": AXIS_FONT, "name_font": AXIS_FONT})
    chart.set_legend({"none": True})


def _print_setup(ws: Any) -> None:
    """A4 landscape, one page wide, header row repeated."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def write_batch_summary(report: Report, dest: Path) -> None:
    """Write 批量汇总.xlsx (via a temporary name and a rename)."""
    workbooks = workbooks_frame(report)
    findings = findings_frame(report)
    counts = code_counts_frame(findings)
    with replacing(dest) as tmp:
        _write_summary(tmp, workbooks, findings, counts, grade_bands(report))


def _write_summary(
    tmp: Path,
    workbooks: pd.DataFrame,
    findings: pd.DataFrame,
    counts: pd.DataFrame,
    bands: list[tuple[str, float, float]],
) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    wb.set_properties({"title": "批量汇总", "author": "budget_batch", "created": FIXED_DATE})
    base = {"font_name": FONT, "font_size": 10, "valign": "top"}
    formats = {
        "head": wb.add_format(
            {**base, "bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        ),
        "body": wb.add_format({**base, "text_wrap": True}),
        "num": wb.add_format({**base, "num_format": "#,##0.00"}),
        "int": wb.add_format({**base, "num_format": "0"}),
        "link": wb.add_format({**base, "font_color": "#0563C1", "underline": 1}),
        "title": wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True}),
    }
    overview = _Sheet(wb, "工作簿一览", formats)
    overview.write(
        workbooks,
        WORKBOOK_COLUMNS,
        {
            "file": 36,
            "department": 28,
            "output": 30,
            "reason": 50,
            "rank": 6,
            "year": 7,
            "status": 9,
            "profile": 14,
        },
        links="output",
        base=tmp.parent,  # the temporary file sits beside 批量汇总.xlsx: links are relative to it
    )
    _Sheet(wb, "全部问题", formats).write(
        findings,
        FINDING_COLUMNS,
        {"file": 30, "department": 24, "message": 80, "title": 16, "code": 22},
    )
    stats = _Sheet(wb, "问题统计", formats)
    stats.write(
        counts,
        {
            "code": "代码",
            "title": "名称",
            "severity": "严重程度",
            "count": "出现次数",
            "workbooks": "涉及工作簿数",
        },
        {"code": 24, "title": 20},
    )
    if len(counts):
        chart = wb.add_chart({"type": "bar"})
        n = min(len(counts), 20)
        chart.add_series(
            {
                "name": "出现次数",
                "categories": ["问题统计", 1, 1, n, 1],
                "values": ["问题统计", 1, 3, n, 3],
            }
        )
        _fonts(chart, "常见问题（前 20 项）")
        chart.set_y_axis({"reverse": True, "num_font": AXIS_FONT})  # most common on top
        chart.set_size({"width": 640, "height": max(300, 22 * n + 80)})
        stats.ws.insert_chart(1, 6, chart)
    _charts(wb, workbooks, formats, bands)
    wb.worksheets()[0].activate()
    wb.close()


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


def _charts(
    wb: Any, workbooks: pd.DataFrame, f: dict[str, Any], bands: list[tuple[str, float, float]]
) -> None:
    """得分图表: the score distribution by grade band, and stated − computed by department."""
    ws = wb.add_worksheet("得分图表")
    _print_setup(ws)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 12)
    ws.write_string(0, 0, "计算得分分布", f["title"])
    scores = workbooks["score_computed"].dropna()
    ws.write_string(1, 0, "分数段", f["head"])
    ws.write_string(1, 1, "工作簿数", f["head"])
    for i, (label, low, high) in enumerate(bands, start=2):
        ws.write_string(i, 0, label, f["body"])
        ws.write_number(i, 1, int(((scores >= low) & (scores < high)).sum()), f["int"])
    dist = wb.add_chart({"type": "column"})
    dist.add_series(
        {
            "name": "工作簿数",
            "categories": ["得分图表", 2, 0, len(bands) + 1, 0],
            "values": ["得分图表", 2, 1, len(bands) + 1, 1],
            "data_labels": {"value": True},
        }
    )
    _fonts(dist, "计算得分分布")
    dist.set_y_axis({"num_font": AXIS_FONT})
    ws.insert_chart(1, 4, dist)
    gaps = workbooks.dropna(subset=["score_gap"])
    start = len(bands) + 5
    ws.write_string(start - 1, 0, "自评得分 − 计算得分（按部门）", f["title"])
    ws.write_string(start, 0, "部门", f["head"])
    ws.write_string(start, 1, "自评−计算", f["head"])
    for i, record in enumerate(gaps.itertuples(index=False), start=start + 1):
        ws.write_string(i, 0, clean(str(record.department or record.file)), f["body"])
        ws.write_number(i, 1, _cell_value(record.score_gap), f["num"])
    if len(gaps):
        gap = wb.add_chart({"type": "bar"})
        gap.add_series(
            {
                "name": "自评−计算",
                "categories": ["得分图表", start + 1, 0, start + len(gaps), 0],
                "values": ["得分图表", start + 1, 1, start + len(gaps), 1],
                "invert_if_negative": False,
            }
        )
        _fonts(gap, "自评得分与计算得分之差")
        gap.set_y_axis({"reverse": True, "num_font": AXIS_FONT})
        gap.set_size({"width": 640, "height": max(300, 22 * len(gaps) + 80)})
        ws.insert_chart(start, 4, gap)
