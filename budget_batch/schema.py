"""The declarative schema of the 部门整体支出绩效自评表 workbook.

One description of every sheet, header, type, required field and standard row. The template
writer, the reader and the structural checks are all driven by it, so adding a column is one
edit here. Sheet names and headers are fixed by ../shared/spec/workbook.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

TEMPLATE_VERSION = "1"
#: Workbook-level defined name that records the template version.
VERSION_NAME = "budget_batch_template_version"


class Kind(StrEnum):
    """What a cell holds, which decides how the reader parses it."""

    TEXT = "text"
    AMOUNT = "amount"  # money, in 金额单位
    COUNT = "count"  # a quantity (人, 件, …); may be fractional (万元 in 服务数量 金额 is AMOUNT)
    PERCENT = "percent"  # percentage points: 68.11 means 68.11%
    INTEGER = "integer"
    YEAR = "year"
    SCORE = "score"
    CODE = "code"  # dotted hierarchy code: 1, 1.2, 1.2.3
    CHOICE = "choice"
    DATE = "date"
    VALUE = "value"  # indicator value: a number, a percentage, or a 定性 word

    @property
    def numeric(self) -> bool:
        return self in NUMERIC_KINDS


NUMERIC_KINDS = frozenset(
    {Kind.AMOUNT, Kind.COUNT, Kind.PERCENT, Kind.INTEGER, Kind.YEAR, Kind.SCORE}
)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, found by its header text."""

    key: str
    header: str
    kind: Kind
    required: bool = False  # the header must exist and every data row must fill it
    choices: tuple[str, ...] = ()
    width: float = 12
    note: str = ""
    strict: bool = False  # a CHOICE value outside `choices` is an error (not just unusual)
    optional_if: tuple[str, str] | None = None  # (other key, value) that waives `required`
    inferable_from: str | None = None  # a column whose value may carry this one (≥95%)


@dataclass(frozen=True)
class StandardRow:
    """A row the template pre-fills in a hierarchical sheet, identified by its 编码."""

    code: str
    label: str
    role: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    note: str
    hierarchical: bool = False
    standard_rows: tuple[StandardRow, ...] = ()
    #: Shaded input rows in the template: as many as print on one A4 page (more can be inserted).
    blank_rows: int = 30
    #: The columns that name a row, in order of preference: how a finding is matched to the
    #: previous round's when rows have been inserted or moved.
    row_key: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


@dataclass(frozen=True)
class Field:
    """One label–value pair of the 基本信息 sheet."""

    key: str
    label: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None
    note: str = ""
    strict: bool = True  # a CHOICE value outside `choices` is CHOICE_INVALID


@dataclass(frozen=True)
class KeyValueSpec:
    name: str
    fields: tuple[Field, ...]
    note: str

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


UNITS = ("万元", "元")
YOY_BASES = ("年初预算数", "全年预算数", "全年执行数")
GRADES = ("优", "良", "中", "差")
OPERATORS = ("≥", "≤", "=", "定性")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "预算执行率")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "预算执行率",
)
YES_NO = ("是", "否")
PROBLEM_TYPES = ("存在问题", "改进措施")

INFO = KeyValueSpec(
    name="基本信息",
    note="A 列为项目名称，B 列填写内容；带 * 的为必填。",
    fields=(
        Field(
            "department",
            "部门名称",
            Kind.TEXT,
            required=True,
            note="全称，如 广州市花都区残疾人联合会",
        ),
        Field("year", "预算年度", Kind.YEAR, required=True, note="四位年份，如 2023"),
        Field(
            "unit",
            "金额单位",
            Kind.CHOICE,
            choices=UNITS,
            default="万元",
            note="全表金额的单位，默认万元",
        ),
        Field(
            "yoy_basis",
            "同比口径",
            Kind.CHOICE,
            choices=YOY_BASES,
            default="全年执行数",
            note="收支情况中与“上年数”比较的本年数列，默认全年执行数",
        ),
        Field("staff_quota", "编制人数", Kind.INTEGER, note="核定编制数"),
        Field("staff_actual", "实有在职人数", Kind.INTEGER, note="年末实有在职人数"),
        Field("retired", "离退休人数", Kind.INTEGER),
        Field("functions", "部门职能", Kind.TEXT, note="部门主要职能及内设机构"),
        Field(
            "work",
            "年度总体工作",
            Kind.TEXT,
            note="年度总体工作和重点工作任务（可选，用于生成报告）",
        ),
        Field("goal", "年度整体绩效目标", Kind.TEXT),
        Field("self_score", "自评得分", Kind.SCORE, required=True, note="部门自评总分，0–100"),
        Field(
            "self_grade",
            "自评等级",
            Kind.CHOICE,
            required=True,
            choices=GRADES,
            note="优 ≥90，良 ≥80，中 ≥60，差 <60",
            strict=False,  # the profile's grade labels decide (GRADE_MISMATCH), not this list
        ),
        Field("profile", "评分规则", Kind.TEXT, note="评分规则名称，留空为全国通用规则（default）"),
        Field("preparer", "填报人", Kind.TEXT),
        Field("phone", "联系电话", Kind.TEXT),
        Field("filled_on", "填报日期", Kind.DATE),
    ),
)

