"""Indicator values as people type them: `≥95%`, `不低于95%`, `95%以上`, `2300人`, `达成年度指标`,
`12月底前`.

Decisions (documented in the README):
- An operator inside the value is split out; when it contradicts 计算符号 that is OPERATOR_SUSPECT.
- 定性 words map to 达成 / 部分达成 / 未达成 (达成年度指标, 全部完成 → 达成; 基本达成 → 部分达成 …).
- 时效 targets written as dates (`12月底前`, `12月31日前`, `年底前`, `2023年6月30日`) are compared as
  dates of the year: on or before the target is met (W), later is missed (0). An actual saying
  按时完成 / 已完成 / 是 counts as on time. Any other text target of a ≥ / ≤ / = row is
  TARGET_NOT_QUANTIFIED.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..model import Cell
from .normalize import squeeze

PREFIX_OPERATORS = (
    ("大于等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("至少", "≥"),
    ("≥", "≥"),
    (">=", "≥"),
    ("小于等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("至多", "≤"),
    ("≤", "≤"),
    ("<=", "≤"),
    ("等于", "="),
    ("=", "="),
    (">", "≥"),
    ("<", "≤"),
)
SUFFIX_OPERATORS = (("以上", "≥"), ("及以上", "≥"), ("以下", "≤"), ("及以下", "≤"), ("以内", "≤"))
QUALITY_WORDS = {
    "达成": "达成",
    "达成年度指标": "达成",
    "达成预期": "达成",
    "达成预期指标": "达成",
    "全部达成": "达成",
    "已达成": "达成",
    "完成": "达成",
    "已完成": "达成",
    "全部完成": "达成",
    "好": "达成",
    "部分达成": "部分达成",
    "基本达成": "部分达成",
    "部分完成": "部分达成",
    "基本完成": "部分达成",
    "较好": "部分达成",
    "未达成": "未达成",
    "未完成": "未达成",
    "未达到": "未达成",
    "差": "未达成",
}
ON_TIME = frozenset({"按时完成", "按期完成", "已完成", "完成", "是", "及时", "按时"})
NOT_APPLICABLE = frozenset({"不适用", "N/A", "NA", "n/a", "无", "—", "-", "/"})
_NUMBER = re.compile(r"^(约)?([+-]?\d+(?:\.\d+)?)(%|‰)?([^\d]*)$")
_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末)?(?:前|之前|以前)?(?:完成)?$")
_YEAR_END = re.compile(r"^(?:\d{4}年)?(?:年底|年末|年内|本年度内?)(?:前|之前)?(?:完成)?$")


@dataclass(frozen=True)
class IndicatorValue:
    text: str
    number: Decimal | None = None
    percent: bool = False
    operator: str | None = None  # an operator typed inside the value
    quality: str | None = None  # 达成 / 部分达成 / 未达成
    day: int | None = None  # a date target or actual, as day of the year
    on_time: bool = False  # an actual such as 按时完成
    not_applicable: bool = False

    @property
    def decimals(self) -> int:
        if self.number is None:
            return 0
        exp = self.number.as_tuple().exponent
        return max(-exp, 0) if isinstance(exp, int) else 0


def parse_value(cell: Cell | None) -> IndicatorValue | None:
    """Read an indicator target or actual; None when the cell is empty."""
    if cell is None or (cell.value is None and cell.raw is None):
        return None
    if isinstance(cell.value, float):  # a number cell (percent formats already scaled)
        number = Decimal(repr(cell.value))
        if cell.decimals is not None:
            number = number.quantize(Decimal(1).scaleb(-cell.decimals))
        return IndicatorValue(text=cell.text, number=number, percent="%" in str(cell.raw))
    text = squeeze(str(cell.value if cell.value is not None else cell.raw))
    if not text:
        return None
    if text in NOT_APPLICABLE:
        return IndicatorValue(text=text, not_applicable=True)
    if text in QUALITY_WORDS:
        return IndicatorValue(text=text, quality=QUALITY_WORDS[text], on_time=text in ON_TIME)
    if text in ON_TIME:
        return IndicatorValue(text=text, on_time=True)
    day = _day_of_year(text)
    if day is not None:
        return IndicatorValue(text=text, day=day)
    operator = None
    body = text
    for word, op in PREFIX_OPERATORS:
        if body.startswith(word):
            operator, body = op, body[len(word) :]
            break
    for word, op in SUFFIX_OPERATORS:
        if body.endswith(word):
            operator, body = operator or op, body[: -len(word)]
            break
    m = _NUMBER.match(body)
    if not m:
        return IndicatorValue(text=text, operator=operator)
    try:
        number = Decimal(m.group(2))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return IndicatorValue(text=text, operator=operator)
    if m.group(3) == "‰":
        number = number / 10
    return IndicatorValue(text=text, number=number, percent=bool(m.group(3)), operator=operator)


def _day_of_year(text: str) -> int | None:
    if _YEAR_END.match(text):
        return 366
    m = _DATE.match(text)
    if not m or ("月" in text and not any(w in text for w in ("前", "底", "末", "日", "完成"))):
        return None
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    if m.group(3):
        day = int(m.group(3))
    else:  # 12月 / 12月底: the end of the month
        day = (dt.date(2001 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    try:
        return dt.date(2000, month, day).timetuple().tm_yday  # a leap year: 12月31日 → 366
    except ValueError:
        return None
