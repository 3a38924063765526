"""The command line is a thin layer: its JSON is the library's, its exit statuses as specified."""

import json
import shutil

import pytest
from builders import edit, write
from click.testing import CliRunner
from conftest import EXAMPLE

from budget_batch import check_workbook
from budget_batch.cli import main
from budget_batch.result import Report


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_json_equals_the_library(tmp_path):
    out = run("check", "--json", str(EXAMPLE))
    assert out.exit_code == 1  # the example has errors and check gates on error
    assert json.loads(out.output) == Report([check_workbook(EXAMPLE)]).to_json()


def test_check_exit_status(tmp_path):
    clean = write(tmp_path)
    assert run("check", str(clean)).exit_code == 0
    warned = edit(clean, {"收支情况": {"I3": 90.44, "I4": 9.56}}, dest=tmp_path / "w.xlsx")
    assert run("check", str(warned)).exit_code == 0
    assert run("check", "--fail-on", "warning", str(warned)).exit_code == 1
    assert run("check", "--fail-on", "never", str(EXAMPLE)).exit_code == 0
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    result = run("check", "--fail-on", "never", str(bad))
    assert result.exit_code == 1 and "无法读取" in result.output


def test_check_prints_a_readable_table():
    out = run("check", str(EXAMPLE))
    assert "SUM_MISMATCH\t服务数量!E25" in out.output
    assert "错误 1，警告 7" in out.output
    assert "按评分规则「default」计算 100 分（优）" in out.output


def test_report_writes_outputs_and_succeeds_on_findings(tmp_path):
    out = run("report", str(EXAMPLE), "-o", str(tmp_path))
    assert out.exit_code == 0
    assert (tmp_path / "示例_花都区残联_2023_审核.xlsx").exists()
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1
    (wb,) = doc["workbooks"]
    assert wb["status"] == "checked" and wb["department"] == "广州市花都区残疾人联合会"
    assert wb["year"] == 2023 and wb["output"].endswith("示例_花都区残联_2023_审核.xlsx")
    assert wb["counts"] == {"error": 1, "warning": 7, "info": 0}
    assert wb["score"] == {
        "stated": 100,
        "computed": 100.0,
        "grade_stated": "优",
        "grade_computed": "优",
    }
    assert wb["profile"] == "default"
    assert "错误 1，警告 7，提示 0" in out.output
    assert run("report", str(EXAMPLE), "-o", str(tmp_path), "--fail-on", "error").exit_code == 1


def test_report_on_a_folder_skips_lock_files_and_its_own_outputs(tmp_path):
    """Run twice over a folder that holds its own output folder: lock files, 批量汇总 and the
    output folder are left out (and said), a returned copy (b_审核.xlsx) is an input."""
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, name="a.xlsx")
    (folder / "~$a.xlsx").write_bytes(b"lock")
    write(folder, name="b_审核.xlsx")
    for _ in range(2):
        out = run("report", str(folder), "-o", str(folder / "output"))
        assert out.exit_code == 0
        doc = json.loads((folder / "output" / "report.json").read_text(encoding="utf-8"))
        assert [w["file"] for w in doc["workbooks"]] == [
            str(folder / "a.xlsx"),
            str(folder / "b_审核.xlsx"),
        ]
    assert "跳过" in out.output and "位于本次的输出文件夹中" in out.output
    assert sorted(p.name for p in (folder / "output").glob("*.xlsx")) == [
        "a_审核.xlsx",
        "b_审核.xlsx",
        "批量汇总.xlsx",
    ]


