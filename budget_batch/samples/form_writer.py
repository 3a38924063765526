"""Write a 项目支出绩效自评表 in the layout of a family — the national one of 财预〔2020〕10号 附件1,
四川's 一体化 report 510000_0013zp, 重庆's (as forms.md describes it) — from figures.

The shipped examples (example_forms.py) are built with it from published forms; tests build
their crafted forms with it. Blocks are merged and labelled as the published forms are: the
block labels down their rows, 一级 / 二级指标 down theirs, the title and long texts across.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from ..write.atomic_files import replacing
from .form_data import FormData, FundLine, IndicatorLine, Value

__all__ = ["FormData", "FundLine", "IndicatorLine", "write_forms"]


#: Column widths per family (the columns each layout has, 10号 A–I, 四川 A–K, 重庆 A–M).
WIDTHS = {
    "10号": (12, 18, 14, 26, 12, 12, 9, 9, 24),
    "四川": (12, 16, 14, 24, 11, 12, 9, 11, 9, 9, 20),
    "重庆": (12, 16, 22, 12, 9, 11, 11, 11, 11, 11, 11, 11, 20),
}


def write_forms(path: Path, sheets: Sequence[tuple[str, FormData]]) -> None:
    """One form per sheet, written to a temporary name and renamed."""
    with replacing(path) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False}
        )
        for name, data in sheets:
            _Sheet(wb, wb.add_worksheet(name), data).write()
        wb.close()


class _Sheet:
    def __init__(self, wb: Any, ws: Any, data: FormData) -> None:
        self.ws, self.d = ws, data
        base = {
            "font_name": "宋体",
            "font_size": 10,
            "border": 1,
            "valign": "vcenter",
            "text_wrap": True,
        }
        self.f = {
            "title": wb.add_format(
                {"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"}
            ),
            "plain": wb.add_format({"font_name": "宋体", "font_size": 10}),
            "year": wb.add_format({"font_name": "宋体", "font_size": 11, "align": "center"}),
            "label": wb.add_format({**base, "align": "center", "bold": True}),
            "text": wb.add_format({**base, "align": "left"}),
            "center": wb.add_format({**base, "align": "center"}),
            "money": wb.add_format({**base, "num_format": "0.00"}),
            "pct": wb.add_format({**base, "num_format": "0.00%"}),
            "num": wb.add_format({**base, "align": "center"}),
        }
        self.widths = WIDTHS[data.family]
        self.width = len(self.widths)
        self.lines: dict[int, int] = {}
        self.r = 0

    def put(self, row: int, c0: int, c1: int, value: Value, fmt: str = "text") -> None:
        f = self.f[fmt]
        if isinstance(value, str) and value == "" or value is None:
            value = None
        if isinstance(value, str):  # a row as tall as its longest text needs (CJK: 2 units each)
            room = sum(self.widths[c0 : c1 + 1]) or 1
            need = sum(2 if ord(ch) > 0x2E80 else 1 for ch in value)
            self.lines[row] = max(self.lines.get(row, 1), -(-need // int(room)))
        if c1 > c0:
            self.ws.merge_range(row, c0, row, c1, None, f)
        if isinstance(value, (int, float)):
            self.ws.write_number(row, c0, value, f)
        elif value is not None:
            self.ws.write_string(row, c0, value, f)
        else:
            self.ws.write_blank(row, c0, None, f)

    def block(self, r0: int, r1: int, col: int, value: str) -> None:
        if r1 > r0:
            self.ws.merge_range(r0, col, r1, col, value, self.f["label"])
        else:
            self.put(r0, col, col, value, "label")

    def write(self) -> None:
        d, ws, last = self.d, self.ws, self.width - 1
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        title = (
            d.title
            or {
                "10号": "项目支出绩效自评表",
                "四川": f"部门预算项目支出绩效自评表({d.year}年度)",
                "重庆": "项目支出绩效自评表",
            }[d.family]
        )
        if d.family == "四川":
            ws.write_string(0, 0, "报表编号:510000_0013zp", self.f["plain"])
            self.r = 1
        ws.merge_range(self.r, 0, self.r, last, title, self.f["title"])
        self.r += 1
        if d.family != "四川":
            ws.merge_range(self.r, 0, self.r, last, f"（{d.year}年度）", self.f["year"])
            self.r += 1
        self.put(self.r, 0, 0, "项目名称", "label")
        self.put(self.r, 1, last, d.project)
        self.r += 1
        half = last // 2
        self.put(self.r, 0, 0, "主管部门", "label")
        self.put(self.r, 1, half - 1, d.department)
        self.put(
            self.r, half, half, "实施单位 (盖章)" if d.family == "四川" else "实施单位", "label"
        )
        self.put(self.r, half + 1, last, d.implementer)
        self.r += 1
        if d.family == "四川":
            self._sichuan_basics()
        self._funds()
        if d.family != "四川":
            self._goals()
        self._indicators()
        self._closing()
        if d.note:
            self.r += 1
            ws.write_string(self.r, 0, d.note, self.f["plain"])
        for row, lines in self.lines.items():
            if lines > 1:
                ws.set_row(row, 14 * min(lines, 6))
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _sichuan_basics(self) -> None:
        d, r, last = self.d, self.r, self.width - 1
        self.block(r, r + 2, 0, "项目基本情况")
        self.block(r, r + 1, 1, "1.项目年度目标完成情况")
        self.put(r, 2, 5, "项目年度目标", "label")
        self.put(r, 6, last, "年度目标完成情况", "label")
        self.put(r + 1, 2, 5, d.goal)
        self.put(r + 1, 6, last, d.outcome)
        self.put(r + 2, 1, 1, "2.项目实施内容及过程概述", "label")
        self.put(r + 2, 2, last, d.content)
        self.r += 3

    def _funds(self) -> None:
        d, r, last = self.d, self.r, self.width - 1
        n = len(d.funds)
        sichuan = d.family == "四川"
        heads = {
            "10号": ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
            "四川": (
                "年度预算数(万元)",
                "年初预算",
                "调整后预算数",
                "预算执行数",
                "预算执行率",
                "权重",
                "得分",
            ),
            "重庆": (
                "",
                "年初预算数",
                "全年(调整)预算数",
                "全年执行数",
                "执行率权重",
                "执行率",
                "执行率得分",
            ),
        }[d.family]
        label = "预算执行情况(10分)" if sichuan else "项目资金（万元）"
        self.block(r, r + n, 0, label)
        for c, head in enumerate(heads, start=1):
            self.put(r, c, c, head, "label")
        score_end = 7 if sichuan else last
        if sichuan:
            self.put(r, 8, last, "原因", "label")
        else:
            self.put(r, 7, score_end, heads[-1], "label")
        order = ("weight", "rate", "score") if not sichuan else ("rate", "weight", "score")
        for i, line in enumerate(d.funds, start=1):
            row = r + i
            self.put(row, 1, 1, line.label, "text")
            for c, v in zip((2, 3, 4), (line.initial, line.final, line.actual), strict=True):
                self.put(row, c, c, v, "money" if isinstance(v, (int, float)) else "center")
            for c, key in zip((5, 6, 7), order, strict=True):
                v = getattr(line, key)
                fmt = "pct" if key == "rate" and isinstance(v, (int, float)) else "num"
                if c == 7 and not sichuan:
                    self.put(row, 7, score_end, v, fmt)
                else:
                    self.put(row, c, c, v, fmt)
        if sichuan:
            self.ws.merge_range(r + 1, 8, r + n, last, d.reason or None, self.f["text"])
        self.r += n + 1

    def _goals(self) -> None:
        d, r, last = self.d, self.r, self.width - 1
        half = last // 2 + 1
        self.block(r, r + 1, 0, "年度总体目标")
        self.put(r, 1, half - 1, "预期目标", "label")
        self.put(r, half, last, "实际完成情况", "label")
        self.put(r + 1, 1, half - 1, d.goal)
        self.put(r + 1, half, last, d.outcome)
        self.r += 2

    def _columns(self) -> tuple[str, ...]:
        return {
            "10号": (
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ),
            "四川": (
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "完成值",
                "权重",
                "得分",
                "未完成原因分析",
            ),
            "重庆": (
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "计量单位",
                "年初指标值",
                "调整指标值",
                "全年完成值",
                "得分系数(%)",
                "指标权重(分)",
                "指标得分(分)",
                "是否核心指标",
            ),
        }[self.d.family]

    def _values(self, line: IndicatorLine) -> tuple[Value, ...]:
        return {
            "10号": (line.target, line.actual, line.weight, line.score, line.deviation),
            "四川": (
                line.nature,
                line.target,
                line.unit,
                line.actual,
                line.weight,
                line.score,
                line.deviation,
            ),
            "重庆": (
                line.nature,
                line.unit,
                line.target,
                line.target_adjusted,
                line.actual,
                line.coefficient,
                line.weight,
                line.score,
                line.core,
            ),
        }[self.d.family]

    def _rows(self) -> list[IndicatorLine | None]:
        """The indicators, with unused template rows (None) after each 二级指标 if asked."""
        rows: list[IndicatorLine | None] = []
        for i, line in enumerate(self.d.indicators):
            rows.append(line)
            after = self.d.indicators[i + 1] if i + 1 < len(self.d.indicators) else None
            if self.d.placeholders and (after is None or after.level2 != line.level2):
                rows.append(None)
        return rows

    def _indicators(self) -> None:
        d, r, last = self.d, self.r, self.width - 1
        heads = self._columns()
        rows = self._rows()
        label = "绩效指标(90分)" if d.family == "四川" else "绩效指标"
        chongqing = d.family == "重庆"
        first_col = 0 if chongqing else 1
        if not chongqing:
            self.block(r, r + len(rows), 0, label)
        for c, head in enumerate(heads, start=first_col):
            self.put(r, c, c, head, "label")
        if chongqing:
            self.put(r, len(heads), last, "偏差原因分析及改进措施", "label")
        self._levels(r + 1, rows, first_col)
        for i, line in enumerate(rows, start=1):
            row = r + i
            name = line.level3 if line is not None else "指标2："
            self.put(row, first_col + 2, first_col + 2, name)
            values = (
                self._values(line)
                if line is not None
                else (None,) * (len(heads) - 3 + (not chongqing))
            )
            for c, v in enumerate(values, start=first_col + 3):
                fmt = "money" if isinstance(v, float) and not v.is_integer() else "num"
                self.put(row, c, c, v, fmt if not isinstance(v, str) or len(v) < 12 else "text")
            if chongqing:
                self.put(row, len(heads), last, line.deviation if line is not None else None)
        self.r += len(rows) + 1

    def _levels(self, start: int, rows: list[IndicatorLine | None], col: int) -> None:
        """一级 and 二级指标, merged down the rows they head (or printed once, on the first)."""
        for offset, key in ((0, "level1"), (1, "level2")):
            i = 0
            while i < len(rows):
                line = rows[i]
                assert line is not None  # an unused row follows the group it belongs to
                j = i
                while j + 1 < len(rows) and _same(rows[j + 1], line, key):
                    j += 1
                text = getattr(line, key)
                if key == "level1" and text in self.d.level1_weights:
                    text = f"{text}({self.d.level1_weights[text]:g}分)"
                if self.d.merge_levels and j > i:
                    self.ws.merge_range(
                        start + i, col + offset, start + j, col + offset, text, self.f["center"]
                    )
                else:
                    self.put(start + i, col + offset, col + offset, text, "center")
                    for k in range(i + 1, j + 1):
                        self.put(start + k, col + offset, col + offset, None, "center")
                i = j + 1

    def _closing(self) -> None:
        d, r, last = self.d, self.r, self.width - 1
        weight_col = {"10号": 6, "四川": 8, "重庆": 9}[d.family]
        label = "合计" if d.family == "四川" else "总分"
        self.put(r, 0, weight_col - 1, label, "label")
        self.put(r, weight_col, weight_col, d.total_weight, "num")
        self.put(r, weight_col + 1, weight_col + 1, d.total_score, "num")
        if weight_col + 2 <= last:
            self.put(r, weight_col + 2, last, None)
        self.r += 1
        rows = [("评价结论", d.conclusion), ("存在问题", d.problems), ("改进措施", d.measures)]
        if d.grade:
            rows.insert(1, ("自评等级", d.grade))
        if d.family == "四川" or d.grade:
            for text, value in rows:
                if d.family != "四川" and text != "自评等级":
                    continue
                self.put(self.r, 0, 0, text, "label")
                self.put(self.r, 1, last, value)
                self.r += 1
        if d.family == "四川":
            self.put(self.r, 0, 0, "项目负责人:", "label")
            self.put(self.r, 1, 4, None)
            self.put(self.r, 5, 5, "财务负责人:", "label")
            self.put(self.r, 6, last, None)
            self.r += 1


def _same(after: IndicatorLine | None, line: IndicatorLine, key: str) -> bool:
    """Does the row `after` fall under the same 一级 (or 二级) heading as `line`?"""
    if after is None:
        return True
    return after.level1 == line.level1 and (key == "level1" or after.level2 == line.level2)
