"""The example 部门决算: 广州市花都区残疾人联合会 2023 (示例), in the layouts a reader must take.

The department's published 2023 部门决算 could not be found (tests/documents/accounts/README.md,
"Not found"), so this one is built from the example 自评 workbook's figures
(input_templates/示例_花都区残联_2023.xlsx, from the seed report): its totals agree with the 自评's
收入 / 支出 / 基本 / 项目 / 人员经费 / 公用经费 / “三公” figures. What the 自评 does not give (the
功能分类 rows, the 经济分类 rows of T6) is invented, consistent with those totals, and the
workbook says so. Two faults are planted (`FAULTS`):

1. a broken identity inside the 决算: 支出决算表 2081104 残疾人康复 项目支出 printed 990.00 (its
   本年支出合计 900.00 and 20811's 项目支出 say 900.00);
2. a 自评 figure that disagrees with it: the 决算's “三公” 公务接待费 决算数 is 0.21 (合计 2.67),
   the 自评 states 0.12 (合计 2.58).

    python tools/accounts_example.py FOLDER          # the example (make example)
    build(path, Variant(...))                          # a layout variant, for the tests
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

DEPARTMENT = "广州市花都区残疾人联合会"
YEAR = 2023
NAME = f"示例_部门决算_花都区残联_{YEAR}.xlsx"
NOTE = (
    "本工作簿是示例：该部门 2023 年度部门决算原文未能找到，表中数字按示例自评表（示例_花都区残联_2023.xlsx，"
    "摘自发布的自评报告）的收入、支出、基本支出、项目支出、人员经费、公用经费和“三公”经费填写，功能分类和经济分类"
    "明细为虚构（合计与自评一致）。为演示审核，有意设置两处问题：支出决算表“2081104 残疾人康复”项目支出 990.00"
    "（应为 900.00）；“三公”经费表公务接待费决算数 0.21（自评为 0.12）。"
)


@dataclass(frozen=True)
class Variant:
    """A layout a 决算 is published in."""

    serial: bool = True  # 行次 columns in T1 / T4 and a 栏次 row under their header
    codes: int = 1  # 科目编码 in one column, or 3 (类 | 款 | 项)
    total_at: str = "top"  # the 合计 row of T2, T3, T5, T8: "top" or "bottom"
    unit: str = "万元"  # or 元 (every figure × 10,000)
    t7: str = "items"  # items across the columns; "grouped" (预算数 | 决算数 groups); "rows"
    t6_groups: int = 3
    faults: bool = True
    empty_t8: bool = False  # T8 empty too (with its 说明), though T4 has 政府性基金 figures
    empty_t9: bool = True  # T9 empty, with its 说明
    t9_note: bool = True
    omit: tuple[str, ...] = ()  # tables left out
    change: dict[tuple[str, str], float] = field(default_factory=dict)  # (table, label) → value


# 功能分类: code, name, 本年支出合计, 基本支出, 项目支出, 政府性基金 (of the 合计)
CLASSES: list[tuple[str, str, float, float, float, float]] = [
    ("208", "社会保障和就业支出", 2130.06, 790.79, 1339.27, 0),
    ("20805", "行政事业单位养老支出", 93.60, 93.60, 0, 0),
    ("2080505", "机关事业单位基本养老保险缴费支出", 62.40, 62.40, 0, 0),
    ("2080506", "机关事业单位职业年金缴费支出", 31.20, 31.20, 0, 0),
    ("20811", "残疾人事业", 2036.46, 697.19, 1339.27, 0),
    ("2081101", "行政运行", 697.19, 697.19, 0, 0),
    ("2081104", "残疾人康复", 900.00, 0, 900.00, 0),
    ("2081105", "残疾人就业", 47.50, 0, 47.50, 0),
    ("2081199", "其他残疾人事业支出", 391.77, 0, 391.77, 0),
    ("210", "卫生健康支出", 28.60, 28.60, 0, 0),
    ("21011", "行政事业单位医疗", 28.60, 28.60, 0, 0),
    ("2101101", "行政单位医疗", 28.60, 28.60, 0, 0),
    ("221", "住房保障支出", 45.80, 45.80, 0, 0),
    ("22102", "住房改革支出", 45.80, 45.80, 0, 0),
    ("2210201", "住房公积金", 45.80, 45.80, 0, 0),
    ("229", "其他支出", 20.00, 0, 20.00, 20.00),
    ("22960", "彩票公益金安排的支出", 20.00, 0, 20.00, 20.00),
    ("2296006", "用于残疾人事业的彩票公益金支出", 20.00, 0, 20.00, 20.00),
]
T1_CLASSES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
    "抗疫特别国债安排的支出",
]  # fmt: skip
ORDINALS = "一二三四五六七八九十"
# 经济分类 of T6: code, name, 决算数
STAFF = [
    ("301", "工资福利支出", 700.03), ("30101", "基本工资", 150.20), ("30102", "津贴补贴", 210.35),
    ("30103", "奖金", 40.00), ("30107", "绩效工资", 95.48),
    ("30108", "机关事业单位基本养老保险缴费", 62.40), ("30109", "职业年金缴费", 31.20),
    ("30110", "职工基本医疗保险缴费", 28.60), ("30113", "住房公积金", 45.80),
    ("30199", "其他工资福利支出", 36.00),
    ("303", "对个人和家庭的补助", 86.50), ("30302", "退休费", 80.50), ("30305", "生活补助", 6.00),
]  # fmt: skip
GOODS = [
    ("302", "商品和服务支出", 75.66), ("30201", "办公费", 12.30), ("30205", "水费", 1.20),
    ("30206", "电费", 4.80), ("30207", "邮电费", 2.10), ("30211", "差旅费", 3.50),
    ("30213", "维修（护）费", 5.00), ("30215", "会议费", 0.80), ("30216", "培训费", 1.50),
    ("30217", "公务接待费", 0.12), ("30228", "工会经费", 8.90), ("30229", "福利费", 9.60),
    ("30231", "公务用车运行维护费", 2.46), ("30239", "其他交通费用", 18.00),
    ("30299", "其他商品和服务支出", 5.38),
]  # fmt: skip
CAPITAL = [("310", "资本性支出", 3.00), ("31002", "办公设备购置", 3.00)]
STAFF_TOTAL, OFFICE_TOTAL = 786.53, 78.66
# “三公”: item → (预算数, 决算数); the 决算数 of 公务接待费 and 合计 are the planted disagreement.
SANGONG = {
    "合计": (3.50, 2.58),
    "因公出国（境）费": (0, 0),
    "公务用车购置及运行维护费": (3.00, 2.46),
    "公务用车购置费": (0, 0),
    "公务用车运行维护费": (3.00, 2.46),
    "公务接待费": (0.50, 0.12),
}
FAULTS = {("T3", "2081104.project"): 990.00, ("T7", "合计"): 2.67, ("T7", "公务接待费"): 0.21}
TITLES = {
    "T1": "收入支出决算总表",
    "T2": "收入决算表",
    "T3": "支出决算表",
    "T4": "财政拨款收入支出决算总表",
    "T5": "一般公共预算财政拨款支出决算表",
    "T6": "一般公共预算财政拨款基本支出决算表",
    "T7": "一般公共预算财政拨款“三公”经费支出决算表",
    "T8": "政府性基金预算财政拨款收入支出决算表",
    "T9": "国有资本经营预算财政拨款收入支出决算表",
}
Rows = list[list[Any]]


def _v(variant: Variant, table: str, label: str, value: float | None) -> float | None:
    """A figure as printed in the variant: a planted fault, a test's change, the unit."""
    if variant.faults and (table, label) in FAULTS:
        value = FAULTS[(table, label)]
    value = variant.change.get((table, label), value)
    if value is None:
        return None
    return round(float(value) * (10_000 if variant.unit == "元" else 1), 2)


