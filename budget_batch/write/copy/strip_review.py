"""A resubmitted copy without what the last round added: the package the user would have had if
they had made their corrections in their own workbook.

Guided by the copy's review record (read/review_record.py):
- our sheets (审核结果, 汇总, the record) go, with every part only they used (drawings, charts),
  their defined names, their entries in docProps/app.xml and the calculation chain;
- each cell we coloured gets its own fill back — unless the user has coloured it since;
- our text leaves its comment (strip_notes.py), and a comment that was ours alone leaves the
  comments part and its note shape the VML drawing.
Everything else is copied as it is, member by member, like the annotated copy itself. The record
locates each cell through a live formula, so a client that moved the cell (rows inserted above
it) has moved the reference along.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...ooxml.addresses import split_cell
from ...ooxml.content_types import CONTENT_TYPES_PART, ContentTypes
from ...ooxml.faults import file_faults
from ...ooxml.package import Source
from ...ooxml.relationships import Rels, rels_name
from ...ooxml.sheet_patch import SheetPlan, patch_sheet
from ...ooxml.styles import StyleBook, fill_key
from ...ooxml.vml import drop_note_shapes, has_shapes
from ...ooxml.workbook import WorkbookPart, relationship_id, sheet_entries
from ...ooxml.xml_parts import child, parse, serialize
from ...ooxml.zip_writer import Compressed, Deflater, rewrite
from ...read.review_record import MarkedCell, ReviewRecord
from ..atomic_files import replacing
from .strip_notes import OurNote, strip_comments
from .workbook_patch import unpatch_app

NO_FILL = '<fill><patternFill patternType="none"/></fill>'


@dataclass
class Stripped:
    """What could not be taken back (the user had changed it since)."""

    recoloured: list[str] = field(default_factory=list)  # sheet!cell the user coloured anew
    edited_notes: list[str] = field(default_factory=list)  # sheet!cell whose 批注 they edited
    lost: int = 0  # marked cells no longer in the workbook (rows deleted)

    def notes(self) -> list[str]:
        """What the user should know, as 提示 lines for the new copy's 汇总."""
        lines = []
        if self.recoloured:
            lines.append(
                f"提示：上一轮标色的单元格中有 {len(self.recoloured)} 个已被重新设置底色"
                f"（{_cells(self.recoloured)}），本工具保留了新设置的底色，没有恢复原来的填充；"
                "如不需要这些底色，请手动清除。"
            )
        if self.edited_notes:
            lines.append(
                f"提示：上一轮审核意见所在的批注中有 {len(self.edited_notes)} 条已被修改"
                f"（{_cells(self.edited_notes)}），本工具没有删除这些批注；"
                "请核对其中上一轮的审核意见，过时的请手动删除。"
            )
        if self.lost:
            lines.append(
                f"提示：上一轮标记的单元格中有 {self.lost} 个在审核记录中已找不到位置"
                "（所在的行、列或工作表已被删除），本工具无法去除它们的标色和批注；"
                "如工作簿中仍留有上一轮的标色或审核意见，请手动清除。"
            )
        return lines


LISTED = 8  # cells named per line; the rest are counted


def _cells(cells: list[str]) -> str:
    named = "、".join(cells[:LISTED])
    return named + (f" 等 {len(cells)} 处" if len(cells) > LISTED else "")


def strip_review(source: Path, record: ReviewRecord, dest: Path) -> Stripped:
    """Write `source` without the last round's additions to `dest` (temp name, then rename)."""
    with file_faults("工作簿结构"):
        zf = zipfile.ZipFile(source)
    with zf, source.open("rb") as raw:
        job = _Strip(Source(zf), record)
        job.prepare()
        with replacing(dest) as tmp, tmp.open("wb") as fh:
            rewrite(job.src, raw, fh, job.replaced, removed=job.removed)
    return job.outcome


