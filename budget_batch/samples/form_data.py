"""The figures of one 项目支出绩效自评表 as `form_writer` lays them out: its money block, its
indicators and its closing rows, in the words the form prints."""

from __future__ import annotations

from dataclasses import dataclass, field

Value = float | int | str | None


@dataclass
class FundLine:
    label: str
    initial: Value = None
    final: Value = None
    actual: Value = None
    weight: Value = None  # 分值 / 权重 (total row only; "/" or "—" on the parts as printed)
    rate: Value = None  # a number is written as a fraction in a 0.00% cell; text as typed
    score: Value = None


@dataclass
class IndicatorLine:
    level1: str
    level2: str
    level3: str
    target: Value
    actual: Value
    weight: Value
    score: Value = None
    deviation: str = ""
    nature: str = ""  # 四川: ≥ ≤ = 定性; 重庆: 定量 / 定性
    unit: str = ""
    target_adjusted: Value = None  # 重庆
    coefficient: Value = None  # 重庆 得分系数(%)
    core: str = ""  # 重庆 是否核心指标


@dataclass
class FormData:
    family: str  # "10号", "四川", "重庆"
    year: int
    project: str
    department: str
    implementer: str
    funds: list[FundLine]  # the first is the total (年度资金总额 / 总额)
    indicators: list[IndicatorLine]
    goal: str = ""
    outcome: str = ""
    content: str = ""  # 四川 2.项目实施内容及过程概述
    reason: str = ""  # 四川 原因 (merged down the money rows)
    total_score: Value = None
    total_weight: Value = 100
    level1_weights: dict[str, float] = field(default_factory=dict)  # printed 产出指标(50分)
    conclusion: str = ""
    problems: str = ""
    measures: str = ""
    grade: str = ""
    note: str = ""  # a line under the form (示例: where the figures come from)
    merge_levels: bool = True  # 一级 / 二级指标 merged down (else printed on their first row)
    placeholders: bool = False  # unused template rows (指标2：, ……) left in
    title: str = ""  # overrides the family's title
