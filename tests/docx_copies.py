"""Reading an annotated report (`_审核.docx`) back, independently of the writer, and crafting
reports whose figures sit in runs of their own: split over differently formatted runs, across a
field, over a hyperlink's edge, under the user's own comment or highlight."""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from report_docs import TITLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The seed's sentence with its two wrong shares (99.09% should be 99.10%, 0.91% 0.90%).
SHARES = (
    "本年收入 2224.46万元，一般公共预算财政拨款 2204.46万元，占总收入的 99.09%，"
    "政府性基金预算财政拨款 20 万元，占总收入的 0.91%。"
)
#: A list whose total is wrong (900 ≠ 500 + 300): an error on 900万元.
LIST_WRONG = "本年支出 900万元，其中：人员经费 500万元，公用经费 300万元。"
OUR_AUTHOR = "budget_batch"


@dataclass(frozen=True)
class Comment:
    id: int
    author: str
    initials: str
    text: str


def comments_of(path: Path) -> list[Comment]:
    """The comments, read with python-docx's comments API (≥ 1.2)."""
    doc = Document(str(path))
    return [Comment(c.comment_id, c.author, c.initials, c.text) for c in doc.comments]


def ours(path: Path) -> list[Comment]:
    return [c for c in comments_of(path) if c.author == OUR_AUTHOR]


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def ranges_of(path: Path) -> dict[int, str]:
    """Each comment's range in document.xml: the text between its start and its end."""
    root = etree.fromstring(document_xml(path))
    open_ranges: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ranges[int(el.get(W + "id"))] = []
        elif el.tag == W + "commentRangeEnd":
            cid = int(el.get(W + "id"))
            done[cid] = "".join(open_ranges.pop(cid, []))
        elif el.tag == W + "t":
            for parts in open_ranges.values():
                parts.append(el.text or "")
    return done


def references_of(path: Path) -> list[int]:
    root = etree.fromstring(document_xml(path))
    return [int(el.get(W + "id")) for el in root.iter(W + "commentReference")]


def highlighted(path: Path) -> list[tuple[str, str]]:
    """(text, colour) of each run that has a highlight, in document order."""
    root = etree.fromstring(document_xml(path))
    out = []
    for run in root.iter(W + "r"):
        found = run.find(f"{W}rPr/{W}highlight")
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        if found is not None and text:
            out.append((text, found.get(W + "val")))
    return out


def raw_bytes(path: Path, info: zipfile.ZipInfo) -> bytes:
    """A member's compressed bytes as stored."""
    with path.open("rb") as fh:
        fh.seek(info.header_offset)
        head = fh.read(30)
        n, m = struct.unpack("<HH", head[26:30])
        fh.seek(n + m, 1)
        return fh.read(info.compress_size)


def changed_members(source: Path, copy: Path) -> tuple[set[str], list[str]]:
    """(members whose content differs, members added), asserting that every member whose
    content is equal was copied as its compressed bytes, in the input's order."""
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(copy) as b:
        assert b.testzip() is None
        before = a.namelist()
        assert [n for n in b.namelist() if n in before] == before
        by_name = {i.filename: i for i in b.infolist()}
        changed = set()
        for info in a.infolist():
            if a.read(info.filename) != b.read(info.filename):
                changed.add(info.filename)
            else:
                assert raw_bytes(source, info) == raw_bytes(copy, by_name[info.filename])
        return changed, [n for n in b.namelist() if n not in before]


def flattened(data: bytes, our_ids: set[int]) -> bytes:
    """document.xml with our anchors and highlights taken out and neighbouring runs of equal
    formatting joined: the input's document.xml, flattened alike, must come out equal."""
    root = etree.fromstring(data)
    names = {W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"}
    for el in list(root.iter(*names)):
        if int(el.get(W + "id")) in our_ids:
            parent = el.getparent()
            parent.remove(el)
            if el.tag == W + "commentReference" and len(parent) == 0:
                parent.getparent().remove(parent)
    if our_ids:
        for hl in list(root.iter(W + "highlight")):
            hl.getparent().remove(hl)
    for rpr in list(root.iter(W + "rPr")):
        if not len(rpr) and not rpr.attrib:  # a run's properties that held only our highlight
            rpr.getparent().remove(rpr)
    for parent in list(root.iter()):
        previous = None
        for el in list(parent):
            if _plain(el) and previous is not None and _plain(previous) and _same(el, previous):
                previous.find(W + "t").text = (previous.find(W + "t").text or "") + (
                    el.find(W + "t").text or ""
                )
                parent.remove(el)
                continue
            previous = el
    for t in root.iter(W + "t"):
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n")


def _plain(el: etree._Element) -> bool:
    return el.tag == W + "r" and [c.tag for c in el if c.tag != W + "rPr"] == [W + "t"]


def _same(a: etree._Element, b: etree._Element) -> bool:
    def props(run: etree._Element) -> bytes:
        rpr = run.find(W + "rPr")
        return etree.tostring(rpr, method="c14n") if rpr is not None else b""

    return dict(a.attrib) == dict(b.attrib) and props(a) == props(b)


# -- crafted reports ----------------------------------------------------------------------------


def _report() -> object:
    doc = Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("一、部门整体收支情况")
    return doc


def split_figure(folder: Path, name: str = "拆分.docx") -> Path:
    """The shares sentence with 99.09% over two runs: "99." in bold, "09%" plain; 0.91% in a
    run of its own with a tab-free italic run after."""
    doc = _report()
    p = doc.add_paragraph()
    head, tail = SHARES.split("99.09%")
    p.add_run(head)
    p.add_run("99.").bold = True
    p.add_run("09%")
    before, after = tail.split("0.91%")
    p.add_run(before)
    p.add_run("0.91%").italic = True
    p.add_run(after)
    path = folder / name
    doc.save(str(path))
    return path


def _field_runs(p: object, result: str) -> None:
    """A field (QUOTE) whose result is `result`."""
    from docx.text.paragraph import Paragraph

    assert isinstance(p, Paragraph)
    for kind in ("begin", None, "separate", "result", "end"):
        r = p.add_run()
        if kind == "result":
            r.text = result
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f' QUOTE "{result}" '
            r._r.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)


