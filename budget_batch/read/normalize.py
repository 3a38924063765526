"""Text as compared by the reader: one normal form for what people type."""

from __future__ import annotations

import unicodedata


def squeeze(text: str) -> str:
    """NFKC (full-width digits, ％, ．, ，, （ ） become ASCII) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())
