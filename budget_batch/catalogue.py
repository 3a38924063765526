"""The catalogue of finding codes: stable code, severity, and what a user reads about each.

Codes are never renamed or reused. `docs/checks.md` is generated from this module
(`make docs`), and a test fails when it is stale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .findings import Finding, Scalar, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Code:
    code: str
    severities: tuple[Severity, ...]  # the first is the usual one
    group: str
    title: str  # short Chinese title
    meaning: str  # when it fires
    fix: str  # what to do

    @property
    def severity(self) -> Severity:
        return self.severities[0]

    def finding(
        self,
        sheet: str,
        cell: str,
        message: str,
        stated: Scalar = None,
        computed: Scalar = None,
        severity: Severity | None = None,
        explains: tuple[str, ...] = (),
    ) -> Finding:
        sev = severity or self.severity
        assert sev in self.severities, f"{self.code} cannot be {sev}"
        return Finding(
            self.code, sev, sheet, cell, message, _finite(stated), _finite(computed), explains
        )


def _finite(value: Scalar) -> Scalar:
    """A figure beyond a float's range (1e308 × 100) is said in words: JSON has no infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return "（数值超出范围）"
    return value


CATALOGUE: dict[str, Code] = {}

READING = "读取与结构"
ARITHMETIC = "数据勾稽"
SCORING = "指标与评分"
TEXT = "问题与措施"
REPORT = "自评报告（Word）中的数字"
ACCOUNTS = "部门决算与跨文件核对"
SYSTEM = "系统"


def define(
    code: str, severities: tuple[Severity, ...], group: str, title: str, meaning: str, fix: str
) -> Code:
    assert code not in CATALOGUE, code
    CATALOGUE[code] = entry = Code(code, severities, group, title, meaning, fix)
    return entry


