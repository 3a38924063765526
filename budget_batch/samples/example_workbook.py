"""The example workbook, built from the seed report (广州市花都区残联 2023 年部门整体支出绩效自评报告).

Every figure the report states is entered exactly as stated, inconsistencies included: they
are what the checks must find. Figures the report does not give (the individual projects, the
split of 基本支出, "三公" details, indicator targets and weights, satisfaction) are invented,
consistent with the report's totals, and marked 示例 in the workbook.

Run `python -m budget_batch.samples.example_workbook PATH` (or `make example`) to rebuild it.
"""

from __future__ import annotations

import random
import sys
from typing import Any

from .template_writer import WorkbookData, write_workbook

EXAMPLE_NOTE = "示例：报告未列明细，数字为虚构，合计与报告一致"
BANNER = (
    "本工作簿是示例：根据《广州市花都区残联 2023 年部门整体支出绩效自评报告》填写。报告中写明的数字"
    "（含其中不一致之处）按原文填写；报告未给出的数字（项目明细、基本支出构成、“三公”经费、指标目标值和分值、"
    "满意度）为虚构，已在“说明”或“备注”列标注“示例”。"
)

INFO: dict[str, Any] = {
    "department": "广州市花都区残疾人联合会",
    "year": 2023,
    "unit": "万元",
    "yoy_basis": "年初预算数",
    "staff_quota": 11,
    "staff_actual": 11,
    "functions": (
        "区残联是将残疾人自身代表组织、社会福利团体和事业管理机构融为一体的残疾人事业团体，具有“代表、服务、"
        "管理”职能，由区政府直接领导，承担区政府委托的行政职能，业务上受市残联指导。内设办公室、康复科。"
    ),
    "work": (
        "区残联以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，扎实深入开展主题教育，"
        "积极履行“代表、管理、服务”的职责，努力推动我区残疾人工作高质量发展。重点工作：残疾人事业基础进一步夯实；"
        "残疾人社会保障工作进一步提升；残疾人康复服务工作进一步优化；关心帮助残疾人氛围进一步浓厚。"
    ),
    "goal": (
        "1、贯彻执行中央、省、市有关残疾人工作的法律、法规、政策，制定残疾人事业发展规划和年度计划，并组织协调实施，"
        "开展经常性残疾人文化、体育活动，开展残疾人送温暖活动及慰问活动；2、做好残疾人教育、就业和劳动保障工作，"
        "并负责对按比例安排残疾人就业工作的检查和残疾人就业保障金的收缴、残疾人机动车管理和安全教育工作，负责辖区内"
        "盲人按摩行业的指导和管理，负责办理残疾人证；3、负责残疾人康复、用品供应、福利、社会服务、无障碍设施和残疾预防"
        "等工作，创造良好的环境和条件，扶助残疾人平等参与社会生活。"
    ),
    "self_score": 100,
    "self_grade": "优",
    "preparer": "示例",
}

_CUT = "原因是进一步贯彻落实过紧日子的有关要求，减少社区精神康复综合服务中心经费、残疾人康复资助经费等项目经费。"


