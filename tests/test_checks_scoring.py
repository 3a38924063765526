"""Issue-4 checks on crafted workbooks, and the same workbook under two profiles.

Clean 绩效指标 layout (tests/builders.py): rows 2 预算执行率 (W 20, stated 19.2), 3 康复服务人数
(≥280 → 300, link 1), 4 就业培训人数 (≥150 → 150, link 2), 5 定性 达成 (18 of 20), 6 满意度 (≥90% →
92%); columns A 一级 B 二级 C 三级 D 符号 E 指标值 F 实际 G 单位 H 分值 I 得分 J 偏差 K 关联.
基本信息: B12 自评得分 (97.2), B13 自评等级 (优), B14 评分规则. 问题与措施: row 2 problem, row 3 measure.
"""

import json
from pathlib import Path

import pytest
from builders import consistent, edit, findings, only, project, write
from chinese import english_words
from click.testing import CliRunner

from budget_batch import check_workbook
from budget_batch.cli import main
from budget_batch.settings import (
    DEFAULT,
    ProfileError,
    builtin_profiles,
    load_profile_file,
    resolve_profile,
)

ROOT = Path(__file__).resolve().parents[1]


def fire(tmp_path, changes, code):
    return only(findings(edit(write(tmp_path), changes)), code)


def quiet(tmp_path, changes, code):
    assert only(findings(edit(write(tmp_path), changes)), code) == []


def test_clean_scores_and_total(clean):
    result = check_workbook(clean)
    assert result.findings == []
    assert (result.score.stated, result.score.computed) == (97.2, 97.2)
    assert (result.score.grade_stated, result.score.grade_computed) == ("优", "优")
    assert result.profile == "default"


@pytest.mark.fires("WEIGHT_TOTAL")
def test_weight_total(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"H6": 25}}, "WEIGHT_TOTAL")
    assert project(found) == [("WEIGHT_TOTAL", "绩效指标", "H1")]
    assert (found[0].stated, found[0].computed) == (105, 100)


@pytest.mark.fires("DIMENSION_MISSING")
def test_dimension_missing(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"A6": "效益指标"}}, "DIMENSION_MISSING")
    assert project(found) == [("DIMENSION_MISSING", "绩效指标", "A1")]
    assert found[0].computed == "满意度指标"


@pytest.mark.fires("TARGET_NOT_QUANTIFIED")
def test_target_not_quantified(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"E4": "较上年提高"}}, "TARGET_NOT_QUANTIFIED")
    assert project(found) == [("TARGET_NOT_QUANTIFIED", "绩效指标", "E4")]


def test_operator_inside_the_value_is_split_and_noted(tmp_path):
    path = edit(write(tmp_path), {"绩效指标": {"E4": "≥150人", "D4": None}})
    found = findings(path)
    assert project(found) == [("NUMBER_NORMALIZED", "绩效指标", "E4")]  # no REQUIRED_EMPTY on D4


def test_date_target_is_quantified(tmp_path):
    quiet(
        tmp_path,
        {"绩效指标": {"D4": "≤", "E4": "12月底前", "F4": "11月30日"}},
        "TARGET_NOT_QUANTIFIED",
    )


@pytest.mark.fires("OPERATOR_SUSPECT")
def test_operator_suspect(tmp_path):
    found = fire(
        tmp_path,
        {"绩效指标": {"B3": "成本指标", "E6": "120%", "D4": "≥", "E4": "≤150"}},
        "OPERATOR_SUSPECT",
    )
    assert project(found) == [
        ("OPERATOR_SUSPECT", "绩效指标", "D3"),
        ("OPERATOR_SUSPECT", "绩效指标", "E4"),
        ("OPERATOR_SUSPECT", "绩效指标", "E6"),
    ]


@pytest.mark.fires("SCORE_MISMATCH")
def test_score_mismatch_inflated_and_deflated(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"F3": 252, "I4": 19}}, "SCORE_MISMATCH")
    assert project(found) == [
        ("SCORE_MISMATCH", "绩效指标", "I3"),
        ("SCORE_MISMATCH", "绩效指标", "I4"),
    ]
    high, low = found
    assert (high.severity, high.stated, high.computed) == ("error", 20, 18)
    assert "252 / 280 × 20 = 18.00，填报 20.00，高出 2.00" in high.message
    assert "评分规则：全国通用规则" in high.message
    assert (low.severity, low.stated, low.computed) == ("warning", 19, 20)


