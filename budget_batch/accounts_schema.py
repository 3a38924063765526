"""The standard tables of a 部门决算 (final-accounts.md, T1–T9): their names, and the columns a
reader finds in each, by key, with the header a message names them by.

The printed labels that lead to these keys are data (layouts/accounts.toml); here is only what
the checks and the messages need: which table is which, and what each column is called.
"""

from __future__ import annotations

from .schema import Column, Kind, TableSpec

TABLE_IDS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9")

#: How a message names each table (its standard title).
TITLES = {
    "T1": "收入支出决算总表",
    "T2": "收入决算表",
    "T3": "支出决算表",
    "T4": "财政拨款收入支出决算总表",
    "T5": "一般公共预算财政拨款支出决算表",
    "T6": "一般公共预算财政拨款基本支出决算表",
    "T7": "财政拨款“三公”经费支出决算表",
    "T8": "政府性基金预算财政拨款收入支出决算表",
    "T9": "国有资本经营预算财政拨款收入支出决算表",
}

#: T1 and T4: the funds of 财政拨款, by key, as their rows and columns name them.
FUNDS = {
    "general": "一般公共预算财政拨款",
    "fund": "政府性基金预算财政拨款",
    "soe": "国有资本经营预算财政拨款",
}

#: T1's income rows, by key, in their printed order (D1 sums them).
T1_INCOME = {
    "general": "一般公共预算财政拨款收入",
    "fund": "政府性基金预算财政拨款收入",
    "soe": "国有资本经营预算财政拨款收入",
    "fiscal": "财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
T1_NAMED = {
    **T1_INCOME,
    "income_total": "本年收入合计",
    "use_surplus": "使用非财政拨款结余",
    "carry_in": "年初结转和结余",
    "income_grand": "收入总计",
    "spending_total": "本年支出合计",
    "surplus_distribution": "结余分配",
    "carry_out": "年末结转和结余",
    "spending_grand": "支出总计",
}
T4_NAMED = {
    **{key: f"本年收入·{name}" for key, name in FUNDS.items()},
    **{f"carry_in.{key}": f"年初结转和结余·{name}" for key, name in FUNDS.items()},
    "income_total": "本年收入合计",
    "carry_in": "年初财政拨款结转和结余",
    "income_grand": "收入总计",
    "spending_total": "本年支出合计",
    "carry_out": "年末财政拨款结转和结余",
    "spending_grand": "支出总计",
}
#: T3's spending by nature: a T1 that lists these instead of 类 rows compares them with T3's 合计.
NATURES = {
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "remit",
    "经营支出": "operating",
    "对附属单位补助支出": "subsidy",
}
#: T6: the economic classes in 人员经费 (the rest of a T6 is 公用经费, D12).
STAFF_CLASSES = ("301", "303")
#: T6 cells that are parts of a T7 item (X9): economic code → T7 item.
T6_SANGONG = {
    "30212": "travel",
    "30217": "reception",
    "30231": "car_running",
    "31013": "car_purchase",
}
T7_ITEMS = {
    "total": "合计",
    "travel": "因公出国（境）费",
    "car": "公务用车购置及运行费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行维护费",
    "reception": "公务接待费",
}
T7_MEASURES = {"budget": "预算数", "actual": "决算数", "prior": "上年决算数"}


def _amounts(name: str, headers: dict[str, str]) -> TableSpec:
    columns = [
        Column("code", "科目编码", Kind.TEXT),
        Column("name", "科目名称", Kind.TEXT),
        *(Column(key, header, Kind.AMOUNT) for key, header in headers.items()),
    ]
    return TableSpec(name, tuple(columns), "", hierarchical=True, row_key=("code", "name"))


T2_COLUMNS = {
    "total": "本年收入合计",
    "fiscal": "财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
T3_COLUMNS = {
    "total": "本年支出合计",
    "basic": "基本支出",
    "project": "项目支出",
    "remit": "上缴上级支出",
    "operating": "经营支出",
    "subsidy": "对附属单位补助支出",
}
T5_COLUMNS = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
FUND_COLUMNS = {
    "carry_in": "年初结转和结余",
    "income": "本年收入",
    "spending_total": "本年支出合计",
    "spending_basic": "本年支出·基本支出",
    "spending_project": "本年支出·项目支出",
    "carry_out": "年末结转和结余",
}
#: T1 and T4: each side's label and amount columns (T4's spending side by fund).
SIDES = {
    "in_label": "收入项目",
    "in_amount": "收入决算数",
    "out_label": "支出项目",
    "out_amount": "支出决算数",
    "out_total": "支出合计",
    **{f"out_{key}": name for key, name in FUNDS.items()},
}
#: T6: up to three groups of 编码 | 名称 | 决算数 side by side.
T6_GROUPS = 3
T6_KEYS = {
    f"{part}{g}": header
    for g in range(1, T6_GROUPS + 1)
    for part, header in (("code", "经济分类科目编码"), ("name", "科目名称"), ("amount", "决算数"))
}
T7_KEYS = {
    f"{item}.{measure}": f"{item_name}{measure_name}"
    for item, item_name in T7_ITEMS.items()
    for measure, measure_name in T7_MEASURES.items()
} | {"item": "项目", "budget": "预算数", "actual": "决算数", "prior": "上年决算数"}


def _plain(name: str, headers: dict[str, str]) -> TableSpec:
    columns = (
        Column("code", "科目编码", Kind.TEXT),
        Column("name", "项目", Kind.TEXT),
        *(Column(key, header, Kind.AMOUNT) for key, header in headers.items()),
    )
    return TableSpec(name, columns, "", row_key=("code", "name"))


SPECS: dict[str, TableSpec] = {
    "T1": _plain(TITLES["T1"], SIDES),
    "T2": _amounts(TITLES["T2"], T2_COLUMNS),
    "T3": _amounts(TITLES["T3"], T3_COLUMNS),
    "T4": _plain(TITLES["T4"], SIDES),
    "T5": _amounts(TITLES["T5"], T5_COLUMNS),
    "T6": _plain(TITLES["T6"], T6_KEYS),
    "T7": _plain(TITLES["T7"], T7_KEYS),
    "T8": _amounts(TITLES["T8"], FUND_COLUMNS),
    "T9": _amounts(TITLES["T9"], FUND_COLUMNS),
}
#: The 科目 tables, whose rows are 类 / 款 / 项 by their codes (D8, D14).
CODED = ("T2", "T3", "T5", "T8", "T9")
