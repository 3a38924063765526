"""The names of the figures a 自评 states that other documents restate (links.py `Stated` keys),
so that every kind of 自评 — our template, a 部门整体 form, a project form — names them alike:
`支出合计.全年执行数`, `“三公”经费.全年预算数` … (`key(name, column)`).

Our template's 收支情况 rows carry them by their standard codes (`BY_CODE`); a kind that reads
another layout maps its own rows to the same names. Rows compared with last year's workbook are
named by code and item instead (`row_key`), since any row of 收支情况 or 服务数量 may be.
"""

from __future__ import annotations

ACTUAL, BUDGET, INITIAL, PRIOR = "全年执行数", "全年预算数", "年初预算数", "上年数"
CURRENT = "本年数"  # 服务数量's
TARGET, ACHIEVED = "年度指标值", "实际完成值"  # 绩效指标's (≥ targets only)

#: Our template's standard 收支情况 rows (schema.BUDGET) → the name every kind uses.
BY_CODE = {
    "1": "收入合计",
    "1.1": "一般公共预算财政拨款",
    "1.2": "政府性基金预算财政拨款",
    "1.3": "国有资本经营预算财政拨款",
    "1.4": "事业收入",
    "1.5": "其他收入",
    "2": "支出合计",
    "2.1": "基本支出",
    "2.1.1": "人员经费",
    "2.1.2": "公用经费",
    "2.2": "项目支出",
    "3": "年初结转结余",
    "4": "年末结转结余",
    "5": "“三公”经费",
    "5.1": "因公出国（境）费",
    "5.2": "公务用车购置及运行费",
    "5.2.1": "公务用车购置费",
    "5.2.2": "公务用车运行维护费",
    "5.3": "公务接待费",
}
#: A project form's 年度资金总额 全年执行数, summed over a department's forms (accounts links).
PROJECT_FORMS = "项目支出绩效自评表合计"


def key(name: str, column: str) -> str:
    """支出合计.全年执行数"""
    return f"{name}.{column}"


def row_key(table: str, code: str, item: str, column: str) -> str:
    """A row compared across years: 收支情况#2.1#基本支出#全年执行数. This year's 上年数 is
    named with the column it is to equal (`上年数@全年执行数`: the 同比口径)."""
    return f"{table}#{code}#{item}#{column}"


def split_row_key(name: str) -> tuple[str, str, str, str] | None:
    parts = name.split("#")
    if len(parts) != 4:
        return None
    return parts[0], parts[1], parts[2], parts[3]