def test_score_within_tolerance(tmp_path):
    quiet(tmp_path, {"绩效指标": {"I2": 19.21}}, "SCORE_MISMATCH")


@pytest.mark.fires("DEVIATION_UNEXPLAINED")
def test_deviation_unexplained(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"F3": 252, "I3": 18}}, "DEVIATION_UNEXPLAINED")
    assert project(found) == [("DEVIATION_UNEXPLAINED", "绩效指标", "J3")]
    quiet(
        tmp_path,
        {"绩效指标": {"F3": 252, "I3": 18, "J3": "受场地改造影响，部分服务顺延至次年"}},
        "DEVIATION_UNEXPLAINED",
    )
    found = fire(tmp_path, {"绩效指标": {"F3": 252, "I3": 18, "J3": "无"}}, "DEVIATION_UNEXPLAINED")
    assert "套话" in found[0].message


@pytest.mark.fires("TARGET_TOO_LOW")
def test_target_too_low(tmp_path):
    path = edit(write(tmp_path), {"绩效指标": {"F4": 200}})  # 150 → 200 = +33%
    found = findings(path)
    assert project(found, "TARGET_TOO_LOW", "DEVIATION_UNEXPLAINED") == [
        ("TARGET_TOO_LOW", "绩效指标", "E4"),
        ("DEVIATION_UNEXPLAINED", "绩效指标", "J4"),
    ]
    quiet(tmp_path, {"绩效指标": {"F4": 194}}, "TARGET_TOO_LOW")  # +29.3%


@pytest.mark.fires("LINK_MISMATCH")
def test_link_mismatch(tmp_path):
    found = fire(tmp_path, {"绩效指标": {"F3": 301, "K4": "9"}}, "LINK_MISMATCH")
    assert project(found) == [
        ("LINK_MISMATCH", "绩效指标", "F3"),
        ("LINK_MISMATCH", "绩效指标", "K4"),
    ]
    assert (found[0].stated, found[0].computed) == (301, 300)


@pytest.mark.fires("TOTAL_SCORE_MISMATCH")
def test_total_score_mismatch(tmp_path):
    found = fire(tmp_path, {"基本信息": {"B12": 100}}, "TOTAL_SCORE_MISMATCH")
    assert project(found) == [("TOTAL_SCORE_MISMATCH", "基本信息", "B12")]
    assert (
        found[0].severity == "error"
        and "= 97.20" in found[0].message
        and "高出 2.80" in found[0].message
    )
    low = fire(tmp_path, {"基本信息": {"B12": 95}}, "TOTAL_SCORE_MISMATCH")
    assert low[0].severity == "warning"
    quiet(tmp_path, {"基本信息": {"B12": 97.21}}, "TOTAL_SCORE_MISMATCH")


@pytest.mark.fires("GRADE_MISMATCH")
def test_grade_mismatch(tmp_path):
    found = fire(tmp_path, {"基本信息": {"B13": "良"}}, "GRADE_MISMATCH")
    assert project(found) == [("GRADE_MISMATCH", "基本信息", "B13")]
    assert (found[0].stated, found[0].computed) == ("良", "优")


@pytest.mark.fires("SELF_SCORE_INFLATED")
def test_self_score_inflated(tmp_path):
    found = fire(tmp_path, {"基本信息": {"B12": 100}}, "SELF_SCORE_INFLATED")
    assert project(found) == [("SELF_SCORE_INFLATED", "基本信息", "B12")]
    assert "1 个存在问题" in found[0].message
    missed = fire(
        tmp_path,
        {
            "基本信息": {"B12": 100},
            "问题与措施": {"A2": "改进措施"},
            "绩效指标": {"F3": 252, "I3": 18, "J3": "场地改造，服务顺延"},
        },
        "SELF_SCORE_INFLATED",
    )
    assert "2 项指标未完成目标（部门预算执行率、康复服务人数）" in missed[0].message


@pytest.mark.fires("PROBLEMS_BOILERPLATE")
def test_problems_boilerplate(tmp_path):
    found = fire(tmp_path, {"问题与措施": {"B2": "无", "B3": "加强管理"}}, "PROBLEMS_BOILERPLATE")
    assert project(found) == [
        ("PROBLEMS_BOILERPLATE", "问题与措施", "A1"),
        ("PROBLEMS_BOILERPLATE", "问题与措施", "A1"),
        ("PROBLEMS_BOILERPLATE", "问题与措施", "B2"),
        ("PROBLEMS_BOILERPLATE", "问题与措施", "B3"),
    ]


