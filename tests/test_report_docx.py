"""A Word report read as a document kind: paragraphs and sentences where a reader counts them,
tables with their labels, recognition by content, .doc via LibreOffice or a refusal that says how
to save as .docx, and hostile files refused in Chinese (never a traceback)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import report_docs as R
from chinese import english_words

from budget_batch.kinds import read_document
from budget_batch.pipeline import check_workbook, find_workbooks
from budget_batch.read import text_source
from budget_batch.report_model import ReportModel


def _model(path: Path) -> ReportModel:
    kind, read = read_document(path)
    assert kind.name == "report"
    assert isinstance(read.model, ReportModel)
    return read.model


def test_paragraphs_are_counted_as_a_reader_counts_them(tmp_path: Path) -> None:
    path = R.write_report(
        tmp_path, ["一、部门基本情况", "本年收入 100 万元；本年支出 90 万元！\n结余 10 万元"]
    )
    model = _model(path)
    assert [(p.index, p.text) for p in model.paragraphs][:2] == [
        (1, R.TITLE),
        (2, "一、部门基本情况"),
    ]
    third = model.paragraph(3)
    assert third is not None and third.position == 3  # the empty paragraph counts as a position
    assert [s.text for s in third.sentences] == [
        "本年收入 100 万元；",
        "本年支出 90 万元！",
        "结余 10 万元",
    ]
    s = third.sentences[1]
    assert third.text[s.start : s.end] == s.text


def test_title_names_the_department_and_year(tmp_path: Path) -> None:
    model = _model(R.write_report(tmp_path, ["本年收入 100 万元。"]))
    assert (model.department, model.year, model.kind) == ("测试市某某局", 2023, "report")


def test_tables_keep_their_cells_caption_and_unit(tmp_path: Path) -> None:
    rows = [
        ["项目", "本年数", "占比(%)"],
        ["收入合计", "100.00", ""],
        ["财政拨款", "90.00", "90.00"],
    ]
    model = _model(
        R.write_report(tmp_path, ["本年收入 100 万元。"], [("表 1 收支情况（单位：万元）", rows)])
    )
    (table,) = model.tables
    assert (table.index, table.caption, table.unit) == (1, "表 1 收支情况（单位：万元）", "万元")
    assert table.cell(3, 3) == "90.00" and table.place(3, 3) == "表 1 第 3 行第 3 列"


def test_a_word_document_that_is_no_report_is_refused_in_chinese(tmp_path: Path) -> None:
    path = R.write_report(tmp_path, ["请查收附件。"], title="关于报送材料的函")
    result = check_workbook(path)
    assert result.status == "unreadable"
    assert "不是绩效自评报告" in (result.error or "") and english_words(result.error or "") == []


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (R.bomb, "压缩炸弹"),
        (R.xxe, "不安全的 XML"),
        (R.truncated, "损坏或不完整"),
        (R.text_named_docx, "不是 Word 文档"),
    ],
)
def test_hostile_documents_are_refused_in_chinese(tmp_path: Path, make, words: str) -> None:
    result = check_workbook(make(tmp_path))
    assert result.status == "unreadable", result
    assert words in (result.error or "")
    assert R.SECRET not in (result.error or "") and english_words(result.error or "") == []


def test_a_doc_without_libreoffice_is_refused_with_how_to_save_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "旧报告.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    monkeypatch.setattr(text_source, "find_office", lambda: None)
    result = check_workbook(source)
    assert result.status == "unreadable"
    assert "未安装 LibreOffice" in (result.error or "") and "另存为”Word 文档（*.docx）" in (
        result.error or ""
    )


@pytest.mark.office
def test_a_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    docx = R.write_report(
        tmp_path, ["本年支出 900万元，其中：人员经费 500万元，公用经费 300万元。"], name="src.docx"
    )
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(docx)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    doc = tmp_path / "doc" / "src.doc"
    assert done.returncode == 0 and doc.exists(), done.stderr
    result = check_workbook(doc)
    assert result.status == "checked" and result.kind == "report", result.error
    assert [(f.code, f.place, f.stated) for f in result.findings] == [
        ("TEXT_ARITHMETIC", "第 2 段", 900.0)
    ]


def test_folders_yield_word_reports_but_not_our_drafts(tmp_path: Path) -> None:
    report = R.write_report(tmp_path, ["本年收入 100 万元。"], name="部门报告.docx")
    draft = R.write_report(
        tmp_path,
        [
            "（草稿：由 budget_batch 根据审核后的工作簿生成，数字与工作簿一致，请在此基础上修改文字）"
        ],
        name="某局_自评报告.docx",
    )
    (tmp_path / "旧.wps").write_bytes(b"x")
    found = find_workbooks([tmp_path])
    assert sorted(p.name for p in found.files) == ["旧.wps", report.name]
    assert [p.name for p, _ in found.skipped] == [draft.name]
