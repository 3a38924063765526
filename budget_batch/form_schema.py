"""The declarative schema of the official 项目支出绩效自评表 (../shared/spec/forms.md).

A sibling of `schema.py`: that one describes our own template, whose sheet names and headers are
fixed; a form is one sheet laid out in labelled blocks (title, 项目名称, the 项目资金 block, the
绩效指标 block, 总分), and each province prints its own labels. The national layout of 财预〔2020〕
10号 附件1 gives the canonical columns (the `TableSpec`s below, which the messages use when a form
prints none); what each layout prints for them is data (layouts/default.toml), so a new layout is
more data, not new code. Here also: how labels are compared (`form_label`), printed weights, and
the keys names are matched by across documents.
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

SCORING = TableSpec(
    name="评分表",
    row_key=("level3", "level2", "level1"),
    note="一级、二级、三级指标，分值，评分标准，得分",
    columns=(
        Column("level1", "一级指标", Kind.TEXT),
        Column("level2", "二级指标", Kind.TEXT),
        Column("level3", "三级指标", Kind.TEXT),
        Column("weight", "分值", Kind.SCORE),
        Column("criteria", "评分标准", Kind.TEXT),
        Column("score", "得分", Kind.SCORE),
    ),
)

FORM_TABLES = (FUNDS, INDICATORS, SCORING)

#: How an anchor is named when a form lacks it (FORM_UNRECOGNIZED).
ANCHORS = {
    "project": "项目名称",
    "funds": "项目资金（全年预算数、全年执行数）",
    "fund_total": "年度资金总额",
    "indicators": "绩效指标（三级指标、分值、得分）",
}

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
    """A layout family, as the 汇总 names it: 四川 or 重庆 by a label that marks it, the national
    form when every column prints the national label, else another layout. Descriptive only:
    what is read and checked never depends on the family, only on the labels found."""

    name: str
    title: str
    markers: tuple[str, ...]


FAMILIES = (
    Family(
        "四川",
        "四川省预算管理一体化格式（报表 510000_0013zp）",
        ("510000_0013zp", "预算执行情况"),
    ),
    Family("重庆", "重庆市格式（得分系数）", ("得分系数", "执行率权重", "是否核心指标")),
    Family("10号", "全国格式（财预〔2020〕10号 附件1）", ()),
)
#: A form in none of the layouts above (read by its labels all the same).
OTHER_FAMILY = Family("其他", "各地格式（按栏目名称读取，见读取说明）", ())

_WEIGHT = re.compile(r"\((\d+(?:\.\d+)?)分\)")
#: A weight written after a label without brackets: 项目决策2分, 产出指标40分.
_WEIGHT_TAIL = re.compile(r"(?<=[^\d.\s])(\d+(?:\.\d+)?)分$")
_SUFFIX = re.compile(r"\([^()]*\)$")
_NUMBERING = re.compile(r"^(?:\d+[.、]|[一二三四五六七八九十]+、)")


def form_label(text: object) -> str:
    """A label as compared: NFKC (full-width brackets, colons and digits folded), no whitespace
    (labels break inside their cells), no trailing colon, no printed weight `(50分)`, no trailing
    bracketed note such as (万元), (A), (B/A), (盖章), (%), no leading numbering (1.)."""
    if text is None:
        return ""
    s = "".join(unicodedata.normalize("NFKC", str(text)).split())
    s = _WEIGHT_TAIL.sub("", _WEIGHT.sub("", s)).rstrip(":")
    while True:
        stripped = _SUFFIX.sub("", s).rstrip(":")
        if stripped == s or not stripped:
            break
        s = stripped
    return _NUMBERING.sub("", s)


def printed_weight(text: object) -> float | None:
    """The weight a label prints: 产出指标(50分) → 50, 预算执行情况（10分） → 10, 项目决策2分 → 2."""
    s = "".join(unicodedata.normalize("NFKC", str(text or "")).split())
    m = _WEIGHT.search(s) or _WEIGHT_TAIL.search(s)
    return float(m.group(1)) if m else None


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