# Reading and structure
SHEET_MISSING = define(
    "SHEET_MISSING",
    (E,),
    READING,
    "缺少工作表",
    "模板要求的工作表不存在（或被隐藏）。",
    "按模板补上该工作表，或把名称相近的工作表改为标准名称；隐藏的工作表请取消隐藏。",
)
COLUMN_MISSING = define(
    "COLUMN_MISSING",
    (E,),
    READING,
    "缺少列",
    "工作表前 10 行中找不到包含必填列标题的表头行，或表头缺少必填列。",
    "按模板恢复列标题（可调整列顺序、插入自定义列，但标题文字不能改）。",
)
REQUIRED_EMPTY = define(
    "REQUIRED_EMPTY", (E,), READING, "必填项为空", "带 * 的必填项没有填写。", "填写该项。"
)
NOT_A_NUMBER = define(
    "NOT_A_NUMBER",
    (E,),
    READING,
    "不是数字",
    "数字列中的内容无法读成数字。",
    "只填写数字（可带小数点），单位统一写在表头或基本信息中。",
)
NUMBER_NORMALIZED = define(
    "NUMBER_NORMALIZED",
    (INFO,),
    READING,
    "数字已规范化读取",
    "文本格式的数字、带千位分隔符或全角的数字、百分比格式的小数等已按数字读取。",
    "无需处理；如要避免提示，请把单元格改为数值格式并只填数字。",
)
CELL_ERROR = define(
    "CELL_ERROR",
    (E,),
    READING,
    "单元格错误值",
    "单元格是 Excel 错误值（#REF!、#DIV/0!、#VALUE! 等）。",
    "修正公式或改填数值。",
)
FORMULA_NO_VALUE = define(
    "FORMULA_NO_VALUE",
    (W,),
    READING,
    "公式没有计算结果",
    "公式单元格没有保存计算结果（文件从未在 Excel/WPS 中重新计算并保存）。",
    "用 Excel 或 WPS 打开文件，重新计算（F9）后保存，再提交。",
)
CODE_INVALID = define(
    "CODE_INVALID",
    (E,),
    READING,
    "编码格式错误",
    "编码不是以点分隔的数字（如 1、1.2、2.2.1）。",
    "改为点分隔的数字编码；编码列请设为文本格式，避免 1.10 被存成 1.1。",
)
CODE_DUPLICATE = define(
    "CODE_DUPLICATE",
    (E,),
    READING,
    "编码重复",
    "同一工作表中出现两个相同的编码。",
    "为每一行分配唯一编码。",
)
CODE_ORPHAN = define(
    "CODE_ORPHAN",
    (E,),
    READING,
    "缺少上级编码",
    "编码的上级（如 1.2.3 的上级 1.2）不存在。",
    "补上上级行，或改正编码。",
)
CHOICE_INVALID = define(
    "CHOICE_INVALID",
    (E,),
    READING,
    "不在可选范围内",
    "下拉选择项填写了列表以外的内容。",
    "从下拉列表中选择。",
)
#: Reserved: no copy of an .xlsx/.xlsm loses anything since the copy is patched (issue 14); kept,
#: as codes are stable, for copies converted from .xls/.xlsb/.ods (issue 17 will emit it).
NOT_PRESERVED = define(
    "NOT_PRESERVED",
    (INFO,),
    READING,
    "审核副本未保留的内容",
    "由 .xls、.xlsb 或 .ods 文件转换生成的审核副本中，有原文件特有、转换后无法保留的内容；原文件不受影响。"
    "（.xlsx/.xlsm 的审核副本保留原工作簿的全部内容，不会出现此提示。）",
    "如需在审核副本中保留这些内容，请先在 Excel/WPS 中把原文件另存为 .xlsx 再提交。",
)
FORM_UNRECOGNIZED = define(
    "FORM_UNRECOGNIZED",
    (E,),
    READING,
    "无法识别的项目自评表",
    "工作表标题是“项目支出绩效自评表”，但缺少必需的栏目（项目名称、项目资金的全年预算数和全年执行数、"
    "年度资金总额、绩效指标的三级指标、分值、得分），无法按自评表核对。",
    "按财预〔2020〕10号附件1或本省格式恢复这些栏目的文字（行列位置可以调整，栏目名称不能改）。",
)
TOTAL_ROW_IGNORED = define(
    "TOTAL_ROW_IGNORED",
    (INFO,),
    READING,
    "合计行未参与核对",
    "合计、总计或小计行无法确定是哪些行的合计（如收支情况中没有编码的合计行），因此不作为数据、也不核对。",
    "无需处理；需要核对的合计请用带编码的行填写。",
)
VERSION_UNKNOWN = define(
    "VERSION_UNKNOWN",
    (W,),
    READING,
    "模板版本较新",
    "工作簿记录的模板版本比本工具认识的版本新。",
    "升级 budget_batch，或使用当前版本的模板。",
)

NEGATIVE_AMOUNT = define(
    "NEGATIVE_AMOUNT",
    (E,),
    READING,
    "金额或数量为负",
    "预算数、执行数或服务数量为负数。",
    "核对数字；减少额请填在“增减额”列，不要把预算数或执行数填成负数。",
)
UNIT_SUSPECT = define(
    "UNIT_SUSPECT",
    (W,),
    READING,
    "金额单位可疑",
    "按数量级判断，金额像是以“元”填入了“万元”工作簿（或相反）。",
    "核对“基本信息 → 金额单位”，并把金额统一换算为该单位。",
)
YEAR_MISMATCH = define(
    "YEAR_MISMATCH",
    (W,),
    READING,
    "年份与预算年度不符",
    "文字中出现了预算年度及其上一年以外的年份，可能是从其他年度报告中复制而来。",
    "核对文字中的年份，改为本年度的情况。",
)

