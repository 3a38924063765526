"""The review record of an annotated Word report (`<stem>_审核.docx`): what budget_batch added, so
that the next round can take it out again and say what was resolved.

Our comments are known by their author (`budget_batch`), which every client keeps when it re-saves
a document; the record says what else we did and what we found. It is a custom XML part (which
Word, WPS and LibreOffice keep) whose root element is in the namespace `RECORD_NS`:

    <review xmlns="urn:budget-batch:report-review" version="1" round="1">
      <mark highlight="red" added="1">the comment's text</mark>      one per comment we added
      <finding>JSON: code, severity, place, sentence, figure, message, stated, computed</finding>
    </review>

`added="0"`: the figure already had a highlight of the user's, which we left as it was.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..ooxml.custom_xml import custom_items
from ..ooxml.package import Source
from ..ooxml.relationships import Rels, rels_name
from ..ooxml.word_package import DOCUMENT_PART
from ..ooxml.xml_parts import root_of
from ..review_rounds import Match
from .package_scan import PARSER_FAULTS, Unreadable
from .review_record import RecordedFinding

RECORD_NS = "urn:budget-batch:report-review"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SUPPORTED_VERSION = 1


@dataclass(frozen=True)
class ReportMark:
    """A comment we added: its text (how it is found again), the highlight we gave its figure."""

    text: str
    highlight: str
    added: bool  # False: the figure had the user's highlight, left as it was


@dataclass(frozen=True)
class ReportRecord:
    version: int
    round: int  # 1 for a first copy
    marks: tuple[ReportMark, ...]
    findings: tuple[RecordedFinding, ...]


def read_report_record(path: str | Path) -> ReportRecord | None:
    """The review record of an annotated report; None for a document without one (or one that
    cannot be read as a package: the reader says why). Raises `Unreadable` for a record written
    by a newer budget_batch."""
    try:
        with zipfile.ZipFile(path) as zf:
            src = Source(zf)
            main = src.main_part(DOCUMENT_PART)
            items = custom_items(src, Rels(main, src.read_if(rels_name(main))))
    except Unreadable:
        return None
    except PARSER_FAULTS:
        return None
    for item in items:
        if item.namespace == RECORD_NS:
            return parse_record(item.data)
    return None


def parse_record(data: bytes) -> ReportRecord | None:
    try:
        root = root_of(data)
    except PARSER_FAULTS:
        return None
    version = _int(root.get("version")) or 0
    if version > SUPPORTED_VERSION:
        raise Unreadable(
            f"审核副本中的审核记录是更新版本的 budget_batch 写入的（格式版本 {version}），"
            "本版本无法读取。请升级 budget_batch 后再处理该审核副本。"
        )
    marks, findings = [], []
    for el in root:
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name == "mark":
            marks.append(ReportMark(el.text or "", el.get("highlight", ""), el.get("added") != "0"))
        elif name == "finding":
            found = _finding(el.text or "")
            if found is not None:
                findings.append(found)
    return ReportRecord(version, _int(root.get("round")) or 1, tuple(marks), tuple(findings))


def _finding(text: str) -> RecordedFinding | None:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return RecordedFinding(
        str(data.get("code", "")),
        str(data.get("severity", "")),
        "",
        str(data.get("place", "")),
        str(data.get("message", "")),
        data.get("stated"),
        data.get("computed"),
        {"row": str(data.get("sentence", "")), "column": str(data.get("figure", ""))},
    )


def same_figure(match: Match) -> Match:
    """What must be equal for a report's finding to be the last round's: its code and figure as
    written, and its sentence with every number masked (a sentence states several figures:
    correcting one of them is no new sentence for the others)."""
    code, sheet, sentence, figure = match
    return (code, sheet, _NUMBER.sub("#", sentence), figure)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None
