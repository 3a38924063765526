"""Typing slips: what turns the figure that fits into the figure typed (the deductive idea of
Statistics Netherlands' `deductive`): two adjacent digits swapped, one wrong digit, a factor of
10 or 100 (a misplaced point) or 10,000 (元 typed for 万元)."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import round_half_up


def typing_slip(
    stated: Decimal, right: Decimal, strong_only: bool = False, kind: str = "money"
) -> str:
    """A likely typing slip between what was typed and what fits: two adjacent digits
    swapped, one wrong digit, a misplaced point (×10, ×100), and for money 元 typed for 万元
    (`kind` "money" in a 万元 workbook: ×10,000) or 万元 for 元 ("money_yuan": ÷10,000). A rate
    (`kind` "percent") may be a fraction typed for a percentage (÷100).
    `strong_only`: only the slips unlikely by chance (swapped digits, a factor)."""
    if stated == right or right == 0 or stated == 0:
        return ""
    ratio = stated / right
    factors = [
        (Decimal(10), "疑为小数点错位（相差 10 倍）"),
        (Decimal("0.1"), "疑为小数点错位（相差 10 倍）"),
        (Decimal(100), "疑为小数点错位（相差 100 倍）"),
        (Decimal("0.01"), "疑为小数点错位（相差 100 倍）"),
    ]
    if kind == "money":
        factors.insert(0, (Decimal(10000), "疑为按“元”填写（万元与元相差 10000 倍）"))
    elif kind == "money_yuan":
        factors.insert(0, (Decimal("0.0001"), "疑为按“万元”填写（元与万元相差 10000 倍）"))
    elif kind == "percent":
        factors[3] = (Decimal("0.01"), "疑为把百分数填成了小数（如 0.96 应为 96）")
    for factor, why in factors:
        if abs(ratio - factor) <= factor * Decimal("0.0001"):
            return why
    a, b = _digits(stated), _digits(right)
    if len(a) != len(b) or a == b:
        return ""
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    ):
        return "疑为相邻数字顺序颠倒"
    if len(diffs) == 1 and not strong_only:  # common by chance: a hint, not evidence
        return "疑为一位数字输错"
    return ""


def _digits(value: Decimal) -> str:
    return format(round_half_up(abs(value), 2), "f").replace(".", "")