# Arithmetic
SUM_MISMATCH = define(
    "SUM_MISMATCH",
    (E,),
    ARITHMETIC,
    "下级合计不等于上级",
    "计入上级合计的下级行之和与上级数不一致（超过尾差容差）。",
    "核对上级数和各下级数；不应计入合计的“其中”行在“计入上级合计”填“否”。",
)
ROUNDING_DIFF = define(
    "ROUNDING_DIFF",
    (INFO,),
    ARITHMETIC,
    "尾差",
    "下级之和与上级数相差不超过尾差容差（万元时 0.01，元时 1）。",
    "一般无需处理；如需完全一致，调整末位数字。",
)
PROJECT_FORM_MISMATCH = define(
    "PROJECT_FORM_MISMATCH",
    (E,),
    ARITHMETIC,
    "项目自评表与部门自评表不一致",
    "同一批次中，部门整体自评表“项目支出”列出的项目，其全年预算数或全年执行数与该项目的项目支出绩效自评表不同"
    "（两边都标出）。",
    "核对两处数字，按决算数统一修改。",
)
SUBSET_EXCEEDS = define(
    "SUBSET_EXCEEDS",
    (E,),
    ARITHMETIC,
    "“其中”数大于上级",
    "“计入上级合计”为“否”的“其中”行大于其上级。",
    "核对“其中”数与上级数。",
)
UNIT_MISMATCH = define(
    "UNIT_MISMATCH",
    (W,),
    ARITHMETIC,
    "计量单位与上级不同",
    "下级行的计量单位与上级不同，这些下级不参与合计核对。",
    "统一计量单位（如都用“人”或都用“件”），或把该行移出该上级。",
)
SHARE_MISMATCH = define(
    "SHARE_MISMATCH",
    (E, W),
    ARITHMETIC,
    "占比计算不一致",
    "填报的占比与按全年执行数计算的占比不一致；只差末位一个单位为尾差（警告）。",
    "按“本行全年执行数 ÷ 合计全年执行数 × 100”四舍五入重新计算。",
)
SHARE_TOTAL = define(
    "SHARE_TOTAL",
    (W,),
    ARITHMETIC,
    "占比合计不为 100%",
    "同一上级下各组成部分的占比合计不等于 100%（允许每项末位一个单位的尾差）。",
    "核对各项占比，使其合计为 100%。",
)

