"""Text we write stays text: no formula injection, no control characters, within Excel's limits."""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUNCATED = "…（已截断）"


def clean(text: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """Remove control characters and keep within `limit` characters."""
    text = _CONTROL.sub("", text)
    if len(text) > limit:
        text = text[: limit - len(_TRUNCATED)] + _TRUNCATED
    return text
