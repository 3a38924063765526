"""A sheet laid out from the top down on rows of known height, printed on A4 with no chart and no
kept block cut across pages.

Every row gets an explicit height (a row of wrapped text the height `text_fit` computes for it),
so where each printed page ends is known while writing: `page_breaks` walks the rows and puts a
manual break where a page is full and before a kept block (a chart; a heading with its table)
that would not fit on what is left of the page. The print scale is fixed from the column widths
(a client honours manual breaks only without "fit to page"), so a page holds a known height of
rows. Rows are numbered as they are written (`Grid.row`), never by hand: inserting a block
anywhere moves everything below it, breaks included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .cell_styles import SHOWN, SIZES
from .print_setup import a4, fit_scale, printable
from .text_fit import row_height, text_units
from .text_safety import write_value

ROW = 18.0  # points: a table row of one line
PX_PER_PT = 4 / 3
#: Share of a page's height the layout fills: a client's page may hold a little less than the
#: geometry says (its header and footer, rounding); a kept block never comes near the edge.
PAGE_SLACK = 0.95

#: A cell of a line: its value, its format kind and how many columns it spans.
Cell = tuple[Any, str, int]


def column_px(width: float) -> int:
    """A column `width` units wide, in pixels (as Excel and xlsxwriter count them)."""
    return int(width * 7 + 0.5) + 5


def page_breaks(heights: Sequence[float], keeps: dict[int, list[int]], page: float) -> list[int]:
    """The rows that begin a new page, given each row's height, the kept blocks (first row → the
    last rows of blocks starting there) and a page's height.

    Rows flow down the page, and a row that does not fit begins the next; at the first row of
    kept blocks, the longest that fits on a page is kept together: if it does not fit on what is
    left of this page, it begins the next. A block taller than a page flows. Every break is
    manual, and each page holds less than the client's page (`PAGE_SLACK`), so no client breaks
    anywhere else and Excel, WPS and LibreOffice print the same pages."""
    breaks: list[int] = []
    used = 0.0
    r = 0
    while r < len(heights):
        fitting = [last for last in keeps.get(r, []) if sum(heights[r : last + 1]) <= page]
        if fitting:
            last = max(fitting)
            block = sum(heights[r : last + 1])
            if used and used + block > page:
                breaks.append(r)
                used = 0.0
            used += block
            r = last + 1
            continue
        if used and used + heights[r] > page:
            breaks.append(r)  # ours, not the client's: every page ends where the layout says
            used = 0.0
        used += heights[r]
        r += 1
    return breaks


@dataclass
class Grid:
    """Writes lines of cells down an xlsxwriter worksheet, recording each row's height and the
    blocks to keep on one page; `finish` sets the heights, the breaks and the A4 set-up."""

    ws: Any
    formats: dict[str, Any]
    widths: list[float]
    landscape: bool = False
    row: int = 0  # the next row to write (0-based)
    heights: dict[int, float] = field(default_factory=dict)
    keeps: dict[int, list[int]] = field(default_factory=dict)

    @property
    def scale(self) -> int:
        return fit_scale(self.widths, self.landscape)

    def page_height(self) -> float:
        """Points of rows one printed page holds (at the print scale)."""
        return printable(self.landscape)[1] * PAGE_SLACK * 100 / self.scale

    def span_width(self, col: int, span: int) -> float:
        """The width in units of `span` columns from `col`, merged."""
        return sum(self.widths[col : col + span]) + (span - 1) * 5 / 7

    def full_px(self) -> int:
        return sum(column_px(w) for w in self.widths)

    def line(self, cells: Sequence[Cell], height: float = ROW) -> int:
        """Write `cells` from column A across one row, as tall as its wrapped text needs (at
        least `height`); return the row."""
        r, col = self.row, 0
        need = height
        for value, kind, span in cells:
            fmt = self.formats[kind]
            if span > 1:
                self.ws.merge_range(r, col, r, col + span - 1, "", fmt)
            write_value(self.ws, r, col, value, fmt)
            if isinstance(value, str):
                size = SIZES.get(kind, 10.0)
                need = max(need, row_height([(value, self.span_width(col, span))], size) or 0.0)
            elif isinstance(value, (int, float)) and kind in SHOWN and math.isfinite(value):
                self._fit_number(col, SHOWN[kind].format(value))
            col += span
        self.heights[r] = need
        self.row += 1
        return r

    def space(self, height: float) -> int:
        """An empty row `height` points tall."""
        self.heights[self.row] = height
        self.row += 1
        return self.row - 1

    def reserve(self, px: float) -> tuple[int, int]:
        """Empty rows enough for `px` pixels (a chart); (first, last) row."""
        first = self.row
        for _ in range(math.ceil(px / (ROW * PX_PER_PT))):
            self.space(ROW)
        return first, self.row - 1

    def keep(self, first: int, last: int) -> None:
        """Print rows `first`…`last` on one page when they fit on one."""
        if last >= first:
            self.keeps.setdefault(first, []).append(last)

    def rows_px(self, first: int, last: int) -> float:
        return sum(self.heights.get(r, ROW) for r in range(first, last + 1)) * PX_PER_PT

    def _fit_number(self, col: int, shown: str) -> None:
        """Widen column `col` for a number shown as `shown` (Excel shows ### where it does not fit)."""
        need = math.ceil(text_units(shown) + 1.5)
        self.widths[col] = max(self.widths[col], need)

    def finish(self) -> list[int]:
        """Set column widths, row heights, page breaks and the A4 set-up; return the breaks."""
        for c, width in enumerate(self.widths):
            self.ws.set_column(c, c, width)
        heights = [self.heights.get(r, ROW) for r in range(self.row)]
        for r, height in enumerate(heights):
            self.ws.set_row(r, height)
        breaks = page_breaks(heights, self.keeps, self.page_height())
        a4(self.ws, landscape=self.landscape, fit=None, scale=self.scale)
        self.ws.set_h_pagebreaks(breaks)
        self.ws.print_area(0, 0, max(self.row - 1, 0), len(self.widths) - 1)
        return breaks
