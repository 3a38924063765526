"""Property tests of the arithmetic: consistent by construction never fires; moving one figure
past the tolerance fires exactly the right check on exactly that cell; shares are invariant
under scaling."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from memory import budget_model

from budget_batch.checks import run_checks
from budget_batch.checks.shares import share
from budget_batch.checks.typing_slips import typing_slip
from budget_batch.code_tree import Tree
from budget_batch.decimals import round_half_up
from budget_batch.settings import DEFAULT

CENT = Decimal("0.01")
amounts = st.integers(100, 1_000_000).map(lambda n: Decimal(n) * CENT)  # 1 … 10,000 万元


@st.composite
def trees(draw):
    """支出合计 (2) over 1–4 children, each a leaf or the parent of 1–3 leaves; 收入合计 (1)
    mirrors it so the department is balanced. Returns {code: amount}, parents as exact sums."""
    figures: dict[str, Decimal] = {}
    for i in range(1, draw(st.integers(1, 4)) + 1):
        child = f"2.{i}"
        leaves = draw(st.lists(amounts, min_size=0, max_size=3))
        if leaves:
            for j, value in enumerate(leaves, start=1):
                figures[f"{child}.{j}"] = value
            figures[child] = sum(leaves, Decimal(0))
        else:
            figures[child] = draw(amounts)
    figures["2"] = sum((v for k, v in figures.items() if k.count(".") == 1), Decimal(0))
    for code, value in list(figures.items()):
        figures["1" + code[1:]] = value
    return figures


def rows_of(figures: dict[str, Decimal], shares: bool = False) -> list[dict]:
    order = sorted(figures, key=lambda c: tuple(int(p) for p in c.split(".")))
    rows = []
    for code in order:
        row = {"code": code, "item": f"项目{code}", "actual": figures[code]}
        if shares and "." in code:
            exact = figures[code] * 100 / figures[code[0]]
            row["share"] = round_half_up(exact, 2)
        rows.append(row)
    return rows


@given(trees(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_consistent_by_construction_never_fires(figures, with_shares):
    assert run_checks(budget_model(rows_of(figures, with_shares)), DEFAULT) == []


@pytest.mark.slow
@given(trees(), st.data())
@settings(max_examples=150, deadline=None)
def test_moving_one_figure_is_blamed_or_named(figures, data):
    """A moved node with a parent and children breaks two sums: only it explains both, so it
    alone is blamed. A moved leaf breaks one sum: it alone is blamed when nothing else could
    satisfy that sum (an only child under a total pinned by its own parent); otherwise its
    siblings and its total could be the wrong one too, and the sum is reported at the total,
    naming the moved cell. A moved root is reported at itself."""
    code = data.draw(st.sampled_from(sorted(figures)))
    delta = data.draw(st.integers(2, 10_000).map(lambda n: Decimal(n) * CENT))  # > 0.01
    moved = {**figures, code: figures[code] + delta}
    model = budget_model(rows_of(moved))
    rows = {r.text("code"): r for r in model.budget.rows}
    parent = code.rpartition(".")[0]
    has_children = any(c.rpartition(".")[0] == code for c in figures)
    found = [f for f in run_checks(model, DEFAULT) if f.severity == "error"]
    siblings = [c for c in figures if c != code and c.rpartition(".")[0] == parent]
    only_child_under_pinned = parent and not siblings and "." in parent
    if parent and has_children or only_child_under_pinned:
        assert [(f.code, f.cell) for f in found] == [("SUM_MISMATCH", rows[code].ref("actual"))]
        assert found[0].computed == float(figures[code])
    else:
        total = rows[parent] if parent else rows[code]
        (f,) = found
        if f.cell == rows[code].ref("actual") and "无法确定" not in f.message:
            assert f.computed == float(figures[code])  # the moved cell itself, nothing else fits
        elif "无法确定" not in f.message:
            # One candidate was preferred: its typed value is a typing slip (two digits swapped,
            # a factor) of the value that fits — a coincidence of the random figures.
            assert typing_slip(
                Decimal(repr(f.stated)), Decimal(repr(f.computed)), strong_only=True
            ), f
        else:
            assert (f.code, f.cell) == ("SUM_MISMATCH", total.ref("actual"))
            if parent:
                assert f"「{code} 项目{code}」" in f.message


@given(trees(), st.integers(2, 1000))
@settings(max_examples=100, deadline=None)
def test_shares_are_invariant_under_scaling(figures, factor):
    base = budget_model(rows_of(figures, shares=True))
    scaled = budget_model(
        [{**row, "actual": row["actual"] * factor} for row in rows_of(figures, shares=True)]
    )
    t1, t2 = Tree.of(base.budget), Tree.of(scaled.budget)
    for code, row in t1.nodes.items():
        if len(code) > 1:
            top = t1.nodes[code[:1]]
            a = share(row, top)
            b = share(t2.nodes[code], t2.nodes[code[:1]])
            assert a is not None and b is not None and a.exact == b.exact
    # The stated shares still hold (large totals may rightly raise UNIT_SUSPECT; not a share matter).
    assert [f for f in run_checks(scaled, DEFAULT) if f.code.startswith("SHARE")] == []


yoy_rows = st.tuples(amounts, amounts)


@given(st.lists(yoy_rows, min_size=1, max_size=6), st.data())
@settings(max_examples=100, deadline=None)
def test_yoy_consistent_never_fires_and_a_moved_rate_fires_there(pairs, data):
    rows = []
    for i, (prior, current) in enumerate(pairs, start=1):
        change = current - prior
        rows.append(
            {
                "code": str(i + 6),
                "item": f"行{i}",
                "prior": prior,
                "actual": current,
                "yoy_amount": change,
                "yoy_rate": round_half_up(change * 100 / prior, 2),
                "note": "说明",
            }
        )
    assert run_checks(budget_model(rows), DEFAULT) == []
    i = data.draw(st.integers(0, len(rows) - 1))
    shift = data.draw(st.sampled_from([Decimal("-0.5"), Decimal("0.02"), Decimal("3")]))
    rows[i] = {**rows[i], "yoy_rate": rows[i]["yoy_rate"] + shift}
    model = budget_model(rows)
    found = [(f.code, f.cell, f.severity) for f in run_checks(model, DEFAULT)]
    assert found == [("YOY_RATE_MISMATCH", model.budget.rows[i].ref("yoy_rate"), "error")]