def _ordinal(i: int) -> str:
    if i <= 10:
        return ORDINALS[i - 1]
    tens, ones = divmod(i, 10)
    return ("" if tens == 1 else ORDINALS[tens - 1]) + "十" + (ORDINALS[ones - 1] if ones else "")


def _head(table: str, variant: Variant, number: int, width: int) -> Rows:
    unit = f"金额单位：{variant.unit}"
    return [
        [f"{YEAR}年度{TITLES[table]}"],
        [""] * (width - 1) + [f"公开{number:02d}表"],
        [f"部门：{DEPARTMENT}"] + [""] * (width - 2) + [unit],
    ]


def _code_cells(code: str, variant: Variant) -> list[Any]:
    if variant.codes == 1:
        return [code]
    return [code[:3], code[3:5], code[5:7]]


def _coded(table: str, variant: Variant, number: int, headers: list[str], rows: Rows) -> Rows:
    width = variant.codes + 1 + len(headers)
    label = ["科目编码"] * variant.codes if variant.codes == 1 else ["类", "款", "项"]
    out = _head(table, variant, number, width)
    out.append(["项目"] * (variant.codes + 1) + headers)
    out.append(label + ["科目名称"] + [""] * len(headers))
    total = [r for r in rows if r[0] == "合计"]
    body = [r for r in rows if r[0] != "合计"]
    shaped = [[*([""] * variant.codes), "合计", *r[1:]] for r in total]
    out.extend([*shaped, *body] if variant.total_at == "top" else [*body, *shaped])
    out.append([f"注：本表反映部门本年度{TITLES[table]}的情况。"])
    return out


