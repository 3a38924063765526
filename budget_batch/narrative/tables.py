"""The text against the report's own tables (narrative.md "What is checked", 2): a figure stated in
the text equals the table cell whose row label names its subject (through the synonym table) and
whose column header says its measure (本年数 / 预算数 / 增减额 / 增减率 / 占比 / 执行率). A text
figure that several cells could answer to is compared with all of them: it agrees when one
agrees, and a mismatch is reported only when exactly one cell could be meant."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..decimals import round_half_up
from ..report_model import ReportTable
from .figures import MONEY_SCALE, Figure
from .judge import operand
from .statements import normalise_subject
from .wording import Wording, squash

#: Which column kinds a text figure of each measure may be in (by its qualifier for amounts).
COLUMNS_FOR = {
    ("amount", "budget"): ("budget",),
    ("amount", "actual"): ("current",),
    ("amount", ""): ("current", "budget"),
    ("share", ""): ("share",),
    ("change", ""): ("change",),
    ("change_rate", ""): ("change_rate",),
    ("rate", ""): ("rate",),
}
_NUMBER = re.compile(r"^[-−]?\d+(?:\.\d+)?%?$")


@dataclass(frozen=True)
class TableCell:
    table: ReportTable
    row: int  # from 1
    col: int
    text: str
    value: Decimal
    decimals: int
    canonical: str  # the row's subject
    kind: str  # what the column holds (current, budget, share …)

    @property
    def place(self) -> str:
        return self.table.place(self.row, self.col)


@dataclass(frozen=True)
class Bound:
    """A text figure and what it is about (its own subject, or its numerator's for a share, its
    amount's for a change)."""

    figure: Figure
    canonical: str
    qualifier: str


@dataclass(frozen=True)
class TableMatch:
    figure: Figure
    cells: tuple[TableCell, ...]  # the cells it was compared with
    agrees: TableCell | None  # the one that agrees


def table_cells(table: ReportTable, words: Wording) -> list[TableCell]:
    """The table's numeric cells with their row's subject and their column's kind."""
    rows = table.rows
    header = 0
    while header < len(rows) and not any(_number(c) for c in rows[header][1:]):
        header += 1
    kinds: dict[int, str] = {}
    for c in range(1, table.width + 1):
        labels = [rows[r][c - 1] for r in range(header) if c <= len(rows[r])]
        kind = _column_kind(labels, words)
        if kind:
            kinds[c] = kind
    out: list[TableCell] = []
    for r in range(header + 1, len(rows) + 1):
        label = squash(rows[r - 1][0]) if rows[r - 1] else ""
        canonical = normalise_subject(label, words)[2] if label else ""
        if not canonical:
            continue
        for c, kind in kinds.items():
            if (r, c) in table.covered:
                continue
            text = table.cell(r, c)
            parsed = _number(text)
            if parsed is not None:
                out.append(TableCell(table, r, c, text, parsed[0], parsed[1], canonical, kind))
    return out


def _number(text: str) -> tuple[Decimal, int] | None:
    flat = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    if not _NUMBER.match(flat):
        return None
    body = flat.rstrip("%").replace("−", "-")
    try:
        return Decimal(body), len(body.partition(".")[2])
    except InvalidOperation:
        return None


def _column_kind(labels: list[str], words: Wording) -> str:
    for label in reversed(labels):
        flat = squash(label)
        for key in (flat, re.sub(r"\([^)]*\)$", "", flat)):
            if key in words.columns:
                return words.columns[key]
    return ""


def compare(bound: list[Bound], tables: list[ReportTable], words: Wording) -> list[TableMatch]:
    """Each bound text figure against the cells that could state it."""
    cells = [cell for t in tables for cell in table_cells(t, words)]
    if not cells:
        return []
    found: list[TableMatch] = []
    for b in bound:
        fig = b.figure
        kinds = COLUMNS_FOR.get((fig.measure, b.qualifier if fig.measure == "amount" else ""))
        if not kinds or not b.canonical:
            continue
        rows = {(c.table.index, c.row) for c in cells if c.canonical == b.canonical}
        if len(rows) != 1:
            continue  # no row, or several rows for one subject: not told
        candidates = tuple(c for c in cells if (c.table.index, c.row) in rows and c.kind in kinds)
        if not candidates:
            continue
        agreeing = next((c for c in candidates if agrees(fig, c)), None)
        if agreeing is None and any(_unit_unknown(fig, c) for c in candidates):
            continue
        found.append(TableMatch(fig, candidates, agreeing))
    return found


def _unit_unknown(fig: Figure, cell: TableCell) -> bool:
    return fig.family == "money" and not cell.table.unit


def agrees(fig: Figure, cell: TableCell) -> bool:
    """At the precision the two show: the coarser decides."""
    if fig.family == "percent":
        mine, theirs = abs(fig.value), abs(cell.value)
        d = min(fig.decimals, cell.decimals)
        step = Decimal(1).scaleb(-d)
        gap = abs(round_half_up(mine, d) - round_half_up(theirs, d))
        return gap <= (step if fig.approx == "about" else Decimal(0))
    if fig.family != "money":
        return abs(fig.value) == abs(cell.value)
    unit = cell.table.unit or fig.unit
    value = abs(cell.value) * MONEY_SCALE.get(unit, Decimal(1))
    mine_span = operand(fig, abs(fig.in_yuan))
    if mine_span is None:
        return True  # 以上 / 超过: bounded on one side only, not compared
    half = Decimal(1).scaleb(-cell.decimals) / 2 * MONEY_SCALE.get(unit, Decimal(1))
    return mine_span.lo <= value + half and value - half <= mine_span.hi
