"""Confront the figures with their relations and report the causes, not the consequences.

Relations within their tolerance say so (ROUNDING_DIFF, a one-unit rounding warning). The
failing ones go to the localizer: a cell it can blame gets one error, naming every relation it
breaks and the value that satisfies them all (with a typing slip when one fits); the relations
it explains raise nothing on the correct cells. When nobody can be blamed, each failing
relation is reported at its own cell, naming the candidates and advising no value computed from
a figure in doubt.
"""

from __future__ import annotations

from decimal import Decimal

from ..decimals import amount, count, fmt, round_half_up
from ..findings import Finding
from .localizer import Outcome, localize, slip_kind
from .relations import (
    CellId,
    Form,
    Interval,
    Linear,
    Ratio,
    Ref,
    Relation,
    State,
    candidates_text,
    dec,
)
from .stated_percent import places_of
from .typing_slips import typing_slip

#: When one cell breaks several relations, its finding takes the code of the first of them here.
PRIORITY = (
    "SUM_MISMATCH",
    "PROJECT_TOTAL_MISMATCH",
    "BALANCE_MISMATCH",
    "YOY_AMOUNT_MISMATCH",
    "EXEC_RATE_MISMATCH",
    "YOY_RATE_MISMATCH",
    "SHARE_MISMATCH",
    "SHARE_TOTAL",
)
PERCENT_KEYS = frozenset({"yoy_rate", "share", "exec_rate"})
COUNT_KEYS = {"服务数量": frozenset({"prior", "current"})}


Blamed = dict[CellId, tuple[Ref, Decimal]]


def relation_findings(
    relations: list[Relation], unit: str = "万元"
) -> tuple[list[Finding], Blamed, set[tuple[str, int]]]:
    """The findings of the relations, the blamed cells with the values that fit, and the rows
    (sheet, row) of the cells that may be wrong where nobody could be blamed."""
    findings: list[Finding] = []
    blamed: Blamed = {}
    failing: list[Relation] = []
    for relation in relations:
        state = relation.state()
        if state is State.FAILS:
            failing.append(relation)
        elif state is State.NEAR:
            note = relation.near()
            if note is not None:
                findings.append(note)
    in_doubt: set[tuple[str, int]] = set()
    for outcome in localize(relations, failing, unit):
        findings.extend(_blamed(outcome, unit) if outcome.localized else _unlocalized(outcome))
        for cell, (ref, interval) in outcome.blamed.items():
            blamed[cell] = (ref, interval.best)
        in_doubt.update((ref.row.sheet, ref.row.index) for ref in outcome.candidates)
    return findings, blamed, in_doubt


def _unlocalized(outcome: Outcome) -> list[Finding]:
    """Each failing relation at its own cell, naming the candidates; its inputs are in doubt.
    With no smallest set at all (several figures wrong together), every cell involved is."""
    doubt = frozenset(ref.id for r in outcome.failing for ref in r.refs)
    involved = {ref.id: ref for r in outcome.failing for ref in r.refs}
    tail = candidates_text(outcome.candidates or list(involved.values()))
    found = []
    for relation in outcome.failing:
        f = relation.report(doubt)
        found.append(_with(f, message=f.message + tail))
    return found


def _blamed(outcome: Outcome, unit: str) -> list[Finding]:
    found = []
    for ref, interval in outcome.blamed.values():
        broken = [r for r in outcome.failing if any(x.id == ref.id for x in r.refs)]
        # A cell's own relation first (a 增减额's, a rate's), then by the order of PRIORITY.
        broken.sort(
            key=lambda r: (
                r.anchor.id != ref.id,
                PRIORITY.index(r.code.code) if r.code.code in PRIORITY else 99,
            )
        )
        explains = tuple(
            dict.fromkeys(r.anchor.address for r in outcome.failing if r.anchor.id != ref.id)
        )
        own = broken[0]
        if own.anchor.id == ref.id and ref.derived:
            # A stated 增减额 / rate / share that is wrong: its own message says it all, and the
            # value it advises is computed from figures not in doubt.
            f = own.report(frozenset())
            found.append(
                _with(f, message=f.message + _consequences(ref, broken), explains=explains)
            )
            continue
        found.append(_figure(ref, interval, broken, explains, unit))
    return found


def _figure(
    ref: Ref, interval: Interval, broken: list[Relation], explains: tuple[str, ...], unit: str
) -> Finding:
    """One wrong figure: what it breaks, and the value that satisfies every relation."""
    form = shown_as(ref)
    stated = ref.value
    point = interval.best
    if ref.key in PERCENT_KEYS:
        point = round_half_up(point, places_of(ref.row.at(ref.key)))
    elif not (ref.row.table in COUNT_KEYS and ref.key in COUNT_KEYS[ref.row.table]):
        point = round_half_up(point, 2)
    else:
        point = round_half_up(point, 0) if point == point.to_integral_value() else point
    whats = "、".join(dict.fromkeys(r.what_for(ref) for r in broken))
    several = len(broken) > 1
    slip = typing_slip(dec(stated), point, kind=slip_kind(ref, unit))
    message = (
        f"{ref.name} {form(stated) if stated is not None else '（空）'} 与{whats}{'均' if several else ''}"
        f"不符；按{'这些关系' if several else '该关系'}应为 {form(point)}"
        f"{f'（{slip}）' if slip else ''}。" + _consequences(ref, broken) + "请核对原始资料后改正。"
    )
    return broken[0].code.finding(
        ref.row.sheet,
        ref.row.ref(ref.key),
        message,
        stated=stated,
        computed=float(point),
        explains=explains,
    )


def _consequences(ref: Ref, broken: list[Relation]) -> str:
    others = [r for r in broken if r.anchor.id != ref.id]
    if not others:
        return ""
    cells = "、".join(dict.fromkeys(f"{r.anchor.row.ref(r.anchor.key)}" for r in others))
    return f"改正后，{cells} 处的不一致随之消除。"


def shown_as(ref: Ref) -> Form:
    """How a message writes a value of `ref`'s cell: a rate at its decimals, a count, money."""
    if ref.key in PERCENT_KEYS:
        places = places_of(ref.row.at(ref.key))
        return lambda v: f"{fmt(v, places)}%" if v is not None else "（空）"
    if ref.row.table in COUNT_KEYS and ref.key in COUNT_KEYS[ref.row.table]:
        return count
    return amount


def _with(f: Finding, **changes: object) -> Finding:
    from dataclasses import replace

    return replace(f, **changes)  # type: ignore[arg-type]


__all__ = ["Linear", "Ratio", "relation_findings"]
