"""The declarative schema of the official 项目支出绩效自评表 (../shared/spec/forms.md).

A sibling of `schema.py`: that one describes our own template, whose sheet names and headers are
fixed; a project form is one sheet laid out in labelled blocks (title, 项目名称, the 项目资金
block, the 绩效指标 block, 总分), and each province prints its own labels. Every label a reader
looks for is here, as data: the national layout of 财预〔2020〕10号 附件1 gives the canonical
headers (the `TableSpec`s below, which the messages use when a form prints none), and the alias
tables map what 四川, 重庆 and other clones print onto the same keys. A new clone is one more
alias here, not new code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .schema import Column, Kind, TableSpec

TITLE_WORD = "项目支出绩效自评表"
#: The title is looked for in these top rows, in a cell no longer than this (a title, not a
#: sentence that happens to name the form).
TITLE_SEARCH_ROWS = 8
TITLE_MAX_CHARS = 40

FUNDS = TableSpec(
    name="项目资金",
    row_key=("item",),
    note="年度资金总额及其构成（其中：当年财政拨款、上年结转资金、其他资金……）",
    columns=(
        Column("item", "资金", Kind.TEXT),
        Column("budget_initial", "年初预算数", Kind.AMOUNT),
        Column("budget_final", "全年预算数", Kind.AMOUNT),
        Column("actual", "全年执行数", Kind.AMOUNT),
        Column("weight", "分值", Kind.SCORE),
        Column("exec_rate", "执行率", Kind.PERCENT),
        Column("score", "得分", Kind.SCORE),
        Column("reason", "原因", Kind.TEXT),
    ),
)

INDICATORS = TableSpec(
    name="项目绩效指标",
    row_key=("level3", "level2"),
    note="一级、二级、三级指标，年度指标值，实际完成值，分值，得分，偏差原因",
    columns=(
        Column("level1", "一级指标", Kind.TEXT),
        Column("level2", "二级指标", Kind.TEXT),
        Column("level3", "三级指标", Kind.TEXT),
        Column(
            "nature", "指标性质", Kind.TEXT
        ),  # an operator (四川) or 定量 / 定性 (重庆), per row
        Column("operator", "计算符号", Kind.TEXT),
        Column("target", "年度指标值", Kind.VALUE),
        Column("target_adjusted", "调整指标值", Kind.VALUE),
        Column("unit", "计量单位", Kind.TEXT),
        Column("actual", "实际完成值", Kind.VALUE),
        Column("coefficient", "得分系数", Kind.PERCENT),
        Column("weight", "分值", Kind.SCORE),
        Column("score", "得分", Kind.SCORE),
        Column("deviation", "偏差原因分析及改进措施", Kind.TEXT),
        Column("core", "是否核心指标", Kind.TEXT),
    ),
)
FORM_TABLES = (FUNDS, INDICATORS)

#: What each column is printed as, in 10号, 四川, 重庆 and the clones seen (forms_research.md).
FUND_HEADERS: dict[str, tuple[str, ...]] = {
    "budget_initial": ("年初预算数", "年初预算"),
    "budget_final": (
        "全年预算数",
        "调整后预算数",
        "调整后预算",
        "全年(调整)预算数",
        "全年调整预算数",
        "调整预算数",
    ),
    "actual": ("全年执行数", "预算执行数", "全年实际执行数", "实际执行数"),
    "weight": ("分值", "权重", "执行率权重"),
    "exec_rate": ("执行率", "预算执行率"),
    "score": ("得分", "执行率得分"),
    "reason": ("原因", "偏差原因", "执行率偏低原因", "原因说明", "偏差原因分析"),
}
INDICATOR_HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标",),
    "nature": ("指标性质",),
    "operator": ("计算符号", "指标方向"),
    "target": ("年度指标值", "指标值", "年初指标值", "目标值", "年度目标值"),
    "target_adjusted": ("调整指标值", "调整后指标值"),
    "unit": ("计量单位", "度量单位"),
    "actual": ("实际完成值", "完成值", "全年完成值", "全年实际值", "实际值"),
    "coefficient": ("得分系数",),
    "weight": ("分值", "权重", "指标权重", "参考分值"),
    "score": ("得分", "指标得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "未完成原因分析",
        "未完成原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因和改进措施",
    ),
    "core": ("是否核心指标",),
}
#: Label → the value beside (or below) it.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称",),
    "department": ("主管部门", "主管部门及代码", "主管单位"),
    "implementer": ("实施单位", "项目实施单位"),
    "goal": ("预期目标", "项目年度目标", "年初设定目标"),
    "outcome": ("实际完成情况", "年度目标完成情况", "全年实际完成情况", "目标实际完成情况"),
    "conclusion": ("评价结论", "自评结论"),
    "grade": ("自评等级", "评价等级", "等级"),
    "problems": ("存在问题", "存在的问题", "主要问题"),
    "measures": ("改进措施", "改进意见", "下一步改进措施"),
}
#: The 项目资金 block's total row, and the closing row that holds the weights' total and 总分.
FUND_TOTAL_LABELS = ("年度资金总额", "总额", "资金总额", "合计")
FORM_TOTAL_LABELS = ("总分", "合计", "总计", "自评总分")
#: Rows that end the 绩效指标 block (besides the total row).
CLOSING_LABELS = (
    "评价结论",
    "自评结论",
    "自评等级",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填表人",
    "填报人",
    "备注",
)
#: How an anchor is named when a form lacks it (FORM_UNRECOGNIZED).
ANCHORS = {
    "project": "项目名称",
    "funds": "项目资金（全年预算数、全年执行数）",
    "fund_total": "年度资金总额",
    "indicators": "绩效指标（三级指标、分值、得分）",
}

#: 一级指标 as other layouts print them → the dimension a profile requires.
LEVEL1_ALIASES = {
    "产出": "产出指标",
    "项目产出": "产出指标",
    "效益": "效益指标",
    "项目效益": "效益指标",
    "满意度": "满意度指标",
    "服务对象满意度": "满意度指标",
    "服务对象满意度指标": "满意度指标",
}
#: 指标性质 values that say the kind of indicator, not its operator (重庆).
KINDS = ("定量", "定性")

#: Text the form itself prints as an instruction: a cell holding only this is empty. Compared
#: after `form_label`, by containment, since people type their answer after it.
INSTRUCTIONS = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.",
    "对照年度目标,说明相关任务目标的完成情况(100字以内)",
    "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)",
    "结合自评情况,分析存在的问题及原因。(200字以内)",
    "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)",
)
#: A bracketed note holding one of these is an instruction too: （执行率低于90%的须说明原因，100字以内）.
INSTRUCTION_HINTS = (
    "字以内",
    "须说明",
    "需说明",
    "应说明",
    "请说明",
    "请填写",
    "说明原因",
    "不超过",
)
#: Unused template rows: 指标1：, 指标2, ……, … (after `form_label`).
PLACEHOLDER = re.compile(r"^(?:指标\d*[:.、]?|\.{2,}|…+|—+|-+)$")
#: A 三级指标's numbering: 指标1：工程完工率, 指标1工程完工率 (the number glued on).
INDEX_PREFIX = re.compile(r"^指标\d+[:.、]?")
#: System codes before names: 51092324T000010263357-项目, 219-部门, 219001-单位.
CODE_PREFIX = re.compile(r"^[0-9A-Za-z]*\d[0-9A-Za-z]*\s*[-－—_]+\s*")
#: Endings 一体化 adds to a 主管部门 (大英县司法局部门, 青神县发展和改革局本级).
ORG_SUFFIXES = ("部门", "本级")


@dataclass(frozen=True)
class Family:
    """A layout family: how a message names it (never with the form's own title, so that a
    summary quoting it is not taken for a form), and labels that mark it (any one will do).
    What is checked never depends on the family, only on which columns the form has."""

    name: str
    title: str
    markers: tuple[str, ...]


FAMILIES = (
    Family(
        "四川",
        "四川省预算管理一体化格式（报表 510000_0013zp）",
        ("510000_0013zp", "预算执行情况", "度量单位"),
    ),
    Family("重庆", "重庆市格式（得分系数）", ("得分系数", "执行率权重", "是否核心指标")),
    Family("10号", "全国格式（财预〔2020〕10号 附件1）", ()),
)

_WEIGHT = re.compile(r"\((\d+(?:\.\d+)?)分\)")
_SUFFIX = re.compile(r"\([^()]*\)$")
_NUMBERING = re.compile(r"^(?:\d+[.、]|[一二三四五六七八九十]+、)")


def form_label(text: object) -> str:
    """A label as compared: NFKC (full-width brackets, colons and digits folded), no whitespace
    (labels break inside their cells), no trailing colon, no printed weight `(50分)`, no trailing
    bracketed note such as (万元), (A), (B/A), (盖章), (%), no leading numbering (1.)."""
    if text is None:
        return ""
    s = "".join(unicodedata.normalize("NFKC", str(text)).split())
    s = _WEIGHT.sub("", s).rstrip(":")
    while True:
        stripped = _SUFFIX.sub("", s).rstrip(":")
        if stripped == s or not stripped:
            break
        s = stripped
    return _NUMBERING.sub("", s)


def printed_weight(text: object) -> float | None:
    """The weight a label prints: 产出指标(50分) → 50, 预算执行情况（10分） → 10."""
    m = _WEIGHT.search("".join(unicodedata.normalize("NFKC", str(text or "")).split()))
    return float(m.group(1)) if m else None


def aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Printed label (as `form_label` leaves it) → key."""
    return {form_label(label): key for key, labels in table.items() for label in labels}


def project_key(name: str) -> str:
    """A project name as compared across documents: without its system code, NFKC, no spaces,
    case-folded (51092324T000010263357-2023年全县安可替代补助资金项目 = 2023年 全县安可替代补助资金项目)."""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    return CODE_PREFIX.sub("", text).casefold()


def organisation_key(name: str) -> str:
    """A department or unit name as compared: without its code and the 部门 / 本级 一体化 adds."""
    key = project_key(name)
    for suffix in ORG_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key
