"""The words the narrative checker reads by, from the layout data (`layouts/narrative.toml`, and a
bureau's `--layouts` file): units, approximation words, change and list words, named rates,
score and grade words, the synonym table of subjects and the headers of a report's tables.

`Wording` is built once per process from a `Layouts` (it is a small frozen value's view).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from ..layouts import Layouts, default_layouts

SECTION = "narrative"
APPROX_KINDS = ("about", "at_least", "more_than", "less_than", "at_most")


def squash(text: str) -> str:
    """NFKC, without whitespace and quotes: how words and subjects are compared."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"'“”‘’「」『』《》〈〉]", "", folded)


def _longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({squash(w) for w in words if w}, key=lambda w: (-len(w), w)))


@dataclass(frozen=True, eq=False)
class Wording:
    layouts: Layouts

    def _words(self, section: str, key: str) -> tuple[str, ...]:
        return self.layouts.words(f"{SECTION}.{section}", key)

    def _table(self, section: str) -> dict[str, object]:
        return self.layouts.table(f"{SECTION}.{section}")

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return _longest_first(self._words("recognition", "titles"))

    @cached_property
    def units(self) -> dict[str, str]:
        """Unit as written → its family (money, percent, points, score, count)."""
        out: dict[str, str] = {}
        for family, words in self._table("units").items():
            if isinstance(words, list):
                out.update({squash(str(w)): family for w in words})
        return out

    @cached_property
    def unit_pattern(self) -> str:
        """A regular expression alternative of the units, longest first."""
        return "|".join(re.escape(u) for u in _longest_first(list(self.units)))

    @cached_property
    def same_unit(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for unit, words in self._table("same_unit").items():
            if isinstance(words, list):
                out.update({squash(str(w)): unit for w in words})
        return out

    def approx(self, where: str) -> tuple[tuple[str, str], ...]:
        """(word, kind) for approximation words `before` / `after` / `between`, longest first."""
        pairs: list[tuple[str, str]] = []
        for kind, words in self._table(f"approx_{where}").items():
            if kind in APPROX_KINDS and isinstance(words, list):
                pairs.extend((squash(str(w)), kind) for w in words)
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    def change(self, key: str) -> tuple[str, ...]:
        return _longest_first(self._words("change", key))

    def lists(self, key: str) -> tuple[str, ...]:
        return _longest_first(self._words("lists", key))

    @cached_property
    def share_words(self) -> tuple[str, ...]:
        return _longest_first(self._words("shares", "words"))

    def plan(self, key: str) -> tuple[str, ...]:
        return _longest_first(self._words("plan_rates", key))

    @cached_property
    def rates(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """Named rate → (numerator words, denominator words)."""
        num, den = self._table("rates.numerator"), self._table("rates.denominator")
        out = {}
        for name, words in num.items():
            other = den.get(name)
            if isinstance(words, list) and isinstance(other, list):
                out[squash(name)] = (_longest_first(words), _longest_first(other))
        return out

    def scores(self, key: str) -> tuple[str, ...]:
        return _longest_first(self._words("scores", key))

    @cached_property
    def grades(self) -> dict[str, str]:
        """Grade as written → the profile's label it means (优秀 → 优)."""
        out: dict[str, str] = {}
        for label, words in self._table("grades").items():
            if isinstance(words, list):
                out.update({squash(str(w)): label for w in words})
        return out

    def subject_words(self, key: str) -> tuple[str, ...]:
        return _longest_first(self._words("subject_words", key))

    @cached_property
    def synonyms(self) -> dict[str, str]:
        """A subject's form (squashed) → its canonical name."""
        out: dict[str, str] = {}
        for canonical, forms in self._table("subjects").items():
            if isinstance(forms, list):
                for form in [canonical, *forms]:
                    out.setdefault(squash(str(form)), canonical)
        return out

    @cached_property
    def compositions(self) -> dict[str, tuple[str, ...]]:
        """A whole (canonical) → the canonical subjects of its parts."""
        return {
            k: tuple(str(x) for x in v)
            for k, v in self._table("compositions").items()
            if isinstance(v, list)
        }

    @cached_property
    def abbreviations(self) -> dict[str, tuple[str, ...]]:
        """A department's full name part → its abbreviations (残疾人联合会 → 残联)."""
        return {
            squash(k): tuple(squash(str(x)) for x in v)
            for k, v in self._table("abbreviations").items()
            if isinstance(v, list)
        }

    @cached_property
    def workbook_rows(self) -> dict[str, str]:
        return {k: str(v) for k, v in self._table("workbook_rows").items() if isinstance(v, str)}

    @cached_property
    def columns(self) -> dict[str, str]:
        """A table's column header (squashed) → what the column holds."""
        out: dict[str, str] = {}
        for kind, words in self._table("columns").items():
            if isinstance(words, list):
                out.update({squash(str(w)): kind for w in words})
        return out


_DEFAULT: Wording | None = None


def wording(layouts: Layouts | None = None) -> Wording:
    """The wording of `layouts` (the package's own, read once per process, when None)."""
    global _DEFAULT
    if layouts is None or layouts is default_layouts():
        if _DEFAULT is None:
            _DEFAULT = Wording(default_layouts())
        return _DEFAULT
    return Wording(layouts)
