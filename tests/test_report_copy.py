"""The annotated copy of a Word report, `<stem>_审核.docx` (narrative.md, "Outputs"): one Word
comment per finding, its range holding exactly the figure, the figure highlighted by severity;
every member the copy does not need to touch copied as its compressed bytes; the user's comments
and highlights kept; figures that cannot be isolated commented on their paragraph."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import docx_copies as D
import pytest
import report_docs as R
from docx import Document
from lxml import etree

from budget_batch import catalogue as C
from budget_batch.batch import process_workbook
from budget_batch.pipeline import check_workbook
from budget_batch.read.package_scan import Unreadable
from budget_batch.write.copy.report_copy import write_report_copy

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "input_templates" / "示例_花都区残联_2023_自评报告.docx"
DATE = "2024-05-06T00:00:00Z"


def _copy(source: Path, tmp_path: Path, name: str = "copy_审核.docx"):
    result = check_workbook(source)
    assert result.status == "checked", result.error
    dest = tmp_path / name
    write_report_copy(source, result, dest, date=DATE)
    return result, dest


def _by_range(path: Path) -> dict[str, D.Comment]:
    """Our comments by the text their range holds."""
    ranges = D.ranges_of(path)
    return {ranges[c.id]: c for c in D.ours(path)}


# -- the example ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("example")
    dest = out / "示例_审核.docx"
    result = process_workbook(str(REPORT), str(dest), None)
    return result, dest


def test_the_example_has_one_comment_per_finding_on_its_figure(example) -> None:
    result, dest = example
    assert result.output == str(dest) and dest.exists()
    assert [f.key[1] for f in result.findings if f.key] == ["99.09%", "0.91%"]
    mine = D.ours(dest)
    assert len(mine) == len(result.findings) == 2
    by_range = _by_range(dest)
    assert sorted(by_range) == ["0.91%", "99.09%"]  # each range encloses exactly the figure
    first, second = by_range["99.09%"], by_range["0.91%"]
    assert first.text.startswith(
        "【警告】TEXT_ARITHMETIC：「一般公共预算财政拨款」占总收入的比例写作 99.09%"
    )
    assert "建议改为 99.10%" in first.text and "建议改为 0.90%" in second.text
    assert {(c.author, c.initials) for c in mine} == {("budget_batch", "BB")}
    assert sorted(D.references_of(dest)) == sorted(c.id for c in mine)
    assert D.highlighted(dest) == [("99.09%", "yellow"), ("0.91%", "yellow")]


def test_the_example_reads_as_before(example) -> None:
    """Every paragraph and cell holds the same text as the input's (the split runs join up)."""
    _, dest = example
    before, after = Document(str(REPORT)), Document(str(dest))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [[c.text for c in r.cells] for t in after.tables for r in t.rows] == [
        [c.text for c in r.cells] for t in before.tables for r in t.rows
    ]
    assert check_workbook(dest).findings == check_workbook(REPORT).findings


