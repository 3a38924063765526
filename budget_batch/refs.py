"""Cell addresses: column letters and A1 references, shared by every layer."""

from __future__ import annotations

import re

from .ooxml.addresses import column_index, column_letter

__all__ = ["cell_ref", "column_index", "column_letter", "split_ref"]

_REF = re.compile(r"^([A-Z]+)(\d+)$")


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def split_ref(ref: str) -> tuple[int, int]:
    """'AB12' → (12, 28); '' → (0, 0) so workbook-level findings sort first within a sheet."""
    m = _REF.match(ref)
    if not m:
        return (0, 0)
    return (int(m.group(2)), column_index(m.group(1)))
