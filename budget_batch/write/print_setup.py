"""A4 print set-up for the sheets written with xlsxwriter (the template, 批量汇总, 审核结果, 汇总).

Every sheet gets A4 paper, an orientation chosen for its columns, its header row repeated on
each page, the sheet name and page number in the footer, and either "fit to one page wide" or a
scale computed from its column widths (needed where a manual page break splits the columns, which
"fit to" would make Excel ignore).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

A4 = 9
A4_POINTS = (595.3, 841.9)  # portrait width, height
#: Margins in inches: narrow at the sides (forms are wide), room for the footer at the bottom.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}
FOOTER = "&L&A&R第 &P 页"


def column_points(width: float) -> float:
    """A column `width` units wide, in points (Excel: 7 pixels a unit plus 5 of padding)."""
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return pixels * 0.75


def printable(landscape: bool) -> tuple[float, float]:
    """The printable width and height of an A4 page at our margins, in points."""
    width, height = A4_POINTS[::-1] if landscape else A4_POINTS
    return (
        width - 72 * (MARGINS["left"] + MARGINS["right"]),
        height - 72 * (MARGINS["top"] + MARGINS["bottom"]),
    )


#: Clients draw a column a few per cent wider than Excel does (LibreOffice: about 6 % with
#: Carlito for Calibri): keep this spare.
SLACK = 0.9


def fit_scale(widths: Sequence[float], landscape: bool, slack: float = SLACK) -> int:
    """The print scale (%) at which columns of these widths fill the page width (less `slack`),
    at most 100."""
    total = sum(column_points(w) for w in widths)
    if not total:
        return 100
    return max(10, min(100, math.floor(100 * slack * printable(landscape)[0] / total)))


def landscape_for(widths: Sequence[float], least: int = 75) -> bool:
    """Landscape unless portrait prints these columns at `least` % or more: portrait holds more
    rows a page and suits forms; wide tables turn the page rather than shrink below that."""
    return fit_scale(widths, landscape=False, slack=1.0) < least


def a4(
    ws: Any,
    *,
    landscape: bool,
    fit: tuple[int, int] | None = (1, 0),
    scale: int | None = None,
    repeat_rows: tuple[int, int] | None = None,
    repeat_columns: tuple[int, int] | None = None,
) -> None:
    """Set up `ws` for A4: `fit` pages wide × tall (0 = as many as needed), or a fixed `scale`."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(**MARGINS)
    ws.set_footer(FOOTER)
    if scale is not None:
        ws.set_print_scale(scale)
    elif fit is not None:
        ws.fit_to_pages(*fit)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if repeat_columns is not None:
        ws.repeat_columns(*repeat_columns)
