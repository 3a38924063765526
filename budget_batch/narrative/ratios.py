"""Shares and rates, each bound to the figures it divides (narrative.md "What is checked", 1).

- A share `占Y的 x%` divides the amount it follows (or the subject before 占) by the one figure of
  the paragraph named Y (through the synonym table); `占 x%` / `占比 x%` without a name divides by
  the total of the 其中 list the amount is a part of; a whole the text names but does not state
  (`…“三公”经费支出决算中，A a，占 x%；…`) by the sum of its parts when its composition is known
  (layouts/narrative.toml). Parallel lists pair one for one (`分别为 a、b、c，占…的 x%、y%、z%`).
- A rate `完成年初预算数 y 万元的 x%` divides the amount before it by y; a named rate (`就业率约为
  68%`) divides the one figure whose subject has the rate's numerator words by the one with its
  denominator words, in its sentence or the one before.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .binding import named, numerator_of, scale
from .figures import Figure, ParagraphFigures
from .judge import judge_percent, operand, precision, ratio, total_of
from .lists import LISTABLE, PartList, compatible
from .relation import Declined, Relation, shown
from .statements import normalise_subject
from .wording import Wording, squash


def shares(
    pf: ParagraphFigures, words: Wording, lists: list[PartList]
) -> tuple[list[Relation], list[Declined]]:
    found: list[Relation] = []
    declined: list[Declined] = []
    figs = pf.figures
    for s in figs:
        if s.measure != "share":
            continue
        num = numerator_of(pf, s, words)
        if num is None:
            continue
        base = _base(pf, s, num, words, lists)
        if isinstance(base, str):
            if base:
                declined.append(Declined("share", (s, num), base))
            continue
        if isinstance(base, tuple):
            rel = _composed_share(s, num, base)
        else:
            rel = _ratio_relation("share", s, num, base, f"占{s.base or '合计'}的比例")
        if rel is not None:
            found.append(rel)
    return found, declined


def _base(
    pf: ParagraphFigures, s: Figure, num: Figure, words: Wording, lists: list[PartList]
) -> Figure | tuple[Figure, ...] | str:
    """The figure a share is of; or the parts of a whole the text names but does not state (its
    composition, as data); or why there is none to be had ("" when nothing was named)."""
    others = [f for f in pf.figures if f is not num and compatible(f, num)]
    if s.base:
        core, qualifier, canonical = normalise_subject(s.base, words)
        hit = named(others, core, canonical, qualifier)
        if hit is not None:
            return hit
        return _composed(others, num, canonical, words) or ""
    owner = next((pl for pl in lists if num in pl.parts), None)
    if owner is not None:
        return owner.total if owner.total is not None else "分项所属的合计数不确定"
    whole = _whole_named(pf, s, words)
    return (_composed(others, num, whole, words) or "未写明占比的基数") if whole else ""


def _whole_named(pf: ParagraphFigures, s: Figure, words: Wording) -> str:
    """The whole a sentence opens with, `…“三公”经费财政拨款支出决算中，…` (canonical)."""
    start = pf.period_span(s)[0]
    first = next((f for f in pf.figures if f.at >= start), None)
    head = pf.text[start : first.at if first is not None else s.at]
    m = re.match(r"^([^,，;；。]*)中[,，:：]", head)
    if m is None:
        return ""
    return normalise_subject(squash(m.group(1)), words)[2]


def _composed(
    others: list[Figure], num: Figure, whole: str, words: Wording
) -> tuple[Figure, ...] | None:
    """The parts of `whole` (its composition), one figure each, `num` among them."""
    names = words.compositions.get(whole)
    if not names or num.canonical not in names:
        return None
    parts = []
    for name in names:
        if name == num.canonical:
            parts.append(num)
            continue
        hits = [f for f in others if f.canonical == name and f.measure in LISTABLE]
        if len({f.in_yuan for f in hits}) != 1 or any(
            f.qualifier and num.qualifier and f.qualifier != num.qualifier for f in hits
        ):
            return None
        parts.append(hits[0])
    return tuple(parts)


def _ratio_relation(
    kind: str, stated: Figure, num: Figure, den: Figure, what: str
) -> Relation | None:
    digits = precision([num, den]) if num.unit == den.unit else 0
    n, d = operand(num, decimals=digits), operand(den, decimals=digits)
    if n is None or d is None or den.in_yuan <= 0:
        return None
    point = num.in_yuan * 100 / den.in_yuan
    verdict = judge_percent(stated, point, ratio(n, d))
    formula = f"{shown(num)} ÷ {shown(den, den.in_yuan * scale(num) / scale(den))}"
    return Relation(kind, stated, (num, den), verdict, formula, what)


def _composed_share(s: Figure, num: Figure, parts: tuple[Figure, ...]) -> Relation | None:
    """A share of a whole the text does not state: of the sum of its parts."""
    digits = precision(parts)
    spans = [operand(p, decimals=digits) for p in parts]
    if any(x is None for x in spans):
        return None
    whole = sum((p.in_yuan for p in parts), Decimal(0))
    n = operand(num, decimals=digits)
    if whole <= 0 or n is None:
        return None
    den = total_of([x for x in spans if x is not None])
    verdict = judge_percent(s, num.in_yuan * 100 / whole, ratio(n, den))
    terms = " + ".join(shown(p) for p in parts)
    formula = f"{shown(num)} ÷ ({terms})"
    return Relation("share", s, parts, verdict, formula, f"占{s.base or '合计'}的比例")


def rates(pf: ParagraphFigures, words: Wording) -> tuple[list[Relation], list[Declined]]:
    found: list[Relation] = []
    declined: list[Declined] = []
    figs = pf.figures
    for r in figs:
        if r.measure != "rate":
            continue
        if "inline_base" in r.roles:
            den = figs[r.id - 1]
            num = _amount_before(pf, den)
            if num is not None:
                rel = _ratio_relation("rate", r, num, den, "比率")
                if rel is not None:
                    found.append(rel)
            continue
        named = next((n for n in words.rates if r.base.endswith(n)), None)
        if named is None:
            continue
        num_words, den_words = words.rates[named]
        near = [
            f
            for f in figs
            if f.to <= r.at
            and r.sentence - 1 <= f.sentence <= r.sentence
            and f.family in ("money", "count")
            and f.measure in LISTABLE
        ]
        nums = [f for f in near if any(w in f.subject for w in num_words)]
        dens = [
            f
            for f in near
            if any(w in f.subject for w in den_words) and not any(w in f.subject for w in num_words)
        ]
        if len({n.in_yuan for n in nums}) != 1 or len({d.in_yuan for d in dens}) != 1:
            if nums or dens:
                declined.append(Declined("rate", (r, *nums, *dens), "比率的分子或分母不唯一"))
            continue
        if not compatible(nums[-1], dens[-1]):
            continue
        rel = _ratio_relation("rate", r, nums[-1], dens[-1], r.base)
        if rel is not None:
            found.append(rel)
    return found, declined


def _amount_before(pf: ParagraphFigures, den: Figure) -> Figure | None:
    same = [
        f
        for f in pf.figures
        if f.sentence == den.sentence
        and f.to <= den.at
        and f.measure in LISTABLE
        and compatible(f, den)
        and "inline_denominator" not in f.roles
    ]
    return same[-1] if same else None