def across_field(folder: Path) -> Path:
    """99.09% written "99." then a field whose result is "09%": it cannot be isolated."""
    doc = _report()
    p = doc.add_paragraph()
    head, tail = SHARES.split("99.09%")
    p.add_run(head + "99.")
    _field_runs(p, "09%")
    p.add_run(tail)
    path = folder / "域.docx"
    doc.save(str(path))
    return path


def over_hyperlink(folder: Path) -> Path:
    """99.09% written "99.0" then "9%" as the start of a hyperlink."""
    doc = _report()
    p = doc.add_paragraph()
    head, tail = SHARES.split("99.09%")
    p.add_run(head + "99.0")
    rid = doc.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "9%"
    run.append(t)
    link.append(run)
    p._p.append(link)
    p.add_run(tail)
    path = folder / "链接.docx"
    doc.save(str(path))
    return path


def with_user_comment(folder: Path, source: Path | None = None, name: str = "有批注.docx") -> Path:
    """A report (the shares sentence, or `source`) with a comment of the user's on its title."""
    doc = Document(str(source)) if source is not None else _report()
    if source is None:
        doc.add_paragraph(SHARES)
    title = doc.paragraphs[0]
    doc.add_comment(title.runs, text="请办公室再核一遍标题。", author="张三", initials="ZS")
    path = folder / name
    doc.save(str(path))
    return path


def with_user_highlight(folder: Path) -> Path:
    """The shares sentence with 0.91% highlighted green by the user, and 20 万元 yellow."""
    doc = _report()
    p = doc.add_paragraph()
    head, tail = SHARES.split("0.91%")
    first, second = head.split("20 万元")
    p.add_run(first)
    p.add_run("20 万元").font.highlight_color = WD_COLOR_INDEX.YELLOW
    p.add_run(second)
    p.add_run("0.91%").font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    p.add_run(tail)
    path = folder / "有标色.docx"
    doc.save(str(path))
    return path


def replace_text(path: Path, old: str, new: str, dest: Path) -> Path:
    """`path` with `old` replaced by `new` in document.xml's text (a user correcting a figure in
    Word; the rest of the package as it was)."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            zout.writestr(item, data)
    return dest


def without_member(path: Path, pattern: str, dest: Path) -> Path:
    """`path` without the members whose name matches `pattern` (and no relationship to them)."""
    rx = re.compile(pattern)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        gone = [n for n in zin.namelist() if rx.search(n)]
        for item in zin.infolist():
            if item.filename in gone:
                continue
            data = zin.read(item.filename)
            if item.filename.endswith(".rels"):
                for name in gone:
                    target = name.rsplit("/", 1)[-1].encode()
                    data = re.sub(
                        rb"<Relationship [^>]*" + re.escape(target) + rb'"[^>]*/>', b"", data
                    )
            zout.writestr(item, data)
    return dest


OUR_PARA = "1A2B3C4D"
REPLY_PARA = "5E6F7A8B"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def with_reply(path: Path, cid: int, dest: Path) -> Path:
    """`path` (an annotated copy) as Word keeps a reply by 李四 to our comment `cid`: paragraph
    ids on both comments, and commentsExtended naming ours as the reply's parent."""
    reply = 90

    def comments(data: bytes) -> bytes:
        root = etree.fromstring(data)
        ours = next(c for c in root if c.get(W + "id") == str(cid))
        ours.find(W + "p").set(f"{{{W14}}}paraId", OUR_PARA)
        new = etree.SubElement(root, W + "comment")
        new.attrib.update({W + "id": str(reply), W + "author": "李四", W + "initials": "LS"})
        p = etree.SubElement(new, W + "p")
        p.set(f"{{{W14}}}paraId", REPLY_PARA)
        etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = "已改。"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def document(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for name in ("commentRangeStart", "commentRangeEnd"):
            el = next(e for e in root.iter(W + name) if e.get(W + "id") == str(cid))
            twin = etree.Element(W + name)
            twin.set(W + "id", str(reply))
            el.addnext(twin)
            if name == "commentRangeEnd":
                run = etree.Element(W + "r")
                etree.SubElement(run, W + "commentReference").set(W + "id", str(reply))
                twin.addnext(run)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    extended = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{W15}">'
        f'<w15:commentEx w15:paraId="{OUR_PARA}" w15:done="0"/>'
        f'<w15:commentEx w15:paraId="{REPLY_PARA}" w15:paraIdParent="{OUR_PARA}" w15:done="0"/>'
        "</w15:commentsEx>"
    ).encode()
    rel = (
        b'<Relationship Id="rId900" Type="http://schemas.microsoft.com/office/2011/relationships/'
        b'commentsExtended" Target="commentsExtended.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/word/commentsExtended.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'
    )
    changes = {
        "word/comments.xml": comments,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": lambda d: d.replace(b"</Relationships>", rel),
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", override),
    }
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            change = changes.get(item.filename)
            zout.writestr(item, change(data) if change else data)
        zout.writestr("word/commentsExtended.xml", extended)
    return dest
