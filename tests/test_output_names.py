"""Names and folders (interface.md, "Names"): no doubled `_审核`; the same `_2`, `_3` on every
output of one workbook; never an output over its own input or over another workbook's output of
the same run."""

from __future__ import annotations

import shutil
from pathlib import Path

from builders import edit, write
from docx import Document

from budget_batch.batch import run_batch
from budget_batch.output_names import annotated_name, base_stem, draft_name, unique
from budget_batch.read.review_record import read_review_record

TEMPLATE_NAME = "部门整体支出绩效自评表.xlsx"  # the template's own name: departments keep it


def department(folder: Path, name: str, file: str = TEMPLATE_NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return edit(write(folder, name=file), {"基本信息": {"B2": name}})


def draft_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_same_stem_in_three_folders_gets_one_suffix_on_every_output(tmp_path):
    streets = ["街道A", "街道B", "街道C"]
    for street in streets:
        department(tmp_path / "in" / street, f"{street}办事处")
    report = run_batch([tmp_path / "in"], tmp_path / "out", jobs=2)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "report.json",
        "批量汇总.xlsx",
        "部门整体支出绩效自评表_审核.xlsx",
        "部门整体支出绩效自评表_审核_2.xlsx",
        "部门整体支出绩效自评表_审核_3.xlsx",
        "部门整体支出绩效自评表_自评报告.docx",
        "部门整体支出绩效自评表_自评报告_2.docx",
        "部门整体支出绩效自评表_自评报告_3.docx",
    ]
    for street, wb in zip(streets, report.workbooks, strict=True):
        assert street in wb.file and wb.department == f"{street}办事处"
        suffix = Path(wb.output).stem.removeprefix("部门整体支出绩效自评表_审核")
        assert Path(wb.draft).stem == f"部门整体支出绩效自评表_自评报告{suffix}"
        assert f"{street}办事处" in draft_text(Path(wb.draft))  # its own draft, not another's


def test_a_copy_is_not_marked_twice(tmp_path):
    first = run_batch([department(tmp_path / "in", "某局", "局.xlsx")], tmp_path / "r1")
    copy = Path(first.workbooks[0].output)
    assert copy.name == "局_审核.xlsx"
    second = run_batch([copy], tmp_path / "r2").workbooks[0]
    assert (
        Path(second.output).name == "局_审核.xlsx" and Path(second.draft).name == "局_自评报告.docx"
    )
    assert read_review_record(second.output).round == 2


def test_an_output_never_goes_over_its_own_input(tmp_path):
    """A copy returned into the output folder and reported there again."""
    first = run_batch([department(tmp_path / "in", "某局", "局.xlsx")], tmp_path / "out")
    copy = Path(first.workbooks[0].output)
    before = copy.read_bytes()
    again = run_batch([copy], tmp_path / "out").workbooks[0]
    assert copy.read_bytes() == before  # the input is never modified
    assert Path(again.output).name == "局_审核_2.xlsx"
    assert Path(again.draft).name == "局_自评报告_2.docx"


def test_an_original_and_its_copy_in_one_batch(tmp_path):
    source = department(tmp_path / "in", "某局", "局.xlsx")
    first = run_batch([source], tmp_path / "r1")
    shutil.copy(first.workbooks[0].output, tmp_path / "in")
    report = run_batch([tmp_path / "in"], tmp_path / "r2")
    assert [(Path(w.file).name, Path(w.output).name, w.round) for w in report.workbooks] == [
        ("局.xlsx", "局_审核.xlsx", 1),
        ("局_审核.xlsx", "局_审核_2.xlsx", 2),
    ]


def test_names_differing_only_in_case_do_not_collide(tmp_path):
    department(tmp_path / "in" / "x", "甲", "Dept.xlsx")
    department(tmp_path / "in" / "y", "乙", "dept.xlsx")
    report = run_batch([tmp_path / "in"], tmp_path / "out")
    assert [Path(w.output).name for w in report.workbooks] == ["Dept_审核.xlsx", "dept_审核_2.xlsx"]


def test_the_name_rules():
    assert base_stem("局_审核") == base_stem("局_审核_2") == base_stem("局") == "局"
    assert base_stem("_审核") == "_审核" and base_stem("审核表") == "审核表"
    assert annotated_name(Path("a/局_审核_3.xlsm")) == "局_审核.xlsm"
    assert draft_name(Path("局_审核.xlsx")) == "局_自评报告.docx"
    taken = {"局_审核.xlsx"}
    assert unique("局_审核.xlsx", taken) == "局_审核_2.xlsx"
    assert unique("局_审核.XLSX", taken) == "局_审核_3.XLSX"
