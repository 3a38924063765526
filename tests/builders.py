"""Crafted workbooks for tests: a consistent department (every check quiet) and ways to break it.

Cell addresses follow the template layout: header on row 1, columns in schema order, so in
收支情况 column C is 上年数, D 年初预算数, E 全年预算数, F 全年执行数, G 增减额, H 增减率,
I 占比, J 执行率, K 说明; the rows below are at row 2 onwards in the order listed.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from budget_batch import WorkbookData, check_workbook, write_workbook
from budget_batch.findings import Finding
from budget_batch.schema import BUDGET, INDICATORS, PROJECTS, SERVICES

BUDGET_KEYS = (
    "code",
    "item",
    "prior",
    "budget_initial",
    "budget_final",
    "actual",
    "yoy_amount",
    "yoy_rate",
    "share",
    "exec_rate",
    "note",
)
# code, item, 上年数, 年初预算数, 全年预算数, 全年执行数, 增减额, 增减率, 占比, 执行率, 说明
CLEAN_BUDGET: list[tuple[Any, ...]] = [
    ("1", "收入合计", 1000, 1100, 1150, 1150, 150, 15.00, None, None, None),  # row 2
    ("1.1", "一般公共预算财政拨款", 900, 1000, 1040, 1040, 140, 15.56, 90.43, None, None),  # 3
    ("1.2", "政府性基金预算财政拨款", 100, 100, 110, 110, 10, 10.00, 9.57, None, None),  # 4
    ("2", "支出合计", 980, 1100, 1150, 1104, 124, 12.65, None, 96.00, None),  # 5
    ("2.1", "基本支出", 580, 600, 600, 594, 14, 2.41, 53.80, 99.00, None),  # 6
    ("2.1.1", "人员经费", 500, 520, 520, 518, 18, 3.60, None, 99.62, None),  # 7
    ("2.1.2", "公用经费", 80, 80, 80, 76, -4, -5.00, None, 95.00, None),  # 8
    ("2.2", "项目支出", 400, 500, 550, 510, 110, 27.50, 46.20, 92.73, "新增康复项目"),  # 9
    ("3", "年初结转结余", None, None, None, 20, None, None, None, None, None),  # 10
    ("4", "年末结转结余", None, None, None, 66, None, None, None, None, None),  # 11
    ("5", "“三公”经费", 5, 5, 5, 4.2, -0.8, -16.00, None, 84.00, None),  # 12
    ("5.1", "因公出国（境）费", 0, 0, 0, 0, 0, None, None, None, None),  # 13
    ("5.2", "公务用车购置及运行费", 4, 4, 4, 3.5, -0.5, -12.50, None, None, None),  # 14
    ("5.2.1", "公务用车购置费", 0, 0, 0, 0, 0, None, None, None, None),  # 15
    ("5.2.2", "公务用车运行维护费", 4, 4, 4, 3.5, -0.5, -12.50, None, None, None),  # 16
    ("5.3", "公务接待费", 1, 1, 1, 0.7, -0.3, -30.00, None, None, "压减接待"),  # 17
    ("6", "政府采购", None, 50, 50, 48, None, None, None, 96.00, None),  # 18
]

PROJECT_KEYS = (
    "seq",
    "name",
    "source",
    "prior_actual",
    "budget_initial",
    "budget_final",
    "actual",
    "exec_rate",
    "outcome",
    "score",
    "note",
)
CLEAN_PROJECTS: list[tuple[Any, ...]] = [
    ("1", "康复服务项目", "一般公共预算", 280, 300, 322, 300, 93.17, "已完成", None, None),
    ("2", "就业援助项目", "一般公共预算", 120, 150, 170, 160, 94.12, "已完成", None, None),
    (
        "3",
        "无障碍改造项目",
        "政府性基金",
        None,
        50,
        58,
        50,
        86.21,
        "部分完成",
        None,
        "部分工程 12 月完工，尾款次年支付",
    ),
    (None, "合计", None, None, 500, 550, 510, 92.73, None, None, None),
]

INDICATOR_KEYS = (
    "level1",
    "level2",
    "level3",
    "operator",
    "target",
    "actual",
    "unit",
    "weight",
    "score",
    "deviation",
    "link",
)
CLEAN_INDICATORS: list[tuple[Any, ...]] = [
    (
        "预算执行率",
        "预算执行率",
        "部门预算执行率",
        "≥",
        "100%",
        None,
        "%",
        20,
        19.2,
        "执行率 96%",
        None,
    ),
    ("产出指标", "数量指标", "康复服务人数", "≥", 280, 300, "人", 20, 20, None, "1"),
    ("产出指标", "数量指标", "就业培训人数", "≥", 150, 150, "人", 20, 20, None, "2"),
    (
        "效益指标",
        "社会效益指标",
        "残疾人生活改善",
        "定性",
        "达成",
        "达成",
        None,
        20,
        18,
        "少数受益家庭反映改善不明显，下年加强回访",
        None,
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "服务对象满意度",
        "≥",
        "90%",
        "92%",
        "%",
        20,
        20,
        None,
        None,
    ),
]

SERVICE_KEYS = (
    "code",
    "item",
    "unit",
    "prior",
    "current",
    "amount",
    "prior_amount",
    "in_total",
    "note",
)
CLEAN_SERVICES: list[tuple[Any, ...]] = [
    ("1", "康复服务", "人", 280, 300, 300, None, None, None),  # row 2
    ("1.1", "儿童康复", None, 100, 120, None, None, None, None),  # 3
    ("1.2", "成人康复", None, 180, 180, None, None, None, None),  # 4
    ("1.3", "其中：重度残疾人", None, 40, 50, None, None, "否", None),  # 5
    ("2", "就业培训", "人", 140, 150, None, None, None, None),  # 6
    ("3", "辅具适配", "件", None, 40, None, None, None, None),  # 7
    ("3.1", "假肢", "件", None, 10, None, None, None, None),  # 8
    ("3.2", "助听器", None, None, 30, None, None, None, None),  # 9
]

CLEAN_INFO: dict[str, Any] = {
    "department": "测试市某某局",
    "year": 2023,
    "unit": "万元",
    "yoy_basis": "全年执行数",
    "staff_quota": 10,
    "staff_actual": 9,
    "functions": "负责本市残疾人康复、就业等工作。",
    "goal": "完成年度康复、就业服务任务。",
    "self_score": 97.2,
    "self_grade": "优",
}

CLEAN_PROBLEMS = [
    {"kind": "存在问题", "text": "无障碍改造项目年底前未全部完工，执行率偏低。"},
    {"kind": "改进措施", "text": "加强项目进度管理，按月跟踪执行进度并及时调整。"},
]


def rows(keys: Sequence[str], table: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip(keys, r, strict=True)) for r in table]


def clean_data(**overrides: Any) -> WorkbookData:
    tables: dict[str, Any] = {
        BUDGET.name: rows(BUDGET_KEYS, CLEAN_BUDGET),
        PROJECTS.name: rows(PROJECT_KEYS, CLEAN_PROJECTS),
        INDICATORS.name: rows(INDICATOR_KEYS, CLEAN_INDICATORS),
        SERVICES.name: rows(SERVICE_KEYS, CLEAN_SERVICES),
        "问题与措施": CLEAN_PROBLEMS,
    }
    tables.update(overrides.pop("tables", {}))
    info = {**CLEAN_INFO, **overrides.pop("info", {})}
    return WorkbookData(info=info, tables=tables, **overrides)


def write(tmp_path: Path, data: WorkbookData | None = None, name: str = "wb.xlsx") -> Path:
    path = tmp_path / name
    write_workbook(path, data or clean_data())
    return path


def edit(
    path: Path,
    changes: Mapping[str, Mapping[str, Any]],
    dest: Path | None = None,
    number_formats: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """Set cells ({sheet: {ref: value}}) with openpyxl, saving to `dest` (default: in place)."""
    dest = dest or path
    if dest != path:
        shutil.copyfile(path, dest)
    wb = load_workbook(dest)
    for sheet, cells in changes.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    for sheet, cells in (number_formats or {}).items():
        for ref, number_format in cells.items():
            wb[sheet][ref].number_format = number_format
    wb.save(dest)
    return dest


def findings(path: Path) -> list[Finding]:
    result = check_workbook(path)
    assert result.status == "checked", result.error
    return result.findings


def project(found: list[Finding], *codes: str) -> list[tuple[str, str, str]]:
    """The (code, sheet, cell) projection, optionally only for `codes`."""
    return [(f.code, f.sheet, f.cell) for f in found if not codes or f.code in codes]


def only(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


# -- consistent variants ----------------------------------------------------------------------
# A check that is not a relation (NEGATIVE_AMOUNT, UNIT_SUSPECT, YOY_UNEXPLAINED …) is tested on
# a workbook whose figures still agree: otherwise the localizer rightly takes the edited figure
# for a typing slip, and the warning for a consequence of it. `consistent()` recomputes every
# total, 增减额, 增减率, 占比 and 执行率 of 收支情况 from the leaves and the projects.


def _r2(value: float) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def consistent(
    leaves: Mapping[str, Mapping[str, Any]] | None = None,
    projects: Mapping[int, Mapping[str, Any]] | None = None,
    scale: float = 1,
    **overrides: Any,
) -> WorkbookData:
    """The clean workbook with leaf figures (by 编码) and projects (by index) changed, money
    scaled by `scale`, and everything derived recomputed so that it still adds up."""
    money = ("prior", "budget_initial", "budget_final", "actual")
    budget = {r[0]: dict(zip(BUDGET_KEYS, r, strict=True)) for r in CLEAN_BUDGET}
    items = [dict(zip(PROJECT_KEYS, r, strict=True)) for r in CLEAN_PROJECTS if r[1] != "合计"]
    for i, changes in (projects or {}).items():
        items[i].update(changes)
    for code, changes in (leaves or {}).items():
        budget[code].update(changes)
    for row in [*budget.values(), *items]:
        for key in (*money, "prior_actual"):
            if isinstance(row.get(key), (int, float)):
                row[key] = _r2(row[key] * scale)
    for key in ("budget_initial", "budget_final", "actual"):
        budget["2.2"][key] = _r2(sum(p[key] or 0 for p in items))
    for parent in ("2.1", "5.2", "5", "2", "1"):  # deepest first
        children = [c for c in budget if c.rpartition(".")[0] == parent]
        for key in money:
            values = [budget[c][key] for c in children if budget[c][key] is not None]
            if values:
                budget[parent][key] = _r2(sum(values))
    budget["4"]["actual"] = _r2(
        budget["1"]["actual"] + budget["3"]["actual"] - budget["2"]["actual"]
    )
    for code, row in budget.items():
        prior, current = row["prior"], row["actual"]
        if row["yoy_amount"] is not None and prior is not None and current is not None:
            row["yoy_amount"] = _r2(current - prior)
            if row["yoy_rate"] is not None and prior:
                row["yoy_rate"] = _r2((current - prior) * 100 / prior)
        if row["share"] is not None:
            whole = budget[code.split(".")[0]]["actual"]
            row["share"] = _r2(row["actual"] * 100 / whole)
        if row["exec_rate"] is not None and row["budget_final"]:
            row["exec_rate"] = _r2(row["actual"] * 100 / row["budget_final"])
    for p in items:
        if p["exec_rate"] is not None and p["budget_final"]:
            p["exec_rate"] = _r2(p["actual"] * 100 / p["budget_final"])
    total = {
        k: _r2(sum(p[k] or 0 for p in items)) for k in ("budget_initial", "budget_final", "actual")
    }
    total_row = dict(zip(PROJECT_KEYS, CLEAN_PROJECTS[-1], strict=True)) | total
    total_row["exec_rate"] = _r2(total["actual"] * 100 / total["budget_final"])
    indicators = rows(INDICATOR_KEYS, CLEAN_INDICATORS)
    rate = budget["2"]["actual"] * 100 / budget["2"]["budget_final"]
    indicators[0]["score"] = _r2(20 * min(rate, 100) / 100)
    self_score = _r2(sum(i["score"] for i in indicators))
    tables = {
        BUDGET.name: [budget[r[0]] for r in CLEAN_BUDGET],
        PROJECTS.name: [*items, total_row],
        INDICATORS.name: indicators,
    }
    tables.update(overrides.pop("tables", {}))
    info = {"self_score": self_score, **overrides.pop("info", {})}
    return clean_data(tables=tables, info=info, **overrides)