YOY_AMOUNT_MISMATCH = define(
    "YOY_AMOUNT_MISMATCH",
    (E,),
    ARITHMETIC,
    "增减额计算不一致",
    "填报的增减额不等于本年数（按同比口径）减上年数。",
    "按“本年数 − 上年数”重新计算；本年数取哪一列由“基本信息 → 同比口径”决定。",
)
YOY_RATE_MISMATCH = define(
    "YOY_RATE_MISMATCH",
    (E, W),
    ARITHMETIC,
    "增减率计算不一致",
    "填报的增减率不等于增减额 ÷ 上年数 × 100；只差末位一个单位为尾差（警告）。",
    "按“(本年数 − 上年数) ÷ 上年数 × 100”四舍五入重新计算。",
)
YOY_UNEXPLAINED = define(
    "YOY_UNEXPLAINED",
    (W,),
    ARITHMETIC,
    "增减变动大但未说明",
    "与上年相比增减幅度达到阈值（默认 20%），但“说明”列为空。",
    "在“说明”列写明增减变动的原因。",
)
BALANCE_MISMATCH = define(
    "BALANCE_MISMATCH",
    (E,),
    ARITHMETIC,
    "收支结余不平衡",
    "收入合计 + 年初结转结余 − 支出合计 ≠ 年末结转结余（全年执行数）。",
    "核对收入、支出和结转结余数。",
)
EXEC_RATE_MISMATCH = define(
    "EXEC_RATE_MISMATCH",
    (E, W),
    ARITHMETIC,
    "执行率计算不一致",
    "填报的执行率不等于全年执行数 ÷ 全年预算数 × 100；只差末位一个单位为尾差（警告）。",
    "按“全年执行数 ÷ 全年预算数 × 100”四舍五入重新计算。",
)
EXEC_OVER_BUDGET = define(
    "EXEC_OVER_BUDGET",
    (E,),
    ARITHMETIC,
    "执行数超预算",
    "支出或项目的全年执行数大于全年预算数。",
    "核对执行数和调整后预算；超预算支出须有预算调整依据。",
)
EXEC_RATE_LOW = define(
    "EXEC_RATE_LOW",
    (W,),
    ARITHMETIC,
    "执行率偏低且未说明",
    "支出合计及其下级、各项目的执行率低于阈值（默认 90%），但“说明”列为空（“三公”经费节约不在此列）。",
    "在“说明”列写明执行率偏低的原因及整改措施。",
)
BUDGET_ADJUST_LARGE = define(
    "BUDGET_ADJUST_LARGE",
    (W,),
    ARITHMETIC,
    "预算调整幅度大",
    "全年预算数比年初预算数增减达到阈值（默认 20%）；年中新增项目（年初预算为空或 0）除外。",
    "核实预算调整是否有依据，并在“说明”列写明调整原因。",
)
PROJECT_TOTAL_MISMATCH = define(
    "PROJECT_TOTAL_MISMATCH",
    (E,),
    ARITHMETIC,
    "项目合计不等于项目支出",
    "项目支出表各项目之和与收支情况“2.2 项目支出”不一致，或与项目表的“合计”行不一致。",
    "补全或核对项目明细，使项目合计与项目支出一致。",
)
SANGONG_INCREASE = define(
    "SANGONG_INCREASE",
    (W,),
    ARITHMETIC,
    "“三公”经费超预算或增长",
    "“三公”经费执行数超过预算，或比上年增长。",
    "核实“三公”经费支出，并在“说明”列写明原因。",
)
STAFF_OVER_QUOTA = define(
    "STAFF_OVER_QUOTA",
    (W,),
    ARITHMETIC,
    "实有人数超编",
    "实有在职人数大于编制人数。",
    "核对编制人数和实有在职人数；确属超编的请说明原因。",
)