class _Strip:
    def __init__(self, src: Source, record: ReviewRecord) -> None:
        self.src = src
        self.record = record
        self.replaced: dict[str, bytes | Compressed] = {}
        self.removed: set[str] = set()
        self.outcome = Stripped()

    def prepare(self) -> None:
        src = self.src
        wb = WorkbookPart(src)
        self.wb_part, self.wb_data, self.wb_rels = wb.part, wb.data, wb.rels
        self.styles_part = wb.related("styles")
        self.styles = StyleBook(src.read(self.styles_part) if self.styles_part else None)
        parts = {s.name: s.part for s in wb.sheets if s.part}
        ours = {self.record.record_sheet, *self.record.sheets}
        by_sheet: dict[str, list[MarkedCell]] = defaultdict(list)
        for cell in self.record.cells:
            if cell.ref_sheet is None or cell.ref_cell is None or cell.ref_sheet not in parts:
                self.outcome.lost += 1
            elif cell.ref_sheet not in ours:
                by_sheet[cell.ref_sheet].append(cell)
        for name, cells in by_sheet.items():
            self._unmark_sheet(name, parts[name], cells)
        self._drop_sheets({s.name for s in wb.sheets} & ours)
        if self.styles.touched and self.styles_part:
            self.replaced[self.styles_part] = self.styles.to_bytes()

    # -- the marked cells -------------------------------------------------------------------

    def _unmark_sheet(self, name: str, part: str, cells: list[MarkedCell]) -> None:
        plan_cells: dict[int, dict[int, object]] = defaultdict(dict)
        for cell in cells:
            try:
                row, col = split_cell(cell.ref_cell or "")
            except ValueError:
                self.outcome.lost += 1
                continue
            plan_cells[row][col] = cell

        def recoloured(xf: int, mark: MarkedCell) -> bool:
            return fill_key(self.styles.fill_of(xf)) != fill_key(mark.our_fill)

        def restyle(xf: int, mark: object) -> int:
            assert isinstance(mark, MarkedCell)
            return xf if recoloured(xf, mark) else self.styles.with_fill(xf, mark.fill or NO_FILL)

        notes = {
            (c.ref_cell or "").upper(): OurNote(c.comment, c.comment_new)
            for c in cells
            if c.comment
        }
        unlinked = self._unnote(name, part, notes) if notes else False
        plan = SheetPlan(dict(plan_cells), restyle, drop_legacy_drawing=unlinked)
        deflater = Deflater()
        outcome = patch_sheet(lambda: self.src.chunks(part), plan, deflater)
        self.replaced[part] = deflater.finish()
        for (row, col), seen in outcome.cells.items():
            mark = plan_cells[row][col]
            if isinstance(mark, MarkedCell) and recoloured(seen.style, mark):
                self.outcome.recoloured.append(f"{name}!{mark.ref_cell}")

    def _unnote(self, name: str, part: str, notes: dict[str, OurNote]) -> bool:
        """Our text out of the sheet's comments; True when the sheet's comments and their note
        shapes have all gone (the sheet then loses its link to them)."""
        rels = Rels(part, self.src.read_if(rels_name(part)))
        found = [r for r in rels.of_type("comments") if not r.external and self.src.has(r.target)]
        if not found:
            return False
        outcome = strip_comments(self.src.read(found[0].target), notes)
        self.outcome.edited_notes += [f"{name}!{ref}" for ref in outcome.kept]
        if outcome.data is not None:
            self.replaced[found[0].target] = outcome.data
        drawings = [r for r in rels.of_type("vmlDrawing") if not r.external]
        gone = []
        for rel in drawings:
            if not self.src.has(rel.target):
                continue
            vml = self.src.read(rel.target)
            trimmed = drop_note_shapes(vml, outcome.removed)
            if outcome.empty and not has_shapes(trimmed):
                gone.append(rel)
            elif trimmed != vml:
                self.replaced[rel.target] = trimmed
        if not outcome.empty or len(gone) != len(drawings):
            return False
        for rel in [found[0], *gone]:  # nothing left to show: the parts go with their links
            self.removed.add(rel.target)
            rels.remove(rel.id)
        if any(True for _ in rels):
            self.replaced[rels.part] = rels.to_bytes()
        else:  # a relationships part we made for the comments alone
            self.removed.add(rels.part)
        return True

    # -- our sheets -------------------------------------------------------------------------

    def _drop_sheets(self, names: set[str]) -> None:
        if not names:
            return
        tree = parse(self.wb_data, self.wb_part)
        root = tree.getroot()
        entries = sheet_entries(tree)
        gone_index = [i for i, el in enumerate(entries) if el.get("name", "") in names]
        gone_ids = {el.get("sheetId", "") for el in entries if el.get("name", "") in names}
        rids = set()
        for el in entries:
            if el.get("name", "") in names:
                rids.add(relationship_id(el))
                el.getparent().remove(el)
        _drop_defined_names(root, gone_index, names)
        views = child(root, "bookViews")
        for view in [] if views is None else views:
            for attr in ("activeTab", "firstSheet"):
                value = view.get(attr)
                if value is not None and value.isdigit():
                    view.set(attr, str(_shifted(int(value), gone_index, len(entries))))
        self.replaced[self.wb_part] = serialize(tree, self.wb_data)
        sheet_parts = {r.target for r in self.wb_rels if r.id in rids and not r.external}
        for el in list(self.wb_rels.root):
            if el.get("Id") in rids:
                self.wb_rels.root.remove(el)
        self._drop_calc_chain(gone_ids)
        self.replaced[self.wb_rels.part] = self.wb_rels.to_bytes()
        kept = self._reachable(exclude=sheet_parts)
        for part in self._reachable(start=sheet_parts):
            if part not in kept:
                self.removed |= {part, rels_name(part)}
        types = ContentTypes(self.src.read(CONTENT_TYPES_PART))
        types.drop_overrides(self.removed)
        self.replaced[CONTENT_TYPES_PART] = types.to_bytes()
        app = Rels("", self.src.read_if("_rels/.rels")).of_type("extended-properties")
        if app and self.src.has(app[0].target):
            patched = unpatch_app(self.src.read(app[0].target), names)
            if patched is not None:
                self.replaced[app[0].target] = patched

    def _drop_calc_chain(self, sheet_ids: set[str]) -> None:
        """Entries of the calculation chain on a dropped sheet go (Excel repairs a chain that
        names a missing sheet); `i` is inherited from the entry before, so each kept one says
        its own."""
        for rel in self.wb_rels.of_type("calcChain"):
            if rel.external or not self.src.has(rel.target):
                continue
            data = self.src.read(rel.target)
            tree = parse(data, "计算链")
            current = ""
            for el in list(tree.getroot()):
                current = el.get("i", current)
                if current in sheet_ids:
                    tree.getroot().remove(el)
                else:
                    el.set("i", current)
            if len(tree.getroot()):
                self.replaced[rel.target] = serialize(tree, data)
            else:
                self.removed |= {rel.target, rels_name(rel.target)}
                for el in list(self.wb_rels.root):
                    if el.get("Id") == rel.id:
                        self.wb_rels.root.remove(el)

    def _reachable(
        self, start: set[str] | None = None, exclude: frozenset[str] | set[str] = frozenset()
    ) -> set[str]:
        """Parts reachable over relationships: from `start`, or from the package's root (with
        the workbook's relationships as they are now) leaving out `exclude`."""
        if start is None:
            todo = [r.target for r in Rels("", self.src.read_if("_rels/.rels")) if not r.external]
            todo += [r.target for r in self.wb_rels if not r.external]
        else:
            todo = list(start)
        seen: set[str] = set()
        while todo:
            part = todo.pop()
            if part in seen or part in exclude or not self.src.has(part):
                continue
            seen.add(part)
            if part == self.wb_part:
                continue  # its relationships are the edited ones, already queued
            rels = self.src.read_if(rels_name(part))
            if rels is not None:
                todo += [r.target for r in Rels(part, rels) if not r.external]
        return seen


def _shifted(index: int, gone: list[int], total: int) -> int:
    """A sheet position after the sheets at `gone` left (a position that left: the first)."""
    if index in gone:
        return 0
    return max(min(index - sum(1 for g in gone if g < index), total - len(gone) - 1), 0)


_QUOTED = re.compile(r"'((?:[^']|'')+)'!|([^\s'!(),=+\-*/&^<>:;]+)!")


def _drop_defined_names(root: Any, gone: list[int], names: set[str]) -> None:
    defined = child(root, "definedNames")
    for d in [] if defined is None else list(defined):
        local_id = d.get("localSheetId")
        if local_id is not None and local_id.isdigit():
            if int(local_id) in gone:
                defined.remove(d)
                continue
            d.set("localSheetId", str(int(local_id) - sum(1 for g in gone if g < int(local_id))))
        elif any(
            (m.group(1) or "").replace("''", "'") in names or m.group(2) in names
            for m in _QUOTED.finditer(d.text or "")
        ):
            defined.remove(d)
    if defined is not None and not len(defined):
        root.remove(defined)
