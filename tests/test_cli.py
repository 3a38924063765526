"""The command line is a thin layer: its JSON is the library's, its exit statuses as specified."""

import json

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


def test_report_on_a_folder_skips_lock_files_and_outputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, name="a.xlsx")
    (folder / "~$a.xlsx").write_bytes(b"lock")
    write(folder, name="b_审核.xlsx")
    out = run("report", str(folder), "-o", str(tmp_path / "out"))
    assert out.exit_code == 0
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [w["file"] for w in doc["workbooks"]] == [str(folder / "a.xlsx")]


def test_report_with_nothing_to_do(tmp_path):
    assert run("report", str(tmp_path), "-o", str(tmp_path / "out")).exit_code == 1


def test_usage_error_is_exit_2(tmp_path):
    assert run("check").exit_code == 2
    assert run("check", "--fail-on", "sometimes", str(EXAMPLE)).exit_code == 2


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