def _b(
    code: str,
    item: str,
    *,
    prior: float | None = None,
    amount: float | None = None,
    yoy: float | None = None,
    rate: float | None = None,
    share: float | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """A 收支情况 row whose 年初预算数 = 全年预算数 = 全年执行数 = amount (as the report gives one figure)."""
    return {
        "code": code,
        "item": item,
        "prior": prior,
        "budget_initial": amount,
        "budget_final": amount,
        "actual": amount,
        "yoy_amount": yoy,
        "yoy_rate": rate,
        "share": share,
        "note": note,
    }


BUDGET = [
    _b("1", "收入合计", prior=2402.98, amount=2224.46, yoy=-178.52, rate=-7.43, note=_CUT),
    _b("1.1", "一般公共预算财政拨款", amount=2204.46, share=99.09),
    _b("1.2", "政府性基金预算财政拨款", amount=20, share=0.91),
    _b("1.3", "国有资本经营预算财政拨款"),
    _b("1.4", "事业收入"),
    _b("1.5", "其他收入"),
    _b("2", "支出合计", prior=2402.98, amount=2224.46, yoy=-178.52, rate=-7.43, note=_CUT),
    _b("2.1", "基本支出", amount=865.19, share=38.89),
    _b("2.1.1", "人员经费", amount=786.53, note=EXAMPLE_NOTE),
    _b("2.1.2", "公用经费", amount=78.66, note=EXAMPLE_NOTE),
    _b("2.2", "项目支出", amount=1359.27, share=61.11),
    _b("3", "年初结转结余"),
    _b("4", "年末结转结余"),
    {
        "code": "5",
        "item": "“三公”经费",
        "budget_initial": 3.5,
        "budget_final": 3.5,
        "actual": 2.58,
        "note": "示例：报告只说明“全年实际支出数小于预算安排数”，数字为虚构",
    },
    _b("5.1", "因公出国（境）费", amount=0),
    {
        "code": "5.2",
        "item": "公务用车购置及运行费",
        "budget_initial": 3,
        "budget_final": 3,
        "actual": 2.46,
    },
    _b("5.2.1", "公务用车购置费", amount=0),
    {
        "code": "5.2.2",
        "item": "公务用车运行维护费",
        "budget_initial": 3,
        "budget_final": 3,
        "actual": 2.46,
    },
    {
        "code": "5.3",
        "item": "公务接待费",
        "budget_initial": 0.5,
        "budget_final": 0.5,
        "actual": 0.12,
    },
    _b("6", "政府采购"),
]

_PROJECTS = [
    ("残疾人康复资助经费", "一般公共预算", 731.012),
    ("贫困重度精神病人住院非医疗费用减免", "一般公共预算", 465),
    ("困难残疾人家庭无障碍改造", "政府性基金预算 20、一般公共预算 10", 30),
    ("残疾人城镇职工养老保险资助", "一般公共预算", 30.2),
    ("残疾个体从业人员社会保险资助", "一般公共预算", 8.3),
    ("残疾人机动轮椅车燃油补贴", "一般公共预算", 8.74),
    ("残疾人机动轮椅车申购补贴", "一般公共预算", 1.85),
    ("残疾人就业培训及招聘服务", "一般公共预算", 12.5),
    ("康园工疗站运营补助", "一般公共预算", 35),
    ("残疾人证办理及评残工作经费", "一般公共预算", 6),
    ("残疾人文体及助残宣传活动", "一般公共预算", 8),
    ("残联换届及基层残疾人协会工作经费", "一般公共预算", 12.668),
    ("残疾人信息化及数据录入", "一般公共预算", 10),
]


def _projects() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, (name, source, amount) in enumerate(_PROJECTS, start=1):
        rows.append(
            {
                "seq": str(i),
                "name": name,
                "source": source,
                "budget_initial": amount,
                "budget_final": amount,
                "actual": amount,
                "exec_rate": 100,
                "outcome": "已完成",
                "note": EXAMPLE_NOTE if i == 1 else "示例",
            }
        )
    rows.append(
        {
            "name": "合计",
            "budget_initial": 1359.27,
            "budget_final": 1359.27,
            "actual": 1359.27,
            "exec_rate": 100,
            "note": "与报告项目支出 1359.27 万元一致",
        }
    )
    return rows


REMARK = "备注"
_ASSUMED = "示例：目标值和分值为虚构，实际完成值摘自报告"


def _i(
    level1: str,
    level2: str,
    level3: str,
    op: str,
    target: Any,
    actual: Any,
    unit: str,
    weight: float,
    link: str | None = None,
    remark: str = _ASSUMED,
) -> dict[str, Any]:
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "operator": op,
        "target": target,
        "actual": actual,
        "unit": unit,
        "weight": weight,
        "score": weight,
        "link": link,
        REMARK: remark,
    }


INDICATORS = [
    _i(
        "预算执行率",
        "预算执行率",
        "部门预算执行率",
        "≥",
        "100%",
        None,
        "%",
        10,
        remark="示例：分值为虚构；实际完成值按收支情况计算",
    ),
    _i("产出指标", "数量指标", "按比例安排残疾人就业人数", "≥", 2300, 2381, "人", 7, "1"),
    _i("产出指标", "数量指标", "完成城乡残疾人就业培训人数", "≥", 150, 172, "人", 6, "5"),
    _i("产出指标", "数量指标", "办理第三代残疾人证数量", "≥", 850, 903, "个", 6, "20"),
    _i("产出指标", "数量指标", "提供康复资助人数", "≥", 1100, 1138, "人", 6, "22"),
    _i("产出指标", "数量指标", "社区精神康复综合服务人数", "≥", 400, 417, "人", 6, "25"),
    _i("产出指标", "数量指标", "困难残疾人家庭无障碍改造户数", "≥", 60, 67, "户", 6, "34"),
    _i("产出指标", "数量指标", "在站工疗康复和庇护性就业人数", "≥", 200, 216, "人", 6, "29"),
    _i("产出指标", "质量指标", "12345 热线工单办结率", "≥", "100%", "100%", "%", 7),
    _i("效益指标", "社会效益指标", "就业年龄段持证残疾人就业率", "≥", "65%", "68%", "%", 10),
    _i("效益指标", "社会效益指标", "社区精神康复服务镇街覆盖率", "≥", "100%", "100%", "%", 10),
    _i("效益指标", "可持续影响指标", "减轻残疾人家庭负担", "定性", "达成", "达成", "", 10),
    _i(
        "满意度指标",
        "服务对象满意度指标",
        "残疾人服务对象满意度",
        "≥",
        "90%",
        "95%",
        "%",
        10,
        remark="示例：报告未给出满意度，目标值、完成值和分值均为虚构",
    ),
]


