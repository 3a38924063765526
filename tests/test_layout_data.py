"""Every entry of the layout data is honoured (layouts/default.toml, forms.md "Layouts as data"):
each alias of each key is a legal label where the forms print that key, each operator
look-alike reads as its operator (glued to the target, after it, or in an operator column),
each ≤-name makes a bare number a ≤ target and each of its exceptions keeps it ≥, each
qualitative word scores as its verdict. Each case retypes one form of tests/rewrite_bases.py and
asserts what the original raises (nothing, or its published or planted faults).

Exhaustive runs are `slow`; the fast tier samples a few of each list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_rewrites import point
from rewrite_bases import Value, check_edited, original

from budget_batch import check_workbook
from budget_batch.form_schema import form_label
from budget_batch.layouts import default_layouts

LAYOUTS = default_layouts()

#: Where the forms print each key: (section, key) → (base, the label's cell).
PRINTED: dict[tuple[str, str], tuple[str, str]] = {
    ("money.columns", "label"): ("10号", "A5"),
    ("money.columns", "budget_initial"): ("10号", "C5"),
    ("money.columns", "budget_final"): ("10号", "D5"),
    ("money.columns", "actual"): ("10号", "E5"),
    ("money.columns", "weight"): ("10号", "F5"),
    ("money.columns", "exec_rate"): ("10号", "G5"),
    ("money.columns", "score"): ("10号", "H5"),
    ("money.columns", "reason"): ("四川", "I8"),
    ("money.columns", "by_source"): ("hubei_2021_guangshui_xiangcundaolu", "B6"),
    ("money.columns", "sources_total"): ("hubei_2021_guangshui_xiangcundaolu", "F6"),
    ("money.rows", "total"): ("10号", "B6"),
    ("money.rows", "source"): ("10号", "B7"),
    ("money.rows", "nature"): ("guizhou_2021_suiyang_taibai", "B6"),
    ("money.rows", "either"): ("guizhou_2021_suiyang_taibai", "B8"),
    ("indicators.columns", "level1"): ("10号", "B12"),
    ("indicators.columns", "level2"): ("10号", "C12"),
    ("indicators.columns", "level3"): ("10号", "D12"),
    ("indicators.columns", "nature"): ("四川", "E14"),
    ("indicators.columns", "operator"): ("四川", "E14"),  # its ≥ ≤ = as a 计算符号 column
    ("indicators.columns", "target"): ("10号", "E12"),
    ("indicators.columns", "target_adjusted"): ("重庆", "G11"),
    ("indicators.columns", "unit"): ("四川", "G14"),
    ("indicators.columns", "actual"): ("10号", "F12"),
    ("indicators.columns", "coefficient"): ("重庆", "I11"),
    ("indicators.columns", "weight"): ("10号", "G12"),
    ("indicators.columns", "score"): ("10号", "H12"),
    ("indicators.columns", "deviation"): ("10号", "I12"),
    ("indicators.columns", "core"): ("重庆", "L11"),
    ("indicators.columns", "criteria"): ("10号", "I12"),  # no row needs its 偏差原因 here
    ("indicators.columns", "ignore"): ("10号", "I12"),
    ("indicators", "total"): ("10号", "A27"),
    ("fields", "project"): ("10号", "A3"),
    ("fields", "department"): ("10号", "A4"),
    ("fields", "implementer"): ("10号", "E4"),
    ("fields", "project_code"): ("10号", "E4"),  # in 实施单位's place: read, never checked
    ("fields", "contact"): ("10号", "E4"),
    ("fields", "date"): ("guizhou_2021_suiyang_taibai", "F2"),
    ("fields", "goal"): ("10号", "B10"),
    ("fields", "outcome"): ("10号", "F10"),
    ("fields", "conclusion"): ("四川", "A23"),
    ("fields", "problems"): ("四川", "A24"),
    ("fields", "measures"): ("四川", "A25"),
    ("fields", "grade"): ("10号~grade", "A28"),
    ("fields", "self_score"): ("ningxia_2021_yinchuan_gongyong", "D3"),
    ("fields", "review_score"): ("ningxia_2021_yinchuan_gongyong", "F3"),
}
#: Keys no form of the tests prints (sub-block headers 按收入性质分 | 按支出性质分).
UNPRINTED = {("money.rows", "source_headers"), ("money.rows", "nature_headers")}

_LABEL = re.compile(r"^(?P<pre>其中[:：]?)?(?P<core>.*?)(?P<post>(?:[(（][^()（）]*[)）])*[:：]?)$")
_INLINE = re.compile(r"^(?P<core>[^:：]{1,16})(?P<post>[:：].+)$")


def _aliases() -> list[tuple[str, str, str]]:
    cases = []
    for section in ("money.columns", "money.rows", "indicators.columns", "fields"):
        for key, words in LAYOUTS.table(section).items():
            cases += [(section, key, w) for w in words]
    cases += [("indicators", "total", w) for w in LAYOUTS.words("indicators", "total")]
    return cases


ALIASES = _aliases()


def test_every_key_is_printed_on_some_form():
    keys = {(s, k) for s, k, _ in ALIASES}
    assert keys - set(PRINTED) == UNPRINTED
    for (_, _), (base, cell) in PRINTED.items():
        assert original(base).sheet.text(point(cell)), (base, cell)


def _relabel(text: str, alias: str) -> str:
    inline = _INLINE.match(text.strip())
    if inline is not None and not text.startswith("其中"):  # 填报日期:2022年2月3日
        return alias + inline.group("post")
    m = _LABEL.match(text.strip())
    assert m is not None
    return (m.group("pre") or "") + alias + m.group("post")


def _alias_case(section: str, key: str, alias: str, tmp_path: Path) -> None:
    base, cell = PRINTED[(section, key)]
    orig = original(base)
    label = _relabel(orig.sheet.text(point(cell)), alias)
    if section != "indicators":  # a later key's copy of an earlier key's word is the earlier's
        assert LAYOUTS.aliases(section).get(form_label(alias)) == key, label
    found, facts = check_edited(base, {cell: label}, tmp_path)
    assert (found, facts) == (orig.findings, orig.facts), (
        f"{base} {cell}「{label}」: {sorted(found ^ orig.findings)} {facts}"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("section", "key", "alias"), ALIASES, ids=lambda v: str(v))
def test_every_alias_is_a_legal_label(section: str, key: str, alias: str, tmp_path: Path):
    if (section, key) in UNPRINTED:
        pytest.skip("no form of the tests prints this key")
    _alias_case(section, key, alias, tmp_path)


FEW = [c for i, c in enumerate(ALIASES) if i % 25 == 0 and (c[0], c[1]) not in UNPRINTED]


@pytest.mark.parametrize(("section", "key", "alias"), FEW, ids=lambda v: str(v))
def test_some_aliases_are_legal_labels(section: str, key: str, alias: str, tmp_path: Path):
    _alias_case(section, key, alias, tmp_path)


# -- operators ---------------------------------------------------------------------------------

GLUED = {  # base → the targets with an operator written before their number
    "10号+missed": {"E13": "≥50个", "E15": "≥95%", "E19": "≤100万元", "E25": "≥90%"},
    "anhui_2022_tangxi_cunji": {"E14": "=8个", "E15": "=42个"},
}
COLUMN = ("四川+missed", {"E15": "=", "E16": "=", "E17": "≥", "E18": "≤", "E20": "≥", "E21": "≥"})


def _operators() -> list[tuple[str, str, str]]:
    cases = [
        ("prefix", op, w) for op in ("≥", "≤", "=") for w in LAYOUTS.words("operators.prefix", op)
    ]
    cases += [("suffix", op, w) for op in ("≥", "≤") for w in LAYOUTS.words("operators.suffix", op)]
    cases += [("column", op, w) for op in ("≥", "≤") for w in LAYOUTS.words("operators.column", op)]
    return cases


OPERATORS = _operators()


def _operator_case(where: str, op: str, word: str, tmp_path: Path) -> None:
    edits: dict[str, Value | None] = {}
    if where in ("prefix", "suffix"):
        base = "anhui_2022_tangxi_cunji" if op == "=" else "10号+missed"
        for cell, text in GLUED[base].items():
            if text.startswith(op):
                rest = text[1:]
                edits[cell] = word + rest if where == "prefix" else rest + word
    if where in ("prefix", "column"):  # the same look-alike in an operator column
        column_edits = {c: word for c, o in COLUMN[1].items() if o == op}
        _check(COLUMN[0], column_edits, tmp_path, word)
    if edits:
        _check(base, edits, tmp_path, word)


def _check(base: str, edits: dict[str, Value | None], tmp_path: Path, word: str) -> None:
    orig = original(base)
    found, facts = check_edited(base, edits, tmp_path)
    assert (found, facts) == (orig.findings, orig.facts), (
        f"{base} with {edits}: {sorted(found ^ orig.findings)}"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("where", "op", "word"), OPERATORS, ids=lambda v: str(v))
def test_every_operator_look_alike(where: str, op: str, word: str, tmp_path: Path):
    _operator_case(where, op, word, tmp_path)


@pytest.mark.parametrize(
    ("where", "op", "word"),
    [
        ("prefix", "≥", "≧"),
        ("prefix", "≤", "不超过"),
        ("prefix", "=", "═"),
        ("suffix", "≥", "以上"),
        ("column", "≤", "反向"),
    ],
)
def test_some_operator_look_alikes(where: str, op: str, word: str, tmp_path: Path):
    _operator_case(where, op, word, tmp_path)


# -- ≤ by name, and its exceptions ---------------------------------------------------------------

# 10号 row 15 (质量指标, weight 15, score 15): a bare target and its actual.
NAME, TARGET, ACTUAL = "D15", "E15", "F15"


def _bare_target(name: str, target: str, actual: str, tmp_path: Path) -> tuple[frozenset, str]:
    edits: dict[str, Value | None] = {NAME: f"指标1：{name}", TARGET: target, ACTUAL: actual}
    found, _ = check_edited("10号", edits, tmp_path)
    result = check_workbook(tmp_path / "edited.xlsx")
    said = [
        f.computed for f in result.findings if f.code == "NUMBER_NORMALIZED" and f.cell == TARGET
    ]
    return found, str(said[0]) if said else ""


def _tiers(cases: list, every: int) -> list:  # type: ignore[type-arg]
    """Every case, each `every`-th in the fast tier and the others marked slow."""
    out = []
    for i, case in enumerate(cases):
        values = case if isinstance(case, tuple) else (case,)
        marks = () if i % every == 0 else (pytest.mark.slow,)
        out.append(pytest.param(*values, marks=marks))
    return out


@pytest.mark.parametrize("word", _tiers(list(LAYOUTS.words("lower_is_better", "names")), 5))
def test_a_name_that_says_lower_is_better_makes_a_bare_target_at_most(word: str, tmp_path: Path):
    """报告{word} 5% done at 3%: met as ≤ (assumed, said with an info), missed as ≥."""
    found, assumed = _bare_target(f"报告{word}", "5%", "3%", tmp_path)
    assert (found, assumed) == (frozenset(), "≤")


@pytest.mark.parametrize("word", _tiers(list(LAYOUTS.words("lower_is_better", "not_names")), 3))
def test_a_rate_to_reach_stays_at_least_whatever_else_its_name_says(word: str, tmp_path: Path):
    """费用{word} 95% done at 98%: met as ≥ although 费用 alone would make it ≤."""
    found, assumed = _bare_target(f"费用{word}", "95%", "98%", tmp_path)
    assert (found, assumed) == (frozenset(), "≥")


# -- qualitative words ---------------------------------------------------------------------------

# 10号 row 21 (社会效益指标, 效果明显 → 达成预期指标, weight 15); 总分 in H27.
QUALITATIVE = [("met", w) for w in LAYOUTS.words("qualitative", "met")]
QUALITATIVE += [("partly", w) for w in LAYOUTS.words("qualitative", "partly")]
QUALITATIVE += [("missed", w) for w in LAYOUTS.words("qualitative", "missed")]
SCORED = {"met": 15.0, "partly": 9.0, "missed": 0.0}  # inside the verdict's band of 15


@pytest.mark.parametrize(("verdict", "word"), _tiers(QUALITATIVE, 6))
def test_a_qualitative_actual_scores_as_its_verdict(verdict: str, word: str, tmp_path: Path):
    score = SCORED[verdict]
    edits: dict[str, Value | None] = {"F21": word, "H21": score, "H27": 85.0 + score}
    if verdict != "met":
        edits["I21"] = "受资金拨付进度影响，部分工作顺延至下年"
    found, _ = check_edited("10号", edits, tmp_path)
    assert found == frozenset(), found


@pytest.mark.parametrize("word", ["按时", "有效", "显著提升", "逐步完善", "持续改善", "规范"])
def test_an_actual_equal_to_its_target_is_met(word: str, tmp_path: Path):
    found, _ = check_edited("10号", {"E21": word, "F21": word}, tmp_path)
    assert found == frozenset(), found
