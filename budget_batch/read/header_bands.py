"""A block's header, read by its labels: one row, or two (a label over the labels of its parts).

    绩效指标 (A:C)            | 年度指标值 (D:F)             | 实际完成值 | 分值 | 得分
    一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |    (merged down over both rows)

Each column means what its deepest label that is known means (指标值 → the target, 指标性质 → the
operator or the kind); a label over several columns means something only for a column that none
of its parts names (年度指标值 says nothing more here; over 年初指标值 | 调整指标值 neither). Which
label means what is data (layouts/default.toml); a label that means nothing known is kept, so
that 读取说明 can say it was not understood.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..refs import column_letter
from .form_cells import FIGURE_TEXT, Labels
from .xlsx_package import Grid


@dataclass
class Band:
    top: int
    bottom: int
    columns: dict[str, int] = field(default_factory=dict)  # key → column
    printed: dict[str, str] = field(default_factory=dict)  # key → the label as printed
    #: Every labelled column of the band → its label as printed (the deepest one).
    labels: dict[int, str] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)  # the bureau's own columns (复核分 …)
    #: Where each key's label is printed (row, column of its cell).
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def keys(self) -> set[str]:
        return set(self.columns)

    def unknown(self) -> dict[int, str]:
        """Labelled columns that mean nothing known (and are not the bureau's)."""
        known = set(self.columns.values()) | self.ignored
        return {c: t for c, t in self.labels.items() if c not in known}


def _printed(text: str) -> str:
    return "".join(text.split())


def _is_data(labels: Labels, grid: Grid, row: int, first: int, last: int) -> bool:
    """Does the row hold figures, as numbers or typed as text (a data row, not the header's
    second row)?"""
    values = grid.row(row)
    for c in range(first, min(last, len(values)) + 1):
        value = values[c - 1]
        figure = isinstance(value, (int, float)) and not isinstance(value, bool)
        if figure or (isinstance(value, str) and FIGURE_TEXT.match(value.strip())):
            if grid.anchor(row, c)[0] == row:
                return True
    return False


def band_at(
    labels: Labels,
    grid: Grid,
    aliases: dict[str, str],
    row: int,
    *,
    ignore: frozenset[str] = frozenset(),
    first: int = 1,
    last: int | None = None,
    two_rows: bool = True,
) -> Band:
    """The header at `row` over columns first..last, with the next row when the header stands
    over two (a label merged down over both, or labels below that name parts)."""
    last = last if last is not None else max(len(grid.row(row)), len(grid.row(row + 1)), first)
    top = {c: t for c, t in labels.row(row).items() if first <= c <= last}
    bottom: dict[int, str] = {}
    if two_rows and not _is_data(labels, grid, row + 1, first, last):
        below = {c: t for c, t in labels.row(row + 1).items() if first <= c <= last}
        merged_down = any(grid.anchor(row + 1, c) == (row, c) for c in top)
        named = {c for c, t in below.items() if t in aliases}
        new = {aliases[below[c]] for c in named} - {
            aliases[t] for t in top.values() if t in aliases
        }
        if named and (merged_down or len(new) >= 2):
            bottom = below
    band = Band(row, row + 1 if bottom else row)

    def assign(key: str, col: int, r: int) -> None:
        if key not in band.columns and col not in band.columns.values():
            band.columns[key] = col
            band.printed[key] = _printed(labels.raw[(r, col)])
            band.cells[key] = (r, col)

    for c, text in sorted(bottom.items()):
        band.labels[c] = _printed(labels.raw[(row + 1, c)])
        if text in ignore:
            band.ignored.add(c)
        elif text in aliases:
            assign(aliases[text], c, row + 1)
    for c, text in sorted(top.items()):
        span = _span(grid, row, c, last)
        alone = [col for col in span if col not in bottom]
        if alone:  # a label merged across columns names one column (the first it heads alone)
            band.labels.setdefault(alone[0], _printed(labels.raw[(row, c)]))
        if text in ignore:
            band.ignored.update(col for col in span if col not in bottom)
            continue
        key = aliases.get(text)
        if key is None or key in band.columns:
            continue
        free = [col for col in span if col not in band.columns.values()]
        unlabelled = [col for col in free if col not in bottom]
        if unlabelled or free:
            band.columns[key] = (unlabelled or free)[0]
            band.printed[key] = _printed(labels.raw[(row, c)])
            band.cells[key] = (row, c)
    return band


def _span(grid: Grid, row: int, col: int, last: int) -> list[int]:
    """The columns a label at (row, col) stands over: its merged range's width."""
    cols = [col]
    c = col + 1
    while c <= last and grid.anchor(row, c) == (row, col):
        cols.append(c)
        c += 1
    return cols


def best_band(
    labels: Labels,
    grid: Grid,
    aliases: dict[str, str],
    row: int,
    enough: Callable[[set[str]], bool],
    *,
    ignore: frozenset[str] = frozenset(),
) -> Band | None:
    """The header at `row` when it names `enough`: the row alone, else with the row below — but
    not when the row below is a header on its own (then `row` is something above the block: a
    field such as 自评得分 beside the form's header lines)."""
    one = band_at(labels, grid, aliases, row, ignore=ignore, two_rows=False)
    below = band_at(labels, grid, aliases, row + 1, ignore=ignore, two_rows=False)
    two = band_at(labels, grid, aliases, row, ignore=ignore)
    if not enough(one.keys) and enough(below.keys):
        # …unless a label of `row` is merged down into the next: the header's first row, whose
        # other labels stand over parts (一级指标 merged down beside 绩效指标 over 二级 | 三级).
        merged_down = any(grid.anchor(row + 1, c) == (row, c) for c in labels.row(row))
        if merged_down and two.bottom > two.top and enough(two.keys):
            return two
        return None
    if two.bottom > two.top and enough(two.keys):
        return two  # a header over two rows: its second row names what the first spans
    return one if enough(one.keys) else None


def header_cells(band: Band, columns: dict[str, int]) -> dict[str, str]:
    """Each column's label cell (for the keys a reader kept as the band found them)."""
    return {
        key: f"{column_letter(c)}{r}"
        for key, (r, c) in band.cells.items()
        if key in columns and columns[key] == band.columns.get(key)
    }
