"""Crafted project forms (项目支出绩效自评表) for tests: one consistent form per family (every check
quiet) and ways to break it. Figures are in the spirit of the published forms of
forms_research.md; the layouts are form_writer's, so the cells below are fixed:

10号 (A–I): funds header row 5, 年度资金总额 row 6 (C 年初预算数, D 全年预算数, E 全年执行数,
  F 分值, G 执行率, H 得分), parts rows 7–9; 年度总体目标 rows 10–11; indicator header row 12,
  indicators from row 13 (B 一级, C 二级, D 三级, E 年度指标值, F 实际完成值, G 分值, H 得分,
  I 偏差原因分析及改进措施); with `placeholders` an unused 指标2： row follows each 二级指标.
四川 (A–K): funds header row 8, 总额 row 9 (C 年初预算, D 调整后预算数, E 预算执行数, F 预算执行率,
  G 权重, H 得分, I 原因 merged I9:K13), parts rows 10–13; indicator header row 14, indicators
  from row 15 (E 指标性质, F 指标值, G 度量单位, H 完成值, I 权重, J 得分, K 未完成原因分析);
  合计 row, then 评价结论, 存在问题, 改进措施 (values in B).
重庆 (A–M): funds header row 5, 年度资金总额 row 6 (F 执行率权重, G 执行率, H 执行率得分), parts
  rows 7–8; indicator header row 11, indicators from row 12 (A 一级, B 二级, C 三级, D 指标性质,
  E 计量单位, F 年初指标值, G 调整指标值, H 全年完成值, I 得分系数(%), J 指标权重(分),
  K 指标得分(分), L 是否核心指标, M 偏差原因分析及改进措施).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from budget_batch import check_workbook
from budget_batch.findings import Finding
from budget_batch.samples.form_writer import FormData, FundLine, IndicatorLine, write_forms

I = IndicatorLine  # noqa: E741
INSTRUCTION = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


def national() -> FormData:
    return FormData(
        family="10号",
        year=2022,
        project="委托业务项目",
        department="219-池州市贵池区棠溪镇人民政府",
        implementer="219001-池州市贵池区棠溪镇人民政府",
        funds=[
            FundLine("年度资金总额:", 90, 100, 100, 10, "100.00%", 10),
            FundLine("其中:本年财政拨款", 90, 90, 90, "—", None, "—"),
            FundLine("上年结转资金", None, 10, 10, "—", None, "—"),
            FundLine("其他资金", None, None, None, "—", None, "—"),
        ],
        goal="本项目共申请预算资金90万元，用于基建工程项目预算编制、审计和设计。",
        outcome="本项目共完成预算资金100万元（含上年结转10万元），各项委托业务均按期完成。",
        indicators=[
            I("产出指标", "数量指标", "指标1：基建工程委托业务项目数量", "≥50个", "52个", 15, 15),
            I("产出指标", "质量指标", "指标1：委托业务报告合格率", "≥95%", "98%", 15, 15),
            I("产出指标", "时效指标", "指标1：提交报告及时性", "12月底前", "12月20日", 10, 10),
            I("产出指标", "成本指标", "指标1：项目总成本", "≤100万元", 100, 10, 10),
            I(
                "效益指标",
                "社会效益指标",
                "指标1：对维护基建市场公平的影响程度",
                "效果明显",
                "达成预期指标",
                15,
                15,
            ),
            I(
                "效益指标",
                "可持续影响指标",
                "指标1：对基建“四项制度”落实的持续性影响",
                "效果明显",
                "达成预期指标",
                15,
                15,
            ),
            I("满意度指标", "服务对象满意度指标", "指标1：公众满意度", "≥90%", "95%", 10, 10),
        ],
        level1_weights={"产出指标": 50, "效益指标": 30, "满意度指标": 10},
        total_score=100,
        placeholders=True,
    )


def sichuan() -> FormData:
    return FormData(
        family="四川",
        year=2023,
        project="51092322T000000431595-城乡居民监管工作经费",
        department="大英县医疗保障局部门",
        implementer="大英县医疗保障局",
        goal="计划使用财政资金45万元给聘用的14人发放工资及缴纳保险费，以监管全县医院药店医疗保险基金正常使用。",
        outcome="对照年度目标，14名监管人员工资和保险费已足额发放，全年完成定点机构检查 126 家次。",
        content="全年按月发放工资，按时缴纳保险费，开展医保基金监管检查。",
        reason=INSTRUCTION,
        funds=[
            FundLine("总额", 45.0, 47.0, 47.0, 10, 1.0, 10),
            FundLine("其中:财政资金", 45.0, 47.0, 47.0, "/", 1.0, "/"),
            FundLine("财政专户管理资金", 0.0, 0.0, 0.0, "/", 0.0, "/"),
            FundLine("单位资金", 0.0, 0.0, 0.0, "/", 0.0, "/"),
            FundLine("其他资金", None, None, None, "/", None, "/"),
        ],
        indicators=[
            I("产出指标", "数量指标", "聘用监管人员数", 14, 14, 15, 15, nature="=", unit="人"),
            I("产出指标", "质量指标", "工资发放覆盖率", 100, 100, 15, 15, nature="=", unit="%"),
            I("产出指标", "时效指标", "按时发放率", 100, 100, 10, 10, nature="≥", unit="%"),
            I(
                "产出指标",
                "经济成本指标",
                "人均工资标准",
                30000,
                30000,
                10,
                10,
                nature="≤",
                unit="元/人",
            ),
            I(
                "效益指标",
                "社会效益指标",
                "医保基金监管机制健全性",
                "优良中低差",
                "达成",
                20,
                20,
                nature="定性",
            ),
            I(
                "效益指标",
                "可持续影响指标",
                "定点机构检查覆盖率",
                90,
                95,
                10,
                10,
                nature="≥",
                unit="%",
            ),
            I(
                "满意度指标",
                "服务对象满意度指标",
                "参保人员满意度",
                90,
                96,
                10,
                10,
                nature="≥",
                unit="%",
            ),
        ],
        total_score=100,
        conclusion="自评总分100分，等级为优。聘用人员工资按时足额发放，基金监管工作有序开展。",
        problems="监管人员专业培训不足，部分检查记录不够规范。",
        measures="下一年度组织两次专题培训，统一检查记录模板并按季度抽查。",
    )


def chongqing() -> FormData:
    return FormData(
        family="重庆",
        year=2023,
        project="2023年农村公路养护补助资金",
        department="某区交通局",
        implementer="某区公路养护中心",
        goal="完成农村公路日常养护 420 公里。",
        outcome="完成日常养护 426 公里。",
        funds=[
            FundLine("年度资金总额", 600, 640, 640, 10, 1.0, 10),
            FundLine("其中：财政拨款", 600, 640, 640, None, 1.0, None),
            FundLine("其他资金", None, None, None, None, None, None),
        ],
        indicators=[
            I(
                "产出指标",
                "数量指标",
                "日常养护里程",
                "≥420",
                426,
                20,
                20,
                nature="定量",
                unit="公里",
                coefficient=100,
                core="是",
            ),
            I(
                "产出指标",
                "质量指标",
                "优良中等路率",
                "≥80",
                82,
                15,
                15,
                nature="定量",
                unit="%",
                coefficient=100,
            ),
            I(
                "产出指标",
                "时效指标",
                "养护任务完成时间",
                "12月底前",
                "12月20日",
                5,
                5,
                nature="定量",
                coefficient=100,
            ),
            I(
                "产出指标",
                "成本指标",
                "每公里养护成本",
                "≤1.5",
                1.45,
                10,
                10,
                nature="定量",
                unit="万元",
                coefficient=100,
            ),
            I(
                "效益指标",
                "社会效益指标",
                "群众出行条件",
                "改善",
                "达成",
                20,
                20,
                nature="定性",
                coefficient=100,
            ),
            I(
                "效益指标",
                "可持续影响指标",
                "养护长效机制",
                "建立",
                "达成",
                10,
                10,
                nature="定性",
                coefficient=100,
            ),
            I(
                "满意度指标",
                "服务对象满意度指标",
                "沿线群众满意度",
                "≥90",
                93,
                10,
                10,
                nature="定量",
                unit="%",
                coefficient=100,
            ),
        ],
        total_score=100,
    )


FAMILIES: dict[str, Callable[[], FormData]] = {"10号": national, "四川": sichuan, "重庆": chongqing}
#: Per family: the fund total row, the first indicator row and the column letters of keys.
LAYOUT = {
    "10号": {
        "total": 6,
        "first": 13,
        "budget": "D",
        "actual": "E",
        "initial": "C",
        "weight": "F",
        "rate": "G",
        "score": "H",
        "i_target": "E",
        "i_actual": "F",
        "i_weight": "G",
        "i_score": "H",
        "i_dev": "I",
        "parts": 7,
    },
    "四川": {
        "total": 9,
        "first": 15,
        "budget": "D",
        "actual": "E",
        "initial": "C",
        "weight": "G",
        "rate": "F",
        "score": "H",
        "reason": "I",
        "i_target": "F",
        "i_actual": "H",
        "i_weight": "I",
        "i_score": "J",
        "i_dev": "K",
        "i_nature": "E",
        "parts": 10,
    },
    "重庆": {
        "total": 6,
        "first": 12,
        "budget": "D",
        "actual": "E",
        "initial": "C",
        "weight": "F",
        "rate": "G",
        "score": "H",
        "i_target": "F",
        "i_adjusted": "G",
        "i_actual": "H",
        "i_coef": "I",
        "i_weight": "J",
        "i_score": "K",
        "i_dev": "M",
        "parts": 7,
    },
}


def make(family: str, change: Callable[[FormData], None] | None = None) -> FormData:
    data = copy.deepcopy(FAMILIES[family]())
    if change is not None:
        change(data)
    return data


def indicator_row(family: str, data: FormData, index: int) -> int:
    """The sheet row of indicator `index` (placeholders in between counted)."""
    row = LAYOUT[family]["first"]
    for i, line in enumerate(data.indicators):
        if i == index:
            return int(row)
        row += 1
        after = data.indicators[i + 1] if i + 1 < len(data.indicators) else None
        if data.placeholders and (after is None or after.level2 != line.level2):
            row += 1
    raise IndexError(index)


def total_row(family: str, data: FormData) -> int:
    """The 总分 / 合计 row."""
    last = indicator_row(family, data, len(data.indicators) - 1)
    return last + (2 if data.placeholders else 1)


def write(folder: Path, family: str, data: FormData | None = None, name: str = "") -> Path:
    path = folder / (name or f"form_{family}.xlsx")
    write_forms(path, [("自评表", data or make(family))])
    return path


def found(path: Path, rules=None) -> list[Finding]:
    result = check_workbook(path, rules)
    assert result.status == "checked", result.error
    return result.findings


def codes_at(findings: list[Finding], *codes: str) -> set[tuple[str, str]]:
    """(code, cell) of the findings with these codes (all codes when none given)."""
    return {(f.code, f.cell) for f in findings if not codes or f.code in codes}


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity.value != "info"]