def test_the_example_is_the_input_where_untouched(example) -> None:
    _, dest = example
    changed, added = D.changed_members(REPORT, dest)
    assert changed == {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    assert set(added) == {
        "word/comments.xml",  # the example has none: created
        "customXml/item2.xml",  # our review record (item1 is the template's bibliography)
        "customXml/itemProps2.xml",
        "customXml/_rels/item2.xml.rels",
    }
    ours = {c.id for c in D.ours(dest)}
    assert D.flattened(D.document_xml(dest), ours) == D.flattened(D.document_xml(REPORT), set())
    with zipfile.ZipFile(REPORT) as a, zipfile.ZipFile(dest) as b:
        rels = "word/_rels/document.xml.rels"
        old, new = _relationships(a.read(rels)), _relationships(b.read(rels))
        assert old < new and {t for _, t, _ in new - old} == {"comments", "customXml"}
        types = "[Content_Types].xml"
        old_types, new_types = set(_children(a.read(types))), set(_children(b.read(types)))
        assert old_types < new_types
        assert {part for _, part, _ in new_types - old_types} == {
            "/word/comments.xml",
            "/customXml/itemProps2.xml",
        }


def _relationships(data: bytes) -> set[tuple[str, str, str]]:
    return {
        (el.get("Id"), el.get("Type").rsplit("/", 1)[-1], el.get("Target"))
        for el in etree.fromstring(data)
    }


def _children(data: bytes) -> list[tuple[str, str, str]]:
    return [
        (
            etree.QName(el).localname,
            el.get("PartName") or el.get("Extension"),
            el.get("ContentType"),
        )
        for el in etree.fromstring(data)
    ]


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    result = check_workbook(REPORT)
    a, b = tmp_path / "a_审核.docx", tmp_path / "b_审核.docx"
    write_report_copy(REPORT, result, a, date=DATE)
    write_report_copy(REPORT, result, b, date=DATE)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert b'w:date="2024-05-06T00:00:00Z"' in z.read("word/comments.xml")


# -- severities, runs, fallbacks ----------------------------------------------------------------


def test_an_error_is_red_and_a_warning_yellow(tmp_path: Path) -> None:
    source = R.write_report(tmp_path, ["一、收支情况", D.LIST_WRONG, D.SHARES])
    result, dest = _copy(source, tmp_path)
    assert [(f.severity.value, f.key[1]) for f in result.findings if f.key] == [
        ("error", "900万元"),
        ("warning", "99.09%"),
        ("warning", "0.91%"),
    ]
    assert D.highlighted(dest) == [("900万元", "red"), ("99.09%", "yellow"), ("0.91%", "yellow")]
    assert _by_range(dest)["900万元"].text.startswith("【错误】TEXT_ARITHMETIC：")


def test_a_figure_over_two_runs_is_enclosed_with_each_runs_formatting(tmp_path: Path) -> None:
    source = D.split_figure(tmp_path)
    _, dest = _copy(source, tmp_path)
    assert sorted(_by_range(dest)) == ["0.91%", "99.09%"]
    runs = _runs_in_range(dest, _by_range(dest)["99.09%"].id)
    assert [(text, bold, colour) for text, bold, _, colour in runs] == [
        ("99.", True, "yellow"),
        ("09%", False, "yellow"),
    ]
    (italic,) = _runs_in_range(dest, _by_range(dest)["0.91%"].id)
    assert italic == ("0.91%", False, True, "yellow")
    ours = {c.id for c in D.ours(dest)}
    assert D.flattened(D.document_xml(dest), ours) == D.flattened(D.document_xml(source), set())


def _runs_in_range(path: Path, cid: int) -> list[tuple[str, bool, bool, str | None]]:
    """(text, bold, italic, highlight) of the runs with text inside comment `cid`'s range."""
    W = D.W
    root = etree.fromstring(D.document_xml(path))
    inside, out = False, []
    for el in root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "r"):
        if el.tag == W + "commentRangeStart" and int(el.get(W + "id")) == cid:
            inside = True
        elif el.tag == W + "commentRangeEnd" and int(el.get(W + "id")) == cid:
            break
        elif inside and el.tag == W + "r":
            text = "".join(t.text or "" for t in el.iter(W + "t"))
            rpr = el.find(W + "rPr")
            hl = rpr.find(W + "highlight") if rpr is not None else None
            if text:
                out.append(
                    (
                        text,
                        rpr is not None and rpr.find(W + "b") is not None,
                        rpr is not None and rpr.find(W + "i") is not None,
                        hl.get(W + "val") if hl is not None else None,
                    )
                )
    return out


@pytest.mark.parametrize("make", [D.across_field, D.over_hyperlink], ids=["field", "hyperlink"])
def test_a_figure_that_cannot_be_isolated_is_commented_on_its_paragraph(
    tmp_path: Path, make
) -> None:
    source = make(tmp_path)
    result, dest = _copy(source, tmp_path)
    assert len(D.ours(dest)) == len(result.findings) == 2
    paragraph = next(p.text for p in Document(str(source)).paragraphs if "99.09%" in p.text)
    by_range = _by_range(dest)
    assert sorted(by_range) == sorted(["0.91%", paragraph])
    whole = by_range[paragraph]
    assert "99.09%" in whole.text.splitlines()[0]
    assert whole.text.splitlines()[-1] == "（未能在文中单独标出“99.09%”，批注标在整段上。）"
    assert D.highlighted(dest) == [("0.91%", "yellow")]  # the paragraph is not highlighted
    assert [p.text for p in Document(str(dest)).paragraphs] == [
        p.text for p in Document(str(source)).paragraphs
    ]


