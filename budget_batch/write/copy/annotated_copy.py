"""The annotated copy `<stem>_审核.xlsx`: the user's package, patched, never re-saved.

Every member of the input is copied as it is (the same name, the same compressed bytes, in the
same order), except what the marks need:
- each marked sheet: the style of its marked cells, and the link to its comments' shapes;
- its comments part and VML drawing (ours merged in, the user's comments kept first);
- styles.xml: our fills and cell formats appended, no id renumbered;
- workbook.xml and its relationships, [Content_Types].xml, docProps/app.xml: our sheets listed;
- a sheet that was the active one loses `tabSelected` (审核结果 becomes active; two selected
  tabs would open grouped).
Our sheets (审核结果, 汇总 with its charts, and the very hidden review record) are new parts.
Shared strings are never touched. Nothing here loads the workbook with openpyxl.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...findings import Finding, Severity
from ...ooxml.addresses import split_cell
from ...ooxml.comments import Added, Note, merge_comments, notes_for_all
from ...ooxml.content_types import CONTENT_TYPES, CONTENT_TYPES_PART, ContentTypes
from ...ooxml.faults import file_faults
from ...ooxml.package import PartNames, Source
from ...ooxml.relationships import Rels, rels_name, targets_of
from ...ooxml.sheet_elements import anchored
from ...ooxml.sheet_patch import SeenCell, SheetOutcome, SheetPlan, patch_sheet
from ...ooxml.sheet_tokens import cached_value, shared_strings, tab_selected
from ...ooxml.styles import StyleBook
from ...ooxml.vml import ShapeIds, blocks_of, note_shapes
from ...ooxml.workbook import WorkbookPart
from ...ooxml.zip_writer import Compressed, Deflater, rewrite
from ...refs import column_letter
from ...result import WorkbookResult
from ..atomic_files import replacing
from ..cell_styles import severity_fill
from ..text_safety import clean
from .our_sheets import OurNames, graft, side_package
from .record_sheet import AUTHOR, COMMENT_SEPARATOR, RECORD_SHEET, MarkRecord
from .results_sheet import RESULTS_SHEET
from .summary_sheet import SUMMARY_SHEET
from .workbook_patch import patch_app, patch_workbook

__all__ = [
    "AUTHOR",
    "COMMENT_SEPARATOR",
    "RECORD_SHEET",
    "RESULTS_SHEET",
    "SUMMARY_SHEET",
    "write_annotated",
]

BIG_PART = 8 << 20  # a patched part larger than this is deflated at level 1 (4× faster)


@dataclass
class Mark:
    severity: Severity
    text: str  # one line per finding on the cell


def write_annotated(
    source: Path, result: WorkbookResult, dest: Path, *, round_number: int = 1
) -> None:
    """Write the annotated copy of `source` to `dest` (via a temporary file and a rename).

    `round_number` is recorded in the copy (1 for a first copy). Raises `Unreadable` when a part
    the copy needs is damaged in the input."""
    with file_faults("工作簿结构"):
        zf = zipfile.ZipFile(source)
    with zf, source.open("rb") as raw:
        copy = _Copy(Source(zf), result, round_number)
        copy.prepare()
        with replacing(dest) as tmp, tmp.open("wb") as fh:
            rewrite(copy.src, raw, fh, copy.replaced, copy.added)


def _marks(findings: list[Finding]) -> Mark:
    worst = max((f.severity for f in findings), key=lambda s: s.rank)
    return Mark(worst, "\n".join(f"【{f.severity.label}】{f.code}：{f.message}" for f in findings))


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name}{n}"
        n += 1
    taken.add(candidate.casefold())
    return candidate


class _Copy:
    def __init__(self, src: Source, result: WorkbookResult, round_number: int) -> None:
        self.src = src
        self.result = result
        self.round = round_number
        self.replaced: dict[str, bytes | Compressed] = {}
        self.added: dict[str, bytes] = {}
        self.records: list[MarkRecord] = []
        self._shape_ids: ShapeIds | None = None

    # -- reading the package ----------------------------------------------------------------

    def prepare(self) -> None:
        src = self.src
        self.wb = wb = WorkbookPart(src)
        self.wb_part, self.wb_data, self.wb_rels = wb.part, wb.data, wb.rels
        self.types = ContentTypes(src.read(CONTENT_TYPES_PART))
        targets = (targets_of(n, src.read(n)) for n in src.names if n.endswith(".rels"))
        self.part_names = PartNames(src.names.union(*targets))
        #: name → part, for every sheet whose part exists; only worksheets get marks (not chart
        #: or dialog sheets)
        self.sheets = {s.name: s.part for s in wb.sheets if s.part}
        worksheets = {s.name for s in wb.sheets if s.part and s.kind == "worksheet"}
        self.styles, self.styles_part = self._styles(wb)
        groups: dict[str, dict[tuple[int, int], list[Finding]]] = defaultdict(dict)
        for f in self.result.findings:
            if f.cell and f.sheet in worksheets:
                try:
                    key = split_cell(f.cell)
                except ValueError:
                    continue
                groups[f.sheet].setdefault(key, []).append(f)
        for name, part in self.sheets.items():
            if name in groups:
                self._mark_sheet(name, part, groups[name])
            elif tab_selected(src.head(part)):
                self._patch(part, SheetPlan({}, _no_restyle, clear_tab_selected=True))
        all_names = [s.name for s in wb.sheets]
        taken = {n.casefold() for n in all_names}
        ours = OurNames(
            _unique(RESULTS_SHEET, taken),
            _unique(SUMMARY_SHEET, taken),
            _unique(RECORD_SHEET, taken),
        )
        self._resolve_cached()
        self._our_sheets(ours, all_names)

    def _styles(self, wb: WorkbookPart) -> tuple[StyleBook, str]:
        """The workbook's styles part (the one its relationship names), else a new one."""
        rels = [r for r in wb.rels.of_type("styles") if not r.external]
        if rels and self.src.has(rels[0].target):
            return StyleBook(self.src.read(rels[0].target)), rels[0].target
        if rels:  # a dangling relationship: the new part goes where it points
            return StyleBook(None), rels[0].target
        return StyleBook(None), self.part_names.new("xl/styles{}.xml")

    # -- the marked sheets ------------------------------------------------------------------

    def _patch(self, part: str, plan: SheetPlan) -> SheetOutcome:
        deflater = Deflater(1 if self.src.size(part) > BIG_PART else 6)
        outcome = patch_sheet(lambda: self.src.chunks(part), plan, deflater)
        self.replaced[part] = deflater.finish()
        return outcome

    def _mark_sheet(
        self, name: str, part: str, groups: dict[tuple[int, int], list[Finding]]
    ) -> None:
        rels = Rels(part, self.src.read_if(rels_name(part)))
        anchors = groups
        for _ in range(2):  # a second pass only when a mark fell inside a merged range
            marks = {key: _marks(found) for key, found in anchors.items()}
            cells: dict[int, dict[int, object]] = defaultdict(dict)
            for (row, col), mark in marks.items():
                cells[row][col] = mark
            plan = SheetPlan(dict(cells), self._restyle, True, rels.new_id())
            outcome = self._patch(part, plan)
            moved = anchored(groups, outcome.merges)
            if moved.keys() == anchors.keys():
                break
            anchors = moved
        notes = [Note(r, c, marks[(r, c)].text) for (r, c) in sorted(outcome.cells)]
        added = self._comments(part, rels, outcome, notes)
        for (row, col), seen in sorted(outcome.cells.items()):
            mark = marks[(row, col)]
            note = added.get((row, col), Added("", False))
            self.records.append(
                MarkRecord(
                    name,
                    f"{column_letter(col)}{row}",
                    self.styles.fill_of(seen.style),
                    severity_fill(mark.severity),
                    note.text,
                    note.new,
                    seen,  # resolved to the value by _resolve_cached
                )
            )

    def _restyle(self, xf: int, mark: object) -> int:
        assert isinstance(mark, Mark)
        return self.styles.with_fill(xf, severity_fill(mark.severity))

    def _comments(
        self, part: str, rels: Rels, outcome: SheetOutcome, notes: list[Note]
    ) -> dict[tuple[int, int], Added]:
        """Merge our notes into the sheet's comments and VML; return what each cell got."""
        if outcome.legacy_rid is None or not notes:
            return {}
        found = rels.of_type("comments")
        rel = found[0] if found else None
        existing = self.src.read_if(rel.target) if rel is not None and not rel.external else None
        merged, added = merge_comments(existing, notes, AUTHOR, COMMENT_SEPARATOR, clean)
        vml_rel = rels.get(outcome.legacy_rid)
        vml = (
            self.src.read_if(vml_rel.target)
            if vml_rel is not None and not vml_rel.external
            else None
        )
        ours = [n for n in notes if added[(n.row, n.col)].new]
        if vml is None:  # a new drawing carries a shape for every comment of the sheet
            ours = notes_for_all(merged, notes)
        shapes = note_shapes(vml, ours, self._shapes())
        if vml is not None and vml_rel is not None:
            self.replaced[vml_rel.target] = shapes
        else:
            new = self.part_names.new("xl/drawings/vmlDrawing{}.vml")
            if vml_rel is not None:
                rels.retarget(vml_rel.id, new)
            else:
                rels.add("vmlDrawing", new, outcome.legacy_rid)
            self.types.default("vml", CONTENT_TYPES["vml"])
            self.added[new] = shapes
        self._place(rels, rel, "comments", "xl/comments{}.xml", merged, existing is not None)
        if rels.touched:
            target = self.replaced if self.src.has(rels.part) else self.added
            target[rels.part] = rels.to_bytes()
        return added

    def _place(
        self, rels: Rels, rel: Any, kind: str, pattern: str, data: bytes, exists: bool
    ) -> None:
        """Put a part we wrote where its relationship points, or under a new name."""
        if exists:
            self.replaced[rel.target] = data
            return
        new = self.part_names.new(pattern)
        if rel is not None:
            rels.retarget(rel.id, new)
        else:
            rels.add(kind, new)
        self.types.override(new, CONTENT_TYPES[kind])
        self.added[new] = data

    def _shapes(self) -> ShapeIds:
        if self._shape_ids is None:
            used: set[int] = set()
            for name in self.src.names:
                if name.lower().endswith(".vml"):
                    used |= blocks_of(self.src.read(name))
            self._shape_ids = ShapeIds(used)
        return self._shape_ids

    def _resolve_cached(self) -> None:
        """Each record's cached value: the marked cell's value (shared strings looked up once,
        only as far as the highest index needed)."""
        wanted = {
            int(r.cached.value or "")
            for r in self.records
            if isinstance(r.cached, SeenCell)
            and r.cached.value_type == "s"
            and (r.cached.value or "").isdigit()
        }
        strings: dict[int, str] = {}
        if wanted:
            part = self.wb.related("sharedStrings")
            strings = shared_strings(self.src.read(part) if part else b"", wanted)
        for r in self.records:
            if isinstance(r.cached, SeenCell):
                r.cached = cached_value(r.cached.value, r.cached.value_type, strings)

    # -- our sheets and the workbook --------------------------------------------------------

    def _our_sheets(self, ours: OurNames, user_sheets: list[str]) -> None:
        side = side_package(self.result, ours, set(self.sheets), self.round, self.records)
        grafted = graft(side, self.part_names, self.styles)
        self.added.update(grafted.parts)
        for part, content_type in grafted.overrides:
            self.types.override(part, content_type)
        entries = [
            (name, self.wb_rels.add("worksheet", part), state)
            for name, part, state in grafted.sheets
        ]
        self.replaced[self.wb_part] = patch_workbook(self.wb_data, entries, grafted.defined_names)
        if self.styles.touched:
            if self.src.has(self.styles_part):
                self.replaced[self.styles_part] = self.styles.to_bytes()
            else:
                self.types.override(self.styles_part, CONTENT_TYPES["styles"])
                self.added[self.styles_part] = self.styles.to_bytes()
            if not self.wb_rels.of_type("styles"):  # a styles part nothing pointed at
                self.wb_rels.add("styles", self.styles_part)
                self.types.override(self.styles_part, CONTENT_TYPES["styles"])
        target = self.replaced if self.src.has(self.wb_rels.part) else self.added
        target[self.wb_rels.part] = self.wb_rels.to_bytes()
        app = [
            r.target
            for r in Rels("", self.src.read_if("_rels/.rels")).of_type("extended-properties")
        ]
        if app and self.src.has(app[0]):
            front, back = [ours.results, ours.summary], [ours.record]
            patched = patch_app(self.src.read(app[0]), user_sheets, front, back)
            if patched is not None:
                self.replaced[app[0]] = patched
        self.replaced[CONTENT_TYPES_PART] = self.types.to_bytes()


def _no_restyle(xf: int, mark: object) -> int:
    return xf