def test_report_with_nothing_to_do_keeps_the_previous_outputs(tmp_path):
    (tmp_path / "in").mkdir()
    write(tmp_path / "in", name="a.xlsx")
    assert run("report", str(tmp_path / "in"), "-o", str(tmp_path / "out")).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    (tmp_path / "empty").mkdir()
    out = run("report", str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert out.exit_code == 0 and "没有找到可处理的工作簿" in out.output
    assert "上次的输出保持不变" in out.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_usage_error_is_exit_2(tmp_path):
    assert run("check").exit_code == 2
    assert run("check", "--fail-on", "sometimes", str(EXAMPLE)).exit_code == 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check"], "错误：缺少要检查的工作簿（一个或多个 .xlsx 文件或文件夹）。"),
        (["report"], "错误：缺少要审核的工作簿"),
        (["draft"], "错误：缺少工作簿文件（.xlsx）。"),
        (
            ["check", "--fail-on", "sometimes", str(EXAMPLE)],
            "错误：--fail-on 的值不对：“sometimes”不是可选的值；可选：error、warning、never。",
        ),
        (["check", "--fail-on"], "错误：选项 --fail-on 后面要跟一个值。"),
        (["check", "--qqq", str(EXAMPLE)], "错误：没有选项 --qqq。"),
        (["chek", str(EXAMPLE)], "错误：没有命令 chek（是否要用 check？）"),
        (["report", "--jobs", "0", str(EXAMPLE)], "应为不小于 1 的整数，而不是 0"),
        (["report", "--jobs", "two", str(EXAMPLE)], "“two”不是整数"),
        (["report", "--timeout", "0.5", str(EXAMPLE)], "应为不小于 1 的数，而不是 0.5"),
        (["check", "--rules", "no_such_rules.toml", str(EXAMPLE)], "评分规则文件不存在"),
    ],
)
def test_usage_errors_are_chinese(args, words):
    out = run(*args)
    assert out.exit_code == 2
    assert words in out.output
    assert "查看帮助：" in out.output and "--help" in out.output
    for english in ("Error", "Usage", "Try ", "Invalid value", "Missing argument", "No such"):
        assert english not in out.output, english


def test_no_arguments_shows_help_and_asks_for_a_command():
    out = run()
    assert out.exit_code == 2
    assert "错误：请指定命令，例如 budget-batch report input -o output" in out.output
    assert "report" in out.output and "check" in out.output  # the (bilingual) help


def test_help_and_version_still_exit_0():
    assert run("--help").exit_code == 0 and run("--version").exit_code == 0
    assert run("report", "--help").exit_code == 0


def test_report_end_screen_says_where_each_draft_went(tmp_path):
    """Two inputs with the same name in different folders: every output of the second carries
    the same _2, drafts included, and the end screen names each draft."""
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        shutil.copyfile(EXAMPLE, tmp_path / "in" / sub / EXAMPLE.name)
    out_dir = tmp_path / "out"
    out = run("report", str(tmp_path / "in"), "-o", str(out_dir))
    assert out.exit_code == 0
    for copy, draft in (
        ("示例_花都区残联_2023_审核.xlsx", "示例_花都区残联_2023_自评报告.docx"),
        ("示例_花都区残联_2023_审核_2.xlsx", "示例_花都区残联_2023_自评报告_2.docx"),
    ):
        assert (out_dir / copy).exists() and (out_dir / draft).exists()
        assert f"审核副本 {copy}；报告草稿 {draft}" in out.output
    assert f"输出在 {out_dir}：审核副本 2 个，自评报告草稿 2 个" in out.output
    doc = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert "draft" not in doc["workbooks"][0]  # interface.md fixes the document's keys


def test_template_command(tmp_path):
    target = tmp_path / "t.xlsx"
    assert run("template", "-o", str(target)).exit_code == 0
    assert target.exists()


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0


def test_check_accepts_a_folder(tmp_path):
    write(tmp_path, name="a.xlsx")
    write(tmp_path, name="b.xlsx")
    out = run("check", "--json", str(tmp_path))
    assert out.exit_code == 0
    assert [w["file"] for w in json.loads(out.output)["workbooks"]] == [
        str(tmp_path / "a.xlsx"),
        str(tmp_path / "b.xlsx"),
    ]
    assert run("check", str(tmp_path / "empty_dir_that_is_missing")).exit_code == 1