def test_a_finding_in_a_table_is_anchored_in_its_cell(tmp_path: Path) -> None:
    """A finding placed 表 N 第 r 行第 c 列 (the report's own table) is anchored in that cell."""
    result = check_workbook(REPORT)
    on_cell = replace(
        result.findings[0], place="表 1 第 3 行第 6 列", sentence="99.09", key=("99.09", "99.09")
    )
    result.findings = [on_cell]
    dest = tmp_path / "表_审核.docx"
    write_report_copy(REPORT, result, dest, date=DATE)
    (comment,) = D.ours(dest)
    assert D.ranges_of(dest) == {comment.id: "99.09"}
    root = etree.fromstring(D.document_xml(dest))
    start = next(root.iter(D.W + "commentRangeStart"))
    assert any(a.tag == D.W + "tc" for a in start.iterancestors())
    assert D.highlighted(dest) == [("99.09", "yellow")]


def test_a_finding_on_the_whole_report_is_commented_on_its_title(tmp_path: Path) -> None:
    result = check_workbook(REPORT)
    result.findings = [C.CHECK_FAILED.finding("", "", "本工具整理报告中的数字时出错（测试）。")]
    dest = tmp_path / "整篇_审核.docx"
    write_report_copy(REPORT, result, dest, date=DATE)
    (comment,) = D.ours(dest)
    title = Document(str(REPORT)).paragraphs[0].text
    assert D.ranges_of(dest) == {comment.id: title}
    assert comment.text.splitlines()[-1] == "（本条针对整篇报告。）"
    assert D.highlighted(dest) == []


