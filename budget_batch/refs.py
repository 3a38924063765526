"""Cell addresses: column letters and A1 references, shared by every layer."""

from __future__ import annotations

import re
from functools import cache

_REF = re.compile(r"^([A-Z]+)(\d+)$")


@cache  # at most 16,384 columns; asked for once per cell of 100,000-row tables
def column_letter(col: int) -> str:
    """1 → A, 28 → AB."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AB → 28."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def split_ref(ref: str) -> tuple[int, int]:
    """'AB12' → (12, 28); '' → (0, 0) so workbook-level findings sort first within a sheet."""
    m = _REF.match(ref)
    if not m:
        return (0, 0)
    return (int(m.group(2)), column_index(m.group(1)))