def _s(
    code: str,
    item: str,
    current: float,
    unit: str | None = None,
    *,
    amount: float | None = None,
    subset: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "item": item,
        "unit": unit,
        "current": current,
        "amount": amount,
        "in_total": "否" if subset else None,
        "note": note,
    }


SERVICES = [
    _s("1", "按比例安排残疾人就业", 2381, "人"),
    _s("1.1", "持军残证", 38),
    _s("1.2", "持残疾人证", 2343),
    _s("2", "就业年审核定用人单位", 1062, "家"),
    _s("3", "就业年龄段内持证残疾人", 4243, "人"),
    _s("3.1", "已就业残疾人", 2889, subset=True, note="原文：约 2889 人，就业率约 68%"),
    _s("4", "残疾人就业培训班", 3, "期"),
    _s("5", "完成城乡残疾人培训", 172, "人"),
    _s("6", "残疾人就业招聘会", 5, "场"),
    _s("7", "参加招聘会企业", 77, "家"),
    _s("8", "提供应聘岗位", 92, "个"),
    _s("9", "参加现场招聘会残疾人", 134, "人"),
    _s("9.1", "达成就业意向", 34, subset=True),
    _s("10", "就业困难和失业残疾人调查摸底", 30, "人"),
    _s("11", "有就业愿望和生活处理能力残疾人测评", 659, "人"),
    _s("12", "残疾人家庭收入状况入户调查问卷", 300, "份"),
    _s("13", "审核残疾人生活补贴", 340, "人"),
    _s("14", "审核护理补贴", 655, "人"),
    _s("15", "申请城镇职工养老保险资助", 53, "人", amount=30.2),
    _s("16", "资助残疾个体从业人员办理社会保险", 9, "人", amount=8.3),
    _s("17", "发放机动轮椅车补贴", 336, "人", amount=8.74),
    _s("18", "机动轮椅车申购补贴", 30, "台", amount=1.85),
    _s("19", "享受重度残疾人助残配餐补贴", 57, "人"),
    _s("20", "办理第三代残疾人证", 903, "个"),
    _s("20.1", "新办证", 742, note="原文单位为“人”"),
    _s("20.2", "到期换证", 33, note="原文单位为“人”"),
    _s("20.3", "变更", 44, note="原文单位为“人”"),
    _s("20.4", "挂失", 3, note="原文单位为“人”"),
    _s("20.5", "残损换新", 3, note="原文单位为“人”"),
    _s("20.6", "注销残疾人证", 777, subset=True, note="原文单位为“人”"),
    _s("20.7", "迁出", 40, subset=True, note="原文单位为“人”"),
    _s("20.8", "迁入", 27, subset=True, note="原文单位为“人”"),
    _s("21", "累计办理残疾人证", 15080, "人"),
    _s("22", "提供康复资助", 1138, "人", amount=731.012),
    _s("22.1", "定点机构康复训练", 111),
    _s("22.2", "医疗机构康复训练", 298),
    _s("22.3", "精神残疾人专科免费门诊服药资助", 57),
    _s("22.4", "辅助器具适配", 448),
    _s("22.5", "首次评残报销", 224),
    _s("22.6", "0－6 岁残疾儿童康复救助", 97, amount=241.23, subset=True),
    _s("23", "辅助器具服务", 771, "件"),
    _s("23.1", "假肢服务", 16, "人"),
    _s("23.2", "矫形器服务", 45, "人"),
    _s("23.3", "配置助听器", 279, "人"),
    _s("23.4", "其它辅助器具服务", 107, "人"),
    _s("24", "贫困重度精神病人减免住院非医疗费用", 270, "人", amount=465),
    _s("25", "社区精神康复综合服务", 417, "人"),
    _s("26", "1 星级康园工疗站", 1, "家"),
    _s("27", "2 星级康园工疗站", 8, "家"),
    _s("28", "秀全街康园工疗站报名入站残疾人", 16, "人"),
    _s("28.1", "已在册学员", 5, subset=True),
    _s("29", "在站工疗康复和庇护性就业残疾人", 216, "人"),
    _s("30", "全区工疗机构工作人员", 37, "人"),
    _s("31", "残疾人节日活动", 5, "场"),
    _s("32", "派发康复小册子和宣传单", 500, "份", note="原文：500 余份"),
    _s("33", "走访慰问残疾人", 102, "户"),
    _s("34", "困难残疾人家庭无障碍化改造", 67, "户", amount=30),
    _s("36", "法律咨询服务", 2, "次"),
    _s("37", "办理信访", 3, "件"),
    _s("38", "办理 12345 热线工单", 218, "件"),
    _s("39", "成立残疾人协会的村（社区）", 256, "个"),
    _s("40", "第八次代表大会代表", 182, "名"),
    _s("41", "全机关人数", 11, "人"),
    _s("41.1", "正处级领导（理事长）", 1),
    _s("41.2", "副处级领导（副理事长）", 2),
    _s("41.3", "二级调研员", 1),
    _s("41.4", "三级调研员", 1),
    _s("41.5", "正科级", 2),
    _s("41.6", "副科级", 1),
    _s("41.7", "三级主任科员", 1),
    _s("41.8", "聋儿语训班教师编制", 1),
    _s("41.9", "工勤编制人员", 1),
    _s("41.10", "参照公务员管理", 9, subset=True),
]

