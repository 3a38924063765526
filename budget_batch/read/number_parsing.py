"""Numbers as real people type them.

Parsing is strict about meaning and lenient about form: `1,234.5`, full-width digits, `68%`,
`12.3万元`, `约68%` and accounting negatives `(12.5)` are read, and the reader reports each
such normalisation as an info finding; anything ambiguous is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..decimals import MAX_SHOWN_DECIMALS, decimals_of, fmt, to_decimal
from .normalize import squeeze

# Units people append to a figure; money units are checked against 金额单位.
MONEY_UNITS = ("万元", "元")
COUNT_UNITS = ("人次", "人", "件", "个", "户", "家", "次", "场", "期", "台", "份", "名", "项", "所")
YEAR_UNITS = ("年",)
SCORE_UNITS = ("分",)
DASHES = frozenset({"-", "—", "－", "/", "／", "——", "–"})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading one cell as a number."""

    value: float | None = None
    decimals: int | None = None  # decimals as typed or stored, for percent comparisons
    note: str | None = None  # how the text was normalised (an info finding)
    error: str | None = None  # why it is not a number (an error finding)


_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def format_decimals(number_format: str | None) -> int | None:
    """Decimals an Excel number format shows ('0.00' → 2, '#,##0' → 0, 'General' → None)."""
    if not number_format or number_format.lower() == "general" or number_format == "@":
        return None
    section = _FORMAT_NOISE.sub("", number_format.split(";")[0])
    m = re.search(r"\.([0#?]+)", section)
    if m:
        return len(m.group(1))
    return 0 if re.search(r"[0#?]", section) else None


def parse_number(
    raw: object,
    *,
    percent: bool = False,
    percent_format: bool = False,
    money_unit: str | None = None,
    integer: bool = False,
    shown_decimals: int | None = None,
    units: tuple[str, ...] = (),
) -> Parsed:
    """Read one cell value as a number.

    `percent` says the column holds percentage points; `percent_format` that the cell's
    number format is a percent format, so a stored fraction 0.6811 means 68.11.
    `shown_decimals` is what the cell's number format displays: a stored 5238 in a `0.00`
    cell is stated as 5238.00. `money_unit` (金额单位) makes an amount column accept 万元/元
    after the figure, and refuse the other one; `units` are the words that may follow the
    figure in other columns (人, 件 for counts; 年 for a year; 分 for a score).
    """
    if raw is None:
        return Parsed()
    if isinstance(raw, bool):
        return Parsed(error=f"“{raw}”是逻辑值，不是数字")
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        return Parsed(
            error=f"单元格是日期/时间（{raw}），不是数字；请把单元格格式改为“数值”后重新填写"
        )
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            return Parsed(error="数值无效（非有限数）")
        if percent and percent_format:
            scaled = to_decimal(raw) * 100
            return _checked(
                float(scaled),
                shown_decimals if shown_decimals is not None else decimals_of(scaled.normalize()),
                f"百分比格式的 {fmt(raw)} 按 {fmt(scaled)}% 读取",
                integer,
            )
        shown = shown_decimals if shown_decimals is not None else decimals_of(raw)
        return _checked(float(raw), shown, None, integer)
    if not isinstance(raw, str):
        return Parsed(error=f"无法识别的值：{raw!r}")
    return _parse_text(raw, percent=percent, money_unit=money_unit, integer=integer, units=units)


def _checked(value: float, decimals: int, note: str | None, integer: bool) -> Parsed:
    if integer and value != int(value):
        return Parsed(error=f"应为整数，填报 {fmt(value)}")
    return Parsed(value=value, decimals=decimals, note=note)


def _parse_text(
    raw: str, *, percent: bool, money_unit: str | None, integer: bool, units: tuple[str, ...]
) -> Parsed:
    original = raw.strip()
    s = squeeze(raw)
    if not s:
        return Parsed()
    if s in DASHES:
        return Parsed(note=f"“{original}”按空白处理")
    changes: list[str] = []
    if unicodedata.normalize("NFKC", original) != original:
        changes.append("全角字符转为半角")
    if re.search(r"\d\s+\d", original):
        changes.append("去掉数字中的空格")
    if s.startswith("约"):
        s = s[1:]
        changes.append("去掉“约”")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        s, negative = s[1:-1], True
        changes.append("括号表示负数")
    is_percent_text = False
    if s.endswith("%"):
        if not percent:
            return Parsed(error=f"“{original}”带百分号，但此列不是百分比列")
        s, is_percent_text = s[:-1], True
    else:
        money = next((u for u in MONEY_UNITS if s.endswith(u)), None)
        if money is not None:
            if money_unit is None:
                return Parsed(error=f"“{original}”带金额单位，但此列不是金额列")
            if money != money_unit:
                return Parsed(
                    error=f"“{original}”的单位为{money}，与基本信息“金额单位”（{money_unit}）不一致；"
                    f"请换算为{money_unit}后只填数字"
                )
            s = s[: -len(money)]
            changes.append(f"去掉单位“{money}”")
        else:
            word = next((u for u in units if s.endswith(u) and len(s) > len(u)), None)
            if word is not None:
                s = s[: -len(word)]
                changes.append(f"去掉单位“{word}”")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
        changes.append("去掉千位分隔符")
    if not _PLAIN.match(s):
        return Parsed(error=f"“{original}”不是可识别的数字")
    try:
        d = Decimal(s)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return Parsed(error=f"“{original}”不是可识别的数字")
    if negative:
        d = -d
    if is_percent_text:
        changes.append("按百分数读取")
    note = f"文本“{original}”按数字 {fmt(d)} 读取（{'，'.join(changes) or '文本格式的数字'}）"
    return _checked(
        float(d), min(max(-int(d.as_tuple().exponent), 0), MAX_SHOWN_DECIMALS), note, integer
    )