@pytest.mark.fires("MEASURES_MISSING")
def test_measures_missing(tmp_path):
    found = fire(tmp_path, {"问题与措施": {"A3": "存在问题"}}, "MEASURES_MISSING")
    assert project(found) == [("MEASURES_MISSING", "问题与措施", "A1")]
    quiet(tmp_path, {}, "MEASURES_MISSING")


@pytest.mark.fires("SCORE_CAP_EXCEEDED")
def test_score_cap_exceeded(tmp_path):
    # 支出合计 全年预算数 1300: execution 1104 / 1300 = 84.92% → city_example caps at 89.
    path = write(
        tmp_path, consistent({"2.1.1": {"budget_final": 670}}, info={"profile": "city_example"})
    )
    result = check_workbook(path)
    assert result.profile == "city_example"
    cap = only(result.findings, "SCORE_CAP_EXCEEDED")
    assert project(cap) == [("SCORE_CAP_EXCEEDED", "基本信息", "B12")]
    assert cap[0].computed == 89
    assert only(check_workbook(path, DEFAULT).findings, "SCORE_CAP_EXCEEDED") == []


def test_same_workbook_under_default_and_local_profile(tmp_path):
    path = edit(
        write(tmp_path, consistent({"2.1.1": {"budget_final": 670}})), {"绩效指标": {"F4": 200}}
    )
    default = check_workbook(path)
    local = check_workbook(path, resolve_profile("city_example"))
    # default: 20 × 84.92% = 16.98 + 20 + 20 + 18 + 20 = 94.98 (优);
    # local: over-achievement costs 1 → 93.98, capped at 89 by the execution rate (良).
    assert (default.score.computed, default.score.grade_computed) == (94.98, "优")
    assert (local.score.computed, local.score.grade_computed) == (89.0, "良")
    codes_default = {f.code for f in default.findings}
    codes_local = {f.code for f in local.findings}
    assert codes_local - codes_default >= {
        "SCORE_CAP_EXCEEDED",
        "DIMENSION_MISSING",
        "WEIGHT_TOTAL",
    }
    # The deduction makes the stated 20 on row 4 too high under the local profile only.
    assert ("SCORE_MISMATCH", "绩效指标", "I4") in project(local.findings)
    assert ("SCORE_MISMATCH", "绩效指标", "I4") not in project(default.findings)


def test_default_profile_file_matches_the_builtin_defaults():
    assert resolve_profile("") == DEFAULT
    assert set(builtin_profiles()) >= {"default", "city_example"}


def test_unknown_profile_name_is_a_configuration_error(tmp_path):
    path = edit(write(tmp_path), {"基本信息": {"B14": "某县规则"}})
    result = check_workbook(path)
    assert result.status == "unreadable" and result.profile_error
    assert "某县规则" in result.error and "city_example" in result.error
    out = CliRunner().invoke(main, ["check", str(path)])
    assert out.exit_code == 2


def test_malformed_or_wrong_profile_files(tmp_path):
    bad = tmp_path / "bad.toml"
    for text, needle in [
        ("name = ", "末尾格式有误"),
        ('name = "x"\ntitle "y"', "第 2 行第 7 列附近格式有误"),
        ('name = "x"\n[indicators]\nweight_total = "a"', "应为数字"),
        ('name = "x"\ncolour = 1', "不认识的项"),
        ('title = "x"', "缺少 name"),
    ]:
        bad.write_text(text, encoding="utf-8")
        try:
            load_profile_file(bad)
        except ProfileError as exc:
            assert needle in str(exc), exc
            if (
                "格式有误" in needle
            ):  # the parser's English stays out; the file's own keys may be quoted
                assert not english_words(str(exc).replace(bad.name, "")), exc
        else:
            raise AssertionError(text)
    out = CliRunner().invoke(main, ["check", "--rules", str(bad), str(write(tmp_path))])
    assert out.exit_code == 2 and "缺少 name" in out.output


def test_rules_option_names_the_profile_in_the_json(tmp_path):
    rules = ROOT / "budget_batch" / "profiles" / "city_example.toml"
    out = CliRunner().invoke(main, ["check", "--json", "--rules", str(rules), str(write(tmp_path))])
    doc = json.loads(out.output)
    assert doc["workbooks"][0]["profile"] == "city_example"
