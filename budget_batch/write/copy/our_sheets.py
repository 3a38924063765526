"""Our sheets (审核结果, 汇总 and the hidden review record) for the copy: written with xlsxwriter
into a side package in memory, then grafted into the user's package.

Grafting renames the side package's parts to names the user's package does not use, maps its cell
format ids to the ones appended to the user's styles.xml, turns its shared strings into inline
strings (the user's shared string table stays untouched), and names East Asian fonts in the
charts (xlsxwriter writes only the Latin one).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter

from ...findings import Finding
from ...ooxml.content_types import CONTENT_TYPES
from ...ooxml.package import PartNames, Source
from ...ooxml.relationships import Rels
from ...ooxml.sheet_tokens import number_attribute, shared_string_cell, string_items
from ...ooxml.styles import StyleBook
from ...ooxml.workbook import WorkbookPart
from ...ooxml.xml_parts import local
from ...result import WorkbookResult
from ..cell_styles import formats
from .accounts_summary import write_accounts_summary
from .form_summary import write_form_summary
from .record_sheet import MarkRecord, write_record
from .results_sheet import write_results
from .summary_sheet import write_summary

SIDE = "xl/workbook.xml"

#: Each kind of document's 汇总 (by report.json's `kind`).
SUMMARIES: dict[str, Callable[[Any, Any, WorkbookResult, dict[str, Any]], list[int]]] = {
    "department": write_summary,
    "project_form": write_form_summary,
    "department_form": write_form_summary,
    "scoring_table": write_form_summary,
    "unrecognized": write_form_summary,
    "final_accounts": write_accounts_summary,
}


@dataclass
class OurNames:
    results: str
    summary: str
    record: str


@dataclass
class DefinedName:
    name: str
    sheet: int  # the index among our sheets (0 results, 1 summary, 2 record)
    text: str
    hidden: bool


@dataclass
class Grafted:
    parts: dict[str, bytes] = field(default_factory=dict)  # new part name → bytes
    sheets: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, part, state
    defined_names: list[DefinedName] = field(default_factory=list)
    overrides: list[tuple[str, str]] = field(default_factory=list)  # part, content type


def side_package(
    result: WorkbookResult,
    names: OurNames,
    linkable: set[str],
    round_number: int,
    marks: Sequence[MarkRecord],
) -> bytes:
    """审核结果, 汇总 and the review record as an .xlsx in memory."""
    buf = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    wb = xlsxwriter.Workbook(buf, options)
    f = formats(wb)
    results = wb.add_worksheet(names.results)
    findings: list[Finding] = result.findings
    write_results(results, findings, linkable, f)
    summary = SUMMARIES.get(result.kind, write_summary)
    summary(wb, wb.add_worksheet(names.summary), result, f)
    write_record(
        wb.add_worksheet(names.record),
        round_number,
        [names.results, names.summary],
        marks,
        findings,
    )
    results.activate()
    wb.close()
    return buf.getvalue()


_LATIN = re.compile(rb'<a:latin typeface="([^"]*)"[^>]*/>')


def graft(side: bytes, part_names: PartNames, styles: StyleBook) -> Grafted:
    """The side package's sheets, drawings and charts as new parts of the user's package."""
    out = Grafted()
    with zipfile.ZipFile(io.BytesIO(side)) as z:
        src = Source(z)
        workbook = WorkbookPart(src, "budget_batch")
        table = workbook.related("sharedStrings")
        strings = string_items(src.read(table)) if table else []
        style_map = styles.graft(src.read(workbook.related("styles") or ""))
        for sheet in workbook.sheets:
            part = part_names.new("xl/worksheets/sheet{}.xml")
            out.parts[part] = _restyle(src.read(sheet.part), strings, style_map)
            out.overrides.append((part, CONTENT_TYPES["worksheet"]))
            out.sheets.append((sheet.name, part, sheet.state))
            _graft_drawings(z, sheet.part, part, part_names, out)
        for el in workbook.tree.getroot().iter():
            if local(el.tag) == "definedName":
                out.defined_names.append(
                    DefinedName(
                        el.get("name", ""),
                        int(el.get("localSheetId", "0")),
                        el.text or "",
                        el.get("hidden") in ("1", "true"),
                    )
                )
    return out


def _restyle(xml: bytes, strings: list[bytes], style_map: dict[int, int]) -> bytes:
    """A side sheet with its shared strings made inline (the user's shared string table stays
    untouched) and its style ids mapped to the user's styles.xml (cells, rows, columns)."""

    def inline(m: re.Match[bytes]) -> bytes:
        before, after, index = m.group(1), m.group(2), int(m.group(3))
        return b'<c %st="inlineStr"%s><is>%s</is></c>' % (before, after, strings[index])

    def mapped(m: re.Match[bytes]) -> bytes:
        return m.group(1) + str(style_map.get(int(m.group(2)), 0)).encode() + m.group(3)

    xml = shared_string_cell(b"").sub(inline, xml)
    for element, name in ((b"c", b"s"), (b"row", b"s"), (b"col", b"style")):
        xml = number_attribute(b"", element, name).sub(mapped, xml)
    return xml


def _graft_drawings(
    z: zipfile.ZipFile, side_part: str, part: str, part_names: PartNames, out: Grafted
) -> None:
    """The sheet's drawing and its charts, renamed; the sheet's relationships to them."""
    name = Rels(side_part, None).part
    if name not in z.namelist():
        return
    side_rels = Rels(side_part, z.read(name))
    rels = Rels(part, None)
    for rel in side_rels:
        if rel.type.endswith("/drawing"):
            drawing = part_names.new("xl/drawings/drawing{}.xml")
            rels.add("drawing", drawing, rel.id)
            out.parts[drawing] = z.read(rel.target)
            out.overrides.append((drawing, CONTENT_TYPES["drawing"]))
            charts = Rels(drawing, None)
            for chart_rel in Rels(rel.target, z.read(Rels(rel.target, None).part)):
                chart = part_names.new("xl/charts/chart{}.xml")
                charts.add("chart", chart, chart_rel.id)
                out.parts[chart] = _LATIN.sub(
                    lambda m: m.group(0) + b'<a:ea typeface="' + m.group(1) + b'"/>',
                    z.read(chart_rel.target),
                )
                out.overrides.append((chart, CONTENT_TYPES["chart"]))
            out.parts[charts.part] = charts.to_bytes()
    out.parts[rels.part] = rels.to_bytes()
