"""Rewrite a form's layout, keeping what it says (issue 21, item 5: tests that generalise).

A form is held as a grid (`Sheet`: cells, number formats, merged ranges), read from an .xlsx that
form_writer wrote or from a transcribed document (tests/documents), and written back through
`documents.build`. Its blocks' places (`Layout`: the money block's and the indicator grid's header
rows, rows and columns, the closing 总分 row, the header fields) are taken once from the reader's
model of the original form — a form whose reading the goldens show right — and then carried
through each rewrite by the same moves as its cells, never read again.

Each rewrite moves cells the way departments' layouts differ (forms.md, "What varies"): columns in
another order, a header over one row or two, other labels of the alias table, 总分 in the header,
merged or unmerged ranges, numbers typed as text, operators in every printed form, rows above the
blocks, another sheet name. It records where each cell went (`Rewritten.where`), so that a finding
on the original form can be looked for at its new cell. Its choices come from a seed: a failing
example is reproduced by its (base, plan) alone.
"""

from __future__ import annotations

import copy
import random
import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import openpyxl
from documents import Document, rows
from documents import _typed as typed_cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from budget_batch import read_workbook
from budget_batch.form_model import Form, FormsModel
from budget_batch.form_schema import form_label
from budget_batch.layouts import Layouts, default_layouts

Value = str | float
Point = tuple[int, int]  # (row, column), 1-based
Rect = tuple[int, int, int, int]  # r1, c1, r2, c2 inclusive
Move = Callable[[Point], Point | None]


class Skip(Exception):
    """A rewrite that does not apply to this form (join a header that is one row …)."""


def ref(p: Point) -> str:
    return f"{get_column_letter(p[1])}{p[0]}"


def point(cell: str) -> Point:
    letters, row = coordinate_from_string(cell)
    return row, column_index_from_string(letters)


# ---------------------------------------------------------------------------------------------
# The grid


@dataclass
class Sheet:
    name: str
    cells: dict[Point, Value] = field(default_factory=dict)
    formats: dict[Point, str] = field(default_factory=dict)
    merges: list[Rect] = field(default_factory=list)

    def copy(self) -> Sheet:
        return Sheet(self.name, dict(self.cells), dict(self.formats), list(self.merges))

    @property
    def max_row(self) -> int:
        return max([r for r, _ in self.cells] + [m[2] for m in self.merges] + [1])

    def last_col(self, rows: Iterable[int]) -> int:
        wanted = set(rows)
        cols = [c for (r, c) in self.cells if r in wanted]
        cols += [m[3] for m in self.merges if any(m[0] <= r <= m[2] for r in wanted)]
        return max(cols, default=1)

    def merge_at(self, p: Point) -> Rect | None:
        for m in self.merges:
            if m[0] <= p[0] <= m[2] and m[1] <= p[1] <= m[3]:
                return m
        return None

    def anchor(self, p: Point) -> Point:
        m = self.merge_at(p)
        return (m[0], m[1]) if m else p

    def text(self, p: Point) -> str:
        v = self.cells.get(p)
        return v if isinstance(v, str) else ""

    def put(self, p: Point, value: Value | None, fmt: str | None = None) -> None:
        self.formats.pop(p, None)
        if value is None or value == "":
            self.cells.pop(p, None)
            return
        self.cells[p] = value
        if fmt:
            self.formats[p] = fmt

    def unmerge(self, m: Rect) -> None:
        self.merges.remove(m)

    def merge(self, m: Rect) -> None:
        r1, c1, r2, c2 = m
        if (r1, c1) == (r2, c2):
            return
        for other in self.merges:
            if not (other[2] < r1 or other[0] > r2 or other[3] < c1 or other[1] > c2):
                raise ValueError(f"{m} overlaps {other}")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1) and (r, c) in self.cells:
                    raise ValueError(f"{ref((r, c))} holds a value inside {m}")
        self.merges.append(m)

    # -- moves: each returns where a cell went (None: removed) -------------------------------

    def move(self, where: Move, merges: Callable[[Rect], Rect | None]) -> None:
        cells: dict[Point, Value] = {}
        formats: dict[Point, str] = {}
        for p, v in self.cells.items():
            q = where(p)
            if q is not None:
                cells[q] = v
                if p in self.formats:
                    formats[q] = self.formats[p]
        self.cells, self.formats = cells, formats
        self.merges = [n for m in self.merges if (n := merges(m)) is not None and _area(n) > 1]


def _area(m: Rect) -> int:
    return (m[2] - m[0] + 1) * (m[3] - m[1] + 1)


def _number(v: Any) -> Value | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return float(v)
    return str(v)