# Indicators and scoring
WEIGHT_TOTAL = define(
    "WEIGHT_TOTAL",
    (E,),
    SCORING,
    "分值合计不符",
    "绩效指标分值合计不等于评分规则要求的总分（默认 100），或某一级指标的分值合计不等于规则规定的分值。",
    "调整各指标分值，使合计符合评分规则。",
)
DIMENSION_MISSING = define(
    "DIMENSION_MISSING",
    (W,),
    SCORING,
    "缺少一级指标",
    "评分规则要求的一级指标（默认：产出指标、效益指标、满意度指标、预算执行率）没有设置。",
    "补充该一级指标及其下的具体指标。",
)
TARGET_NOT_QUANTIFIED = define(
    "TARGET_NOT_QUANTIFIED",
    (W,),
    SCORING,
    "指标值未量化",
    "计算符号为 ≥、≤、= 的指标，其年度指标值不是数字（或日期）。",
    "把年度指标值改为可衡量的数字（如 95%、2300 人）；无法量化的请改用“定性”。",
)
OPERATOR_SUSPECT = define(
    "OPERATOR_SUSPECT",
    (W,),
    SCORING,
    "计算符号可疑",
    "成本指标用了 ≥，百分比目标超过 100% 且用 ≥，或指标值中写的符号与“计算符号”列不一致。",
    "核对计算符号：成本类指标一般为 ≤；百分比目标不应超过 100%。",
)
SCORE_UNCOMPUTABLE = define(
    "SCORE_UNCOMPUTABLE",
    (W,),
    SCORING,
    "得分无法计算",
    "按计算符号无法计算该指标的得分（如“≥”指标的实际完成值写作“超额完成”，不是数字），总分中按填报得分计入。",
    "把实际完成值改为可计算的数字、日期或“达成 / 部分达成 / 未达成”，或核对计算符号。",
)
SCORE_MISMATCH = define(
    "SCORE_MISMATCH",
    (E, W),
    SCORING,
    "指标得分与计算不符",
    "指标自评得分与按评分规则计算的得分不一致：高于计算值为错误（自评偏高），低于为警告。",
    "按说明中的计算式修改自评得分，或核对指标值和实际完成值。",
)
SCORE_OVER_WEIGHT = define(
    "SCORE_OVER_WEIGHT",
    (E,),
    SCORING,
    "得分超过分值",
    "评分表（或自评表）中某项的得分高于它的分值。",
    "按评分标准重新打分，得分不能超过该项分值。",
)
DEVIATION_UNEXPLAINED = define(
    "DEVIATION_UNEXPLAINED",
    (E,),
    SCORING,
    "偏差未说明",
    "指标未得满分（或目标设定偏低），但“偏差原因分析及改进措施”为空或套话。",
    "写明未完成（或大幅超额）的原因和改进措施。",
)
TARGET_TOO_LOW = define(
    "TARGET_TOO_LOW",
    (W,),
    SCORING,
    "目标设定偏低",
    "正向指标的实际完成值超过目标值的幅度达到规则阈值（默认 30%），目标可能设定偏低。",
    "在偏差原因中说明超额原因，下一年度合理提高目标值。",
)
LINK_MISMATCH = define(
    "LINK_MISMATCH",
    (E,),
    SCORING,
    "与服务数量不一致",
    "指标的实际完成值与“关联数据”指向的服务数量本年数不一致，或关联的编码不存在。",
    "统一两处数字，或改正关联数据的编码。",
)
TOTAL_SCORE_MISMATCH = define(
    "TOTAL_SCORE_MISMATCH",
    (E, W),
    SCORING,
    "自评总分与计算不符",
    "基本信息中的自评得分与按评分规则计算的总分不一致：高于计算值为错误，低于为警告。",
    "按计算总分修改自评得分，或核对各指标得分。",
)
GRADE_MISMATCH = define(
    "GRADE_MISMATCH",
    (E,),
    SCORING,
    "等级与得分不符",
    "自评等级与自评得分所在的分数段不一致（默认：优 ≥90，良 ≥80，中 ≥60，差 <60）。",
    "按得分所在分数段填写等级。",
)
SCORE_CAP_EXCEEDED = define(
    "SCORE_CAP_EXCEEDED",
    (E,),
    SCORING,
    "超过执行率限分",
    "评分规则按预算执行率限制总分，自评得分超过了该上限。",
    "把自评得分降到上限以内。",
)
SELF_SCORE_INFLATED = define(
    "SELF_SCORE_INFLATED",
    (W,),
    SCORING,
    "自评偏高",
    "自评得分为满分（或达到规则设定的分数），但列有存在问题，或有指标未完成。",
    "结合存在的问题和未完成的指标，实事求是地确定自评得分。",
)

# Problems and measures
PROBLEMS_BOILERPLATE = define(
    "PROBLEMS_BOILERPLATE",
    (W,),
    TEXT,
    "问题或措施空泛",
    "存在问题或改进措施缺失、写作“无”“暂无”，或字数少于规则设定（默认 10 字）。",
    "具体写明存在的问题及对应的改进措施。",
)
MEASURES_MISSING = define(
    "MEASURES_MISSING",
    (W,),
    TEXT,
    "有问题无措施",
    "列出了存在问题，但没有任何改进措施。",
    "针对每个问题写明下一步改进措施。",
)