_FIGURE = "金额，单位见基本信息“金额单位”"

BUDGET = TableSpec(
    name="收支情况",
    row_key=("code", "item"),
    hierarchical=True,
    note="部门预算收支、结转结余、“三公”经费和政府采购。按编码分级，下级之和应等于上级。",
    columns=(
        Column(
            "code", "编码", Kind.CODE, required=True, width=9, note="分级编码，如 1、1.1、2.2.1"
        ),
        Column("item", "项目", Kind.TEXT, required=True, width=26),
        Column("prior", "上年数", Kind.AMOUNT, width=13, note="上年度同口径数，" + _FIGURE),
        Column("budget_initial", "年初预算数", Kind.AMOUNT, width=13, note=_FIGURE),
        Column("budget_final", "全年预算数", Kind.AMOUNT, width=13, note="调整后预算，" + _FIGURE),
        Column("actual", "全年执行数", Kind.AMOUNT, width=13, note="决算数，" + _FIGURE),
        Column("yoy_amount", "增减额", Kind.AMOUNT, width=12, note="本年数（同比口径）− 上年数"),
        Column("yoy_rate", "增减率(%)", Kind.PERCENT, width=11, note="增减额 / 上年数 × 100"),
        Column(
            "share",
            "占比(%)",
            Kind.PERCENT,
            width=10,
            note="本行全年执行数占上级合计的比例 × 100（如占收入合计）",
        ),
        Column(
            "exec_rate", "执行率(%)", Kind.PERCENT, width=10, note="全年执行数 / 全年预算数 × 100"
        ),
        Column("note", "说明", Kind.TEXT, width=30, note="增减变动较大、执行率偏低等情况的原因"),
    ),
    standard_rows=(
        StandardRow("1", "收入合计", "income_total"),
        StandardRow("1.1", "一般公共预算财政拨款", "income_general"),
        StandardRow("1.2", "政府性基金预算财政拨款", "income_fund"),
        StandardRow("1.3", "国有资本经营预算财政拨款", "income_soe"),
        StandardRow("1.4", "事业收入", "income_business"),
        StandardRow("1.5", "其他收入", "income_other"),
        StandardRow("2", "支出合计", "spending_total"),
        StandardRow("2.1", "基本支出", "spending_basic"),
        StandardRow("2.1.1", "人员经费", "spending_staff"),
        StandardRow("2.1.2", "公用经费", "spending_office"),
        StandardRow("2.2", "项目支出", "spending_projects"),
        StandardRow("3", "年初结转结余", "carry_in"),
        StandardRow("4", "年末结转结余", "carry_out"),
        StandardRow("5", "“三公”经费", "sangong"),
        StandardRow("5.1", "因公出国（境）费", "sangong_travel"),
        StandardRow("5.2", "公务用车购置及运行费", "sangong_cars"),
        StandardRow("5.2.1", "公务用车购置费", "sangong_car_purchase"),
        StandardRow("5.2.2", "公务用车运行维护费", "sangong_car_running"),
        StandardRow("5.3", "公务接待费", "sangong_reception"),
        StandardRow("6", "政府采购", "procurement"),
    ),
)

PROJECTS = TableSpec(
    name="项目支出",
    row_key=("name", "seq"),
    note="每个项目一行；可在最后加一行项目名称为“合计”的合计行（只核对，不参与求和）。",
    blank_rows=35,
    columns=(
        Column("seq", "序号", Kind.TEXT, width=6),
        Column("name", "项目名称", Kind.TEXT, required=True, width=30),
        Column("source", "资金来源", Kind.TEXT, width=16),
        Column("prior_actual", "上年执行数", Kind.AMOUNT, width=12, note=_FIGURE),
        Column("budget_initial", "年初预算数", Kind.AMOUNT, width=12, note=_FIGURE),
        Column("budget_final", "全年预算数", Kind.AMOUNT, required=True, width=12, note=_FIGURE),
        Column("actual", "全年执行数", Kind.AMOUNT, required=True, width=12, note=_FIGURE),
        Column(
            "exec_rate", "执行率(%)", Kind.PERCENT, width=10, note="全年执行数 / 全年预算数 × 100"
        ),
        Column("outcome", "绩效目标完成情况", Kind.TEXT, width=30),
        Column("score", "自评得分", Kind.SCORE, width=9),
        Column("note", "说明", Kind.TEXT, width=26, note="执行率偏低、预算调整较大等情况的原因"),
    ),
)

