"""`--layouts FILE` proven (forms.md, "Layouts as data"): a form printing a label the package does
not know is not read — its money block is missing from 读取说明, its column is listed as 未识别, or
the whole sheet is FORM_UNRECOGNIZED — and one alias added in a small TOML file makes it readable,
with the finding its figures call for, through the library (`layouts=load_layouts(path)`) and the
command line (`budget-batch check --layouts FILE`). A bad layouts file is refused in Chinese with
exit status 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import build
from layout_rewrites import to_document
from rewrite_bases import Value, original

from budget_batch import check_workbook, read_workbook
from budget_batch.cli import main
from budget_batch.form_model import FormsModel
from budget_batch.layouts import LayoutsError, load_layouts


def _form(base: str, edits: dict[str, Value], folder: Path) -> Path:
    sheet = original(base).sheet.copy()
    for cell, value in edits.items():
        row = int("".join(ch for ch in cell if ch.isdigit()))
        col = ord(cell[0]) - ord("A") + 1
        sheet.put((row, col), value)
    return build(to_document(sheet), folder / f"{base}.xlsx")


def _reading(path: Path, layouts_file: Path | None = None) -> list[str]:
    model = read_workbook(path, load_layouts(layouts_file)).model
    assert isinstance(model, FormsModel)
    return [line for r in model.readings() for line in r.lines()]


def _found(path: Path, layouts_file: Path | None = None) -> set[tuple[str, str]]:
    result = check_workbook(path, layouts=load_layouts(layouts_file))
    assert result.status == "checked", result.error
    return {(f.code, f.cell) for f in result.findings if f.severity.value != "info"}


def _layouts(folder: Path, text: str) -> Path:
    path = folder / "本局版式.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_money_column_leaves_the_money_block_unread_until_named(tmp_path: Path):
    """10号 with its 执行率 wrong (90% of 100 / 100), its 全年执行数 printed 本年实际支出数."""
    form = _form("10号+rate", {"E5": "本年实际支出数"}, tmp_path)
    reading = _reading(form)
    assert not any(line.startswith("项目资金") for line in reading)  # the block is not found
    assert ("EXEC_RATE_MISMATCH", "G6") not in _found(form)
    mine = _layouts(tmp_path, '[money.columns]\nactual = ["本年实际支出数"]\n')
    assert "  E 列「本年实际支出数」→ 全年执行数" in _reading(form, mine)
    assert _found(form, mine) == {("EXEC_RATE_MISMATCH", "G6")}
    assert _found(form, mine) == {(c, cell) for c, _, cell, _ in original("10号+rate").findings}


def test_an_unknown_indicator_column_is_said_unread_until_named(tmp_path: Path):
    """10号 with a missed target scored in full (合格率 ≥95%, 90%, 15 of 15), its 年度指标值
    printed 考核目标值: not read, the row has no target and the score stands unchecked."""
    form = _form("10号+missed", {"E12": "考核目标值"}, tmp_path)
    assert "  E 列「考核目标值」未识别，未读取" in _reading(form)
    assert not any(code == "SCORE_MISMATCH" for code, _ in _found(form))
    mine = _layouts(tmp_path, '[indicators.columns]\ntarget = ["考核目标值"]\n')
    assert "  E 列「考核目标值」→ 年度指标值" in _reading(form, mine)
    found = _found(form, mine)
    assert ("SCORE_MISMATCH", "H15") in found
    assert found == {(c, cell) for c, _, cell, _ in original("10号+missed").findings}


def test_a_form_whose_blocks_are_all_unknown_is_unrecognized_until_named(tmp_path: Path):
    """Neither block found (全年执行数 and 三级指标 printed in a bureau's own words): one
    FORM_UNRECOGNIZED at the title, saying what was looked for; with both aliases, read."""
    edits: dict[str, Value] = {"E5": "本年实际支出数", "D12": "考核指标名称"}
    form = _form("10号+rate", edits, tmp_path)
    result = check_workbook(form)
    assert [(f.code, f.cell) for f in result.findings] == [("FORM_UNRECOGNIZED", "A1")]
    assert "绩效指标" in result.findings[0].message
    mine = _layouts(
        tmp_path,
        "# 本局自评表的栏目名称\n"
        '[money.columns]\nactual = ["本年实际支出数"]\n'
        '[indicators.columns]\nlevel3 = ["考核指标名称"]\n',
    )
    assert _found(form, mine) == {("EXEC_RATE_MISMATCH", "G6")}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_command_line_reads_the_layouts_file(tmp_path: Path):
    form = _form("10号+rate", {"E5": "本年实际支出数"}, tmp_path)
    mine = _layouts(tmp_path, '[money.columns]\nactual = ["本年实际支出数"]\n')

    def codes(*options: str) -> set[tuple[str, str]]:
        out = run("check", "--json", "--fail-on", "never", *options, str(form))
        assert out.exit_code == 0, out.output
        (workbook,) = json.loads(out.output)["workbooks"]
        return {(f["code"], f["cell"]) for f in workbook["findings"] if f["severity"] != "info"}

    assert ("EXEC_RATE_MISMATCH", "G6") not in codes()
    assert codes("--layouts", str(mine)) == {("EXEC_RATE_MISMATCH", "G6")}
    assert run("check", "--layouts", str(mine), str(form)).exit_code == 1  # an error: gated


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[money.colums]\nactual = ["本年实际支出数"]\n', "“[money.colums]”不是版式数据的一节"),
        ('[money.columns]\nactual = "本年实际支出数"\n', "“[money.columns] actual”应为文字列表"),
        ("[money.columns]\nactual = [3]\n", "“[money.columns] actual”应为文字列表"),
        ('[fields]\nproject = ["项目名称"\n', "不是有效的 TOML"),
        ("money.columns = [\n", "不是有效的 TOML"),
        (b"\xff\xfe[fields]", "不是 UTF-8 编码的文本文件"),
    ],
    ids=[
        "unknown-section",
        "a-word-not-a-list",
        "a-number-in-a-list",
        "unclosed",
        "not-toml",
        "not-utf8",
    ],
)
def test_a_bad_layouts_file_is_refused_in_chinese(tmp_path: Path, text: str | bytes, words: str):
    bad = tmp_path / "版式.toml"
    if isinstance(text, bytes):
        bad.write_bytes(text)
    else:
        bad.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutsError, match=re.escape(words)):
        load_layouts(bad)
    out = run("check", "--layouts", str(bad), str(tmp_path))
    assert out.exit_code == 2
    assert "错误：--layouts 的值不对：" in out.output and words in out.output
    for english in ("Error", "Usage", "Traceback", "Invalid value", "line "):
        assert english not in out.output, english


def test_a_missing_layouts_file_is_refused_in_chinese(tmp_path: Path):
    out = run("check", "--layouts", str(tmp_path / "无此文件.toml"), str(tmp_path))
    assert out.exit_code == 2 and "无法读取" in out.output and "Error" not in out.output
