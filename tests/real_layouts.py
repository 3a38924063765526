"""A department workbook built the way real ones are filled, not the way our template writes them:
a 区卫生健康局 2024 with titles above the headers, a two-row merged header, 一级指标 merged down
its rows, a 合计 row typed in 序号, a hidden cancelled project with its reason, dates as date
cells and as text, percentages in every format people use, formulas with cached values, and a
计算符号 dropdown that Excel stores in the sheet's x14 extension list.

Every figure is consistent by construction (totals, shares, rates and scores are computed here),
so the clean workbook must raise no error and no warning; `FAULTS` plants one mistake each.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

YEAR = 2024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def r2(value: float | Decimal) -> float:
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), ROUND_HALF_UP))


def pct(part: float, whole: float) -> float:
    return r2(Decimal(repr(part)) * 100 / Decimal(repr(whole)))


@dataclass
class Layout:
    """What varies between real files (the round-trip property test draws these)."""

    merged_header: bool = True  # 收支情况's header over two rows, 编码/项目 merged down
    merged_level1: bool = True  # 一级指标 merged down its rows
    totals_row: bool = True  # 项目支出 ends with 合计 typed in 序号
    hidden_project: bool = True  # a cancelled project on a hidden row, with its reason
    percent_style: str = "literal"  # points | literal (0.00"%") | fraction (0.00%)
    date_cells: bool = True  # dates as date cells (else as text such as 2024/06/20)
    projects: int = 10
    faults: frozenset[str] = field(default_factory=frozenset)


FAULTS = {
    # name: (sheet, what the finding is, how it is planted — see build())
    "share_rounding": ("收支情况", "SHARE_MISMATCH"),
    "project_rate": ("项目支出", "EXEC_RATE_MISMATCH"),
    "old_year": ("问题与措施", "YEAR_MISMATCH"),
    "subset": ("服务数量", "SUBSET_EXCEEDS"),
    "yuan_in_wan": ("项目支出", "NOT_A_NUMBER"),
}

PROJECTS: list[tuple[str, str, float, float, float, float]] = [
    # name, source, 上年执行数, 年初预算数, 全年预算数, 全年执行数
    ("基本公共卫生服务项目", "一般公共预算", 3000, 3200, 3400, 3350),
    ("家庭医生签约服务", "一般公共预算", 800, 900, 950, 920),
    ("重大传染病防控", "一般公共预算", 1200, 1300, 1500, 1380),
    ("妇幼健康服务", "一般公共预算", 900, 1000, 1000, 960),
    ("医疗卫生机构能力建设", "政府性基金", 1500, 1600, 1900, 1520),
    ("中医药传承发展", "一般公共预算", 400, 500, 500, 470),
    ("卫生应急体系建设", "一般公共预算", 600, 650, 700, 665),
    ("健康教育与促进", "一般公共预算", 200, 250, 250, 240),
    ("计划生育奖励扶助", "一般公共预算", 700, 750, 800, 790),
    ("爱国卫生运动", "一般公共预算", 200, 250, 280, 266),
]
CANCELLED = ("远程会诊平台建设（已取消）", "一般公共预算", None, 200, 0, 0)
NOTES = {
    "医疗卫生机构能力建设": "设备分批到货，尾款须于2025年验收后支付，执行率偏低。",
    CANCELLED[0]: "上级统一建设远程会诊平台，本项目取消，预算全部收回。",
}


def build(path: Path, layout: Layout | None = None) -> Path:
    """Write the workbook to `path` (and its x14 dropdown); return `path`."""
    layout = layout or Layout()
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": dt.datetime(2025, 3, 1)})
    f = _Formats(wb, layout)
    projects = PROJECTS[: layout.projects]
    spend = spending(layout)
    exec_score = r2(Decimal(10) * Decimal(repr(pct(spend[3], spend[2]))) / 100)
    _info(wb, f, layout, total=r2(exec_score + 90))
    _budget(wb, f, layout, projects)
    _projects(wb, f, layout, projects)
    indicator_rows = _indicators(wb, f, layout, exec_score)
    _services(wb, f, layout)
    _problems(wb, f, layout)
    options = wb.add_worksheet("选项")
    for i, op in enumerate(("≥", "≤", "=", "定性")):
        options.write_string(i, 0, op)
    options.hide()
    wb.close()
    _add_x14_dropdown(tmp, path, "绩效指标", f"D3:D{indicator_rows + 2}", "选项!$A$1:$A$4")
    tmp.unlink()
    return path


class _Formats:
    def __init__(self, wb: Any, layout: Layout) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.head = wb.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
        self.text = wb.add_format({"border": 1, "text_wrap": True})
        self.money = wb.add_format({"border": 1, "num_format": "#,##0.00"})
        self.count = wb.add_format({"border": 1, "num_format": "#,##0"})
        self.date = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
        percent = {"points": "0.00", "literal": '0.00"%"', "fraction": "0.00%"}[
            layout.percent_style
        ]
        self.percent = wb.add_format({"border": 1, "num_format": percent})
        self.fraction = layout.percent_style == "fraction"
        self.merged = wb.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})

    def pct(self, ws: Any, row: int, col: int, points: float | None) -> None:
        if points is None:
            ws.write_blank(row, col, None, self.percent)
        elif self.fraction:
            ws.write_number(row, col, float(Decimal(repr(points)) / 100), self.percent)
        else:
            ws.write_number(row, col, points, self.percent)


def spending(layout: Layout) -> tuple[float, float, float, float]:
    """支出合计 (上年数, 年初预算数, 全年预算数, 全年执行数): 基本支出 plus the projects."""
    rows = [*PROJECTS[: layout.projects], *([CANCELLED] if layout.hidden_project else [])]
    return (
        24500,
        r2(15500 + sum(p[3] for p in rows)),
        r2(15500 + sum(p[4] for p in rows)),
        r2(15345 + sum(p[5] for p in rows)),
    )


def _info(wb: Any, f: _Formats, layout: Layout, total: float) -> None:
    ws = wb.add_worksheet("基本信息")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 60)
    ws.merge_range(0, 0, 0, 1, f"{YEAR}年度部门整体支出绩效自评表", f.title)
    ws.write_row(1, 0, ("项目", "内容"), f.head)
    rows: list[tuple[str, Any]] = [
        ("部门名称*", "某区卫生健康局"),
        ("预算年度*", YEAR),
        ("金额单位", "万元"),
        ("同比口径", "全年执行数"),
        ("编制人数", 45),
        ("实有在职人数", 43),
        ("离退休人数", 12),
        (
            "部门职能",
            "负责全区卫生健康事业发展规划、医疗服务和公共卫生管理。2023年完成机构改革，"
            "按2035年远景目标推进健康城区建设。",
        ),
        ("年度整体绩效目标", "提升基层医疗服务能力，做好重大传染病防控和家庭医生签约服务。"),
        ("自评得分*", total),
        ("自评等级*", "优"),
        ("填报人", "张某"),
        ("填报日期", dt.date(2025, 3, 1)),
    ]
    for i, (label, value) in enumerate(rows, start=2):
        ws.write_string(i, 0, label, f.text)
        if isinstance(value, dt.date):
            ws.write_datetime(i, 1, dt.datetime.combine(value, dt.time()), f.date)
        elif isinstance(value, (int, float)):
            ws.write_number(i, 1, value, f.text)
        else:
            ws.write_string(i, 1, value, f.text)


BUDGET_HEADERS = (
    "编码",
    "项目",
    "上年数",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "增减额",
    "增减率(%)",
    "占比(%)",
    "执行率(%)",
    "说明",
)


def _budget(wb: Any, f: _Formats, layout: Layout, projects: list[tuple[Any, ...]]) -> None:
    ws = wb.add_worksheet("收支情况")
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 9, 12)
    ws.set_column(10, 10, 30)
    ws.merge_range(0, 0, 0, 10, f"{YEAR}年度部门收支情况", f.title)
    ws.write_string(1, 9, "单位：万元")
    header = 2
    if layout.merged_header:  # 编码/项目/说明 merged over two rows; the figures under 预算/执行
        for col in (0, 1, 10):
            ws.merge_range(2, col, 3, col, BUDGET_HEADERS[col], f.head)
        ws.merge_range(2, 2, 2, 5, "预算执行情况", f.head)
        ws.merge_range(2, 6, 2, 9, "变动与结构", f.head)
        ws.write_row(3, 2, BUDGET_HEADERS[2:10], f.head)
        header = 3
    else:
        ws.write_row(2, 0, BUDGET_HEADERS, f.head)
    all_projects = [*projects, CANCELLED] if layout.hidden_project else projects
    p_init = sum(p[3] for p in all_projects)
    p_final = sum(p[4] for p in all_projects)
    p_actual = sum(p[5] for p in all_projects)
    basic = (15000, 15500, 15500, 15345)
    spend = spending(layout)
    rows: list[tuple[Any, ...]] = [
        # code, item, prior, initial, final, actual, yoy amount stated?, note
        ("1", "收入合计", 25000, spend[2], spend[2], spend[2], True, "争取上级转移支付增加"),
        (
            "1.1",
            "一般公共预算财政拨款",
            22000,
            spend[2] - 3000,
            spend[2] - 3000,
            spend[2] - 3000,
            True,
            "上级补助增加",
        ),
        ("1.2", "政府性基金预算财政拨款", 1000, 1000, 1000, 1000, False, None),
        ("1.4", "事业收入", 2000, 2000, 2000, 2000, False, None),
        ("2", "支出合计", *spend, True, "项目支出增加"),
        ("2.1", "基本支出", *basic, True, None),
        ("2.1.1", "人员经费", 12000, 12500, 12500, 12420, True, None),
        ("2.1.2", "公用经费", 3000, 3000, 3000, 2925, True, None),
        ("2.2", "项目支出", 9500, p_init, p_final, p_actual, True, "新增卫生应急项目"),
        ("3", "年初结转结余", None, None, None, 1200, False, None),
        ("4", "年末结转结余", None, None, None, spend[2] + 1200 - spend[3], False, None),
        ("5", "“三公”经费", 60, 55, 55, 48.5, True, None),
        ("5.1", "因公出国（境）费", 0, 0, 0, 0, False, None),
        ("5.2", "公务用车购置及运行费", 45, 42, 42, 38, True, None),
        ("5.2.1", "公务用车购置费", 0, 0, 0, 0, False, None),
        ("5.2.2", "公务用车运行维护费", 45, 42, 42, 38, True, None),
        ("5.3", "公务接待费", 15, 13, 13, 10.5, True, "严控接待标准，压减公务接待"),
        ("6", "政府采购", None, 3000, 3000, 2850, False, None),
    ]
    by_code = {r[0]: r for r in rows}
    first = header + 1
    children = {"1": ("1.1", "1.2", "1.4"), "2": ("2.1", "2.2")}
    for i, (code, item, prior, init, final, actual, yoy, note) in enumerate(rows):
        r = first + i
        ws.write_string(r, 0, code, f.text)
        ws.write_string(r, 1, item, f.text)
        for col, value in ((2, prior), (3, init), (4, final)):
            _money(ws, r, col, value, f)
        if code in children:  # the totals are formulas, saved with their values
            refs = ",".join(f"F{first + 1 + [x[0] for x in rows].index(c)}" for c in children[code])
            ws.write_formula(r, 5, f"=SUM({refs})", f.money, actual)
        else:
            _money(ws, r, 5, actual, f)
        change = r2(actual - prior) if prior is not None and actual is not None else None
        if yoy and change is not None:
            _money(ws, r, 6, change, f)
            f.pct(ws, r, 7, pct(change, prior) if prior else None)
        else:
            ws.write_blank(r, 6, None, f.money)
            f.pct(ws, r, 7, None)
        share = None
        top = by_code.get(code.split(".")[0])
        if "." in code and code.count(".") == 1 and code[0] in "12" and top and actual:
            share = pct(actual, top[5])
            if layout.faults and "share_rounding" in layout.faults and code == "1.1":
                share = r2(share - 0.01)  # one unit off in the last decimal
        f.pct(ws, r, 8, share)
        rate = pct(actual, final) if final and code[0] in "26" else None
        f.pct(ws, r, 9, rate)
        if note:
            ws.write_string(r, 10, note, f.text)
    ws.freeze_panes(header + 1, 2)


def _money(ws: Any, row: int, col: int, value: float | None, f: _Formats) -> None:
    if value is None:
        ws.write_blank(row, col, None, f.money)
    else:
        ws.write_number(row, col, value, f.money)


PROJECT_HEADERS = (
    "序号",
    "项目名称",
    "资金来源",
    "上年执行数",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率(%)",
    "绩效目标完成情况",
    "自评得分",
    "说明",
)


def _projects(wb: Any, f: _Formats, layout: Layout, projects: list[tuple[Any, ...]]) -> None:
    ws = wb.add_worksheet("项目支出")
    ws.set_column(1, 1, 28)
    ws.set_column(8, 8, 24)
    ws.set_column(10, 10, 36)
    ws.merge_range(0, 0, 0, 10, f"{YEAR}年度项目支出情况（单位：万元）", f.title)
    ws.write_row(1, 0, PROJECT_HEADERS, f.head)
    rows = [*projects, CANCELLED] if layout.hidden_project else list(projects)
    r = 2
    for i, (name, source, prior, init, final, actual) in enumerate(rows, start=1):
        ws.write_string(r, 0, str(i), f.text)
        ws.write_string(r, 1, name, f.text)
        ws.write_string(r, 2, source, f.text)
        _money(ws, r, 3, prior, f)
        _money(ws, r, 4, init, f)
        _money(ws, r, 5, final, f)
        if "yuan_in_wan" in layout.faults and i == 6:
            ws.write_string(r, 6, f"{actual * 10000:.0f}元", f.text)  # 元 in a 万元 workbook
        else:
            _money(ws, r, 6, actual, f)
        rate = pct(actual, final) if final else None
        if "project_rate" in layout.faults and i == 3 and rate is not None:
            rate = 29.0  # digits swapped: 92.00 typed 29.00
        f.pct(ws, r, 7, rate)
        ws.write_string(r, 8, "已完成年度目标" if final else "项目取消", f.text)
        if name in NOTES:
            ws.write_string(r, 10, NOTES[name], f.text)
        if name == CANCELLED[0]:
            ws.set_row(r, None, None, {"hidden": True})
        r += 1
    if layout.totals_row:
        ws.write_string(r, 0, "合计", f.text)  # 合计 in 序号, 项目名称 left empty
        for col, idx in ((4, 3), (5, 4), (6, 5)):
            ws.write_number(r, col, sum(p[idx] for p in rows), f.money)
        final, actual = sum(p[4] for p in rows), sum(p[5] for p in rows)
        f.pct(ws, r, 7, pct(actual, final))


INDICATOR_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "计算符号",
    "年度指标值",
    "实际完成值",
    "计量单位",
    "分值",
    "自评得分",
    "偏差原因分析及改进措施",
    "关联数据",
)


def _indicators(wb: Any, f: _Formats, layout: Layout, exec_score: float) -> int:
    ws = wb.add_worksheet("绩效指标")
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 26)
    ws.set_column(9, 9, 30)
    ws.merge_range(0, 0, 0, 10, f"{YEAR}年度部门整体绩效指标", f.title)
    ws.write_row(1, 0, INDICATOR_HEADERS, f.head)
    deadline: Any = "2024年6月30日前"
    done: Any = dt.datetime(2024, 6, 20) if layout.date_cells else "2024/06/20"
    year_end: Any = dt.datetime(2024, 12, 31) if layout.date_cells else "2024年12月31日"
    rows: list[tuple[str, str, str, str, Any, Any, str, float, float, str, str]] = [
        (
            "预算执行率",
            "预算执行率",
            "部门预算执行率",
            "≥",
            "≥90%",
            None,
            "%",
            10,
            exec_score,
            "项目设备尾款待验收后支付，执行率未达 100%，下年加快支付进度。",
            "",
        ),
        ("产出指标", "数量指标", "家庭医生签约人数", "≥", 52000, 53100, "人", 10, 10, "", "1"),
        ("产出指标", "数量指标", "其中：重点人群签约", "≥", 30000, 30500, "人", 8, 8, "", "1.1"),
        ("产出指标", "质量指标", "孕产妇系统管理率", "≥", "90%", 95.2, "%", 8, 8, "", ""),
        ("产出指标", "质量指标", "传染病报告及时率", "≥", "98%", 99.5, "%", 8, 8, "", ""),
        ("产出指标", "时效指标", "体检报告出具时间", "≤", 15, 12, "天", 6, 6, "", ""),
        ("产出指标", "时效指标", "项目资金下达时限", "≤", deadline, done, "", 6, 6, "", ""),
        ("产出指标", "成本指标", "人均基本公共卫生服务补助", "≤", 89, 89, "元", 4, 4, "", ""),
        ("效益指标", "社会效益指标", "居民健康素养水平", "≥", "28%", 30.5, "%", 10, 10, "", ""),
        (
            "效益指标",
            "可持续影响指标",
            "年度健康档案更新完成",
            "≤",
            year_end,
            done,
            "",
            10,
            10,
            "",
            "",
        ),
        (
            "效益指标",
            "社会效益指标",
            "重大传染病疫情得到有效控制",
            "定性",
            "达成",
            "达成",
            "",
            10,
            10,
            "",
            "",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "群众就医满意度",
            "≥",
            "90%",
            93.6,
            "%",
            10,
            10,
            "",
            "",
        ),
    ]
    first = 2
    for i, row in enumerate(rows):
        r = first + i
        for col, value in enumerate(row):
            if col == 0 and layout.merged_level1:
                continue
            fmt = f.date if isinstance(value, dt.datetime) else f.text
            if value is None or value == "":
                ws.write_blank(r, col, None, f.text)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(r, col, value, fmt)
            elif col == 5 and row[6] == "%" and isinstance(value, float):
                f.pct(ws, r, col, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, col, value, f.text)
            else:
                ws.write_string(r, col, value, f.text)
    if layout.merged_level1:
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][0] != rows[start][0]:
                if i - start > 1:
                    ws.merge_range(first + start, 0, first + i - 1, 0, rows[start][0], f.merged)
                else:
                    ws.write_string(first + start, 0, rows[start][0], f.merged)
                start = i
    ws.data_validation(  # a same-sheet list, as Excel writes it without an extension
        first,
        1,
        first + len(rows) - 1,
        1,
        {
            "validate": "list",
            "source": ["数量指标", "质量指标", "时效指标", "成本指标"],
            "ignore_blank": True,
            "error_type": "information",
        },
    )
    return len(rows)


def _services(wb: Any, f: _Formats, layout: Layout) -> None:
    ws = wb.add_worksheet("服务数量")
    ws.write_row(
        0,
        0,
        (
            "编码",
            "服务项目",
            "计量单位",
            "上年数",
            "本年数",
            "金额",
            "上年金额",
            "计入上级合计",
            "说明",
        ),
        f.head,
    )
    urgent = 480000 if "subset" in layout.faults else 80000
    rows: list[tuple[Any, ...]] = [
        ("1", "家庭医生签约服务", "人", 50200, 53100, None, None, None),
        ("1.1", "其中：重点人群签约", None, 29000, 30500, None, None, "否"),
        ("2", "门诊服务", "人次", 1250000, 1310000, None, None, None),
        ("2.1", "基层医疗机构门诊", None, 820000, 860000, None, None, None),
        ("2.2", "公立医院门诊", None, 430000, 450000, None, None, None),
        ("2.2.1", "其中：急诊", None, 76000, urgent, None, None, "否"),
        ("3", "健康体检", "人", 90000, 96000, 420.5, 398.0, None),
        ("3.1", "老年人健康体检", None, 38000, 40200, 250.5, 238.0, None),
        ("3.2", "学生健康体检", None, 52000, 55800, 170.0, 160.0, None),
    ]
    for r, (code, item, unit, prior, current, money, prior_money, in_total) in enumerate(rows, 1):
        ws.write_string(r, 0, code, f.text)
        ws.write_string(r, 1, item, f.text)
        if unit:
            ws.write_string(r, 2, unit, f.text)
        ws.write_number(r, 3, prior, f.count)
        ws.write_number(r, 4, current, f.count)
        _money(ws, r, 5, money, f)
        _money(ws, r, 6, prior_money, f)
        if in_total:
            ws.write_string(r, 7, in_total, f.text)


def _problems(wb: Any, f: _Formats, layout: Layout) -> None:
    ws = wb.add_worksheet("问题与措施")
    ws.set_column(1, 1, 80)
    ws.write_row(0, 0, ("类型", "内容"), f.head)
    first = (
        "与2021年相比，基层医疗机构人才流失仍较明显。"
        if "old_year" in layout.faults
        else "基层医疗机构人才流失仍较明显，服务能力有待提升。"
    )
    rows = [
        ("存在问题", first),
        ("存在问题", "部分项目设备采购进度偏慢，预算执行不够均衡。"),
        ("存在问题", "绩效目标设定的量化程度还需提高。"),
        ("改进措施", "2025年，细化项目预算编制，按月跟踪支出进度，提高预算执行率。"),
        ("改进措施", "完善基层卫生人才激励机制，稳定基层医疗队伍。"),
        ("改进措施", "对照行业标准细化绩效指标，提高指标的可衡量性。"),
    ]
    for r, (kind, text) in enumerate(rows, start=1):
        ws.write_string(r, 0, kind, f.text)
        ws.write_string(r, 1, text, f.text)


def _add_x14_dropdown(src: Path, dest: Path, sheet: str, sqref: str, source: str) -> None:
    """Store a cross-sheet list the way Excel does: in the sheet's x14 extension list."""
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        workbook = zin.read("xl/workbook.xml").decode()
        rels = zin.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{sheet}" sheetId="\d+" r:id="(rId\d+)"', workbook)
        assert rid is not None
        target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
        assert target is not None
        part = "xl/" + target.group(1)
        ext = (
            '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            '<x14:dataValidations count="1" '
            'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
            f"<x14:formula1><xm:f>{source}</xm:f></x14:formula1><xm:sqref>{sqref}</xm:sqref>"
            "</x14:dataValidation></x14:dataValidations></ext></extLst>"
        )
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in names:
                data = zin.read(name)
                if name == part:
                    data = data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
                zout.writestr(zin.getinfo(name), data)


def with_faults(path: Path, faults: Iterable[str], layout: Layout | None = None) -> Path:
    base = layout or Layout()
    return build(path, Layout(**{**base.__dict__, "faults": frozenset(faults)}))


def copy(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest
