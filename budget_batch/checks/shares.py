"""占比 checks on 收支情况: each stated share, and the shares of one parent's components.

A share is the row's 全年执行数 over a legitimate total: its top-level row (收入合计, 支出合计)
or its immediate parent. Stated values are compared after rounding the exact share half-up to
the decimals the stated value shows; one unit off in the last decimal is a rounding warning.
When the stated value is reproduced only by a wrong basis, the message says which.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import catalogue as C
from ..code_tree import Code, Tree
from ..decimals import amount, fmt, percent_of, round_half_up, to_decimal
from ..findings import Finding
from ..model import Row, Table, WorkbookModel
from ..settings import Settings
from .check_helpers import header
from .registry import relations
from .relations import CellId, Interval, Ratio, Ref, Relation, State, Values, dec
from .stated_percent import Comparison, compare, places_of, reproduces

UNBOUNDED = Decimal("1e30")
#: The legitimate basis first, then the columns people wrongly use.
BASIS = ("actual", "budget_final", "budget_initial")
WRONG_BASES = ("budget_final", "budget_initial", "prior")


@dataclass(frozen=True)
class Share:
    exact: Decimal
    basis: str  # column key
    part: float
    whole: float
    whole_row: Row


def basis_key(row: Row, whole: Row) -> str | None:
    """The column a share of `row` in `whole` is computed on: 全年执行数 if both have it. None
    when a figure of that column cannot be read (its own finding says so): no fallback to a
    basis the share was never meant for."""
    for key in BASIS:
        if row.unreadable(key) or whole.unreadable(key):
            return None
        if row.num(key) is not None and whole.num(key) is not None:
            return key
    return None


def share(row: Row, whole: Row, key: str | None = None) -> Share | None:
    key = key or basis_key(row, whole)
    if key is None:
        return None
    part, amount = row.num(key), whole.num(key)
    if part is None or amount is None:
        return None
    exact = percent_of(part, amount)
    return Share(exact, key, part, amount, whole) if exact is not None else None


def unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def denominators(tree: Tree, code: Code) -> list[Row]:
    """Top-level row first, then the immediate parent; a top-level row is its own whole."""
    rows: list[Row] = []
    for candidate in (code[:1], code[:-1]) if len(code) > 1 else (code,):
        node = tree.nodes.get(candidate)
        if node is not None and node not in rows:
            rows.append(node)
    return rows


@relations(C.SHARE_MISMATCH, on=WorkbookModel)
def stated_shares(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """Each stated 占比 equals the computed share on a legitimate basis: the top-level total or
    the immediate parent, whichever the stated value matches (else the top-level total)."""
    table = model.budget
    if table is None or not table.has("share") or not table.has("code"):
        return
    tree = Tree.of(table)
    for code, row in sorted(tree.nodes.items()):
        cell = row.at("share")
        candidates = [s for s in (share(row, w) for w in denominators(tree, code)) if s]
        comparisons = [(s, c) for s in candidates if (c := compare(cell, s.exact)) is not None]
        if not comparisons:
            continue
        # The basis the stated value matches; else the top-level total, the usual one.
        best = next((s for s, c in comparisons if c.ok), comparisons[0][0])
        alternatives = [
            Ratio(
                C.SHARE_MISMATCH,
                Ref(row, "share", derived=True),
                "占比",
                [(Ref(row, s.basis), 1)],
                Ref(s.whole_row, s.basis),
                say=_say_share(table, tree, row, code, s),
            )
            for s in [best, *(s for s, _ in comparisons if s is not best)]
        ]
        yield alternatives[0] if len(alternatives) == 1 else EitherShare(alternatives)


def _say_share(table: Table, tree: Tree, row: Row, code: Code, best: Share):  # type: ignore[no-untyped-def]
    def say(relation: Ratio, cmp: Comparison, advise: bool) -> str:
        whole = best.whole_row
        return (
            f"{row.label}占比填报 {cmp.text(cmp.stated)}，按{whole.label}的"
            f"{header(table, best.basis)}计算为 {amount(best.part)} ÷ {amount(best.whole)} × 100 = "
            f"{fmt(best.exact, 4)}%，{cmp.summary()}{_wrong_basis(table, tree, row, code, best)}"
            + (f"请改为 {cmp.text(cmp.rounded)}。" if advise else "")
        )

    return say


def _wrong_basis(table: Table, tree: Tree, row: Row, code: Code, best: Share) -> str:
    """Say which wrong basis reproduces the stated value, if one does."""
    cell = row.at("share")
    for key in WRONG_BASES:
        if key == best.basis:
            continue
        for whole in denominators(tree, code):
            alt = share(row, whole, key)
            if alt and reproduces(cell, alt.exact):
                return (
                    f"填报的占比按{header(table, key)}计算（{amount(alt.part)} ÷ {amount(alt.whole)}），"
                    f"应按{header(table, best.basis)}计算。"
                )
    return ""


@relations(C.SHARE_TOTAL, on=WorkbookModel)
def share_totals(model: WorkbookModel, settings: Settings) -> Iterator[Relation]:
    """The shares of a parent's non-zero components total 100% (± a last-decimal unit each),
    or the parent's own share of its top-level total when the shares are of that total."""
    table = model.budget
    if table is None or not table.has("share") or not table.has("code"):
        return
    tree = Tree.of(table)
    for code, parent, children in tree.parents():
        if any(c.unreadable("share") for _, c in children):
            continue  # a share that cannot be read: its own finding says so
        key = next((k for k in BASIS if parent.num(k)), None)
        if key is None or parent.unreadable(key) or any(c.unreadable(key) for _, c in children):
            continue
        nonzero = [c for _, c in children if c.num(key)]
        stated = [c for _, c in children if c.num("share") is not None]
        if not nonzero or any(c.num("share") is None for c in nonzero):
            continue
        top = tree.nodes.get(code[:1]) if len(code) > 1 else None
        # Shares may be of the top-level total: they then add up to the parent's own share.
        of_top = top is not None and share(parent, top, key) is not None
        if of_top and top is not None and _shares_of_parent(stated, parent, top):
            of_top = False  # the siblings' stated shares say they are of the parent
        yield ShareTotal(
            parent,
            [Ref(c, "share", derived=True) for c in stated],
            Ref(parent, key) if of_top else None,
            Ref(top, key) if of_top and top is not None else None,
            exclusive=of_top and _shares_of_top(stated, parent, top),
        )


def _matches(children: list[Row], whole: Row) -> int:
    """How many of the children's stated shares are reproduced as shares of `whole`."""
    count = 0
    for child in children:
        exact = share(child, whole)
        comparison = compare(child.at("share"), exact.exact) if exact else None
        count += comparison is not None and comparison.ok
    return count


def _shares_of_parent(children: list[Row], parent: Row, top: Row) -> bool:
    return _matches(children, parent) > _matches(children, top)


def _shares_of_top(children: list[Row], parent: Row, top: Row | None) -> bool:
    return top is not None and _matches(children, top) > _matches(children, parent)


class EitherShare(Relation):
    """A stated 占比 that may be of the top-level total or of the immediate parent: it holds
    when either does. Solving for a cell of one basis, the other may already hold — then any
    value will do."""

    def __init__(self, alternatives: list[Ratio]) -> None:
        self.alternatives = alternatives
        self.code = C.SHARE_MISMATCH
        self.anchor = alternatives[0].anchor
        self.what = "占比"
        seen: dict[CellId, Ref] = {}
        for alternative in alternatives:
            for ref in alternative.refs:
                seen.setdefault(ref.id, ref)
        self.refs = list(seen.values())

    def state(self) -> State:
        states = [a.state() for a in self.alternatives]
        for state in (State.HOLDS, State.NEAR):
            if state in states:
                return state
        return State.FAILS

    def _best(self) -> Ratio:
        """The basis that holds (or is off by rounding only); else the top-level total."""
        for alternative in self.alternatives:
            if alternative.state() is not State.FAILS:
                return alternative
        return self.alternatives[0]

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        solved = []
        for alternative in self.alternatives:
            if ref.id not in {r.id for r in alternative.refs}:
                exact = alternative._exact(values or {})
                cmp = compare(alternative.cell, exact) if exact is not None else None
                if cmp is not None and (cmp.ok or cmp.rounding):
                    return Interval(-UNBOUNDED, UNBOUNDED)  # this basis holds: anything will do
                continue
            interval = alternative.solve(ref, values)
            if interval is not None:
                solved.append(interval)
        return solved[0] if solved else None

    def report(self, doubt: frozenset[CellId]) -> Finding:
        return self._best().report(doubt)

    def near(self) -> Finding | None:
        return self._best().near()


