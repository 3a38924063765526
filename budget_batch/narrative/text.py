"""A paragraph's text as the checker reads it: NFKC-normalised character by character (so that an
offset in the normalised text maps back to the paragraph as written), and split into sentences."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..report_model import Sentence

#: Ends a sentence (narrative.md: 。；！？ and line ends; the ASCII forms NFKC gives).
SENTENCE_ENDS = frozenset("。；！？;!?\n")
#: Ends a sentence as a period does: a list opened by 其中 runs on over ；.
PERIOD_ENDS = frozenset("。！？!?\n")


@dataclass(frozen=True)
class Folded:
    """`text` NFKC-normalised; `origin[i]` is the offset in the original of `text[i]` (and
    `origin[len(text)]` the original's length)."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of `text[start:end]`."""
        return self.origin[start], self.origin[end] if end < len(self.origin) else self.origin[-1]


def fold(original: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        norm = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        for n in norm:
            out.append(n)
            origin.append(i)
    origin.append(len(original))
    return Folded("".join(out), tuple(origin))


def split_sentences(text: str, ends: frozenset[str] = SENTENCE_ENDS) -> list[Sentence]:
    """The sentences of `text`, each with its span (leading and trailing blanks left out; a
    closing quote or bracket right after the end stays with its sentence)."""
    found: list[Sentence] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = unicodedata.normalize("NFKC", text[i])
        if ch in ends:
            end = i + 1
            while end < n and text[end] in "”’」』)）\"'":
                end += 1
            _add(found, text, start, end)
            start = i = end
            continue
        i += 1
    _add(found, text, start, n)
    return found


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        found.append(Sentence(text[start:end], start, end))
