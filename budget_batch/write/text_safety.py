"""Text we write stays text: no formula injection, no control characters, within Excel's limits."""

from __future__ import annotations

import math
import re
from typing import Any

from ..ooxml.comments import TEXT_LIMIT

EXCEL_CELL_LIMIT = TEXT_LIMIT  # characters Excel keeps in a cell or a comment
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUNCATED = "…（已截断）"


def clean(text: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """Remove control characters and keep within `limit` characters."""
    text = _CONTROL.sub("", text)
    if len(text) > limit:
        text = text[: limit - len(_TRUNCATED)] + _TRUNCATED
    return text


def write_value(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Strings always as text (never a formula), cleaned and within Excel's limits."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, clean(value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, float) and not math.isfinite(value):
        ws.write_string(row, col, "（数值超出范围）", fmt)
    else:
        ws.write_number(row, col, value, fmt)