def from_xlsx(path: Path) -> Sheet:
    """The first sheet of an .xlsx (values, number formats other than General, merges)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    sheet = Sheet(ws.title)
    for row in ws.iter_rows():
        for cell in row:
            v = _number(cell.value)
            if v is None:
                continue
            p = (cell.row, cell.column)
            sheet.cells[p] = v
            if cell.number_format and cell.number_format != "General":
                sheet.formats[p] = cell.number_format
    for rng in ws.merged_cells.ranges:
        sheet.merges.append((rng.min_row, rng.min_col, rng.max_row, rng.max_col))
    return sheet


def from_document(doc: Document) -> Sheet:
    """The (only) sheet of a transcribed document."""
    (data,) = doc.sheets
    sheet = Sheet(data["name"])
    formats = {point(k.upper()): v for k, v in data.get("formats", {}).items()}
    for r, line in enumerate(rows(data.get("grid", "")), start=1):
        for c, text in enumerate(line, start=1):
            if text:
                value, shown = typed_cell(text)
                sheet.cells[(r, c)] = float(value) if not isinstance(value, str) else value
                fmt = formats.get((r, c), shown)
                if fmt:
                    sheet.formats[(r, c)] = fmt
    for rng in data.get("merges", []):
        a, b = rng.split(":")
        (r1, c1), (r2, c2) = point(a), point(b)
        sheet.merges.append((r1, c1, r2, c2))
    return sheet


_LOOKS_TYPED = re.compile(r"^(?:'|-?\d+(?:\.\d+)?%?$)")


def _grid_text(v: Value) -> str:
    if isinstance(v, float):
        text = repr(v)
        if "e" in text or "inf" in text or "nan" in text:
            text = f"{v:.15f}".rstrip("0").rstrip(".")
        return text
    if "\n" in v:
        v = v.replace("\n", " ")
    v = v.strip()
    if _LOOKS_TYPED.match(v):
        v = "'" + v  # text that would read as a number stays text
    return v.replace("|", "\\|")


def to_document(sheet: Sheet, name: str = "rewritten") -> Document:
    for m in sheet.merges:
        for r, c in sheet.cells:
            if m[0] <= r <= m[2] and m[1] <= c <= m[3] and (r, c) != (m[0], m[1]):
                raise ValueError(f"{ref((r, c))} holds a value inside {m}")
    last_row = sheet.max_row
    last_col = max([c for _, c in sheet.cells] + [m[3] for m in sheet.merges] + [1])
    lines = []
    for r in range(1, last_row + 1):
        line = [
            _grid_text(sheet.cells[(r, c)]) if (r, c) in sheet.cells else ""
            for c in range(1, last_col + 1)
        ]
        while line and not line[-1]:
            line.pop()
        lines.append(" | ".join(line) if line else " ")
    merges = [f"{ref((m[0], m[1]))}:{ref((m[2], m[3]))}" for m in sheet.merges]
    formats = {ref(p): f for p, f in sheet.formats.items() if p in sheet.cells}
    grid = "\n" + "\n".join(lines) + "\n"
    data = {"name": sheet.name, "merges": merges, "formats": formats, "grid": grid}
    return Document(Path(f"{name}.toml"), {"kind": "project_form"}, [data])


# ---------------------------------------------------------------------------------------------
# Where the blocks are


@dataclass
class Block:
    header: list[int]  # its header rows (one or two)
    rows: list[int]  # the rows under the header it reads (first to last)
    columns: dict[str, int]  # key (budget_final, level3, target …) → column

    @property
    def all_rows(self) -> list[int]:
        return [*self.header, *self.rows]


@dataclass
class Layout:
    title: Point | None
    money: Block | None
    grid: Block | None
    total_row: int | None = None
    total_weight: Point | None = None
    total_score: Point | None = None
    #: The header fields: key → (label cell, value cell or None).
    fields: dict[str, tuple[Point, Point | None]] = field(default_factory=dict)

    def moved(self, where: Move) -> Layout:
        def p(q: Point | None) -> Point | None:
            return where(q) if q is not None else None

        def row(r: int, cols: Iterable[int]) -> int | None:
            return next((q[0] for c in cols if (q := where((r, c))) is not None), None)

        def block(b: Block | None) -> Block | None:
            if b is None:
                return None
            cols = list(b.columns.values())
            header = [n for r in b.header if (n := row(r, cols)) is not None]
            body = [n for r in b.rows if (n := row(r, cols)) is not None]
            first = b.rows[0] if b.rows else b.header[-1]  # a data row: its cells all stay
            columns = {
                k: q[1] for k, c in b.columns.items() if (q := where((first, c))) is not None
            }
            return Block(header, body, columns)

        total = p((self.total_row, 1)) if self.total_row is not None else None
        fields = {}
        for key, (label, value) in self.fields.items():
            at = p(label)
            if at is not None:
                fields[key] = (at, p(value))
        return Layout(
            p(self.title),
            block(self.money),
            block(self.grid),
            total[0] if total else None,
            p(self.total_weight),
            p(self.total_score),
            fields,
        )


def _point(cell: Any) -> Point | None:
    return (cell.row, cell.col) if cell is not None else None


def layout_of(path: Path, layouts: Layouts | None = None) -> Layout:
    """The blocks of the original form, as the reader found them."""
    model = read_workbook(path, layouts).model
    assert isinstance(model, FormsModel) and model.forms, path
    form: Form = model.forms[0]
    words = layouts or default_layouts()
    money = grid = None
    if form.funds is not None:
        data = sorted(r.index for r in [*form.funds.totals, *form.funds.rows])
        header = list(range(form.funds.header_row, data[0]))
        money = Block(header, list(range(data[0], data[-1] + 1)), dict(form.funds.columns))
    if form.indicators is not None and form.indicators.rows:
        top = form.indicators.header_row
        columns = {k: c for k, c in form.indicators.columns.items() if k != "target_initial"}
        aliases = words.aliases("indicators.columns")
        two = any(form_label(v) in aliases for (r, _), v in _texts(path, top + 1))
        header = [top, top + 1] if two else [top]
        last = max(r.index for r in form.indicators.rows)
        sheet_merges = openpyxl.load_workbook(path).worksheets[0].merged_cells.ranges
        left, right = min(columns.values()), max(columns.values())
        for m in sheet_merges:  # a heading merged down over unused rows after the last one
            if header[-1] < m.min_row <= last and left <= m.min_col <= right:
                last = max(last, m.max_row)
        grid = Block(header, list(range(header[-1] + 1, last + 1)), columns)
    fields = {
        key: (_point(label), _point(form.fields.get(key)))
        for key, label in form.labels.items()
        if label is not None
    }
    return Layout(
        _point(form.title),
        money,
        grid,
        form.total_label.row if form.total_label is not None else None,
        _point(form.total_weight),
        _point(form.total_score),
        {k: (lab, val) for k, (lab, val) in fields.items() if lab is not None},
    )


def _texts(path: Path, row: int) -> list[tuple[Point, str]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [
        ((row, c.column), c.value) for c in ws[row] if isinstance(c.value, str) and c.value.strip()
    ]


# ---------------------------------------------------------------------------------------------
# A form being rewritten


@dataclass
class Rewritten:
    sheet: Sheet
    layout: Layout
    #: Where each original cell went, move by move.
    moves: list[Move] = field(default_factory=list)
    #: The rewrites applied, in words (for a failing example's message).
    said: list[str] = field(default_factory=list)
    original_sheet: str = ""
    layout_unit: str = "万元"  # what a note above the blocks may say (单位：万元)

    def apply(self, where: Move, merges: Callable[[Rect], Rect | None]) -> None:
        self.sheet.move(where, merges)
        self.layout = self.layout.moved(where)
        self.moves.append(where)

    def where(self, sheet: str, cell: str) -> tuple[str, str] | None:
        """Where an original finding's (sheet, cell) is now (None: its cell was removed)."""
        if sheet != self.original_sheet:
            return sheet, cell
        if not cell:
            return self.sheet.name, cell
        cells = cell.split(":")
        out = []
        for c in cells:
            p: Point | None = point(c)
            for move in self.moves:
                p = move(p) if p is not None else None
            if p is None:
                return None
            out.append(ref(p))
        return self.sheet.name, ":".join(out)


