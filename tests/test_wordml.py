"""ooxml's WordprocessingML pieces on crafted XML: a paragraph's text as python-docx reads it,
mapped back to its runs; a span isolated into whole runs (cut inside a w:t, next to a tab, a
break, an empty element), properties kept on every piece; what cannot be isolated; a table's cell
by its grid place (spans, vertical merges, skipped grid columns); comments added and taken out."""

from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from lxml import etree

from budget_batch.ooxml.word_comments import (
    CommentsPart,
    NewComment,
    anchor_runs,
    prune_companion,
    ranged_runs,
    remove_anchors,
)
from budget_batch.ooxml.wordml import (
    NS_W,
    clear_highlight,
    isolate,
    paragraph_text,
    set_highlight,
    table_cell,
    w,
)

NS = f'xmlns:w="{NS_W}"'


def _p(inner: str):
    return etree.fromstring(f"<w:p {NS}>{inner}</w:p>")


def _texts(runs) -> list[str]:
    return ["".join(t.text or "" for t in r.iter(w("t"))) for r in runs]


def _props(run) -> bytes:
    rpr = run.find(w("rPr"))
    return etree.tostring(rpr, method="c14n") if rpr is not None else b""


BOLD = "<w:rPr><w:b/><w:sz w:val='32'/></w:rPr>"


@pytest.mark.parametrize(
    "inner",
    [
        f"<w:r>{BOLD}<w:t>占比 99.09%，</w:t></w:r>",
        f"<w:r>{BOLD}<w:t>占比</w:t><w:tab/><w:t>99.09%</w:t><w:br/><w:t>，</w:t></w:r>",
        "<w:r><w:t>占比 99.</w:t></w:r><w:hyperlink><w:r><w:t>09%</w:t></w:r></w:hyperlink>",
        f"<w:r>{BOLD}<w:t>占比 </w:t><w:lastRenderedPageBreak/><w:t>99.09%，</w:t></w:r>",
        "<w:r><w:t>a</w:t></w:r><w:ins><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:t>b</w:t></w:r>",
    ],
    ids=["one-run", "tab-break", "hyperlink", "empty-element", "insertion"],
)
def test_paragraph_text_is_python_docx_s(inner: str) -> None:
    p = _p(inner)
    ours = paragraph_text(p).text
    theirs = Paragraph(parse_xml(etree.tostring(p)), None).text
    assert ours == theirs


def test_a_span_inside_one_run_is_split_out_with_its_properties() -> None:
    p = _p(f"<w:r w:rsidR='00AB'>{BOLD}<w:t>占比 99.09%，后文</w:t></w:r>")
    text = paragraph_text(p)
    start = text.text.index("99.09%")
    runs = isolate(text, start, start + 6)
    assert runs is not None and _texts(runs) == ["99.09%"]
    pieces = p.findall(w("r"))
    assert _texts(pieces) == ["占比 ", "99.09%", "，后文"]
    assert {_props(r) for r in pieces} == {_props(pieces[0])} and b"<w:b>" in _props(pieces[0])
    assert {r.get(w("rsidR")) for r in pieces} == {"00AB"}
    assert pieces[0].find(w("t")).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert paragraph_text(p).text == "占比 99.09%，后文"


def test_a_span_next_to_a_tab_and_a_break_keeps_them_outside() -> None:
    p = _p(f"<w:r>{BOLD}<w:t>占比</w:t><w:tab/><w:t>99.09%</w:t><w:br/><w:t>，</w:t></w:r>")
    text = paragraph_text(p)
    start = text.text.index("99.09%")
    runs = isolate(text, start, start + 6)
    assert runs is not None and _texts(runs) == ["99.09%"]
    (middle,) = runs
    assert [etree.QName(c).localname for c in middle] == ["rPr", "t"]
    assert paragraph_text(p).text == "占比\t99.09%\n，"


def test_an_empty_element_at_a_cut_stays_before_it() -> None:
    p = _p(
        f"<w:r>{BOLD}<w:t xml:space='preserve'>占比 </w:t><w:lastRenderedPageBreak/><w:t>99.09%</w:t></w:r>"
    )
    text = paragraph_text(p)
    runs = isolate(text, 3, 9)
    assert runs is not None and _texts(runs) == ["99.09%"]
    first = p.findall(w("r"))[0]
    assert [etree.QName(c).localname for c in first] == ["rPr", "t", "lastRenderedPageBreak"]


def test_a_span_over_several_runs_keeps_each_runs_properties() -> None:
    p = _p(
        "<w:r><w:t>占比 99</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>.</w:t></w:r>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>09%，后</w:t></w:r>"
    )
    runs = isolate(paragraph_text(p), 3, 9)
    assert runs is not None and _texts(runs) == ["99", ".", "09%"]
    assert [[etree.QName(c).localname for c in r.iterfind(f"{w('rPr')}/*")] for r in runs] == [
        [],
        ["b"],
        ["i"],
    ]
    assert _texts(p.findall(w("r"))) == ["占比 ", "99", ".", "09%", "，后"]


