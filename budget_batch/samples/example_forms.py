"""The shipped example project forms (示例_项目支出绩效自评表_*.xlsx), built from published forms.

- 国家 (财预〔2020〕10号 附件1): 廊坊市食品工程学校《办公宿舍楼、食堂及餐厅暖通改造经费》2019 年度自评表
  as published, its faults included: 执行率得分 9 where 10 × 37.24 / 43.2 = 8.62, the same rounding on
  the 工程资金金额 indicator, and a 总分 of 98 (the published excerpt stops before 总分: 98 is
  the sum of its printed scores, marked 示例).
- 四川 (一体化 报表 510000_0013zp): 大英县司法局《2023年全县安可替代补助资金项目》; the money block
  and the first indicator as published, the other indicators invented (示例). Planted, as seen on
  the same page of published forms: 完成值 `完成` on a ≤ 万元 cost row scored full, 存在问题 and
  改进措施 written `无`, 合计 score left blank.
- 重庆 (layout as forms.md describes it; no published 重庆 form was found, so all figures are
  invented, 示例): a cost row over its target scored full by 得分系数 100%, with no reason.

Run `python -m budget_batch.samples.example_forms FOLDER` (or `make example`) to rebuild them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .form_writer import FormData, FundLine, IndicatorLine, write_forms

INSTRUCTION = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)
DASH, SLASH = "—", "/"


def national() -> FormData:
    i = IndicatorLine
    return FormData(
        family="10号",
        year=2019,
        project="办公宿舍楼、食堂及餐厅暖通改造经费",
        department="廊坊市发改委",
        implementer="廊坊市食品工程学校",
        funds=[
            FundLine("年度资金总额", 43.2, 43.2, 37.24, 10, "86%", 9),
            FundLine("其中：当年财政拨款", 43.2, 43.2, 37.24, DASH, None, DASH),
            FundLine("      上年结转资金", None, None, None, DASH, None, DASH),
            FundLine("  其他资金", None, None, None, DASH, None, DASH),
        ],
        goal="43.2",
        outcome="37.24",
        indicators=[
            i(
                "产出指标",
                "数量指标",
                "指标1工程资金金额",
                43.2,
                37.24,
                10,
                9,
                "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。",
            ),
            i("产出指标", "质量指标", "指标1工程完工率", 100, 100, 10, 10),
            i("产出指标", "质量指标", "指标2工程验收合格率", 100, 100, 10, 10),
            i("产出指标", "时效指标", "指标1项目完成及时率", 100, 100, 10, 10),
            i("产出指标", "成本指标", "指标1成本控制率", 100, 100, 10, 10),
            i("效益指标", "经济效益指标", "指标1安全率", 100, 100, 10, 10, "0"),
            i("效益指标", "社会效益指标", "指标1学校发展能力", 100, 100, 10, 10, "0"),
            i("效益指标", "可持续影响指标", "指标1长期使用性", 100, 100, 10, 10),
            i("满意度指标", "服务对象满意度指标", "指标1学生满意度", 100, 100, 10, 10, "0"),
        ],
        total_score=98,
        placeholders=True,
        note=(
            "示例：根据公开发布的廊坊市食品工程学校《办公宿舍楼、食堂及餐厅暖通改造经费绩效自评表》（2019年度）填写，"
            "数字按原文（含其中不一致之处）；原文摘录止于总分之前，总分 98 为各项填报得分之和（示例）。"
        ),
    )


def sichuan() -> FormData:
    i = IndicatorLine
    return FormData(
        family="四川",
        year=2023,
        project="51092324T000010263357-2023年全县安可替代补助资金项目",
        department="大英县司法局部门",
        implementer="大英县司法局",
        goal="根据要求购买安可设备,并完成项目资金支付。",
        outcome="完成",
        content="2023年购买13台安可电脑,并于12月前完成资金支付。",
        reason=INSTRUCTION,
        funds=[
            FundLine("总额", 0.0, 3.36, 3.36, 10, 1.0, 10),
            FundLine("其中:财政资金", 0.0, 3.36, 3.36, SLASH, 1.0, SLASH),
            FundLine("财政专户管理资金", 0.0, 0.0, 0.0, SLASH, 0.0, SLASH),
            FundLine("单位资金", 0.0, 0.0, 0.0, SLASH, 0.0, SLASH),
            FundLine("其他资金", None, None, None, SLASH, None, SLASH),
        ],
        indicators=[
            i(
                "产出指标",
                "质量指标",
                "完成安可产品购买并按要求支付资金",
                100,
                100,
                20,
                20,
                nature="=",
                unit="%",
            ),
            i("产出指标", "数量指标", "购买安可电脑数量", 13, 13, 20, 20, nature="≥", unit="台"),
            i("产出指标", "时效指标", "资金支付及时率", 100, 100, 10, 10, nature="=", unit="%"),
            i(
                "产出指标",
                "经济成本指标",
                "成本控制数",
                3.36,
                "完成",
                10,
                10,
                nature="≤",
                unit="万元",
            ),
            i(
                "效益指标",
                "社会效益指标",
                "办公设备国产化替代水平",
                "提升",
                "达成预期指标",
                20,
                20,
                nature="定性",
            ),
            i(
                "满意度指标",
                "服务对象满意度指标",
                "使用人员满意度",
                90,
                95,
                10,
                10,
                nature="≥",
                unit="%",
            ),
        ],
        total_score=None,
        conclusion="根据财政局资金下达的管理办法,将资金支付给项目供应商,按时完成安可设备购置。",
        problems="无",
        measures="无",
        note=(
            "示例：根据公开发布的大英县司法局 2023 年项目支出绩效自评表填写；项目资金和第一项指标按原文，"
            "其余指标为虚构（示例）。"
        ),
    )


def chongqing() -> FormData:
    i = IndicatorLine
    return FormData(
        family="重庆",
        year=2023,
        project="2023年农村公路养护补助资金",
        department="示例区交通局",
        implementer="示例区公路养护中心",
        goal="完成农村公路日常养护 420 公里，优良中等路率不低于 80%。",
        outcome="完成日常养护 426 公里，优良中等路率 82%。",
        funds=[
            FundLine("年度资金总额", 600, 640, 588.8, 10, 0.92, 9.2),
            FundLine("其中：财政拨款", 600, 640, 588.8, None, 0.92, None),
            FundLine("其他资金", None, None, None, None, None, None),
        ],
        indicators=[
            i(
                "产出指标",
                "数量指标",
                "日常养护里程",
                420,
                426,
                20,
                20,
                nature="定量",
                unit="公里",
                target_adjusted=None,
                coefficient=100,
                core="是",
            ),
            i(
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
                core="是",
            ),
            i(
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
            i(
                "产出指标",
                "成本指标",
                "每公里养护成本",
                "≤1.5",
                1.58,
                10,
                10,
                nature="定量",
                unit="万元",
                coefficient=100,
            ),
            i(
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
            i(
                "效益指标",
                "可持续影响指标",
                "养护长效机制",
                "建立",
                "部分达成",
                10,
                7,
                nature="定性",
                coefficient=70,
                deviation="考核办法尚在征求意见，明年上半年印发。",
            ),
            i(
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
        total_score=96.2,
        note="示例：重庆版式按 forms.md 的栏目名称排列（未找到公开发布的重庆表格可供核对），数字均为虚构（示例）。",
    )


EXAMPLES = {
    "示例_项目支出绩效自评表_国家.xlsx": ("自评表", national),
    "示例_项目支出绩效自评表_四川.xlsx": ("510000_0013zp", sichuan),
    "示例_项目支出绩效自评表_重庆.xlsx": ("自评表", chongqing),
}


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("input_templates")
    for name, (sheet, make) in EXAMPLES.items():
        write_forms(folder / name, [(sheet, make())])


if __name__ == "__main__":
    main(sys.argv[1:])