def start(sheet: Sheet, layout: Layout) -> Rewritten:
    return Rewritten(sheet.copy(), replace(layout), original_sheet=sheet.name)


# -- row and column moves ----------------------------------------------------------------------


def insert_rows(f: Rewritten, at: int, n: int = 1) -> None:
    """n empty rows before row `at`; a range across it grows."""

    def where(p: Point) -> Point:
        return (p[0] + n, p[1]) if p[0] >= at else p

    def merges(m: Rect) -> Rect:
        if m[0] >= at:
            return (m[0] + n, m[1], m[2] + n, m[3])
        if m[2] >= at:
            return (m[0], m[1], m[2] + n, m[3])
        return m

    f.apply(where, merges)


def delete_row(f: Rewritten, row: int, keep: dict[Point, Point] | None = None) -> None:
    """Row `row` removed; its cells are gone (unless `keep` says where one went)."""
    kept = keep or {}
    tops = {(m[0], m[1]) for m in f.sheet.merges if m[0] == row < m[2]}

    def where(p: Point) -> Point | None:
        if p in kept:
            return kept[p]
        if p[0] == row:
            return p if p in tops else None  # a range that starts here keeps its value
        return (p[0] - 1, p[1]) if p[0] > row else p

    def merges(m: Rect) -> Rect | None:
        if m[0] == m[2] == row:
            return None
        if m[0] > row:
            return (m[0] - 1, m[1], m[2] - 1, m[3])
        if m[2] >= row:
            return (m[0], m[1], m[2] - 1, m[3])
        return m

    f.apply(where, merges)


def insert_column(f: Rewritten, at: int, rows: list[int]) -> None:
    """An empty column before `at` in these rows only (a block's columns), the rest unmoved."""
    inside = set(rows)
    for m in f.sheet.merges:
        across = m[0] <= max(inside) and m[2] >= min(inside)
        if across and m[3] >= at and not (min(inside) <= m[0] and m[2] <= max(inside)):
            raise Skip("a range reaches out of the block's rows")

    def where(p: Point) -> Point:
        return (p[0], p[1] + 1) if p[0] in inside and p[1] >= at else p

    def merges(m: Rect) -> Rect:
        if m[0] not in inside:
            return m
        if m[1] >= at:
            return (m[0], m[1] + 1, m[2], m[3] + 1)
        if m[3] >= at:
            return (m[0], m[1], m[2], m[3] + 1)
        return m

    f.apply(where, merges)


def _units(
    sheet: Sheet, rows: list[int], a: int, b: int, skip: Rect | None = None
) -> list[tuple[int, int]]:
    """[a, b] cut into the narrowest runs of columns that no merged range in `rows` straddles."""
    joined = set()
    lo, hi = min(rows), max(rows)
    for m in sheet.merges:
        if m == skip or m[2] < lo or m[0] > hi or m[3] < a or m[1] > b:
            continue
        if m[0] < lo or m[2] > hi or m[1] < a or m[3] > b:
            raise Skip(f"{m} reaches out of the columns moved")
        joined.update(range(m[1], m[3]))  # columns c with c and c+1 in one range
    units = []
    first = a
    for c in range(a, b + 1):
        if c not in joined:
            units.append((first, c))
            first = c + 1
    return units


def _spans(
    sheet: Sheet, unit: tuple[int, int], rows: list[int], header: list[int]
) -> list[Rect] | None:
    """The ranges spanning a whole unit; None unless each is one header row (a parent label)."""
    spans = [
        m for m in sheet.merges if (m[1], m[3]) == unit and min(rows) <= m[0] and m[2] <= max(rows)
    ]
    if any(m[0] != m[2] or m[0] not in header for m in spans):
        return None
    return spans


