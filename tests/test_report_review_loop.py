"""The review loop on a Word report: a resubmitted `_审核.docx` is stripped of our comments, their
anchors and the highlights we gave (the user's own stay) before it is annotated again; report.json's
`previous` says what was resolved; names as for workbooks; LibreOffice opens the copy, keeps our
comments and record when it re-saves it, and converts a .doc to a .docx copy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx_copies as D
import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from office import SOFFICE, convert
from openpyxl import load_workbook

from budget_batch import run_batch
from budget_batch.cli import main
from budget_batch.read.report_record import RECORD_NS, read_report_record

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "input_templates" / "示例_花都区残联_2023_自评报告.docx"
STEM = REPORT.stem


def _round(inputs: list[Path], out: Path):
    doc = run_batch(inputs, out, jobs=1)
    return doc.workbooks


def _records(path: Path) -> list[bytes]:
    """Our review records in the package (by their root's namespace)."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
                data = z.read(name)
                if etree.QName(etree.fromstring(data)).namespace == RECORD_NS:
                    found.append(data)
    return found


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("round1")
    (result,) = _round([REPORT], out)
    return out / f"{STEM}_审核.docx", result


def test_round_1_records_its_findings(first) -> None:
    copy, result = first
    assert result.output == str(copy) and result.previous is None
    record = read_report_record(copy)
    assert record is not None and record.round == 1
    assert [(f.code, f.key["column"]) for f in record.findings] == [
        ("TEXT_ARITHMETIC", "99.09%"),
        ("TEXT_ARITHMETIC", "0.91%"),
    ]
    assert [(m.highlight, m.added) for m in record.marks] == [("yellow", True), ("yellow", True)]
    assert {m.text for m in record.marks} == {c.text for c in D.ours(copy)}


def test_round_2_after_fixing_one_figure(first, tmp_path: Path) -> None:
    """The department corrects 99.09% in the copy, in the text and in table 1 as the comment
    asks, and adds a comment of its own (re-saving the document with python-docx, as another
    client would); round 2 knows what was resolved."""
    copy, _ = first
    text = D.replace_text(copy, ">99.09%<", ">99.10%<", tmp_path / "text.docx")
    fixed = D.replace_text(text, ">99.09<", ">99.10<", tmp_path / "fixed.docx")
    resubmitted = D.with_user_comment(tmp_path, fixed, name=f"{STEM}_审核.docx")
    out = tmp_path / "round2"
    (result,) = _round([resubmitted], out)
    assert result.previous is not None and result.round == 2
    assert result.previous.to_json() == {"resolved": 1, "open": 1, "new": 0}
    again = out / f"{STEM}_审核.docx"  # not 示例…_审核_审核.docx
    assert result.output == str(again) and sorted(p.name for p in out.glob("*.docx")) == [
        again.name
    ]
    (ours,) = D.ours(again)  # only one set of our comments: the last round's were taken out
    assert D.ranges_of(again)[ours.id] == "0.91%" and "建议改为 0.90%" in ours.text
    (user,) = [c for c in D.comments_of(again) if c.author == "张三"]
    title = Document(str(REPORT)).paragraphs[0].text
    assert user.text == "请办公室再核一遍标题。" and D.ranges_of(again)[user.id] == title
    assert D.highlighted(again) == [("0.91%", "yellow")]  # 99.10% lost the highlight we gave
    assert sorted(D.references_of(again)) == sorted(c.id for c in D.comments_of(again))
    (record,) = _records(again)
    assert b'round="2"' in record
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["workbooks"][0]["previous"] == {"resolved": 1, "open": 1, "new": 0}


def test_round_2_of_an_unchanged_copy_is_the_same_copy(first, tmp_path: Path) -> None:
    """Nothing fixed: the same comments again, once; everything open."""
    copy, _ = first
    resubmitted = tmp_path / "in" / copy.name
    resubmitted.parent.mkdir()
    shutil.copyfile(copy, resubmitted)
    (result,) = _round([resubmitted], tmp_path / "out")
    again = Path(result.output)
    assert result.previous.to_json() == {"resolved": 0, "open": 2, "new": 0}
    assert sorted(c.text for c in D.ours(again)) == sorted(c.text for c in D.ours(copy))
    assert D.highlighted(again) == D.highlighted(copy)
    assert len(_records(again)) == 1
    assert D.flattened(D.document_xml(again), {c.id for c in D.ours(again)}) == D.flattened(
        D.document_xml(REPORT), set()
    )


def test_a_copy_whose_record_was_lost_is_still_stripped(first, tmp_path: Path) -> None:
    """Our comments are known by their author; without the record, the highlights in their range
    that have our colours are taken out; no `previous` (nothing to compare with)."""
    copy, _ = first
    bare = D.without_member(
        copy, r"customXml/(_rels/)?item(Props)?2\.xml", tmp_path / f"{STEM}_审核.docx"
    )
    assert read_report_record(bare) is None
    (result,) = _round([bare], tmp_path / "out")
    again = Path(result.output)
    assert result.previous is None
    assert len(D.ours(again)) == 2 and len(D.comments_of(again)) == 2
    assert D.highlighted(again) == [("99.09%", "yellow"), ("0.91%", "yellow")]


def test_a_reply_to_our_comment_survives_it(first, tmp_path: Path) -> None:
    """Word keys replies in commentsExtended by paragraph id: taking our comment out drops its
    entry there and makes the user's reply a comment of its own."""
    copy, _ = first
    ours = D.ours(copy)[0]
    replied = D.with_reply(copy, ours.id, tmp_path / f"{STEM}_审核.docx")
    (result,) = _round([replied], tmp_path / "out")
    again = Path(result.output)
    assert [c.text for c in D.comments_of(again) if c.author == "李四"] == ["已改。"]
    with zipfile.ZipFile(again) as z:
        extended = etree.fromstring(z.read("word/commentsExtended.xml"))
    entries = [{etree.QName(k).localname: v for k, v in el.attrib.items()} for el in extended]
    assert entries == [{"paraId": D.REPLY_PARA, "done": "0"}]  # ours gone, the reply orphaned


def test_the_batch_summary_links_to_the_word_copy(first) -> None:
    copy, _ = first
    wb = load_workbook(copy.parent / "批量汇总.xlsx")
    links = [c.hyperlink.target for row in wb["工作簿一览"].iter_rows() for c in row if c.hyperlink]
    assert links == [copy.name]
    problems = wb["全部问题"]
    header = [c.value for c in problems[1]]
    cells = [row[header.index("单元格")] for row in problems.iter_rows(min_row=2)]
    assert [(c.value, c.hyperlink.target if c.hyperlink else None) for c in cells] == [
        ("第 17 段", copy.name),
        ("第 17 段", copy.name),
    ]


def test_the_end_screen_lists_the_word_copy(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["report", str(REPORT), "-o", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert f"审核副本（Word 批注） {STEM}_审核.docx" in out.output
    assert "审核副本 1 个（其中 Word 自评报告 1 份，批注标在文中）" in out.output


def test_reports_with_the_same_stem_get_numbered_copies(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = shutil.copyfile(REPORT, tmp_path / "a" / "局.docx")
    two = shutil.copyfile(REPORT, tmp_path / "b" / "局.docx")
    out = tmp_path / "out"
    results = _round([one, two], out)
    assert [Path(r.output).name for r in results] == ["局_审核.docx", "局_审核_2.docx"]
    # a copy resubmitted into the output folder is never written over
    before = (out / "局_审核.docx").read_bytes()
    (again,) = _round([out / "局_审核.docx"], out)
    assert Path(again.output).name == "局_审核_2.docx"
    assert (out / "局_审核.docx").read_bytes() == before


# -- LibreOffice --------------------------------------------------------------------------------


@pytest.mark.office
def test_libreoffice_shows_our_comments(first, tmp_path: Path) -> None:
    """Printed to PDF, each comment is an annotation holding our text; re-saved as .docx, the
    comments, their ranges and the record are still there."""
    copy, _ = first
    pdf = _pdf_with_comments(copy, tmp_path / "pdf")
    notes = _pdf_notes(pdf)
    assert len(notes) == 2
    for comment in D.ours(copy):
        assert any(comment.text.splitlines()[0] in n for n in notes)
    (resaved,) = convert([copy], tmp_path / "resaved", "docx")
    assert sorted(c.text for c in D.ours(resaved)) == sorted(c.text for c in D.ours(copy))
    assert sorted(D.ranges_of(resaved).values()) == ["0.91%", "99.09%"]
    assert read_report_record(resaved) is not None


def _pdf_with_comments(path: Path, out: Path) -> Path:
    """`path` printed to PDF by LibreOffice with its comments as annotations."""
    assert SOFFICE, "CI must install LibreOffice (see .ci/run)"
    notes = '{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out.parent / (out.name + '-lo-profile')}",
            "--headless",
            "--convert-to",
            f"pdf:writer_pdf_Export:{notes}",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return out / f"{path.stem}.pdf"


def _pdf_notes(pdf: Path) -> list[str]:
    data = pdf.read_bytes()
    found = re.findall(rb"/Subtype\s*/Text\b[^>]*?/Contents\s*<([0-9A-Fa-f]+)>", data)
    return [bytes.fromhex(h.decode()).decode("utf-16") for h in found]


@pytest.mark.office
def test_a_copy_resaved_by_libreoffice_is_stripped_for_round_2(first, tmp_path: Path) -> None:
    copy, _ = first
    (resaved,) = convert([copy], tmp_path / "resaved", "docx")
    (result,) = _round([resaved], tmp_path / "out")
    again = Path(result.output)
    assert result.previous is not None and result.previous.to_json() == {
        "resolved": 0,
        "open": 2,
        "new": 0,
    }
    assert len(D.ours(again)) == 2 and len(D.comments_of(again)) == 2
    assert [t for t, _ in D.highlighted(again)] == ["99.09%", "0.91%"]


@pytest.mark.office
def test_a_doc_gets_a_docx_copy(tmp_path: Path) -> None:
    (doc,) = convert([REPORT], tmp_path / "doc", "doc")
    (result,) = _round([doc], tmp_path / "out")
    assert result.status == "checked" and Path(result.output).name == f"{STEM}_审核.docx"
    copy = Path(result.output)
    assert sorted(D.ranges_of(copy).values()) == ["0.91%", "99.09%"]
    assert [p.text for p in Document(str(copy)).paragraphs][:3] == [
        p.text for p in Document(str(REPORT)).paragraphs
    ][:3]
