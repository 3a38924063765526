"""Changes over the year and rates of change (narrative.md "What is checked", 1): `比上年减少 c` and
`下降 r%` belong to the amount before them in their sentence (or, when their sentence has none, to
the one amount of the paragraph with the same subject); last year = current − change, or as stated
(`较2024年的2190万元`, `较上年2.08`). A change after a list's last part may be the part's or the
total's: it is checked when one reading holds or there is only one, declined otherwise.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .binding import current_for_rate, currents, scale, with_total
from .figures import Figure, ParagraphFigures
from .judge import OK, Span, judge_amount, judge_percent, operand, over_box, precision
from .lists import PartList, compatible
from .relation import Declined, Relation, shown
from .statements import year_basis
from .wording import Wording


def changes(
    pf: ParagraphFigures, words: Wording, lists: list[PartList]
) -> tuple[list[Relation], list[Declined]]:
    found: list[Relation] = []
    declined: list[Declined] = []
    for c in pf.figures:
        tries: list[Relation] = []
        if c.measure == "change":
            for current in currents(pf, c, lists):
                prior = _prior(pf, current, c)
                rel = _change_relation(c, current, prior) if prior is not None else None
                if rel is not None:
                    tries.append(rel)
        elif c.measure == "change_rate" and "against_budget" not in c.roles:
            for rel_or_why in _rates_of_change(pf, c, words, lists):
                if isinstance(rel_or_why, Relation):
                    tries.append(rel_or_why)
                elif rel_or_why:
                    declined.append(Declined("change_rate", (c,), rel_or_why))
        _one_of(tries, found, declined)
    return found, declined


def _one_of(tries: list[Relation], found: list[Relation], declined: list[Declined]) -> None:
    """The reading that holds; the only reading; or, when several fail, none (declined)."""
    good = [r for r in tries if r.verdict.status == OK]
    if good:
        found.append(good[0])
    elif len(tries) == 1:
        found.append(tries[0])
    elif tries:
        figs = tuple({id(f): f for r in tries for f in r.figures}.values())
        declined.append(Declined(tries[0].kind, figs, "不能确定是哪一个数字的增减"))


_BARE_PRIOR = re.compile(
    r"(?:比|较)(?:上年|上年度|去年|\d{4}年度?)(?:同期)?的?\s*(\d+(?:\.\d+)?)(?!\d)"
)


def _prior(pf: ParagraphFigures, current: Figure, upto: Figure) -> tuple[Decimal, int] | None:
    """Last year's figure stated inline between the current amount and the change (in 元 for
    money), with its decimals: 较2024年的2190万元, 较上年2.08 (in the current amount's unit)."""
    start = max(current.to, pf.sentence_span(upto)[0])
    between = [f for f in pf.figures if start <= f.at and f.to <= upto.at]
    stated = [f for f in between if f.measure == "prior" and compatible(f, current)]
    if len(stated) == 1:
        return stated[0].in_yuan, stated[0].decimals
    m = _BARE_PRIOR.search(pf.text, start, upto.at)
    if m and not [f for f in between if f.measure != "change"]:
        value = Decimal(m.group(1))
        return value * scale(current), len(m.group(1).partition(".")[2])
    return None


def _change_relation(c: Figure, current: Figure, prior: tuple[Decimal, int]) -> Relation | None:
    value, decimals = prior
    digits = max(precision([current, c]), decimals)
    cur = operand(current, decimals=digits)
    if cur is None or operand(c) is None:
        return None
    half = Decimal(1).scaleb(-digits) / 2 * scale(c)
    point = current.in_yuan - value
    possible = Span(cur.lo - value - half, cur.hi - value + half)
    signed = c.in_yuan * c.direction
    verdict = judge_amount(c, point, possible, signed, digits)
    formula = f"{shown(current)} − {shown(c, value)}"
    return Relation("change", c, (current,), verdict, formula, "增减额")


def _rates_of_change(
    pf: ParagraphFigures, r: Figure, words: Wording, lists: list[PartList]
) -> list[Relation | str]:
    sentence = [f for f in pf.figures if f.sentence == r.sentence and f.to <= r.at]
    changes_before = [f for f in sentence if f.measure in ("change", "change_other")]
    c = changes_before[-1] if changes_before else None
    if c is not None and c.measure != "change":
        return []
    if c is not None and c.direction and c.direction != r.direction:
        return ["增减额与增减率的方向相反"]
    if c is None and not year_basis(pf.text[pf.sentence_span(r)[0] : r.at], words):
        return []
    if c is not None:
        owners = currents(pf, c, lists)
    else:
        nearest = current_for_rate(pf, r)
        owners = with_total(pf, nearest, lists) if nearest is not None else []
    return [_rate_of_change(pf, r, c, current) for current in owners]


def _rate_of_change(
    pf: ParagraphFigures, r: Figure, c: Figure | None, current: Figure
) -> Relation | str:
    anchor = c if c is not None else r
    if current.family not in ("money", "count"):
        return ""
    prior = _prior(pf, current, anchor)
    digits = max(precision([current] if c is None else [current, c]), prior[1] if prior else 0)
    cur = operand(current, decimals=digits)
    if cur is None:
        return ""
    if prior is not None:
        value, _ = prior
        half = Decimal(1).scaleb(-digits) / 2 * scale(current)
        old = Span(value - half, value + half)
        point_prior = value
        formula = f"({shown(current)} − {shown(current, value)}) ÷ {shown(current, value)}"
    elif c is not None:
        ch = operand(c, decimals=digits)
        if ch is None:
            return ""
        signed = c.direction or 1
        point_prior = current.in_yuan - signed * c.in_yuan
        lo, hi = (ch.lo, ch.hi) if signed > 0 else (-ch.hi, -ch.lo)
        old = Span(cur.lo - hi, cur.hi - lo)
        formula = f"{shown(c)} ÷ {shown(current, point_prior)}"
    else:
        return ""
    if point_prior <= 0 or old.lo <= 0:
        return "上年数为零或负数"
    point = abs(current.in_yuan - point_prior) * 100 / point_prior
    possible = over_box(lambda a, b: abs(a - b) * 100 / b, [cur, old])
    verdict = judge_percent(r, point, possible if not _crosses(cur, old) else None)
    operands = (current,) if c is None else (current, c)
    return Relation("change_rate", r, operands, verdict, formula, "增减率")


def _crosses(a: Span, b: Span) -> bool:
    return a.overlaps(b)
