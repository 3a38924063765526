"""Scoring variants as profile settings (checks.md v2): reverse_rule, equal_rule, exec_score_cap,
grade labels; the shipped FASP2 profile; a typo in a setting is refused, never defaulted."""

from decimal import Decimal

import pytest
from memory import indicator_row

from budget_batch.checks.scorecard import score_row
from budget_batch.settings import (
    DEFAULT,
    ProfileError,
    Settings,
    builtin_profiles,
    load_profile_file,
    resolve_profile,
)

D = Decimal
LINEAR = Settings(name="linear", reverse_rule="linear")
AS_AT_LEAST = Settings(name="ge", equal_rule="as_at_least")
UNCAPPED = Settings(name="uncapped", exec_score_cap=False)


@pytest.mark.parametrize(
    ("kwargs", "settings", "computed", "formula"),
    [
        # ≤ missed: ratio (default) W × T / A; linear W × (1 − (A − T) / T), 0 from A ≥ 2T
        ({"operator": "≤", "target": 5, "actual": 8}, DEFAULT, "6.25", "5 / 8 × 10"),
        ({"operator": "≤", "target": 5, "actual": 8}, LINEAR, "4.00", "(1 − (8 − 5) / 5)"),
        ({"operator": "≤", "target": 5, "actual": 10}, LINEAR, "0.00", ""),
        ({"operator": "≤", "target": 5, "actual": 12}, LINEAR, "0.00", ""),
        ({"operator": "≤", "target": 5, "actual": 4}, LINEAR, "10.00", "4 ≤ 5"),
        # = missed: relative (default) W × (1 − |A − T| / T); as_at_least scores it as ≥
        ({"operator": "=", "target": 100, "actual": 98}, DEFAULT, "9.80", "1 − |98 − 100|"),
        ({"operator": "=", "target": 100, "actual": 98}, AS_AT_LEAST, "9.80", "98 / 100"),
        ({"operator": "=", "target": 100, "actual": 120}, DEFAULT, "8.00", ""),
        ({"operator": "=", "target": 100, "actual": 120}, AS_AT_LEAST, "10.00", "120 ≥ 100"),
    ],
)
def test_reverse_and_equal_rules(kwargs, settings, computed, formula):
    s = score_row(indicator_row(**kwargs), settings, exec_rate=None)
    assert s.computed == D(computed)
    assert formula in s.formula


@pytest.mark.parametrize(
    ("settings", "rate", "computed"),
    [(DEFAULT, D("105.5"), "20.00"), (UNCAPPED, D("105.5"), "21.10"), (UNCAPPED, D(96), "19.20")],
)
def test_exec_score_cap(settings, rate, computed):
    row = indicator_row(level1="预算执行率", target="100%", weight=20)
    assert score_row(row, settings, rate).computed == D(computed)


def test_grade_labels_are_the_profiles(tmp_path):
    path = tmp_path / "pass_fail.toml"
    path.write_text(
        'name = "pass_fail"\n[grades]\n"优" = 90\n"良" = 80\n"合格" = 60\n"不合格" = 0\n',
        encoding="utf-8",
    )
    settings = load_profile_file(path)
    assert [label for label, _ in settings.grades] == ["优", "良", "合格", "不合格"]
    assert settings.grade(D("59.99")) == "不合格" and settings.grade(D(60)) == "合格"


def test_the_fasp2_profile_is_shipped_and_differs_only_in_its_rules():
    assert "fasp2" in builtin_profiles()
    fasp2 = resolve_profile("fasp2")
    assert (fasp2.reverse_rule, fasp2.equal_rule, fasp2.exec_score_cap) == (
        "linear",
        "as_at_least",
        True,
    )
    default = resolve_profile("")
    assert (default.reverse_rule, default.equal_rule, default.exec_score_cap) == (
        "ratio",
        "relative",
        True,
    )
    assert default.form_inflated_at == fasp2.form_inflated_at == 95
    assert default == DEFAULT  # the shipped default.toml says what the code's defaults are


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[scoring]\nreverse_rule = "linar"\n', "ratio 或 linear"),
        ("[scoring]\nequal_rule = 1\n", "relative 或 as_at_least"),
        ("[scoring]\nexec_score_cap = 1\n", "true 或 false"),
        ("[scoring]\nround_up = true\n", "不认识的项"),
    ],
)
def test_a_mistyped_rule_is_refused(tmp_path, text, said):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n' + text, encoding="utf-8")
    with pytest.raises(ProfileError, match=said):
        load_profile_file(path)
