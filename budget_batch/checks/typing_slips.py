"""Typing slips: what turns the figure that fits into the figure typed (the deductive idea of
Statistics Netherlands' `deductive`): two adjacent digits swapped, one wrong digit, a factor of
10 or 100 (a misplaced point) or 10,000 (元 typed for 万元)."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import round_half_up


def typing_slip(stated: Decimal, right: Decimal, strong_only: bool = False) -> str:
    """A likely typing slip between what was typed and what fits: two adjacent digits
    swapped, one wrong digit, or a factor of 10 / 100 / 10,000 (元 typed for 万元).
    `strong_only`: only the slips unlikely by chance (swapped digits, a factor)."""
    if stated == right or right == 0 or stated == 0:
        return ""
    ratio = stated / right
    for factor, why in (
        (Decimal(10000), "疑为按“元”填写（万元与元相差 10000 倍）"),
        (Decimal("0.0001"), "疑为按“万元”填写（相差 10000 倍）"),
        (Decimal(10), "疑为小数点错位（相差 10 倍）"),
        (Decimal("0.1"), "疑为小数点错位（相差 10 倍）"),
        (Decimal(100), "疑为小数点错位（相差 100 倍）"),
        (Decimal("0.01"), "疑为小数点错位（相差 100 倍）"),
    ):
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