@pytest.mark.parametrize(
    "inner",
    [
        "<w:r><w:t>占比 99.</w:t></w:r><w:hyperlink><w:r><w:t>09%</w:t></w:r></w:hyperlink>",
        "<w:r><w:t>占比 99.</w:t></w:r><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>QUOTE</w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/>"
        "</w:r><w:r><w:t>09%</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>",
    ],
    ids=["hyperlink-edge", "field"],
)
def test_what_cannot_be_isolated_is_left_as_it_was(inner: str) -> None:
    p = _p(inner)
    before = etree.tostring(p)
    assert isolate(paragraph_text(p), 3, 9) is None
    assert etree.tostring(p) == before


def test_highlight_goes_in_schema_order_and_leaves_no_empty_properties() -> None:
    p = _p(
        "<w:r><w:rPr><w:b/><w:u w:val='single'/></w:rPr><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r>"
    )
    first, second = p.findall(w("r"))
    set_highlight(first, "red")
    set_highlight(second, "yellow")
    assert [etree.QName(c).localname for c in first.find(w("rPr"))] == ["b", "highlight", "u"]
    clear_highlight(second)
    assert second.find(w("rPr")) is None  # it had none before
    clear_highlight(first)
    assert [etree.QName(c).localname for c in first.find(w("rPr"))] == ["b", "u"]


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_a_table_cell_is_found_as_python_docx_counts_the_grid() -> None:
    span = "<w:gridSpan w:val='2'/>"
    restart = "<w:vMerge w:val='restart'/>"
    tbl = etree.fromstring(
        f"<w:tbl {NS}>"
        f"<w:tr>{_tc('A', span)}{_tc('B', restart)}</w:tr>"
        f"<w:tr>{_tc('C')}{_tc('D')}{_tc('', '<w:vMerge/>')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{_tc('E')}{_tc('F')}</w:tr>"
        "</w:tbl>"
    )

    def text(row: int, col: int) -> str | None:
        tc = table_cell(tbl, row, col)
        return None if tc is None else "".join(t.text or "" for t in tc.iter(w("t")))

    assert [text(1, c) for c in (1, 2, 3)] == ["A", "A", "B"]
    assert [text(2, c) for c in (1, 2, 3)] == ["C", "D", "B"]  # the merge's continuation
    assert [text(3, c) for c in (1, 2, 3)] == ["E", "F", None]  # a skipped grid column
    assert table_cell(tbl, 4, 1) is None
    from docx.table import Table

    theirs = Table(parse_xml(etree.tostring(tbl)), None)
    assert [[c.text for c in r.cells] for r in theirs.rows] == [
        ["A", "A", "B"],
        ["C", "D", "B"],
        ["E", "F"],
    ]


def test_comments_added_and_taken_out_with_their_anchors() -> None:
    user = (
        f'<w:comments {NS}><w:comment w:id="0" w:author="张三" w:initials="ZS">'
        "<w:p><w:r><w:t>用户的批注</w:t></w:r></w:p></w:comment></w:comments>"
    )
    part = CommentsPart(user.encode())
    p = _p("<w:r><w:t>占比 99.09%。</w:t></w:r>")
    runs = isolate(paragraph_text(p), 3, 9)
    assert runs is not None
    anchor_runs(runs, 5)
    part.add(NewComment(5, "budget_batch", "BB", None, ("第一行", " 第二行 ")))
    assert [(c.id, c.author, c.text) for c in part.comments()] == [
        (0, "张三", "用户的批注"),
        (5, "budget_batch", "第一行\n 第二行 "),
    ]
    assert _texts(ranged_runs(p, 5)) == ["99.09%"]
    names = [etree.QName(c).localname for c in p]
    assert names == ["r", "commentRangeStart", "r", "commentRangeEnd", "r", "r"]
    part.remove({5})
    remove_anchors(p, {5})
    assert [c.id for c in part.comments()] == [0]
    assert [etree.QName(c).localname for c in p] == ["r", "r", "r"]
    assert paragraph_text(p).text == "占比 99.09%。"


def test_a_removed_comment_leaves_word_s_companion_parts() -> None:
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    data = (
        f'<w15:commentsEx xmlns:w15="{w15}"><w15:commentEx w15:paraId="AA" w15:done="0"/>'
        '<w15:commentEx w15:paraId="BB" w15:paraIdParent="AA" w15:done="0"/>'
        '<w15:commentEx w15:paraId="CC" w15:done="1"/></w15:commentsEx>'
    ).encode()
    out, durable = prune_companion(data, {"AA"}, set())
    root = etree.fromstring(out)
    kept = [{etree.QName(k).localname: v for k, v in el.attrib.items()} for el in root]
    assert kept == [{"paraId": "BB", "done": "0"}, {"paraId": "CC", "done": "1"}]
    assert durable == set()
    ids = (
        b'<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid">'
        b'<w16cid:commentId w16cid:paraId="AA" w16cid:durableId="1234"/>'
        b'<w16cid:commentId w16cid:paraId="CC" w16cid:durableId="5678"/></w16cid:commentsIds>'
    )
    out, durable = prune_companion(ids, {"AA"}, set())
    assert durable == {"1234"} and b"5678" in out and b"1234" not in out
