"""The annotated copy of a Word report, `<stem>_审核.docx` (narrative.md, "Outputs"): the report
itself with a Word comment (批注) on each wrong figure and the figure highlighted — red for an
error, yellow for a warning, turquoise for a note — the rest byte-identical.

Only the document part, the comments part (created when the report has none; the user's comments
kept, ours appended), the document's relationships, [Content_Types].xml and our review record (a
custom XML part: read/report_record.py) change; every other member is copied as its compressed
bytes. The report is never re-saved.

A figure is found in its paragraph (第 N 段; a table's cell for 表 N 第 r 行第 c 列) by the finding's
sentence and the figure as written; the runs that hold it are split so that the comment's range
holds exactly the figure. A figure that cannot be isolated (split across a field, a hyperlink's
edge, a sentence no longer there) gets its comment on the whole paragraph, which says so; a
finding without a place (the report as a whole) on the title.

A resubmitted copy is first stripped of what the last round added: our comments (by their author)
with their anchors, and the highlights we gave (by the record); the user's own comments and
highlights stay.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ...findings import Finding, Severity
from ...ooxml.custom_xml import add_item, custom_items, remove_item
from ...ooxml.faults import UnsafeXml
from ...ooxml.package import Source
from ...ooxml.word_comments import (
    NewComment,
    anchor_paragraph,
    anchor_runs,
    highest_id,
    ranged_runs,
)
from ...ooxml.word_package import WordPackage
from ...ooxml.wordml import (
    body_paragraphs,
    body_tables,
    cell_paragraphs,
    clear_highlight,
    highlight_of,
    isolate,
    paragraph_text,
    set_highlight,
    table_cell,
)
from ...ooxml.zip_writer import rewrite
from ...read.package_scan import PARSER_FAULTS, Unreadable, damage
from ...read.report_record import RECORD_NS, ReportMark, ReportRecord, parse_record
from ...read.text_source import DAMAGED, UNSAFE_XML, convert_to_docx, sniff_text
from ...result import WorkbookResult
from ..atomic_files import replacing
from ..text_safety import clean
from .record_sheet import AUTHOR

INITIALS = "BB"
#: The highlight of a flagged figure, by severity (Word's highlight palette).
HIGHLIGHT = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
RECORD_VERSION = 1
RECORD_ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, RECORD_NS)).upper() + "}"
COMMENT_LIMIT = 8000  # characters of one comment
_PARAGRAPH = re.compile(r"^第\s*(\d+)\s*段$")
_DAMAGE = re.compile(r"已损坏或不完整（(.*?)）")
_CELL = re.compile(r"^表\s*(\d+)\s*第\s*(\d+)\s*行第\s*(\d+)\s*列$")


def write_report_copy(
    source: Path, result: WorkbookResult, dest: Path, *, date: str | None = None
) -> None:
    """Write the annotated copy of the report `source` to `dest` (via a temporary file and a
    rename); a `.doc` / `.wps` is converted to `.docx` by LibreOffice first. `date` (an
    xsd:dateTime) stamps our comments: by default today, or SOURCE_DATE_EPOCH's day when set
    (the same input gives the same bytes on the same day). Raises `Unreadable` when a part the
    copy needs is damaged or unsafe."""
    with tempfile.TemporaryDirectory(prefix="budget_batch_docx_") as folder:
        fmt = sniff_text(source)
        docx = source if fmt == "docx" else convert_to_docx(source, fmt, Path(folder))
        with word_faults():
            zf = zipfile.ZipFile(docx)
        with zf, docx.open("rb") as raw, word_faults():
            copy = _ReportCopy(WordPackage(Source(zf)), date or comment_date())
            copy.strip()
            copy.mark(result.findings)
            copy.record(result)
            copy.package.finish()
            pkg = copy.package
            with replacing(dest) as tmp, tmp.open("wb") as fh:
                rewrite(pkg.src, raw, fh, pkg.replaced, pkg.added, pkg.removed)


def comment_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    day = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else dt.date.today()
    )
    return f"{day.isoformat()}T00:00:00Z"  # Word's own convention: local time, marked Z


@contextmanager
def word_faults() -> Iterator[None]:
    """A complaint about the report's bytes as `Unreadable`, worded for a Word document (the
    package layer words its refusals for a workbook)."""
    try:
        yield
    except Unreadable as exc:
        cause = exc.__cause__
        if isinstance(cause, UnsafeXml):
            raise Unreadable(UNSAFE_XML) from exc
        said = _DAMAGE.search(str(exc))  # what is damaged, as the package layer said it
        if said:
            raise Unreadable(DAMAGED.format(said.group(1))) from exc
        if cause is not None and isinstance(cause, PARSER_FAULTS):
            raise Unreadable(DAMAGED.format(damage(cause))) from exc
        raise
    except UnsafeXml as exc:
        raise Unreadable(UNSAFE_XML) from exc
    except PARSER_FAULTS as exc:
        raise Unreadable(DAMAGED.format(damage(exc))) from exc


@dataclass
class _Placed:
    runs: list[Any] | None  # the figure's runs; None: on the whole paragraph
    paragraph: Any  # None: nowhere (a document without text)
    note: str = ""  # why the comment is on the whole paragraph


class _ReportCopy:
    def __init__(self, package: WordPackage, date: str) -> None:
        self.package = package
        self.date = date
        self.styles = package.style_ids()
        self.marks: list[ReportMark] = []
        self.previous: ReportRecord | None = None
        self._record_parts: list[str] = []
        for item in custom_items(package.src, package.rels):
            if item.namespace == RECORD_NS:
                self._record_parts.append(item.part)
                self.previous = self.previous or parse_record(item.data)

    # -- the last round out ---------------------------------------------------------------

    def strip(self) -> None:
        """Take out our comments (by author), their anchors, and the highlights we gave."""
        pkg = self.package
        ours = [c for c in pkg.comments.comments() if c.author == AUTHOR]
        if not ours:
            return
        waiting = list(self.previous.marks) if self.previous is not None else []
        colours = set(HIGHLIGHT.values())
        for comment in ours:
            mark = next((m for m in waiting if m.text == comment.text), None)
            if mark is not None:
                waiting.remove(mark)
            for run in ranged_runs(pkg.document, comment.id):
                colour = highlight_of(run)
                if mark is not None and mark.added and colour == mark.highlight:
                    clear_highlight(run)
                elif mark is None and colour in colours:  # no record: our colours, in our range
                    clear_highlight(run)
        pkg.remove_comments({c.id for c in ours})

    # -- this round in ---------------------------------------------------------------------

    def mark(self, findings: list[Finding]) -> None:
        """A comment on each finding's figure, one finding after the other (each is placed on
        the runs as the ones before it left them)."""
        next_id = highest_id(self.package.document, self.package.comments.root) + 1
        for f in _worst_first(findings):
            p = self._place(f)
            if p.paragraph is None:
                continue
            colour = HIGHLIGHT[f.severity]
            lines = _lines(f, p.note)
            if p.runs is not None:
                added = False
                for run in p.runs:
                    if highlight_of(run) is None:
                        set_highlight(run, colour)
                        added = True
                anchor_runs(p.runs, next_id, self.styles)
            else:
                added = False
                anchor_paragraph(p.paragraph, next_id, self.styles)
            comment = NewComment(next_id, AUTHOR, INITIALS, self.date, lines)
            self.package.comments.add(comment, self.styles)
            self.marks.append(ReportMark("\n".join(lines), colour, added))
            next_id += 1

    def _place(self, f: Finding) -> _Placed:
        figure = f.key[1] if f.key is not None else ""
        title = next(iter(self._paragraphs_at("")), None)
        if not f.place:
            return _Placed(None, title, "（本条针对整篇报告。）")
        paragraphs = self._paragraphs_at(f.place)
        if not paragraphs:
            return _Placed(None, title, f"（报告中找不到{f.place}，批注标在标题上。）")
        for p in paragraphs:
            span = _span(paragraph_text(p).text, f.sentence, figure)
            if span is not None:
                runs = isolate(paragraph_text(p), *span)
                if runs is not None:
                    return _Placed(runs, p)
        said = f"“{figure}”" if figure else "该数字"
        return _Placed(None, paragraphs[0], f"（未能在文中单独标出{said}，批注标在整段上。）")

    def _paragraphs_at(self, place: str) -> list[Any]:
        """The paragraphs a place names: 第 N 段 (counted as the reader counts them: those with
        text), a table cell's, or the title's for a finding on the whole report."""
        root = self.package.document
        texts = [p for p in body_paragraphs(root) if paragraph_text(p).text.strip()]
        m = _PARAGRAPH.match(place.strip())
        if m:
            n = int(m.group(1))
            return [texts[n - 1]] if 1 <= n <= len(texts) else []
        m = _CELL.match(place.strip())
        if m:
            tables = body_tables(root)
            n, row, col = (int(g) for g in m.groups())
            tc = table_cell(tables[n - 1], row, col) if 1 <= n <= len(tables) else None
            return cell_paragraphs(tc) if tc is not None else []
        return texts[:1]

    # -- the record ------------------------------------------------------------------------

    def record(self, result: WorkbookResult) -> None:
        pkg = self.package
        data = _record_xml(result, self.marks)
        if self._record_parts:  # the last round's record: replaced in place (extras leave)
            first, *extra = self._record_parts
            pkg.replaced[first] = data
            for item in custom_items(pkg.src, pkg.rels):
                if item.part in extra:
                    pkg.removed |= remove_item(pkg.src, item, pkg.rels, pkg.types)
            return
        pkg.added.update(add_item(pkg.names, pkg.rels, pkg.types, data, RECORD_ITEM_ID, RECORD_NS))


def _worst_first(findings: list[Finding]) -> list[Finding]:
    """In the report's order, the worst first among the findings on one figure (it gives the
    figure its highlight)."""
    first: dict[tuple[str, tuple[str, str] | None], int] = {}
    for i, f in enumerate(findings):
        first.setdefault((f.place, f.key), i)
    return sorted(findings, key=lambda f: (first[(f.place, f.key)], -f.severity.rank))


def _span(text: str, sentence: str, figure: str) -> tuple[int, int] | None:
    """Where `figure` is in the paragraph's `text`: in its sentence, else where it is once."""
    if not figure:
        return None
    at = text.find(sentence) if sentence else -1
    if at >= 0:
        found = text.find(figure, at, at + len(sentence))
        if found >= 0:
            return found, found + len(figure)
    if text.count(figure) == 1:
        found = text.find(figure)
        return found, found + len(figure)
    return None


def _lines(f: Finding, note: str) -> tuple[str, ...]:
    """The comment's text, as the workbook's notes say it: severity and code, then the message;
    then where it is, when not on the figure."""
    text = clean(f"【{f.severity.label}】{f.code}：{f.message}", COMMENT_LIMIT)
    return tuple(line for chunk in (text, note) if chunk for line in chunk.split("\n"))


def _record_xml(result: WorkbookResult, marks: list[ReportMark]) -> bytes:
    rows = [
        f'<review xmlns="{RECORD_NS}" version="{RECORD_VERSION}" round="{result.round}">',
        *(
            f'<mark highlight={quoteattr(m.highlight)} added="{int(m.added)}">'
            f"{escape(clean(m.text, COMMENT_LIMIT * 2))}</mark>"
            for m in marks
        ),
        *(
            f"<finding>{escape(json.dumps(_json(f), ensure_ascii=False))}</finding>"
            for f in result.findings
        ),
        "</review>",
    ]
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + "".join(rows).encode()


def _json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "place": f.place,
        "sentence": clean(f.sentence),
        "figure": f.key[1] if f.key is not None else "",
        "message": clean(f.message),
        "stated": f.stated,
        "computed": f.computed,
    }
