"""Shares, changes and rates: each bound to the figures it is computed from, when the text leaves
one way to bind it (narrative.md "What is checked", 1).

- A share `占Y的 x%` divides the amount it follows (or the subject before 占) by the one figure of
  the paragraph named Y (through the synonym table); `占 x%` / `占比 x%` without a name divides by
  the total of the 其中 list the amount is a part of. Parallel lists pair one for one
  (`分别为 a、b、c，占…的 x%、y%、z%`).
- A change `比上年减少 c` and a rate of change `下降 r%` belong to the amount before them in their
  sentence (or, when their sentence has none, to the one amount of the paragraph with the same
  subject); last year = current − change, or as stated (`较2024年的2190万元`, `较上年2.08`).
- A rate `完成年初预算数 y 万元的 x%` divides the amount before it by y; a named rate (`就业率约为
  68%`) divides the one figure whose subject has the rate's numerator words by the one with its
  denominator words, in its sentence or the one before.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .figures import Figure, ParagraphFigures
from .judge import (
    OK,
    Span,
    judge_amount,
    judge_percent,
    operand,
    over_box,
    precision,
    ratio,
    total_of,
)
from .lists import LISTABLE, PartList, compatible
from .relation import Declined, Relation, shown
from .statements import normalise_subject, year_basis
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
        num = _numerator(pf, s, words)
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


def _numerator(pf: ParagraphFigures, s: Figure, words: Wording) -> Figure | None:
    before = [f for f in pf.figures if f.to <= s.at]
    if s.core:  # 非税收入占一般公共预算地方收入的26.01%
        named = _named(before, s.core, s.canonical, s.qualifier)
        return named if isinstance(named, Figure) else None
    if "listed" in s.roles or _starts_list(pf, s):
        return _paired(pf, s)
    same = [f for f in before if f.sentence == s.sentence]
    for f in reversed(same):
        if f.family == "percent":
            continue
        if f.measure in LISTABLE and "inline_denominator" not in f.roles:
            return f
        return None
    return None


def _starts_list(pf: ParagraphFigures, s: Figure) -> bool:
    after = [f for f in pf.figures if f.id > s.id]
    return bool(after) and after[0].family == "percent" and "listed" in after[0].roles


def _paired(pf: ParagraphFigures, s: Figure) -> Figure | None:
    """The k-th amount of the run of amounts before the run of shares `s` is the k-th of."""
    figs = pf.figures
    first = s.id
    while first > 0 and "listed" in figs[first].roles and figs[first - 1].family == "percent":
        first -= 1
    last = first
    while last + 1 < len(figs) and "listed" in figs[last + 1].roles:
        last += 1
    n = last - first + 1
    amounts = figs[max(0, first - n) : first]
    if len(amounts) != n or any(a.measure not in LISTABLE for a in amounts):
        return None
    if any("listed" not in a.roles for a in amounts[1:]) or amounts[-1].sentence != s.sentence:
        return None
    return amounts[s.id - first]


def _named(figs: list[Figure], core: str, canonical: str, qualifier: str) -> Figure | str | None:
    """The one figure (by value) among `figs` with this subject; a reason when several values
    answer to it; None when none does."""
    hits = [
        f
        for f in figs
        if f.measure in LISTABLE
        and ((canonical and f.canonical == canonical) or (core and f.core == core))
        and (not qualifier or not f.qualifier or f.qualifier == qualifier)
    ]
    values = {f.in_yuan for f in hits}
    if len(values) == 1:
        return hits[-1]
    return "同名的数字不止一个" if hits else None


def _base(
    pf: ParagraphFigures, s: Figure, num: Figure, words: Wording, lists: list[PartList]
) -> Figure | tuple[Figure, ...] | str:
    """The figure a share is of; or the parts of a whole the text names but does not state (its
    composition, as data); or why there is none to be had ("" when nothing was named)."""
    others = [f for f in pf.figures if f is not num and compatible(f, num)]
    if s.base:
        core, qualifier, canonical = normalise_subject(s.base, words)
        named = _named(others, core, canonical, qualifier)
        if isinstance(named, Figure):
            return named
        if named:
            return named
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
    formula = f"{shown(num)} ÷ {shown(den, den.in_yuan * _scale(num) / _scale(den))}"
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


def _scale(fig: Figure) -> Decimal:
    return fig.in_yuan / fig.value if fig.value else Decimal(1)


def changes(
    pf: ParagraphFigures, words: Wording, lists: list[PartList]
) -> tuple[list[Relation], list[Declined]]:
    found: list[Relation] = []
    declined: list[Declined] = []
    for c in pf.figures:
        tries: list[Relation] = []
        if c.measure == "change":
            for current in _currents(pf, c, lists):
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


def _currents(pf: ParagraphFigures, c: Figure, lists: list[PartList]) -> list[Figure]:
    """The amounts a change may be of: the nearest amount before it in its sentence — and, when
    that is the last part of a list, the list's total too —, else the one amount of the paragraph
    with its subject."""
    same = [
        f for f in pf.figures if f.sentence == c.sentence and f.to <= c.at and f.measure in LISTABLE
    ]
    same = [f for f in same if compatible(f, c) and "inline_denominator" not in f.roles]
    if same:
        return _with_total(same[-1], lists)
    if not (c.core or c.canonical):
        return []
    earlier = [f for f in pf.figures if f.to <= c.at and compatible(f, c)]
    named = _named(earlier, c.core, c.canonical, c.qualifier)
    return [named] if isinstance(named, Figure) else []


def _with_total(fig: Figure, lists: list[PartList]) -> list[Figure]:
    """`fig`, and the total of the list it is the last part of (what follows a list's last part
    may be said of the whole list)."""
    out = [fig]
    for pl in lists:
        if pl.parts and pl.parts[-1] is fig:
            if pl.total is None:
                return []  # the list's total is not known: no telling
            out.append(pl.total)
    return out


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
        return value * _scale(current), len(m.group(1).partition(".")[2])
    return None


def _change_relation(c: Figure, current: Figure, prior: tuple[Decimal, int]) -> Relation | None:
    value, decimals = prior
    digits = max(precision([current, c]), decimals)
    cur = operand(current, decimals=digits)
    if cur is None or operand(c) is None:
        return None
    half = Decimal(1).scaleb(-digits) / 2 * _scale(c)
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
        currents = _currents(pf, c, lists)
    else:
        nearest = _current_for_rate(pf, r)
        currents = _with_total(nearest, lists) if nearest is not None else []
    return [_rate_of_change(pf, r, c, current) for current in currents]


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
        half = Decimal(1).scaleb(-digits) / 2 * _scale(current)
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


def _current_for_rate(pf: ParagraphFigures, r: Figure) -> Figure | None:
    same = [
        f for f in pf.figures if f.sentence == r.sentence and f.to <= r.at and f.measure in LISTABLE
    ]
    return same[-1] if same else None


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
