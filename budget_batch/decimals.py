"""Decimal arithmetic the checks compare with, and figures as messages show them.

Floats read from a workbook are taken as the decimal a person typed (`repr` round-trips), so
99.09 stays 99.09 and sums do not pick up binary noise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from itertools import repeat
from operator import mul, sub

MAX_SHOWN_DECIMALS = 6


def decimals_of(value: float | Decimal | str) -> int:
    """Number of decimals a value shows: 99.09 → 2, 7 → 0, 1e-05 → 5 (capped).

    A Decimal keeps the decimals it was written with (Decimal('5.00') → 2)."""
    if type(value) is float:
        text = repr(value)
        if "e" not in text and "n" not in text:  # plain notation: count what follows the point
            decimals = len(text.partition(".")[2].rstrip("0"))
            return min(decimals, MAX_SHOWN_DECIMALS)
    d = value if isinstance(value, Decimal) else Decimal(str(value)).normalize()
    exp = d.as_tuple().exponent
    assert isinstance(exp, int)
    return min(max(-exp, 0), MAX_SHOWN_DECIMALS)


def to_decimal(value: float | int | Decimal) -> Decimal:
    """A float as the decimal a person typed (repr round-trips), not its binary expansion."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _quantize(value: Decimal, decimals: int, rounding: str) -> Decimal:
    # A context wide enough for the value: 1e308 quantized to cents needs 311 digits.
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + decimals + 3)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return _quantize(value, decimals, ROUND_HALF_UP)


def truncate(value: Decimal, decimals: int) -> Decimal:
    return _quantize(value, decimals, ROUND_DOWN)


def percent_of(part: float, whole: float) -> Decimal | None:
    """part / whole × 100 as an exact-enough Decimal; None when whole is 0."""
    w = to_decimal(whole)
    if w == 0:
        return None
    return to_decimal(part) * 100 / w


def exact_sum(values: Iterable[float | None]) -> Decimal:
    """Σ of figures as typed (empty counts as 0), exactly for up to six decimals. Figures with
    at most two decimals — almost all money — are summed as integer cents, which is exact and
    forty times faster than Decimal; any other figure is added as a Decimal."""
    figures = values if isinstance(values, list) else list(values)
    whole = _all_cents(figures)
    if whole is not None:
        return Decimal(whole).scaleb(-2) + Decimal(0)
    cents = 0
    rest = Decimal(0)
    for v in figures:
        if v is None:
            continue
        # Below 1e9, two ulps of the scaled float stay under the smallest fraction of a cent a
        # figure with up to six decimals can have (0.0001), so the test cannot mistake one.
        if -1e9 < v < 1e9:
            scaled = v * 100
            whole = round(scaled)
            if abs(scaled - whole) <= 1e-9 + abs(scaled) * 4e-16:
                cents += whole
                continue
        rest += to_decimal(v)
    return Decimal(cents).scaleb(-2) + rest


def _all_cents(values: list[float | None]) -> int | None:
    """Σ in cents when every figure passes `exact_sum`'s test for whole cents by a margin (the
    sum of a 100,000-row column in C loops); None: let the loop decide figure by figure."""
    figures = [v for v in values if v is not None]
    if not figures:
        return 0
    if not -1e9 < min(figures) <= max(figures) < 1e9 or not math.isfinite(math.fsum(figures)):
        return None
    scaled = list(map(mul, figures, repeat(100)))
    cents: list[int] = list(map(round, scaled))
    if max(map(abs, map(sub, scaled, cents))) > 1e-9:  # the test's bound at its strictest
        return None
    return sum(cents)


MINUS = "\u2212"  # a minus sign, not a hyphen: "−18.93"


def fmt(value: float | Decimal | None, decimals: int | None = None) -> str:
    """A figure as a person reads it: no float noise, no trailing zeros unless asked."""
    if value is None:
        return "（空）"
    d = to_decimal(value) if not isinstance(value, Decimal) else value
    if decimals is not None:
        d = round_half_up(d, decimals)
        text = f"{d:.{decimals}f}"
    else:
        d = round_half_up(d, MAX_SHOWN_DECIMALS).normalize()
        text = format(d, "f")
    return _signed(text)


def amount(value: float | Decimal | None) -> str:
    """Money as messages show it: two decimals, thousands separators (5,480.20; −18.93)."""
    if value is None:
        return "（空）"
    d = round_half_up(to_decimal(value) if not isinstance(value, Decimal) else value, 2)
    return _signed(f"{d:,.2f}")


def count(value: float | Decimal | None) -> str:
    """A count (people, items, cases): an integer with thousands separators (2,381); a
    fractional count keeps its decimals."""
    if value is None:
        return "（空）"
    d = to_decimal(value) if not isinstance(value, Decimal) else value
    if d == d.to_integral_value():
        return _signed(f"{int(d):,}")
    d = round_half_up(d, MAX_SHOWN_DECIMALS).normalize()
    whole, _, frac = format(d, "f").partition(".")
    return _signed(f"{int(whole):,}.{frac}" if whole.lstrip("-").isdigit() else format(d, "f"))


def joined(values: list[float | None], form: Callable[[float | Decimal | None], str]) -> str:
    """A sum as a message writes it: 233.36 − 18.93 + 5.00, an empty part as 0."""
    text = ""
    for i, v in enumerate(values):
        number = 0.0 if v is None else v
        shown = form(abs(number)) if i else form(number)
        text += shown if i == 0 else (f" − {shown}" if number < 0 else f" + {shown}")
    return text


def _signed(text: str) -> str:
    """A minus sign for a negative figure; none for a zero that rounding made negative."""
    if not text.startswith("-"):
        return text
    body = text[1:]
    return body if set(body) <= set("0.,") else MINUS + body