def test_a_report_without_findings_gets_no_comments_part(tmp_path: Path) -> None:
    source = R.write_report(
        tmp_path, ["一、收支情况", "本年支出 800万元，其中：人员经费 500万元，公用经费 300万元。"]
    )
    result, dest = _copy(source, tmp_path)
    assert result.findings == []
    changed, added = D.changed_members(source, dest)
    assert "word/comments.xml" not in added and D.comments_of(dest) == []
    assert changed <= {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    assert D.flattened(D.document_xml(dest), set()) == D.flattened(D.document_xml(source), set())


# -- the user's own comments and highlights ---------------------------------------------------


def test_the_users_comments_and_their_part_stay(tmp_path: Path) -> None:
    source = D.with_user_comment(tmp_path)
    _, dest = _copy(source, tmp_path)
    before, after = D.comments_of(source), D.comments_of(dest)
    (user,) = before
    assert user in after and user.author == "张三"
    assert len([c for c in after if c.author == "budget_batch"]) == 2
    assert D.ranges_of(dest)[user.id] == D.ranges_of(source)[user.id] == R.TITLE
    assert len({c.id for c in after}) == len(after)  # our ids clear of the user's
    changed, added = D.changed_members(source, dest)
    assert "word/comments.xml" in changed and "word/comments.xml" not in added
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(dest) as b:
        old = etree.fromstring(a.read("word/comments.xml"))
        new = etree.fromstring(b.read("word/comments.xml"))
    # the user's comment first, exactly as it was; ours after it
    assert etree.tostring(new[0], method="c14n") == etree.tostring(old[0], method="c14n")
    assert [c.get(D.W + "author") for c in new] == ["张三", "budget_batch", "budget_batch"]


def test_a_figure_the_user_highlighted_keeps_its_colour(tmp_path: Path) -> None:
    source = D.with_user_highlight(tmp_path)
    _, dest = _copy(source, tmp_path)
    assert sorted(_by_range(dest)) == ["0.91%", "99.09%"]
    assert D.highlighted(dest) == [("99.09%", "yellow"), ("20 万元", "yellow"), ("0.91%", "green")]


def test_comment_ids_are_clear_of_every_annotation_id(tmp_path: Path) -> None:
    """Bookmarks and other annotations share Word's id space: ours go above all of them."""
    source = D.split_figure(tmp_path, "书签.docx")

    def bookmark(data: bytes) -> bytes:
        mark = b'<w:bookmarkStart w:id="7" w:name="b"/><w:bookmarkEnd w:id="7"/>'
        return data.replace(b"<w:body>", b"<w:body><w:p>" + mark + b"</w:p>", 1)

    marked = R._rewrite(source, tmp_path / "书签2.docx", "word/document.xml", bookmark)
    _, dest = _copy(marked, tmp_path)
    assert sorted(c.id for c in D.ours(dest)) == [8, 9]


# -- hostile input ----------------------------------------------------------------------------


def test_a_hostile_report_is_refused_and_no_copy_is_written(tmp_path: Path) -> None:
    source = R.xxe(tmp_path)
    dest = tmp_path / "out" / "xxe_审核.docx"
    dest.parent.mkdir()
    result = process_workbook(str(source), str(dest), None)
    assert result.status == "unreadable" and "不安全的 XML" in (result.error or "")
    assert not dest.exists() and list(dest.parent.iterdir()) == []
    fine = check_workbook(R.write_report(tmp_path, [D.SHARES], name="fine.docx"))
    with pytest.raises(Unreadable, match="不安全的 XML") as refused:
        write_report_copy(source, fine, dest, date=DATE)
    assert R.SECRET not in str(refused.value) and not dest.exists()


def test_beside_its_workbook_the_comments_say_the_final_findings(tmp_path: Path) -> None:
    """Across documents, a report's finding is reworded to name the workbook's (reported there):
    the copy is written again, and its comments say what report.json says."""
    from budget_batch import run_batch

    workbook = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
    _, report = run_batch([workbook, REPORT], tmp_path, jobs=1).workbooks
    assert all("已在工作簿中标出" in f.message for f in report.findings)
    copy = Path(report.output)
    assert sorted(c.text for c in D.ours(copy)) == sorted(
        f"【{f.severity.label}】{f.code}：{f.message}" for f in report.findings
    )


def test_two_findings_on_one_figure_are_two_comments_the_worse_colour(tmp_path: Path) -> None:
    result = check_workbook(REPORT)
    warning = result.findings[0]  # on 99.09%
    error = replace(warning, code="TEXT_TABLE_MISMATCH", severity=warning.severity.ERROR)
    result.findings = [warning, error]
    dest = tmp_path / "两条_审核.docx"
    write_report_copy(REPORT, result, dest, date=DATE)
    assert sorted(D.ranges_of(dest).values()) == ["99.09%", "99.09%"]
    assert D.highlighted(dest) == [("99.09%", "red")]
    result.findings = []  # round 2: both corrected
    again = tmp_path / "两条_审核_2.docx"
    write_report_copy(dest, result, again, date=DATE)
    assert D.comments_of(again) == [] and D.highlighted(again) == []
    assert D.flattened(D.document_xml(again), set()) == D.flattened(D.document_xml(REPORT), set())


def test_a_damaged_member_is_refused_as_a_damaged_word_document(tmp_path: Path) -> None:
    """A member only the copy copies (the thumbnail) fails its CRC: no broken copy is written."""
    data = bytearray(REPORT.read_bytes())
    with zipfile.ZipFile(REPORT) as z:
        info = z.getinfo("docProps/thumbnail.jpeg")
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 100
    data[at] ^= 0xFF
    damaged = tmp_path / "坏.docx"
    damaged.write_bytes(bytes(data))
    dest = tmp_path / "坏_审核.docx"
    with pytest.raises(Unreadable, match=r"^Word 文档已损坏或不完整（docProps/thumbnail.jpeg") as e:
        write_report_copy(damaged, check_workbook(REPORT), dest, date=DATE)
    assert "工作簿" not in str(e.value) and not dest.exists()


def test_a_place_the_report_no_longer_has_is_said_on_the_title(tmp_path: Path) -> None:
    result = check_workbook(REPORT)
    result.findings = [replace(result.findings[0], place="第 999 段")]
    dest = tmp_path / "无此段_审核.docx"
    write_report_copy(REPORT, result, dest, date=DATE)
    (comment,) = D.ours(dest)
    assert D.ranges_of(dest) == {comment.id: Document(str(REPORT)).paragraphs[0].text}
    assert comment.text.splitlines()[-1] == "（报告中找不到第 999 段，批注标在标题上。）"
