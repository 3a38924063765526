"""A form's header fields, wherever they stand: a label and its value to the right (or below, as
预期目标 over its text), or `标签:值` in one cell (单位(盖章):某某局, 自评总分:95).

Which labels are fields is data (layouts/default.toml `[fields]`). Labels inside a block's
header or rows are the block's, not fields. An empty value is kept as an empty cell where it
belongs, so that a finding about it lands there.
"""

from __future__ import annotations

import re
import unicodedata

from ..form_schema import form_label
from ..model import Cell
from ..schema import Kind
from .form_cells import FormCells, Labels

#: Fields whose value is a number (the stated total the header prints).
NUMERIC = frozenset({"self_score", "review_score"})
_INLINE = re.compile(r"^(.{1,16}?)[:：]\s*(.+)$")


def read_fields(
    labels: Labels,
    cells: FormCells,
    occupied: set[int],
    *,
    stop: frozenset[str] = frozenset(),
) -> tuple[dict[str, Cell], dict[str, Cell]]:
    """The fields found outside the `occupied` rows: key → value cell, key → label cell. `stop`
    are labels that end a value's search to the right (the next label)."""
    aliases = cells.layouts.aliases("fields")
    units = frozenset(cells.layouts.words("units", "money"))
    values: dict[str, Cell] = {}
    where: dict[str, Cell] = {}
    sheet = cells.sheet
    deferred: list[tuple[int, int, str, str]] = []
    for (r, c), label in sorted(labels.cells.items()):
        if r in occupied:
            continue
        # `自评总分：96分` is a label and its value, not a label printing its weight (96分); such a
        # cell gives way to a label of its own (部门:某校 above 主管部门 | 某局): read after them.
        inline = _inline(labels.raw[(r, c)], aliases, units)
        if inline is not None:
            deferred.append((r, c, inline[0], inline[1]))
            continue
        key = aliases.get(label)
        if key is None or key in where:
            continue
        if key == "department" and _unit_note(labels, cells, r, c, units):
            continue
        where[key] = Cell(sheet, r, c, labels.raw[(r, c)])
        kind = Kind.SCORE if key in NUMERIC else Kind.TEXT
        at, filled = _beside(labels, cells, r, c, set(aliases) | stop, occupied)
        if at is None:
            continue
        value = cells.parse(*at, kind, labels.raw[(r, c)].strip()) if filled else None
        values[key] = value if value is not None else Cell(sheet, *at)
    for r, c, key, text in deferred:
        if key in where or (key == "department" and _unit_note(labels, cells, r, c, units)):
            continue
        where[key] = Cell(sheet, r, c, labels.raw[(r, c)])
        if key in NUMERIC:
            values[key] = Cell(sheet, r, c, _number(text), text)
        else:
            values[key] = Cell(sheet, r, c, text, labels.raw[(r, c)])
    return values, where


def _inline(
    text: str, aliases: dict[str, str], units: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """`单位(盖章):某某局` → (department, 某某局): a field label and its value in one cell; not
    `单位：万元`, which says the unit of the amounts."""
    m = _INLINE.match(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    key = aliases.get(form_label(m.group(1)))
    value = m.group(2).strip()
    if value in units:
        return None
    return (key, value) if key is not None and value else None


def _unit_note(labels: Labels, cells: FormCells, r: int, c: int, units: frozenset[str]) -> bool:
    """`单位 | 万元` in two cells: the unit of the amounts, not a department."""
    at, filled = _beside(labels, cells, r, c, set())
    return filled and at is not None and cells.text(*at).strip() in units


def _number(text: str) -> float | None:
    m = re.match(r"^\s*(-?\d+(?:\.\d+)?)\s*分?\s*$", text)
    return float(m.group(1)) if m else None


def _beside(
    labels: Labels,
    cells: FormCells,
    r: int,
    c: int,
    known: set[str],
    occupied: set[int] = frozenset(),  # type: ignore[assignment]
) -> tuple[tuple[int, int] | None, bool]:
    """Where the value of the label at (r, c) is, and whether anything is typed there: the next
    filled cell to the right that is not itself a label, else the cell below (not a block's)."""
    grid = cells.grid
    row = grid.row(r)
    empty: tuple[int, int] | None = None
    for col in range(c + 1, len(row) + 1):
        anchor = grid.anchor(r, col)
        if anchor == grid.anchor(r, c) or anchor[0] != r:
            continue  # the label's own merged range, or a cell merged down from above
        label = labels.cells.get(anchor)
        if label is not None and label in known:
            break  # the next label: this one's value is below it
        if grid.cell(*anchor, formats=False) is not None:
            return anchor, True
        empty = empty or anchor
    below = grid.anchor(r + 1, c)
    if below[0] == r + 1 and r + 1 not in occupied and labels.cells.get(below) not in known:
        if grid.cell(*below, formats=False) is not None or empty is None:
            return below, grid.cell(*below, formats=False) is not None
    return empty, False
