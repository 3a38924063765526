"""The sentences and cells of the report draft, in the seed report's phrasing.

Text copied from the workbook is joined to the draft's own words without doubling them: an item
named “其中：重点人群签约” is not written “其中其中：…”, a problem already numbered “1.” is not
numbered again, a count typed with its unit (“11人”) does not get a second one, an indicator
target that carries its operator (“不低于95%”) does not get another.
"""

from __future__ import annotations

import re

from ...decimals import fmt
from ...layouts import default_layouts
from ...result import IndicatorLine, KeyFigures, Line, Part

MISSING = "【待补充：{}】"
BASIS_WORDS = {"年初预算数": "预算安排", "全年预算数": "全年预算", "全年执行数": "决算"}
#: A leading “其中” (its colon too), as in an item named “其中：重点人群签约”.
_WHEREOF = re.compile(r"^其中\s*[:：]?\s*")
#: A leading list number a person typed: “1.”, “1、”, “（1）”, “一、”, “(一)”.
_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[\d一二三四五六七八九十]+\s*[)）]|[\d一二三四五六七八九十]+\s*[.、．)）])\s*"
)


def amount(value: float | None, unit: str) -> str:
    return f"{fmt(value, 2)}{unit}" if value is not None else MISSING.format("金额")


def unnumbered(text: str) -> str:
    """A problem or measure without the number the user gave it (the draft numbers them)."""
    return _NUMBERING.sub("", text, count=1)


def count_of(value: str, unit: str) -> str:
    """'11' or '11人' → '11 人': the unit once."""
    value = value.strip()
    return f"{value.removesuffix(unit).strip()} {unit}"


def change(line: Line, what: str, unit: str, basis: str) -> str:
    """'本年收入预算安排 2224.46万元，比上年度减少 178.52 万元，减少了 7.43%' — the seed's phrasing."""
    head = f"本年{what}{BASIS_WORDS.get(basis, '')} {amount(line.current, unit)}"
    if line.prior is None or line.change is None:
        return head + f"（{MISSING.format('上年数')}）"
    if line.change == 0:
        return head + "，与上年度持平"
    word = "增加" if line.change > 0 else "减少"
    rate = (
        f"，{'增长' if line.change > 0 else '减少'}了 {fmt(abs(line.change_rate), 2)}%"
        if line.change_rate is not None
        else ""
    )
    return head + f"，比上年度{word} {fmt(abs(line.change), 2)}{unit}{rate}"


def structure(parts: list[Part], total: str, unit: str) -> str:
    return "，".join(
        f"{p.name} {fmt(p.amount, 2)}{unit}，占{total}的 {fmt(p.share, 2)}%"
        if p.share is not None
        else f"{p.name} {fmt(p.amount, 2)}{unit}"
        for p in parts
    )


def services(figures: KeyFigures) -> list[str]:
    """One sentence per top-level 服务数量 item, its parts as one 其中 clause."""
    lines = figures.services
    sentences = []
    for top in [s for s in lines if "." not in s.code]:
        children = [s for s in lines if s.code.rpartition(".")[0] == top.code]
        text = f"{top.item} {fmt(top.current)}{top.unit}" if top.current is not None else top.item
        parts = "、".join(
            f"{_WHEREOF.sub('', c.item)} {fmt(c.current)}{c.unit}"
            for c in children
            if c.current is not None
        )
        if parts:
            text += f"，其中{parts}"
        sentences.append(text.rstrip("；;。，,"))
    return sentences


def _has_operator(text: str) -> bool:
    text = text.strip()
    return (
        text[:1] in "≥≤=<>＜＞"
        or any(text.startswith(word) for word, _ in default_layouts().prefix_operators)
        or any(text.endswith(word) for word, _ in default_layouts().suffix_operators)
    )


def _with_unit(text: str, unit: str) -> str:
    """A number gets its unit (“52000” → “52000人”); a text, a percentage or a value that already
    ends with the unit is left alone."""
    text = text.strip()
    if not unit or not text or text.endswith(unit) or not text[-1].isdigit():
        return text
    return text + unit