def _t2(variant: Variant) -> Rows:
    rows: Rows = [
        ["合计", _v(variant, "T2", "合计", 2224.46), _v(variant, "T2", "合计.fiscal", 2224.46)]
    ]
    for code, name, total, *_ in CLASSES:
        value, fiscal = _v(variant, "T2", code, total), _v(variant, "T2", f"{code}.fiscal", total)
        rows.append([*_code_cells(code, variant), name, value, fiscal])
    headers = [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    return _coded("T2", variant, 2, headers, rows)


def _t3(variant: Variant) -> Rows:
    rows: Rows = [
        [
            "合计",
            *(
                _v(variant, "T3", f"合计.{k}", v)
                for k, v in (("total", 2224.46), ("basic", 865.19), ("project", 1359.27))
            ),
        ]
    ]
    for code, name, total, basic, project, _ in CLASSES:
        rows.append([
            *_code_cells(code, variant), name, _v(variant, "T3", code, total),
            _v(variant, "T3", f"{code}.basic", basic), _v(variant, "T3", f"{code}.project", project),
        ])  # fmt: skip
    headers = [
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ]
    return _coded("T3", variant, 3, headers, rows)


def _t5(variant: Variant) -> Rows:
    rows: Rows = [
        [
            "合计",
            *(
                _v(variant, "T5", f"合计.{k}", v)
                for k, v in (("total", 2204.46), ("basic", 865.19), ("project", 1339.27))
            ),
        ]
    ]
    for code, name, total, basic, project, fund in CLASSES:
        if not fund:
            rows.append([*_code_cells(code, variant), name, _v(variant, "T5", code, total), _v(variant, "T5", f"{code}.basic", basic), _v(variant, "T5", f"{code}.project", project)])  # fmt: skip
    return _coded("T5", variant, 5, ["合计", "基本支出", "项目支出"], rows)


def _fund_table(table: str, variant: Variant, number: int, empty: bool) -> Rows:
    headers = ["年初结转和结余", "本年收入", "本年支出", "本年支出", "本年支出", "年末结转和结余"]
    rows: Rows = []
    if not empty:
        rows.append(
            [
                "合计",
                _v(variant, table, "合计.carry_in", None),
                _v(variant, table, "合计.income", 20),
                _v(variant, table, "合计", 20),
                None,
                _v(variant, table, "合计.project", 20),
                _v(variant, table, "合计.carry_out", None),
            ]
        )
        for code, name, _, _, _, fund in CLASSES:
            if fund:
                rows.append([*_code_cells(code, variant), name, None, _v(variant, table, f"{code}.income", fund), _v(variant, table, code, fund), None, _v(variant, table, f"{code}.project", fund), None])  # fmt: skip
    out = _coded(table, variant, number, headers, rows)
    sub = variant.codes + 1
    out[4] = out[4][:sub] + ["", "", "合计", "基本支出", "项目支出", ""]
    if empty:
        out.insert(-1, [""] * 3)
        if variant.t9_note:
            what = "国有资本经营预算" if table == "T9" else "政府性基金预算"
            out.append([f"说明：{DEPARTMENT}本年度没有{what}财政拨款收入和支出，故本表无数据。"])
    return out


def _sides(table: str, variant: Variant, number: int) -> Rows:
    t1 = table == "T1"
    serial = variant.serial
    left = ["项目", *(["行次"] if serial else []), "金额"]
    right = ["项目", *(["行次"] if serial else []), *(["金额"] if t1 else ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"])]  # fmt: skip
    width = len(left) + len(right)
    out = _head(table, variant, number, width)
    out.append(["收入"] * len(left) + ["支出"] * len(right))
    out.append(left + right)
    if serial:
        out.append(["栏次", "", 1, "栏次", "", *range(2, 2 + len(right) - 2)])
    income = (
        [("一般公共预算财政拨款收入", 2204.46), ("政府性基金预算财政拨款收入", 20.00), ("国有资本经营预算财政拨款收入", None), ("上级补助收入", None), ("事业收入", None), ("经营收入", None), ("附属单位上缴收入", None), ("其他收入", None)]
        if t1
        else [("一般公共预算财政拨款", 2204.46), ("政府性基金预算财政拨款", 20.00), ("国有资本经营预算财政拨款", None)]
    )  # fmt: skip
    by_name = {name: (total, fund) for code, name, total, _, _, fund in CLASSES if len(code) == 3}
    spending = []
    for i, name in enumerate(T1_CLASSES, start=1):
        total, fund = by_name.get(name, (None, 0))
        amounts = [_v(variant, table, name, total)] if t1 or total is None else [_v(variant, table, name, total), _v(variant, table, f"{name}.general", total - fund), _v(variant, table, f"{name}.fund", fund), None]  # fmt: skip
        spending.append((f"{_ordinal(i)}、{name}", amounts))
    n = 0

    def line(lt: str, lv: Any, rt: str, rv: list[Any]) -> None:
        nonlocal n
        n += 1
        row: list[Any] = [lt, *([n] if serial and lt else [""] if serial else []), lv]
        row += [rt, *([n + 40] if serial and rt else [""] if serial else []), *rv]
        out.append(row)

    for i in range(max(len(income), len(spending))):
        lt, lv = (f"{_ordinal(i + 1)}、{income[i][0]}", _v(variant, table, income[i][0], income[i][1])) if i < len(income) else ("", None)  # fmt: skip
        rt, rv = spending[i] if i < len(spending) else ("", [])
        line(lt, lv, rt, rv)
    totals = [_v(variant, table, "本年支出合计", 2224.46)] if t1 else [_v(variant, table, "本年支出合计", 2224.46), _v(variant, table, "本年支出合计.general", 2204.46), _v(variant, table, "本年支出合计.fund", 20.00), None]  # fmt: skip
    line("本年收入合计", _v(variant, table, "本年收入合计", 2224.46), "本年支出合计", totals)
    if t1:
        line("使用非财政拨款结余", _v(variant, table, "使用非财政拨款结余", None), "结余分配", [_v(variant, table, "结余分配", None)])  # fmt: skip
        line("年初结转和结余", _v(variant, table, "年初结转和结余", None), "年末结转和结余", [_v(variant, table, "年末结转和结余", None)])  # fmt: skip
    else:
        ends = [_v(variant, table, f"年末.{k}", None) for k in ("total", "general", "fund", "soe")]
        line("年初财政拨款结转和结余", _v(variant, table, "年初", None), "年末财政拨款结转和结余", ends)  # fmt: skip
        for key, fund in (("general", "一般公共预算财政拨款"), ("fund", "政府性基金预算财政拨款"), ("soe", "国有资本经营预算财政拨款")):  # fmt: skip
            line(fund, _v(variant, table, f"年初.{key}", None), "", [])
    grand = [_v(variant, table, "支出总计", 2224.46)] if t1 else [_v(variant, table, "支出总计", 2224.46), _v(variant, table, "支出总计.general", 2204.46), _v(variant, table, "支出总计.fund", 20.00), None]  # fmt: skip
    line("总计", _v(variant, table, "收入总计", 2224.46), "总计", grand)
    out.append([f"注：本表反映部门本年度{TITLES[table]}的情况。"])
    return out


def _t6(variant: Variant) -> Rows:
    groups = [STAFF, GOODS, CAPITAL] if variant.t6_groups == 3 else [STAFF, GOODS + CAPITAL]
    width = 3 * len(groups)
    out = _head("T6", variant, 6, width)
    out.append(["人员经费"] * 3 + ["公用经费"] * 3 * (len(groups) - 1))
    out.append(["经济分类科目编码", "科目名称", "决算数"] * len(groups))
    for i in range(max(len(g) for g in groups)):
        row: list[Any] = []
        for g in groups:
            row += (
                [g[i][0], g[i][1], _v(variant, "T6", g[i][0], g[i][2])]
                if i < len(g)
                else ["", "", None]
            )
        out.append(row)
    footer: list[Any] = ["人员经费合计", "", _v(variant, "T6", "人员经费合计", STAFF_TOTAL)]
    footer += ["", "", None] * (len(groups) - 2) + [
        "公用经费合计",
        "",
        _v(variant, "T6", "公用经费合计", OFFICE_TOTAL),
    ]
    out.append(footer)
    out.append(["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])
    return out


def _t7(variant: Variant) -> Rows:
    items = list(SANGONG)
    figures = {
        item: (_v(variant, "T7", f"{item}.budget", b), _v(variant, "T7", item, a))
        for item, (b, a) in SANGONG.items()
    }
    if variant.t7 == "rows":
        out = _head("T7", variant, 7, 3)
        out.append(["项目", "预算数", "决算数"])
        out.extend([[item, *figures[item]] for item in items])
    elif variant.t7 == "grouped":
        out = _head("T7", variant, 7, 12)
        out.append(["预算数"] * 6 + ["决算数"] * 6)
        names = [
            "合计",
            "因公出国（境）费",
            "小计",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
        ]
        out.append(["", "", *["公务用车购置及运行维护费"] * 3, ""] * 2)
        out.append(names * 2)
        out.append([figures[i][0] for i in items] + [figures[i][1] for i in items])
    else:
        out = _head("T7", variant, 7, 12)
        out.append(
            ["合计"] * 2
            + ["因公出国（境）费"] * 2
            + ["公务用车购置及运行维护费"] * 6
            + ["公务接待费"] * 2
        )
        out.append(
            [""] * 4 + ["小计"] * 2 + ["公务用车购置费"] * 2 + ["公务用车运行维护费"] * 2 + [""] * 2
        )
        out.append(["预算数", "决算数"] * 6)
        out.append([v for i in items for v in figures[i]])
    out.append(["注：本表反映部门本年度“三公”经费支出预决算情况。"])
    return out


def tables(variant: Variant) -> dict[str, Rows]:
    """Each table's rows as printed in `variant`."""
    out = {
        "T1": _sides("T1", variant, 1),
        "T2": _t2(variant),
        "T3": _t3(variant),
        "T4": _sides("T4", variant, 4),
        "T5": _t5(variant),
        "T6": _t6(variant),
        "T7": _t7(variant),
        "T8": _fund_table("T8", variant, 8, empty=variant.empty_t8),
        "T9": _fund_table("T9", variant, 9, empty=variant.empty_t9),
    }
    return {k: v for k, v in out.items() if k not in variant.omit}


def write(dest: Path, sheets: dict[str, Rows], note: str | None = NOTE) -> Path:
    """An .xlsx of `sheets` (name → rows): numbers as numbers (#,##0.00), codes as text; written
    to a temporary name, then renamed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    options = {"strings_to_numbers": False, "strings_to_formulas": False}
    wb = xlsxwriter.Workbook(str(tmp), options)
    money = wb.add_format({"num_format": "#,##0.00", "border": 1})
    text = wb.add_format({"border": 1})
    title = wb.add_format({"bold": True, "font_size": 14})
    if note:
        ws = wb.add_worksheet("示例说明")
        ws.set_column(0, 0, 100)
        ws.write_string(0, 0, "示例（非真实数据）", title)
        ws.write_string(1, 0, note, wb.add_format({"text_wrap": True}))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        ws.set_column(0, 20, 14)
        for r, row in enumerate(rows):
            if r >= 3 and all(isinstance(v, str) for v in row):
                row = _merged(ws, r, row, text)  # a header line: repeated labels are one cell
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(
                        r, c, value, money if r > 3 and not isinstance(value, int) else text
                    )
                else:
                    ws.write_string(r, c, str(value), title if r == 0 and c == 0 else text)
    wb.close()
    os.replace(tmp, dest)
    return dest


def _merged(ws: Any, r: int, row: list[Any], fmt: Any) -> list[Any]:
    """Merge each run of one label over adjacent cells; return what is left to write."""
    out = list(row)
    c = 0
    while c < len(row):
        end = c
        while end + 1 < len(row) and row[end + 1] == row[c] and row[c]:
            end += 1
        if end > c:
            ws.merge_range(r, c, r, end, row[c], fmt)
            for i in range(c, end + 1):
                out[i] = ""
        c = end + 1
    return out


def build(dest: Path, variant: Variant = Variant(), split: bool = False) -> list[Path]:
    """The 决算 in `variant` at `dest` (a file), or one file per table in the folder `dest`."""
    sheets = tables(variant)
    names = {k: f"公开{int(k[1:]):02d}表" for k in sheets}
    if not split:
        return [write(dest, {names[k]: v for k, v in sheets.items()})]
    dest.mkdir(parents=True, exist_ok=True)
    return [write(dest / f"{TITLES[k]}.xlsx", {names[k]: v}, None) for k, v in sheets.items()]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("input_templates")
    print(build(folder / NAME)[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
