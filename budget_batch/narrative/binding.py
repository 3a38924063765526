"""What a share, a change or a rate is about: the figure it is computed from, found by the clause
structure (the amount it follows in its sentence) or by name (the one figure of the paragraph with
that subject); several candidates, and nothing is bound."""

from __future__ import annotations

from decimal import Decimal

from .figures import Figure, ParagraphFigures
from .lists import LISTABLE, PartList, compatible
from .wording import Wording


def numerator_of(pf: ParagraphFigures, s: Figure, words: Wording) -> Figure | None:
    before = [f for f in pf.figures if f.to <= s.at]
    if s.core:  # 非税收入占一般公共预算地方收入的26.01%
        hit = named(before, s.core, s.canonical, s.qualifier)
        return hit if isinstance(hit, Figure) else None
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


def named(figs: list[Figure], core: str, canonical: str, qualifier: str) -> Figure | str | None:
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


def currents(pf: ParagraphFigures, c: Figure, lists: list[PartList]) -> list[Figure]:
    """The amounts a change may be of: the nearest amount before it in its sentence — and, when
    that is the last part of a list, the list's total too —, else the one amount of the paragraph
    with its subject."""
    same = [
        f for f in pf.figures if f.sentence == c.sentence and f.to <= c.at and f.measure in LISTABLE
    ]
    same = [f for f in same if compatible(f, c) and "inline_denominator" not in f.roles]
    if same:
        return with_total(pf, same[-1], lists)
    if not (c.core or c.canonical):
        return []
    earlier = [f for f in pf.figures if f.to <= c.at and compatible(f, c)]
    hit = named(earlier, c.core, c.canonical, c.qualifier)
    return [hit] if isinstance(hit, Figure) else []


def with_total(pf: ParagraphFigures, fig: Figure, lists: list[PartList]) -> list[Figure]:
    """`fig`, and the total of the list it is the last part of (what follows a list's last part
    may be said of the whole list) — also of a list of one (`X 万元，其中 A a 万元，比上年…`)."""
    out = [fig]
    for pl in lists:
        if pl.parts and pl.parts[-1] is fig:
            if pl.total is None:
                return []  # the list's total is not known: no telling
            out.append(pl.total)
    if len(out) == 1:
        before = [
            f
            for f in pf.figures
            if f.sentence == fig.sentence and f.to <= fig.at and f.measure in LISTABLE
        ]
        if before and "其中" in pf.text[before[-1].to : fig.at] and compatible(before[-1], fig):
            out.append(before[-1])
    return out


def current_for_rate(pf: ParagraphFigures, r: Figure) -> Figure | None:
    same = [
        f for f in pf.figures if f.sentence == r.sentence and f.to <= r.at and f.measure in LISTABLE
    ]
    return same[-1] if same else None


def scale(fig: Figure) -> Decimal:
    return fig.in_yuan / fig.value if fig.value else Decimal(1)


def statement_subject(
    pf: ParagraphFigures, fig: Figure, words: Wording, lists: list[PartList]
) -> tuple[str, str] | None:
    """(canonical subject, qualifier) of what `fig` states something about: an amount's own; a
    share's numerator's; a change's or a rate of change's amount's — when the text leaves one."""
    owner: Figure | None = None
    if fig.measure == "amount":
        owner = fig
    elif fig.measure == "share":
        owner = numerator_of(pf, fig, words)
    elif fig.measure in ("change", "change_rate"):
        before = [f for f in pf.figures if f.sentence == fig.sentence and f.to <= fig.at]
        changes_before = [f for f in before if f.measure == "change"]
        anchor = fig if fig.measure == "change" or not changes_before else changes_before[-1]
        if anchor.measure == "change":
            owners = currents(pf, anchor, lists)
        else:
            nearest = current_for_rate(pf, fig)
            owners = with_total(pf, nearest, lists) if nearest is not None else []
        owner = owners[0] if len(owners) == 1 else None
    if owner is None or not owner.canonical:
        return None
    return owner.canonical, owner.qualifier