def target(line: IndicatorLine) -> str:
    """指标值 as the reader needs it: operator, value and unit (“≥52000人”, “≥100%”, “达成”)."""
    text = _with_unit(line.target, line.unit)
    if line.operator in ("≥", "≤", "=") and text and not _has_operator(text):
        return line.operator + text
    return text


def actual(line: IndicatorLine) -> str:
    """实际完成值 with its unit; for 预算执行率 left empty, the rate computed from 收支情况."""
    if line.computed_actual is not None:
        return f"{fmt(line.computed_actual, 2)}%"
    return _with_unit(line.actual, line.unit)


def running_costs(f: KeyFigures) -> str:
    """运行成本, in the seed's words (“本部门公用经费、“三公经费”控制情况良好，全年实际支出数小于预算
    安排数”), with the figures of 收支情况 2.1.2 and 5–5.3 instead of the judgement."""
    unit = f.unit
    if not f.sangong or f.sangong[0].code != "5":
        return "运行成本：" + MISSING.format("“三公”经费（收支情况 5、5.1–5.3 行）")
    total, parts = f.sangong[0], f.sangong[1:]
    sentences = []
    if f.office is not None and f.office.actual is not None:
        sentences.append(f"本部门{f.office.name}{_spent(f.office, unit)}")
    text = f"{total.name}{_spent(total, unit)}"
    shown = [p for p in parts if p.actual is not None and p.code.count(".") == 1]
    if shown:
        text += "（" + "，".join(_part(p, parts, unit) for p in shown) + "）"
    if total.change is not None and total.prior is not None:
        if total.change == 0:
            text += "，与上年度持平"
        else:
            word = "增加" if total.change > 0 else "减少"
            rate = (
                f"，{'增长' if total.change > 0 else '下降'} {fmt(abs(total.change_rate), 2)}%"
                if total.change_rate is not None
                else ""
            )
            text += f"，比上年度{word} {fmt(abs(total.change), 2)}{unit}{rate}"
    sentences.append(text)
    return "运行成本：" + "；".join(sentences) + "。" + _verdict([f.office, total], unit) + "。"


def _verdict(lines: list[Line | None], unit: str) -> str:
    """Spent against budget: '公用经费、“三公”经费全年实际支出数小于预算安排数', or what exceeded."""
    costed = [(x.name, x.actual, x.budget) for x in lines if x is not None and x.actual is not None]
    names = "、".join(name for name, _, _ in costed)
    over = [
        f"{name}全年实际支出数超出预算安排数 {fmt(spent - budget, 2)}{unit}"
        + MISSING.format("超支原因")
        for name, spent, budget in costed
        if spent is not None and budget is not None and spent > budget
    ]
    if over:
        return "；".join(over)
    if any(budget is None for _, _, budget in costed):
        return MISSING.format(f"{names}的全年预算数")
    below = all(
        spent < budget for _, spent, budget in costed if spent is not None and budget is not None
    )
    return f"{names}全年实际支出数{'小于' if below else '未超过'}预算安排数"


def _spent(line: Line, unit: str) -> str:
    budget = f"全年预算 {fmt(line.budget, 2)}{unit}，" if line.budget is not None else ""
    return f"{budget}实际支出 {fmt(line.actual, 2)}{unit}"


def _part(part: Line, parts: list[Line], unit: str) -> str:
    """'公务用车购置及运行费 3.50万元（其中公务用车购置费 0.00万元、…）'."""
    text = f"{part.name} {fmt(part.actual, 2)}{unit}"
    children = [c for c in parts if c.code.startswith(part.code + ".") and c.actual is not None]
    if children:
        text += "，其中" + "、".join(
            f"{_WHEREOF.sub('', c.name)} {fmt(c.actual, 2)}{unit}" for c in children
        )
    return text