# The department's Word report (narrative.md)
TEXT_ARITHMETIC = define(
    "TEXT_ARITHMETIC",
    (E, W),
    REPORT,
    "报告文字中的数字自相矛盾",
    "报告中的一个数字与同一段其他数字算出的结果不符（合计、占比、增减、比率）：相差超过末位一个单位为错误，"
    "正好差一个单位（舍入或截尾）为警告。含义不能确定的数字（基数、分项不明）不核对。",
    "按说明中的计算式核对该数字及其依据的数字，改正有误的一个；“约”“以上”等字样按原意保留。",
)
TEXT_TABLE_MISMATCH = define(
    "TEXT_TABLE_MISMATCH",
    (E, W),
    REPORT,
    "报告文字与报告中的表格不一致",
    "文字中的数字与报告自带表格中行、列名称相符的单元格不同（按文字显示的精度比较）。",
    "核对文字和表格，按正确的数字统一修改两处。",
)
TEXT_WORKBOOK_MISMATCH = define(
    "TEXT_WORKBOOK_MISMATCH",
    (E, W),
    REPORT,
    "报告文字与同批次的自评表不一致",
    "报告中的收入、支出、结构、增减、得分等数字与同一部门同一年度的自评表（工作簿或自评表格）中对应单元格不同；"
    "工作簿中已标为错误的数字只在工作簿中报告一次。",
    "以核实后的数字为准，统一修改报告和自评表。",
)
TEXT_SCORE_GRADE = define(
    "TEXT_SCORE_GRADE",
    (W,),
    REPORT,
    "报告中的得分与等级不符",
    "报告写明的自评得分与等级不在评分规则的同一分数段，或与按评分规则计算的得分、等级不同。",
    "按评分规则核对得分和等级，改正报告中的写法。",
)
# The 部门决算 and the documents of a batch (final-accounts.md)
ACCOUNTS_MISMATCH = define(
    "ACCOUNTS_MISMATCH",
    (E,),
    ACCOUNTS,
    "部门决算表间不一致",
    "部门决算两张表中应当相同（或相加相等）的数不一致，如收入支出决算总表本年支出合计与支出决算表合计；"
    "说明中写明两处单元格。",
    "核对两张表，按决算软件导出的原表改正有误的一处。",
)
ACCOUNTS_TABLE_MISSING = define(
    "ACCOUNTS_TABLE_MISSING",
    (W,),
    ACCOUNTS,
    "部门决算缺表",
    "部门决算缺少某张标准表（共 9 张，按表名识别），或表中没有数据却没有说明。",
    "补上该表；本年度没有相关收支的，保留表格并注明“本年度没有……，故本表无数据”。",
)
LINK_ACCOUNTS_MISMATCH = define(
    "LINK_ACCOUNTS_MISMATCH",
    (E, W, INFO),
    ACCOUNTS,
    "自评与部门决算不一致",
    "同一部门同一年度的自评（部门整体自评表、项目支出绩效自评表）中的数与部门决算不同，两边都标出并写明"
    "另一文件的单元格；结转结余为警告，项目自评表合计超过决算项目支出为提示。",
    "以部门决算为准核对自评中的数字；确属口径不同的，在说明中写明。",
)
PRIOR_YEAR_MISMATCH = define(
    "PRIOR_YEAR_MISMATCH",
    (W,),
    ACCOUNTS,
    "上年数与上年自评不一致",
    "本年自评的“上年数”与同一部门上一年度自评表中同一行的全年执行数（服务数量为本年数）不同。",
    "按上年度自评表（或上年决算）核对上年数；口径调整的，在说明中写明。",
)

CHECK_FAILED = define(
    "CHECK_FAILED",
    (E,),
    SYSTEM,
    "检查程序出错",
    "某项检查在处理本工作簿时出错（工具的问题，不是工作簿的问题），其结果缺失（其他检查照常进行）。",
    "请把工作簿和本说明反馈给技术支持。",
)

OUTPUT_FAILED = define(
    "OUTPUT_FAILED",
    (E,),
    SYSTEM,
    "输出文件写出失败",
    "工作簿已检查，但本工具写出审核副本或自评报告草稿时出错（工具的问题，不是工作簿的问题）；检查结果不受影响。",
    "请把工作簿和本说明反馈给技术支持。",
)
