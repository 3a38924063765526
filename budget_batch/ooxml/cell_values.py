"""The value a marked cell shows, from its raw XML: the cached result of its live reference in
the review record. Shared strings are looked up by index without parsing the whole table."""

from __future__ import annotations

import html
import re
from typing import Any

from .sheet_patch import SeenCell


def cached_value(seen: SeenCell, strings: dict[int, str]) -> Any:
    """A cell's cached value from its raw XML value and type."""
    value, kind = seen.value, seen.value_type
    if value is None:
        return None
    if kind == "s":
        return strings.get(int(value) if value.isdigit() else -1, "")
    if kind in ("str", "inlineStr", "e", "d"):
        return html.unescape(value)
    if kind == "b":
        return value.strip() in ("1", "true")
    try:
        return float(value)
    except ValueError:
        return html.unescape(value)


_SST = re.compile(rb"<(?:(\w+):)?sst\b")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh\s*>", re.DOTALL)
_T = re.compile(rb"<(?:\w+:)?t\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?t\s*>)")


def shared_strings(data: bytes, wanted: set[int]) -> dict[int, str]:
    """The shared strings at the `wanted` indices (phonetic runs left out). The table is split
    at its `<si` tags in C (a 100,000-string table in milliseconds), not parsed."""
    root = _SST.search(data)
    if root is None:
        return {}
    prefix = root.group(1) + b":" if root.group(1) else b""
    pieces = data[root.end() :].split(b"<" + prefix + b"si", max(wanted) + 1)
    out = {}
    for i in wanted:
        if i + 1 < len(pieces):
            piece = pieces[i + 1]
            end = piece.find(b"</" + prefix + b"si")
            body = _PHONETIC.sub(b"", piece[: end if end >= 0 else len(piece)])
            text = b"".join(t.group(1) or b"" for t in _T.finditer(body))
            out[i] = html.unescape(text.decode("utf-8", "replace"))
    return out
