"""Indicator values as people type them: `≥95%`, `不低于95%`, `95%以上`, `2300人`, `达成年度指标`,
`12月底前`.

Decisions (documented in the README):
- An operator inside the value is split out, in any of its printed forms (≥ ≧ >= 不低于 …, and
  以上 / 以下 after the number: layouts/default.toml `[operators]`); when it contradicts 计算符号
  that is OPERATOR_SUSPECT.
- 定性 words map to 达成 / 部分达成 / 未达成 (达成年度指标, 全部完成 → 达成; 基本达成 → 部分达成 …;
  layouts/default.toml `[qualitative]`).
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

from ..layouts import Layouts, default_layouts
from ..model import Cell
from .normalize import squeeze

_NUMBER = re.compile(r"^(约)?([+-]?\d+(?:\.\d+)?)(%|‰)?([^\d]*)$")
#: A number with thousands separators (30,000, 1,234.5): read without them.
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")
_BY = r"(?:前|之前|以前)?(?:完成)?$"
#: 2024年12月31日, 12月31日, 12月底, 6月, each optionally 前 / 之前 / 完成
_CN_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号]|(底|末))?" + _BY)
#: 2024-12-31, 2024/12/31, 2024.12.31 (a time after a date cell's text is ignored)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\d{1,2}:\d{2}(?::\d{2})?)?" + _BY)
_YEAR_END = re.compile(r"^(?:(\d{4})年)?(?:年底|年末|年内|本年度内?)" + _BY)


@dataclass(frozen=True, order=True)
class Day:
    """A date as people state a deadline: the year may be missing (6月30日前)."""

    month: int
    day: int
    year: int | None = None

    def on_or_before(self, other: Day) -> bool:
        """Compared with full dates when both carry a year, else within the year."""
        if self.year is not None and other.year is not None:
            return (self.year, self.month, self.day) <= (other.year, other.month, other.day)
        return (self.month, self.day) <= (other.month, other.day)

    def __str__(self) -> str:
        return (f"{self.year}年" if self.year else "") + f"{self.month}月{self.day}日"


def _month_end(month: int) -> int:
    return (dt.date(2001 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


@dataclass(frozen=True)
class IndicatorValue:
    text: str
    number: Decimal | None = None
    percent: bool = False
    operator: str | None = None  # an operator typed inside the value
    quality: str | None = None  # 达成 / 部分达成 / 未达成
    day: Day | None = None  # a date target (a deadline) or actual
    on_time: bool = False  # an actual such as 按时完成
    not_applicable: bool = False

    @property
    def decimals(self) -> int:
        if self.number is None:
            return 0
        exp = self.number.as_tuple().exponent
        return max(-exp, 0) if isinstance(exp, int) else 0


def parse_value(cell: Cell | None, layouts: Layouts | None = None) -> IndicatorValue | None:
    """Read an indicator target or actual; None when the cell is empty. `layouts` names the
    operators and qualitative words (the package's own by default)."""
    words = layouts or default_layouts()
    if cell is None or (cell.value is None and cell.raw is None):
        return None
    if isinstance(cell.raw, (dt.date, dt.datetime)):  # a date cell
        d = cell.raw
        return IndicatorValue(
            text=f"{d.year}-{d.month:02d}-{d.day:02d}", day=Day(d.month, d.day, d.year)
        )
    if isinstance(cell.value, float):  # a number cell (percent formats already scaled)
        number = Decimal(repr(cell.value))
        if cell.decimals is not None:
            try:
                number = number.quantize(Decimal(1).scaleb(-cell.decimals))
            except InvalidOperation:  # a figure too large to show its decimals: as stored
                pass
        return IndicatorValue(text=cell.text, number=number, percent="%" in str(cell.raw))
    text = squeeze(str(cell.value if cell.value is not None else cell.raw))
    if not text:
        return None
    if text in words.words("qualitative", "not_applicable"):
        return IndicatorValue(text=text, not_applicable=True)
    on_time = text in words.words("qualitative", "on_time")
    quality = words.qualitative().get(text)
    if quality is not None:
        return IndicatorValue(text=text, quality=quality, on_time=on_time)
    if on_time:
        return IndicatorValue(text=text, on_time=True)
    day = _day_of_year(text)
    if day is not None:
        return IndicatorValue(text=text, day=day)
    operator = None
    body = text
    for word, op in words.prefix_operators:
        if body.startswith(word):
            operator, body = op, body[len(word) :]
            break
    for word, op in words.suffix_operators:
        if body.endswith(word):
            operator, body = operator or op, body[: -len(word)]
            break
    m = _NUMBER.match(_GROUPED.sub(lambda g: g.group(0).replace(",", ""), body))
    if not m:
        return IndicatorValue(text=text, operator=operator)
    try:
        number = Decimal(m.group(2))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return IndicatorValue(text=text, operator=operator)
    if m.group(3) == "‰":
        number = number / 10
    return IndicatorValue(text=text, number=number, percent=bool(m.group(3)), operator=operator)


def _day_of_year(text: str) -> Day | None:
    """A deadline or a date: 年底前, 12月底前, 6月30日前, 2024年12月31日, 2024/12/31."""
    m = _YEAR_END.match(text)
    if m:
        return Day(12, 31, int(m.group(1)) if m.group(1) else None)
    m = _ISO_DATE.match(text)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _CN_DATE.match(text)
    if not m or not (m.group(1) or m.group(3) or m.group(4) or text.endswith(("前", "完成"))):
        return None  # a bare "6月" could be a duration or a count, not a date
    year = int(m.group(1)) if m.group(1) else None
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    return _day(year, month, int(m.group(3)) if m.group(3) else _month_end(month))


def _day(year: int | None, month: int, day: int) -> Day | None:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 is a date
    except ValueError:
        return None
    return Day(month, day, year)