PROBLEMS = [
    (
        "存在问题",
        "在财政资金的使用管理工作中合理使用了资金，为残疾人提供了服务，区残联落实“过紧日子”的要求，"
        "除三保支出、上级资金支出外，其他支出一律从紧从严控制，按压减 50%要求，共压减了 640多万元，"
        "导致区残联在残疾人民生保障方面遇到了前所未有的支付困难。",
    ),
    (
        "存在问题",
        "与其他区康园工疗站的建设情况相比，我区场地有限、设施简陋，没有一家康园工疗站达到三星标准，差距很大。",
    ),
    (
        "存在问题",
        "惠残政策宣传手段单一、范围不广，群众反映不了解残疾人相关政策。部分残联工作人员对新政策掌握不够清晰，"
        "导致对残疾人政策解释不清。今后需要加强政策宣传，进一步提升残疾人政策的知晓率。",
    ),
    (
        "改进措施",
        "科学合理编制预算，严格执行预算，规范账务处理，提高财务信息质量；尽早完成残保金预算的编制，"
        "对残保金项目执行情况进行跟踪和统计，为各个项目在预期时间内完成提供保障。",
    ),
    (
        "改进措施",
        "进一步加大专项资金投入及管理，厉行节约，发挥资金最大使用效益，为残疾人提供最好的服务。",
    ),
    (
        "改进措施",
        "进一步健全和完善财务管理制度及内部控制制度，创新管理手段，用新思路、新方法，改进完善财务管理方法。",
    ),
    (
        "改进措施",
        "按照财政支出绩效管理的要求，建立科学的财政资金效益考评制度体系，不断提高财政资金使用管理的水平和效率。",
    ),
]


def plain_projects(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """`count` projects of 0.01–50 万元 each, fully spent, with nothing to find: the body of a
    large workbook (the benchmarks' 100,000 projects, the tests' large cases)."""
    rng = random.Random(seed)
    out = []
    for i in range(1, count + 1):
        amount = rng.randint(1_00, 50_00) / 100
        out.append(
            {
                "seq": str(i),
                "name": f"项目{i:06d}",
                "source": "一般公共预算",
                "budget_initial": amount,
                "budget_final": amount,
                "actual": amount,
                "exec_rate": 100,
                "outcome": "已完成",
            }
        )
    return out


def example_data() -> WorkbookData:
    return WorkbookData(
        info=INFO,
        tables={
            "收支情况": BUDGET,
            "项目支出": _projects(),
            "绩效指标": INDICATORS,
            "服务数量": SERVICES,
            "问题与措施": [{"kind": k, "text": t} for k, t in PROBLEMS],
        },
        extra_columns={"绩效指标": (REMARK,)},
        banner=BANNER,
    )


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "input_templates/示例_花都区残联_2023.xlsx"
    write_workbook(target, example_data())
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