def permute_columns(
    f: Rewritten,
    rows: list[int],
    header: list[int],
    a: int,
    b: int,
    rng: random.Random,
    clip: list[int] = (),  # type: ignore[assignment]
) -> dict[int, int]:
    """The columns a..b of these rows in another order (a range moves whole; the parts under a
    parent label move among themselves too). Rows in `clip` (the closing 总分 row) follow
    their columns, their ranges across the columns cut back."""
    sheet = f.sheet
    order = _units(sheet, rows, a, b)
    rng.shuffle(order)
    colmap: dict[int, int] = {}
    at = a
    for unit in order:
        width = unit[1] - unit[0] + 1
        inner = list(range(unit[0], unit[1] + 1))
        spans = _spans(sheet, unit, rows, header) if width > 1 else None
        if spans is not None:
            subs = _units_without(sheet, rows, unit, spans)
            if len(subs) > 1:
                rng.shuffle(subs)
                inner = [c for s in subs for c in range(s[0], s[1] + 1)]
        for i, c in enumerate(inner):
            colmap[c] = at + i
        at += width
    clipped = set(clip)
    for m in list(sheet.merges):
        if m[0] in clipped and m[0] == m[2] and m[3] >= a:
            sheet.unmerge(m)
            if m[1] < a and a - 1 > m[1]:
                sheet.merges.append((m[0], m[1], m[2], a - 1))
            elif m[1] >= a and all(
                colmap[c] - colmap[m[1]] == c - m[1] for c in range(m[1], m[3] + 1)
            ):
                sheet.merges.append(m)  # whole inside one moved run: moves with it
    inside = set(rows) | clipped
    # A range's value moves to the range's new top-left (its columns may have turned round).
    tops = {
        (m[0], m[1]): (m[0], min(colmap[c] for c in range(m[1], m[3] + 1)))
        for m in sheet.merges
        if m[0] in inside and m[1] in colmap
    }

    def where(p: Point) -> Point:
        if p in tops:
            return tops[p]
        return (p[0], colmap[p[1]]) if p[0] in inside and p[1] in colmap else p

    def merges(m: Rect) -> Rect:
        if m[0] not in inside or m[1] not in colmap:
            return m
        cols = [colmap[c] for c in range(m[1], m[3] + 1)]
        return (m[0], min(cols), m[2], max(cols))

    f.apply(where, merges)
    return colmap


def _units_without(
    sheet: Sheet, rows: list[int], unit: tuple[int, int], spans: list[Rect]
) -> list[tuple[int, int]]:
    saved = list(sheet.merges)
    sheet.merges = [m for m in saved if m not in spans]
    try:
        return _units(sheet, rows, unit[0], unit[1])
    except Skip:
        return [unit]
    finally:
        sheet.merges = saved


# ---------------------------------------------------------------------------------------------
# The rewrites. Each takes the form, a random source and the layout data, changes the layout and
# says what it did; a rewrite that does not apply raises Skip.

Rewrite = Callable[[Rewritten, random.Random, Layouts], str]


def _keys(block: Block) -> dict[int, str]:
    return {c: k for k, c in block.columns.items()}


