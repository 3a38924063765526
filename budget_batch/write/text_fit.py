"""How tall a row must be for its wrapped text, computed from the text and the column width.

No client can be trusted to size rows on opening: Excel and WPS keep the stored height (one
line, unless told), and LibreOffice does so only for rows without one. So every writer that wraps
text sets the height itself, from this estimate.

Widths are in Excel's column units (the width of a '0' in the default 11-point font, 7 pixels).
A Chinese (full-width) character is one em wide: at 10 points 13.3 pixels, about 2 units; a
Latin letter or digit a little over half that. LibreOffice, without Calibri, draws a unit wider
than Excel does, so there the estimate errs on the tall side, never on the clipped one.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Points of row height per line of text, per point of font size: Excel's 宋体 needs about 1.35;
#: Noto Sans CJK, which LibreOffice uses where 宋体 is missing, about 1.45.
LINE_FACTOR = 1.45
PADDING = 3.0  # points above and below the text
CELL_MARGIN = 0.5  # units of a column lost to the cell's inner margins
PIXELS_PER_UNIT = 7.0
NARROW = 0.55  # a Latin character's width, in ems (digits are 0.5, capitals wider)
MAX_ROW_HEIGHT = 409.0  # Excel's largest row height, in points


@lru_cache(maxsize=4096)
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def char_units(ch: str, font_size: float = 10.0) -> float:
    """The width of one character in column units."""
    em = font_size * 4 / 3 / PIXELS_PER_UNIT  # points → pixels → units
    return em if _wide(ch) else em * NARROW


def text_units(text: str, font_size: float = 10.0) -> float:
    return sum(char_units(ch, font_size) for ch in text)


def line_count(text: str, width: float, font_size: float = 10.0) -> int:
    """Lines that `text` takes when wrapped in a column `width` units wide; explicit line breaks
    start new lines. Wrapping goes character by character, as it does for Chinese."""
    usable = max(width - CELL_MARGIN, 1.0)
    em = font_size * 4 / 3 / PIXELS_PER_UNIT
    narrow = em * NARROW
    lines = 0
    for paragraph in str(text).split("\n"):
        if len(paragraph) * em <= usable:  # fits even if every character is wide
            lines += 1
            continue
        used, count = 0.0, 1
        for ch in paragraph:
            w = em if _wide(ch) else narrow
            if used + w > usable and used > 0:
                count, used = count + 1, 0.0
            used += w
        lines += count
    return lines


def line_height(font_size: float = 10.0) -> float:
    return font_size * LINE_FACTOR


def row_height(cells: Iterable[tuple[object, float]], font_size: float = 10.0) -> float | None:
    """The height (points) a row needs for its wrapped cells, given as (text, column width);
    None when one line is enough (the client's default height is then right)."""
    lines = max(
        (
            line_count(str(text), width, font_size)
            for text, width in cells
            if text not in (None, "")
        ),
        default=1,
    )
    if lines <= 1:
        return None
    return min(math.ceil(lines * line_height(font_size) + 2 * PADDING), MAX_ROW_HEIGHT)
