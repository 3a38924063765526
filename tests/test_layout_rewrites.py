"""A correct form in any layout raises nothing; a faulty one raises its fault at its cell (issue
21, item 5). Each example takes a form of tests/rewrite_bases.py — the three families of
form_cases (correct, or with one planted fault) and ten real forms of the corpus with their
published faults — rewrites its layout (tests/layout_rewrites.py: columns in another order,
headers split or joined, labels renamed through the alias table, 总分 moved into the header,
cells merged, numbers as text, operators in every printed form, rows above the blocks, another
sheet name) and asserts the same findings (code and severity, at the cell each moved to) and the
same facts read (project, department, the money total, the number of indicators, the stated
total).

The fast tier runs a few fixed examples per rewrite; `slow` runs many random ones. A failing
example prints its base and plan: `check_rewritten(base, plan)` reproduces it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from layout_rewrites import REWRITES, Plan, rewrite
from rewrite_bases import BASES, Removed, check_edited, check_rewritten, original


def _check(base: str, plan: Plan) -> None:
    try:
        check_rewritten(base, plan)
    except Removed:
        assume(False)


SEEDS = st.integers(0, 2**32 - 1)
PLANS = st.lists(st.tuples(st.sampled_from(sorted(REWRITES)), SEEDS), min_size=1, max_size=5)


def _forced(name: str) -> st.SearchStrategy[Plan]:
    """A plan that applies `name` (first, or after others)."""
    others = st.lists(st.tuples(st.sampled_from(sorted(REWRITES)), SEEDS), max_size=2)
    plans = st.tuples(others, SEEDS, st.booleans()).map(
        lambda t: [(name, t[1]), *t[0]] if t[2] else [*t[0], (name, t[1])]
    )
    if name == "join_header":  # most forms have one-row headers: split one first
        return st.tuples(SEEDS, plans).map(lambda t: [("split_header", t[0]), *t[1]])
    return plans


FAST = settings(
    derandomize=True,
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
SLOW = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("name", sorted(REWRITES))
@FAST
@given(data=st.data())
def test_each_rewrite_keeps_the_findings(name: str, data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES), label="base")
    plan = data.draw(_forced(name), label="plan")
    _check(base, plan)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REWRITES))
@SLOW
@given(data=st.data())
def test_each_rewrite_keeps_the_findings_at_length(name: str, data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES), label="base")
    plan = data.draw(_forced(name), label="plan")
    _check(base, plan)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(base=st.sampled_from(BASES), plan=PLANS)
def test_any_rewrites_keep_the_findings(base: str, plan: Plan) -> None:
    _check(base, plan)


# ---------------------------------------------------------------------------------------------
# What the rewrites found: each reader bug as the example that showed it, kept as a test.


# ---------------------------------------------------------------------------------------------
# What the rewrites found: each reader bug as the example that showed it, kept as a test.


def test_a_target_and_actual_with_thousands_separators_are_numbers(tmp_path: Path) -> None:
    """numbers_as_text on 四川: 人均工资标准 ≤ 30000 typed as the text '30,000' was
    TARGET_NOT_QUANTIFIED ("不是可衡量的数字")."""
    found, facts = check_edited("四川", {"F18": "30,000", "H18": "30,000"}, tmp_path)
    assert found == frozenset() and facts == original("四川").facts
    found, _ = check_edited("四川", {"F18": "30,000", "H18": "31,500"}, tmp_path)
    assert {(f[0], f[2]) for f in found} >= {("SCORE_MISMATCH", "J18")}  # above a ≤ target


#: (base, plan, what the plan did, what the reader did before its fix) — found by the rewrites.
FOUND = [
    pytest.param(
        "四川",
        [("total_to_header", 27)],
        "总分移到表头：A3「自评分数：100分」",
        id="a-header-total-written-label-colon-value-fen",  # read as a label printing 100分
    ),
    pytest.param(
        "10号+weights",
        [("merge_cells", 228)],
        "level1：逐行重复",
        id="a-level1-weight-repeated-on-each-row",  # WEIGHT_TOTAL on each repeated 产出指标(50分)
    ),
    pytest.param(
        "四川",
        [("permute_grid", 0), ("split_header", 0)],
        "绩效指标（C–D）、指标值（F–G）、评分情况（I–J）",
        id="a-header-first-row-of-parents-beside-labels-merged-down",  # 一级, 权重, 指标性质 lost
    ),
    pytest.param(
        "10号",
        [("rows_above", 129200)],
        "第 1 行「单位：万元」",
        id="a-unit-note-is-no-department",  # the department read as 万元
    ),
    pytest.param(
        "anhui_2022_tangxi_cunji",
        [("split_header", 0)],
        "指标完成（F–G）",
        id="weight-total-at-the-weight-label-under-a-parent",  # at the parent 指标完成 (G13)
    ),
    pytest.param(
        "ningxia_2021_yinchuan_gongyong",
        [("split_header", 1)],
        "自评情况（E–F）",
        id="a-field-value-never-from-a-block-below",  # 财政审核评分 = 自评情况: NOT_A_NUMBER
    ),
    pytest.param(
        "四川+weights",
        [("split_header", 940506)],
        "绩效指标（B–C）、评分情况（D–F）",
        id="a-block-weight-merged-down-from-above-the-header-found",  # WEIGHT_TOTAL 90分 lost
    ),
    pytest.param(
        "chongqing_2021_kexuecheng_rongmeiti",
        [("numbers_as_formats_lost", 4294967295)],
        "I2 97.5999984741211",
        id="single-precision-noise-in-the-header-total",  # 总分填报 97.599998
    ),
    pytest.param(
        "四川",
        [("numbers_as_text", 1)],
        "F18「30,000」",
        id="thousands-separators-in-a-target",  # TARGET_NOT_QUANTIFIED
    ),
]


@pytest.mark.parametrize(("base", "plan", "did"), FOUND)
def test_what_the_rewrites_found(base: str, plan: Plan, did: str) -> None:
    orig = original(base)
    assert did in "；".join(rewrite(orig.sheet, orig.layout, plan).said)  # the same example
    check_rewritten(base, plan)
