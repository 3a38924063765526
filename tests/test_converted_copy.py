""".xls / .xlsb / .ods inputs: read from their values like their .xlsx (department workbooks and
project forms alike), and the .xlsx their copy is made from — LibreOffice's conversion, or a
workbook rebuilt from the values with NOT_PRESERVED."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from form_cases import FAMILIES, write
from openpyxl import load_workbook
from spreadsheets import convert, write_ods

from budget_batch import check_workbook
from budget_batch.read.package_scan import Unreadable
from budget_batch.write.copy.converted_copy import converted_copy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"


def keys(path: Path) -> list[tuple[object, ...]]:
    result = check_workbook(path)
    assert result.status == "checked", result.error
    return [
        (f.code, f.severity.value, f.sheet, f.cell, f.stated, f.computed) for f in result.findings
    ]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path, Path]]:
    """Each family's crafted form (with a fault) and our example department workbook, with
    LibreOffice's .xls and .ods of them."""
    from form_cases import make

    folder = tmp_path_factory.mktemp("formats")
    sources = [EXAMPLE]
    for family in FAMILIES:
        data = make(family, lambda d: setattr(d, "total_score", 97))  # a stated total off by 3
        sources.append(write(folder, family, data))
    xls = convert(sources, "xls", folder / "xls")
    ods = convert(sources, "ods", folder / "ods")
    return {s.stem: (s, x, o) for s, x, o in zip(sources, xls, ods, strict=True)}


@pytest.mark.office
def test_the_same_workbooks_as_xls_and_ods_give_the_same_findings(converted):
    for stem, (source, xls, ods) in converted.items():
        expected = keys(source)
        assert expected, stem
        assert keys(xls) == expected, stem
        assert keys(ods) == expected, stem
        assert check_workbook(xls).kind == check_workbook(source).kind


@pytest.mark.office
def test_libreoffice_converts_the_copy_keeping_sheets_and_cells(converted, tmp_path):
    source, xls, _ = converted["form_四川"]
    copy, findings = converted_copy(xls, tmp_path / "work")
    assert findings == [] and copy.suffix == ".xlsx" and copy.parent == tmp_path / "work"
    assert keys(copy) == keys(source)
    ws = load_workbook(copy)["自评表"]
    assert "I9:K13" in {str(r) for r in ws.merged_cells.ranges}  # 原因, merged down the money rows
    assert xls.exists()  # the input is untouched (LibreOffice read a copy)


@pytest.mark.fires("NOT_PRESERVED")
@pytest.mark.office
def test_without_libreoffice_the_copy_is_rebuilt_from_values(converted, tmp_path):
    source, xls, _ = converted["form_10号"]
    copy, findings = converted_copy(xls, tmp_path / "work", use_office=False)
    (note,) = findings
    assert (note.code, note.severity.value, note.sheet, note.cell) == (
        "NOT_PRESERVED",
        "info",
        "",
        "",
    )
    assert ".xls" in note.message and "另存为" in note.message and "LibreOffice" in note.message
    assert keys(copy) == keys(source)
    ws = load_workbook(copy)["自评表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A5:A9"} <= merged  # the title across, 项目资金 down its rows
    assert ws["B3"].value == "委托业务项目"


def test_a_rebuilt_ods_keeps_every_sheet_value_and_hidden_state(tmp_path):
    ods = write_ods(
        tmp_path / "hand.ods",
        {"表一": [["项目", "金额"], ["甲", 12.5], [None, "=不是公式"]], "表二": [["x"]]},
    )
    copy, findings = converted_copy(ods, tmp_path / "work", use_office=False)
    assert [f.code for f in findings] == ["NOT_PRESERVED"] and "OpenDocument" in findings[0].message
    wb = load_workbook(copy)
    assert wb.sheetnames == ["表一", "表二"]
    assert [[c.value for c in row] for row in wb["表一"].iter_rows()] == [
        ["项目", "金额"],
        ["甲", 12.5],
        [None, "=不是公式"],  # text stays text
    ]
    assert wb["表一"]["B3"].data_type == "s"


def test_an_xlsx_in_disguise_is_its_own_copy_and_a_damaged_file_is_refused(tmp_path):
    renamed = tmp_path / "renamed.xls"
    shutil.copyfile(write(tmp_path, "10号"), renamed)
    assert converted_copy(renamed, tmp_path / "work") == (renamed, [])
    broken = tmp_path / "broken.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(Unreadable, match="旧版 .xls"):
        converted_copy(broken, tmp_path / "work2", use_office=False)


def test_values_only_formats_are_read_and_damaged_ones_refused_by_format(tmp_path):
    ods = write_ods(tmp_path / "a.ods", {"基本信息": [["部门名称", "某局"]]})
    result = check_workbook(ods)
    assert result.status == "checked" and result.kind == "department"
    assert "SHEET_MISSING" in {f.code for f in result.findings}  # read as our template
    fake = tmp_path / "b.xlsb"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\0")
    refused = check_workbook(fake)
    assert refused.status == "unreadable" and ".xlsb" in (refused.error or "")
    assert "另存为" in (refused.error or "")


@pytest.mark.office
def test_report_on_xls_inputs_writes_xlsx_copies(converted, tmp_path):
    """Through `report`: each .xls input gets an annotated .xlsx copy converted by LibreOffice,
    with the same findings as its .xlsx would have, and nothing said about lost formatting."""
    from budget_batch.batch import run_batch

    inputs = [x for _, x, _ in converted.values()]
    report = run_batch(inputs, tmp_path / "out", jobs=2)
    for (source, xls, _), wb in zip(converted.values(), report.workbooks, strict=True):
        assert wb.status == "checked" and Path(wb.output).suffix == ".xlsx"
        assert Path(wb.output).name == f"{xls.stem}_审核.xlsx"
        assert [f.code for f in wb.findings] == [c for c, *_ in keys(source)]
        assert "审核结果" in load_workbook(wb.output).sheetnames


@pytest.mark.office  # to make the .xls
def test_without_libreoffice_report_says_what_the_copy_did_not_keep(
    converted, tmp_path, monkeypatch
):
    """No LibreOffice on the machine: the copy is rebuilt from values, and NOT_PRESERVED says so
    in the result and in the copy's 审核结果."""
    from concurrent.futures import ThreadPoolExecutor

    from budget_batch.batch import run_batch
    from budget_batch.write.copy import converted_copy as module

    monkeypatch.setattr(module, "find_office", lambda: None)
    _, xls, _ = converted[EXAMPLE.stem]
    with ThreadPoolExecutor(1) as pool:  # in this process, where LibreOffice is patched away
        (wb,) = run_batch([xls], tmp_path / "out", executor=pool).workbooks
    assert wb.findings[0].code == "NOT_PRESERVED"
    rows = list(load_workbook(wb.output)["审核结果"].iter_rows(values_only=True))
    assert any("NOT_PRESERVED" in row for row in rows)
