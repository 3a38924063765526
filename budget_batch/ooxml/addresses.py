"""Cell addresses of SpreadsheetML: column letters and A1 references."""

from __future__ import annotations

import re
from functools import cache

CELL_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d+)")


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


def split_cell(ref: str) -> tuple[int, int]:
    """(row, col) of an A1 reference (`$` allowed, any case); ValueError if it is not one."""
    m = CELL_REF.fullmatch(ref.encode())
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)), column_index(m.group(1).decode().upper())


def position(ref: bytes) -> tuple[int, int] | None:
    """(row, col) of an A1 reference as bytes; None if it is not one."""
    m = CELL_REF.fullmatch(ref)
    return (int(m.group(2)), column_index(m.group(1).decode().upper())) if m else None


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, col) of an A1 reference as text; None if it is not one."""
    return position(ref.strip().encode())


def cell_range(ref: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(top-left, bottom-right) of a range `A1:C3` (or a single cell); None if it is not one."""
    first, _, last = ref.partition(":")
    a, b = cell_position(first), cell_position(last or first)
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))