@dataclass(eq=False)
class ShareTotal(Relation):
    """Σ stated shares = 100, or the parent's share of its top-level total when the shares are
    of that total — within a unit of the last shown decimal per share."""

    parent: Row
    shares: list[Ref]
    part: Ref | None = None  # the parent's figure, when the parent-share alternative exists
    whole: Ref | None = None  # the top-level total's figure
    #: The siblings' stated shares are of the top-level total: only the parent's share will do.
    exclusive: bool = False

    def __post_init__(self) -> None:
        self.code = C.SHARE_TOTAL
        self.anchor = Ref(self.parent, "share")
        self.what = f"占比合计（{self.parent.label}下各项）"
        self.refs = [*self.shares, *(r for r in (self.part, self.whole) if r is not None)]

    @property
    def slack(self) -> Decimal:
        return sum((unit(places_of(r.row.at("share"))) for r in self.shares), Decimal(0))

    def _shown(self, values: Values) -> Decimal:
        return sum((values.get(r.id, to_decimal(r.value or 0)) for r in self.shares), Decimal(0))

    def _expected(self, values: Values) -> list[Decimal]:
        out = [] if self.exclusive else [Decimal(100)]
        if self.part is not None and self.whole is not None:
            whole = values.get(self.whole.id, dec(self.whole.value))
            if whole:
                out.append(values.get(self.part.id, dec(self.part.value)) * 100 / whole)
        return out or [Decimal(100)]

    @property
    def shown(self) -> Decimal:
        return self._shown({})

    def state(self) -> State:
        shown, slack = self._shown({}), self.slack
        ok = any(abs(shown - e) <= slack for e in self._expected({}))
        return State.HOLDS if ok else State.FAILS

    def solve(self, ref: Ref, values: Values | None = None) -> Interval | None:
        values = values or {}
        slack, shown = self.slack, self._shown(values)
        if ref.id in {r.id for r in self.shares}:
            others = shown - values.get(ref.id, to_decimal(ref.value or 0))
            target = min(self._expected(values), key=lambda e: abs(shown - e))
            point = target - others
            return Interval(point - slack, point + slack, point)
        if not self.exclusive and abs(shown - 100) <= slack:
            return Interval(-UNBOUNDED, UNBOUNDED)  # the shares add up: any figure will do
        if shown - slack <= 0 or self.part is None or self.whole is None:
            return None
        part = values.get(self.part.id, dec(self.part.value))
        whole = values.get(self.whole.id, dec(self.whole.value))
        if ref.id == self.whole.id:  # part × 100 / whole = shown ± slack
            ends = sorted(part * 100 / (shown + d) for d in (-slack, slack))
            return Interval(ends[0], ends[1], part * 100 / shown)
        ends = sorted((shown + d) * whole / 100 for d in (-slack, slack))
        return Interval(ends[0], ends[1], shown * whole / 100)

    def report(self, doubt: frozenset[CellId]) -> Finding:
        shown, slack = self.shown, self.slack
        places = max(places_of(r.row.at("share")) for r in self.shares)
        parts = " + ".join(fmt(r.value, places) for r in self.shares)
        target = self._expected({})[0]
        if self.exclusive and self.whole is not None:
            expected = (
                f"不等于{self.parent.label}占{self.whole.row.label}的比重 {fmt(target, places)}%"
                f"（各项占比均按{self.whole.row.label}计算）"
            )
        else:
            expected, target = "不等于 100%", Decimal(100)
        return C.SHARE_TOTAL.finding(
            self.parent.sheet,
            self.parent.ref("share"),
            f"{self.parent.label}下各组成部分的占比合计 {parts} = {fmt(shown, places)}%，{expected}"
            f"（相差 {fmt(abs(shown - target), places)} 个百分点，超出各项末位尾差之和 {fmt(slack)}）。"
            "请逐项核对占比。",
            stated=float(shown),
            computed=float(round_half_up(target, places)),
        )