def permute_money(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    block = f.layout.money
    if block is None:
        raise Skip("no money block")
    values = [c for k, c in block.columns.items() if k not in ("item", "label")]
    last = f.sheet.last_col(block.all_rows)
    colmap = permute_columns(f, block.all_rows, block.header, min(values), last, rng)
    return "项目资金的列顺序：" + _order(colmap)


def permute_grid(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    block = f.layout.grid
    if block is None:
        raise Skip("no indicator grid")
    first = block.columns["level3"] + 1
    clip = [f.layout.total_row] if f.layout.total_row is not None else []
    last = f.sheet.last_col(block.all_rows + clip)
    colmap = permute_columns(f, block.all_rows, block.header, first, last, rng, clip)
    return "绩效指标的列顺序：" + _order(colmap)


def _order(colmap: dict[int, int]) -> str:
    inverse = {new: old for old, new in colmap.items()}
    return " ".join(get_column_letter(inverse[c]) for c in sorted(inverse))


def _all_aliases(layouts: Layouts) -> set[str]:
    sections = ("fields", "money.columns", "money.rows", "indicators.columns", "scoring.columns")
    words = {a for s in sections for a in layouts.aliases(s)}
    return words | layouts.labels("indicators", "total") | layouts.labels("indicators", "closing")


#: Labels over a group of columns that name none of them (a parent label means something only
#: for a column its parts leave unnamed).
NEUTRAL_PARENTS = ("执行情况", "评分情况", "预算执行", "自评情况", "指标完成", "资金执行情况")
PARENTS = {
    frozenset({"level1", "level2", "level3"}): ("绩效指标", "指标名称"),
    frozenset({"nature", "operator", "target", "unit", "target_adjusted"}): (
        "年度指标值",
        "指标值",
    ),
    frozenset({"budget_initial", "budget_final"}): ("预算数", "预算情况"),
}


def _parent(keys: set[str], rng: random.Random) -> str:
    for group, labels in PARENTS.items():
        if keys and keys <= group:
            return rng.choice(labels)
    return rng.choice(NEUTRAL_PARENTS)


def _which(f: Rewritten, rng: random.Random, rows: int) -> tuple[str, Block]:
    blocks = [
        (name, b)
        for name, b in (("money", f.layout.money), ("grid", f.layout.grid))
        if b is not None and len(b.header) == rows
    ]
    if not blocks:
        raise Skip(f"no header of {rows} rows")
    return rng.choice(blocks)


def _extent(f: Rewritten, name: str, block: Block) -> tuple[int, int]:
    if name == "money":
        first = min(c for k, c in block.columns.items() if k not in ("item", "label"))
    else:
        first = min(block.columns.values())
    return first, f.sheet.last_col(block.all_rows)


def split_header(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """A one-row header over two: parents over groups of its columns, the others merged down."""
    name, block = _which(f, rng, 1)
    a, b = _extent(f, name, block)
    units = _units(f.sheet, block.all_rows, a, b)
    keys = _keys(block)
    groups: list[list[tuple[int, int]]] = []
    i = 0
    while i < len(units) - 1:
        if rng.random() < 0.5:
            size = min(rng.choice((2, 2, 3)), len(units) - i)
            groups.append(units[i : i + size])
            i += size
        else:
            i += 1
    if not groups:
        groups.append(units[:2])
    h = block.header[0]
    insert_rows(f, h)
    grouped = {c for g in groups for u in g for c in range(u[0], u[1] + 1)}
    up = {(r, c) for (r, c) in f.sheet.cells if r == h + 1 and c not in grouped}
    up |= {(m[0], m[1]) for m in f.sheet.merges if m[0] == h + 1 and m[1] not in grouped}

    def where(p: Point) -> Point:
        return (h, p[1]) if p in up else p

    def merges(m: Rect) -> Rect:
        return (h, m[1], m[2], m[3]) if (m[0], m[1]) in up else m

    f.apply(where, merges)
    for c in {c for (r, c) in up} - {m[1] for m in f.sheet.merges if m[0] == h}:
        if (h, c) in f.sheet.cells:
            f.sheet.merge((h, c, h + 1, c))
    said = []
    for g in groups:
        c1, c2 = g[0][0], g[-1][1]
        parent = _parent({keys[c] for u in g for c in range(u[0], u[1] + 1) if c in keys}, rng)
        f.sheet.put((h, c1), parent)
        f.sheet.merge((h, c1, h, c2))
        said.append(f"{parent}（{get_column_letter(c1)}–{get_column_letter(c2)}）")
    f.layout = replace(f.layout)
    target = f.layout.money if name == "money" else f.layout.grid
    assert target is not None
    target.header = [h, h + 1]
    return f"{'项目资金' if name == 'money' else '绩效指标'}的表头分为两行：" + "、".join(said)


def join_header(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """A two-row header in one row: each column's deepest label, the parents dropped."""
    name, block = _which(f, rng, 2)
    h = block.header[0]
    sheet = f.sheet
    children = {c for (r, c) in sheet.cells if r == h + 1}
    for m in list(sheet.merges):
        if m[0] == m[2] == h and any(m[1] <= c <= m[3] for c in children):
            sheet.unmerge(m)  # a parent over its parts
            sheet.put((h, m[1]), None)
        elif m[0] == h and m[2] == h + 1:
            sheet.unmerge(m)  # merged down over both rows: one row now
            if m[3] > m[1]:
                sheet.merges.append((h, m[1], h, m[3]))
    for c in children:
        sheet.put((h, c), None)

    def where(p: Point) -> Point | None:
        if p[0] == h + 1 and p[1] in children:
            return (h, p[1])
        if p[0] == h and p[1] in children:
            return None
        return p

    def merges(m: Rect) -> Rect:
        return (h, m[1], h, m[3]) if m[0] == m[2] == h + 1 else m

    f.apply(where, merges)
    delete_row(f, h + 1)
    target = f.layout.money if name == "money" else f.layout.grid
    assert target is not None
    target.header = [h]
    return f"{'项目资金' if name == 'money' else '绩效指标'}的两行表头合为一行"


_PARTS = re.compile(
    r"^(?P<pre>其中[:：]?)?(?P<core>.*?)(?P<post>(?:\s*[(（][^()（）]*[)）])*\s*[:：]?\s*)$"
)


def _rename(
    text: str,
    key: str,
    table: dict[str, list[str]],
    aliases: dict[str, str],
    rng: random.Random,
    used: set[str],
) -> str | None:
    m = _PARTS.match(text.strip())
    if m is None:
        return None
    pre, post = m.group("pre") or "", m.group("post")
    choices = [
        a
        for a in table.get(key, [])
        if aliases.get(form_label(a + post)) == key and form_label(a) not in used
    ]
    if not choices:
        return None
    new = pre + rng.choice(choices) + post
    used.add(form_label(new))
    return new


def rename_labels(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """Labels of the blocks, rows and fields through the alias table (each alias is legal)."""
    sheet, said = f.sheet, []

    def rename(p: Point, section: str, used: set[str], *, prefix: bool = False) -> None:
        text = sheet.text(p)
        if not text or rng.random() < 0.4:
            return
        aliases = layouts.aliases(section)
        core = re.sub(r"^其中[:：]?", "", text) if prefix else text
        key = aliases.get(form_label(core))
        if key is None:
            return
        new = _rename(text, key, layouts.table(section), aliases, rng, used)
        if new is not None and rng.random() < 0.2:  # a label broken over lines, or spaced out
            i = rng.randrange(1, max(len(new), 2))
            new = new[:i] + rng.choice((" ", "\u3000", "  ")) + new[i:]
        if new is not None and new != text:
            sheet.put(p, new, sheet.formats.get(p))
            said.append(f"{ref(p)}「{text}」→「{new}」")

    money, grid = f.layout.money, f.layout.grid
    if money is not None:
        used: set[str] = set()
        for r in money.header:
            for c in range(1, sheet.last_col([r]) + 1):
                rename((r, c), "money.columns", used)
        used = set()
        for r in money.rows:
            rename((r, money.columns["item"]), "money.rows", used, prefix=True)
    if grid is not None:
        used = set()
        for r in grid.header:
            for c in range(1, sheet.last_col([r]) + 1):
                if form_label(sheet.text((r, c))) not in layouts.labels(
                    "indicators.columns", "ignore"
                ):
                    rename((r, c), "indicators.columns", used)
        level1 = grid.columns.get("level1")
        if level1 is not None:
            names: dict[str, list[str]] = {}
            for name, canonical in layouts.table("indicators.level1").items():
                names.setdefault(canonical, [canonical]).append(name)
            for r in grid.rows:
                text = sheet.text((r, level1))
                m = _PARTS.match(text.strip())
                core = form_label(text)
                canonical = layouts.table("indicators.level1").get(core, core)
                if m and canonical in names and rng.random() < 0.6:
                    new = rng.choice(names[canonical]) + m.group("post")
                    sheet.put((r, level1), new)
                    said.append(f"{ref((r, level1))}「{text}」→「{new}」")
    if f.layout.total_row is not None:
        row = f.layout.total_row
        for c in range(1, sheet.last_col([row]) + 1):
            text = sheet.text((row, c))
            if form_label(text) in layouts.labels("indicators", "total") and rng.random() < 0.6:
                new = rng.choice(layouts.words("indicators", "total"))
                sheet.put((row, c), new)
                said.append(f"{ref((row, c))}「{text}」→「{new}」")
                break
    used = set()
    for key, (label, _) in f.layout.fields.items():
        text = sheet.text(label)
        inline = re.match(r"^(.{1,16}?)([:：]\s*)(.+)$", text)
        if inline and layouts.aliases("fields").get(form_label(inline.group(1))) == key:
            new = _rename(
                inline.group(1), key, layouts.table("fields"), layouts.aliases("fields"), rng, used
            )
            if new is not None and rng.random() < 0.6:
                sheet.put(label, new + inline.group(2) + inline.group(3))
                said.append(f"{ref(label)}「{text}」→「{sheet.text(label)}」")
        else:
            rename(label, "fields", used)
    if not said:
        raise Skip("nothing renamed")
    return "改用别名：" + "；".join(said)


def total_to_header(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """The 总分 row removed, its total written as a header field above the blocks."""
    row, score = f.layout.total_row, f.layout.total_score
    if row is None or score is None or not isinstance(f.sheet.cells.get(score), float):
        raise Skip("no 总分 row with a number")
    value = f.sheet.cells[score]
    at = f.layout.title[0] + 1 if f.layout.title is not None else 1
    insert_rows(f, at)
    row, score = f.layout.total_row, f.layout.total_score
    assert row is not None and score is not None
    label = rng.choice(layouts.words("fields", "self_score"))
    shown = f"{value:g}"
    if rng.random() < 0.5:
        text = f"{label}{rng.choice((':', '：'))}{shown}{rng.choice(('', '分'))}"
        f.sheet.put((at, 1), text)
        field_at = (at, 1)
    else:
        f.sheet.put((at, 1), label)
        f.sheet.put((at, 2), value)
        field_at = (at, 2)
    f.sheet.put(score, None)
    delete_row(f, row, keep={score: field_at})
    f.layout.total_row = f.layout.total_weight = f.layout.total_score = None
    return f"总分移到表头：{ref(field_at)}「{f.sheet.cells[field_at]}」"


def merge_cells(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """一级 / 二级指标 merged down their rows, printed once, or repeated on each row; field labels
    merged across the empty cells beside them, or unmerged."""
    sheet, said = f.sheet, []
    grid = f.layout.grid
    if grid is not None:
        body = grid.rows
        for key in ("level1", "level2"):
            col = grid.columns.get(key)
            if col is None:
                continue
            mode = rng.choice(("merge", "once", "repeat"))
            for m in list(sheet.merges):
                if m[1] == m[3] == col and m[0] in body:
                    sheet.unmerge(m)
            starts = [r for r in body if sheet.text((r, col))]
            outer = grid.columns.get("level1") if key == "level2" else None
            for i, r in enumerate(starts):
                end = r
                while (
                    end + 1 in body
                    and end + 1 not in starts[i + 1 :]
                    and not (outer is not None and sheet.text((end + 1, outer)))
                ):
                    end += 1
                if end > r and mode == "merge":
                    sheet.merge((r, col, end, col))
                elif end > r and mode == "repeat":
                    for rr in range(r + 1, end + 1):
                        sheet.put((rr, col), sheet.text((r, col)))
            said.append(
                f"{key}：{ {'merge': '合并', 'once': '只写首行', 'repeat': '逐行重复'}[mode] }"
            )
    for label, _ in f.layout.fields.values():
        r, c = label
        m = sheet.merge_at(label)
        if m is not None and m[0] == m[2] and rng.random() < 0.5:
            sheet.unmerge(m)
            said.append(f"{ref(label)} 取消横向合并")
        elif m is None and rng.random() < 0.5:
            end = c
            while (
                (r, end + 1) not in sheet.cells
                and sheet.merge_at((r, end + 1)) is None
                and end < c + 2
            ):
                if (r, end + 2) not in sheet.cells and sheet.merge_at((r, end + 2)) is None:
                    end += 1
                else:
                    break
            if end > c:
                sheet.merge((r, c, r, end))
                said.append(f"{ref(label)} 向右合并到 {get_column_letter(end)} 列")
    if not said:
        raise Skip("nothing merged")
    return "合并单元格：" + "；".join(said)


AMOUNTS = ("budget_initial", "budget_final", "actual")
GRID_NUMBERS = ("target", "target_adjusted", "actual", "weight", "score", "coefficient")


def _as_text(v: float, fmt: str | None, amount: bool, rng: random.Random) -> str | None:
    if fmt and fmt.endswith("%"):
        decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
        return f"{v * 100:.{decimals}f}%"
    shown = re.search(r"0\.(0+)$", fmt or "")
    if shown:  # as the cell shows it (0.00: 97.80)
        return f"{v:,.{len(shown.group(1))}f}"
    if amount and round(v, 2) == v and rng.random() < 0.7:
        return f"{v:,.2f}"  # 1,234.50
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,}"


def _float32(v: float) -> float:
    """The value as a single-precision export leaves it (0.05 → 0.05000000074505806)."""
    return float(struct.unpack("f", struct.pack("f", v))[0])


def numbers_as_formats_lost(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """Figures as an .xls read without its number formats, or a single-precision export: a rate
    (执行率, 得分系数) as its bare fraction (1 for 100%) or bare points (98.5), percentages among
    the targets and actuals as bare points (their unit column or header says %), small figures
    with binary noise (0.05 → 0.05000000074505806)."""
    sheet, said = f.sheet, []
    money, grid = f.layout.money, f.layout.grid
    rates: set[Point] = set()
    values: set[Point] = set()
    if money is not None and "exec_rate" in money.columns:
        rates |= {(r, money.columns["exec_rate"]) for r in money.rows}
    if grid is not None:
        if "coefficient" in grid.columns:
            rates |= {(r, grid.columns["coefficient"]) for r in grid.rows}
        for key in ("target", "target_adjusted", "actual"):
            if key in grid.columns:
                values |= {(r, grid.columns[key]) for r in grid.rows}
    points = rng.random() < 0.5  # all percentages among the values, or none
    for p, v in sorted(sheet.cells.items()):
        fmt = sheet.formats.get(p, "")
        if not isinstance(v, float):
            continue
        if fmt.endswith("%") and (p in rates or (p in values and points)):
            decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
            shown = f"{v * 100:.{decimals}f}"  # a fraction cannot show 97.80's last 0
            bare = p in values or v * 100 > 1.5 and (rng.random() < 0.5 or shown.endswith("0"))
            if bare or (decimals and shown.endswith("0")):
                points = "0" + ("." + "0" * decimals if decimals else "")
                sheet.put(p, round(v * 100, decimals), points)
                said.append(f"{ref(p)} {shown}（百分点）")
            else:
                sheet.put(p, v)
                said.append(f"{ref(p)} {v:g}（小数）")
        elif not fmt.endswith("%") and abs(v) < 1000 and _float32(v) != v and rng.random() < 0.5:
            sheet.put(p, _float32(v), fmt or None)
            said.append(f"{ref(p)} {_float32(v)!r}")
    if not said:
        raise Skip("no figure to change")
    return "数字格式丢失：" + "、".join(said)


def numbers_as_text(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """Figures typed as text, with thousands separators ('1,234.50'), as system exports leave them."""
    sheet, said = f.sheet, []
    spots: list[tuple[Point, bool]] = []
    money, grid = f.layout.money, f.layout.grid
    if money is not None:
        for k, c in money.columns.items():
            spots += [((r, c), k in AMOUNTS) for r in money.rows]
    if grid is not None:
        for k in GRID_NUMBERS:
            if k in grid.columns:
                spots += [((r, grid.columns[k]), False) for r in grid.rows]
    for p in (f.layout.total_weight, f.layout.total_score):
        if p is not None:
            spots.append((p, False))
    for p, amount in spots:
        v = sheet.cells.get(p)
        noisy = isinstance(v, float) and len(repr(v)) >= 12  # nobody types 64.80000305175781
        if isinstance(v, float) and not noisy and rng.random() < 0.6:
            text = _as_text(v, sheet.formats.get(p), amount, rng)
            if text is not None:
                sheet.put(p, text)
                said.append(f"{ref(p)}「{text}」")
    if not said:
        raise Skip("no number to type as text")
    return "数字写成文字：" + "、".join(said)


def _glued(text: str, layouts: Layouts) -> tuple[str, str, str] | None:
    """(look-alike, operator, rest) of a value with an operator written before it."""
    squeezed = text.strip()
    for word, op in layouts.prefix_operators:
        if squeezed.startswith(word) and squeezed[len(word) :].strip():
            return word, op, squeezed[len(word) :].strip()
    return None


def _numeric(rest: str) -> bool:
    return re.match(r"^\d+(?:\.\d+)?(?:%|[^\d\s]{0,4})$", rest) is not None


def _default(sheet: Sheet, grid: Block, r: int, layouts: Layouts) -> str:
    """The operator the reader assumes for a number without one (forms.md: ≤ by name)."""
    name = sheet.text((r, grid.columns["level3"]))
    level2 = grid.columns.get("level2")
    above = ""
    if level2 is not None:
        rr = r
        while rr >= grid.rows[0] and not sheet.text(sheet.anchor((rr, level2))):
            rr -= 1
        above = sheet.text(sheet.anchor((rr, level2)))
    return "≤" if "成本" in above or layouts.lower_is_better(name) else "≥"


def _column_op(text: str, layouts: Layouts) -> str | None:
    op = layouts.column_operators.get("".join(text.split()))
    return op if op in ("≥", "≤", "=") else None


def operators(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """Operators in another printed form: another look-alike of `[operators.prefix]` glued to
    the target or in an operator column, a suffix (95%以上), moved from the value into a column
    of their own or from the column into the value, or left out where the name says the same."""
    grid = f.layout.grid
    if grid is None:
        raise Skip("no indicator grid")
    sheet = f.sheet
    target = grid.columns.get("target")
    if target is None:
        raise Skip("no target column")
    glued = {r: g for r in grid.rows if (g := _glued(sheet.text((r, target)), layouts)) is not None}
    column = next(
        (
            grid.columns[k]
            for k in ("operator", "nature")
            if k in grid.columns
            and any(_column_op(sheet.text((r, grid.columns[k])), layouts) for r in grid.rows)
        ),
        None,
    )
    in_column = {
        r: op
        for r in grid.rows
        if column is not None and (op := _column_op(sheet.text((r, column)), layouts)) is not None
    }
    modes = []
    if glued:
        modes += ["look-alike", "suffix", "drop"] + (
            ["to-column"] if len(grid.header) == 1 and column is None else []
        )
    if in_column:
        modes += ["column-look-alike", "glue", "drop-column"]
    if not modes:
        raise Skip("no operator")
    mode = rng.choice(modes)
    prefix = {op: layouts.words("operators.prefix", op) for op in ("≥", "≤", "=")}
    said = []
    if mode in ("look-alike", "suffix", "drop"):
        for r, (word, op, rest) in glued.items():
            if rng.random() < 0.3:
                continue
            if mode == "look-alike":
                new = rng.choice(prefix[op]) + rest
            elif mode == "suffix" and op in ("≥", "≤") and _numeric(rest):
                new = rest + rng.choice(layouts.words("operators.suffix", op))
            elif mode == "drop" and _numeric(rest) and op == _default(sheet, grid, r, layouts):
                new = rest
            else:
                continue
            sheet.put((r, target), new)
            said.append(f"{ref((r, target))}「{word}{rest}」→「{new}」")
    elif mode == "to-column":
        rows = [*grid.all_rows]
        last = max(rows)
        if f.layout.total_row is not None and f.layout.total_row > last:
            rows += list(range(last + 1, f.layout.total_row + 1))
        insert_column(f, target, rows)
        grid = f.layout.grid
        assert grid is not None
        at, target = target, target + 1
        label = rng.choice(layouts.words("indicators.columns", "operator"))
        sheet.put((grid.header[0], at), label)
        for r, (_, op, rest) in glued.items():
            sheet.put((r, at), rng.choice(prefix[op]))
            sheet.put((r, target), rest)
        said.append(f"{get_column_letter(at)} 列「{label}」")
    elif mode in ("column-look-alike", "glue", "drop-column"):
        assert column is not None
        for r, op in in_column.items():
            if rng.random() < 0.3:
                continue
            old = sheet.text((r, column))
            if mode == "column-look-alike":
                words = list(prefix[op]) + list(layouts.words("operators.column", op))
                new = rng.choice(words)
                sheet.put((r, column), new)
                said.append(f"{ref((r, column))}「{old}」→「{new}」")
                continue
            value = sheet.cells.get((r, target))
            if isinstance(value, str) and _glued(value, layouts):
                continue
            if mode == "drop-column":
                shown = value if isinstance(value, str) else ""
                if op != _default(sheet, grid, r, layouts) or (shown and not _numeric(shown)):
                    continue
                sheet.put((r, column), None)
                said.append(f"{ref((r, column))}「{old}」删去")
                continue
            if isinstance(value, float):
                fmt = sheet.formats.get((r, target))
                body = _as_text(value, fmt, False, rng) or ""
                body = body.replace(",", "")
            elif isinstance(value, str):
                body = value
            else:
                continue
            new = rng.choice(prefix[op]) + body
            sheet.put((r, target), new)
            sheet.put((r, column), None)
            said.append(f"{ref((r, target))}「{new}」（{ref((r, column))} 的“{old}”移入）")
    if not said:
        raise Skip("no operator changed")
    return f"运算符（{mode}）：" + "；".join(said)


NOTES = (
    "附件1",
    "附件2：",
    "填报说明：请按实际情况填写",
    "（此表由项目实施单位填报）",
    "注：本表数据来源于预算管理一体化系统",
)


def rows_above(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    """Blank or note rows above the blocks (at the top, under the title, before a block)."""
    places = [1]
    if f.layout.title is not None:
        places.append(f.layout.title[0] + 1)
    for block in (f.layout.money, f.layout.grid):
        if block is not None:
            places.append(block.header[0])
    at = rng.choice(places)
    n = rng.choice((1, 1, 2))
    insert_rows(f, at, n)
    said = []
    for r in range(at, at + n):
        if rng.random() < 0.5:
            note = rng.choice((*NOTES, f"单位：{f.layout_unit}"))
            f.sheet.put((r, 1), note)
            said.append(f"第 {r} 行「{note}」")
        else:
            said.append(f"第 {r} 行空行")
    return "插入：" + "、".join(said)


SHEET_NAMES = (
    "Sheet1",
    "表1",
    "公开14表",
    "项目支出绩效自评表",
    "附件2",
    "2023年自评",
    "绩效自评表(1)",
)


def rename_sheet(f: Rewritten, rng: random.Random, layouts: Layouts) -> str:
    f.sheet.name = rng.choice([n for n in SHEET_NAMES if n != f.sheet.name])
    return f"工作表改名为「{f.sheet.name}」"


REWRITES: dict[str, Rewrite] = {
    "permute_money": permute_money,
    "permute_grid": permute_grid,
    "split_header": split_header,
    "join_header": join_header,
    "rename_labels": rename_labels,
    "total_to_header": total_to_header,
    "merge_cells": merge_cells,
    "numbers_as_text": numbers_as_text,
    "numbers_as_formats_lost": numbers_as_formats_lost,
    "operators": operators,
    "rows_above": rows_above,
    "rename_sheet": rename_sheet,
}

Plan = list[tuple[str, int]]


def rewrite(sheet: Sheet, layout: Layout, plan: Plan, layouts: Layouts | None = None) -> Rewritten:
    """The form after the plan's rewrites (each with its seed); those that do not apply are
    left out (said as such)."""
    words = layouts or default_layouts()
    f = start(sheet, layout)
    f.layout_unit = layout_unit(sheet)
    for name, seed in plan:
        saved = (f.sheet.copy(), copy.deepcopy(f.layout), list(f.moves))
        try:
            f.said.append(f"{name}: " + REWRITES[name](f, random.Random(seed), words))
        except Skip as why:
            f.sheet, f.layout, f.moves = saved
            f.said.append(f"{name}: （不适用：{why}）")
    return f


def layout_unit(sheet: Sheet) -> str:
    texts = "".join(v for v in sheet.cells.values() if isinstance(v, str))
    return "元" if "（元）" in texts or "(元)" in texts else "万元"