INDICATORS = TableSpec(
    name="绩效指标",
    row_key=("level3", "level2"),
    note="部门整体绩效指标（履职效能）。分值合计应为 100；预算执行率的实际完成值可留空，按收支情况计算。",
    blank_rows=30,
    columns=(
        Column("level1", "一级指标", Kind.CHOICE, required=True, choices=LEVEL1, width=12),
        Column("level2", "二级指标", Kind.CHOICE, choices=LEVEL2, width=14),
        Column("level3", "三级指标", Kind.TEXT, required=True, width=28),
        Column(
            "operator",
            "计算符号",
            Kind.CHOICE,
            required=True,
            choices=OPERATORS,
            width=9,
            strict=True,
            inferable_from="target",
            note="≥ 越大越好，≤ 越小越好，= 等于，定性 为达成/部分达成/未达成；也可写在指标值中，如 ≥95%",
        ),
        Column("target", "年度指标值", Kind.VALUE, required=True, width=12),
        Column(
            "actual",
            "实际完成值",
            Kind.VALUE,
            required=True,
            width=12,
            optional_if=("level1", "预算执行率"),
            note="预算执行率一行可留空（按收支情况计算）",
        ),
        Column("unit", "计量单位", Kind.TEXT, width=9),
        Column("weight", "分值", Kind.SCORE, required=True, width=7),
        Column("score", "自评得分", Kind.SCORE, width=9),
        Column("deviation", "偏差原因分析及改进措施", Kind.TEXT, width=30),
        Column(
            "link",
            "关联数据",
            Kind.CODE,
            width=10,
            note="对应“服务数量”的编码，实际完成值应等于其本年数",
        ),
    ),
)

SERVICES = TableSpec(
    name="服务数量",
    row_key=("code", "item"),
    hierarchical=True,
    note="服务人次、办件量等统计数。按编码分级；“计入上级合计”为“否”的行是“其中”数，不参与求和。",
    blank_rows=60,
    columns=(
        Column("code", "编码", Kind.CODE, required=True, width=8),
        Column("item", "服务项目", Kind.TEXT, required=True, width=30),
        Column("unit", "计量单位", Kind.TEXT, width=9, note="留空则沿用上级单位"),
        Column("prior", "上年数", Kind.COUNT, width=10),
        Column("current", "本年数", Kind.COUNT, required=True, width=10),
        Column("amount", "金额", Kind.AMOUNT, width=11, note=_FIGURE),
        Column("prior_amount", "上年金额", Kind.AMOUNT, width=11, note=_FIGURE),
        Column(
            "in_total",
            "计入上级合计",
            Kind.CHOICE,
            choices=YES_NO,
            width=12,
            strict=True,
            note="是（默认）：计入上级合计；否：“其中”数，不得超过上级",
        ),
        Column("note", "说明", Kind.TEXT, width=26),
    ),
)

PROBLEMS = TableSpec(
    name="问题与措施",
    row_key=("text",),
    note="存在的主要问题和下一步改进措施，每条一行。",
    blank_rows=15,
    columns=(
        Column(
            "kind", "类型", Kind.CHOICE, required=True, choices=PROBLEM_TYPES, width=12, strict=True
        ),
        Column("text", "内容", Kind.TEXT, required=True, width=90),
    ),
)

TABLES: tuple[TableSpec, ...] = (BUDGET, PROJECTS, INDICATORS, SERVICES, PROBLEMS)
#: A row labelled so, in one of these columns, is a stated total, never an item (workbook.md).
TOTAL_LABELS = frozenset({"合计", "总计", "小计"})
TOTAL_LABEL_COLUMNS = ("seq", "code", "name", "item")
INSTRUCTIONS_SHEET = "填表说明"
#: Data sheets in template order; all are required.
DATA_SHEETS: tuple[str, ...] = (INFO.name, *(t.name for t in TABLES))

#: What people type for a choice, mapped to the canonical choice.
CHOICE_ALIASES: dict[str, str] = {
    ">=": "≥",
    "＞＝": "≥",
    "大于等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "以上": "≥",
    "正向": "≥",
    "<=": "≤",
    "＜＝": "≤",
    "小于等于": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "以下": "≤",
    "反向": "≤",
    "＝": "=",
    "==": "=",
    "等于": "=",
    "定性指标": "定性",
    "问题": "存在问题",
    "主要问题": "存在问题",
    "措施": "改进措施",
    "下一步改进措施": "改进措施",
    "Y": "是",
    "N": "否",
    "y": "是",
    "n": "否",
}


_SUFFIX = re.compile(r"[（(][^（()）]*[)）]$")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "：": "", ":": "", "＊": "*"})


def normalize_header(text: object) -> str:
    """Header text as compared: no spaces, no trailing `*`, no unit suffix like （万元） or (%)."""
    if text is None:
        return ""
    s = "".join(str(text).split()).translate(_BRACKETS).strip("*")
    while True:
        stripped = _SUFFIX.sub("", s).strip("*")
        if stripped == s or not stripped:
            return s
        s = stripped
