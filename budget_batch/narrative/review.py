"""The text of a report reviewed paragraph by paragraph: its figures, what each states, the
relations bound between them (judged) and those declined, and how many figures were found,
bound and checked (the coverage the summaries show)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .changes import changes
from .figures import Figure, ParagraphFigures, read_figures
from .judge import OK, ROUNDING, WRONG
from .lists import PartList, name_counts, part_lists
from .ratios import rates, shares
from .relation import Declined, Relation
from .statements import analyse
from .wording import Wording


@dataclass
class ParagraphReview:
    figures: ParagraphFigures
    relations: list[Relation] = field(default_factory=list)
    declined: list[Declined] = field(default_factory=list)
    lists: list[PartList] = field(default_factory=list)


@dataclass
class Coverage:
    """How much of the text's figures the checks reached (narrative.md: the 汇总 says how many
    figures were found, bound and checked, so that the reader sees the coverage)."""

    found: int = 0  # numbers with a unit
    bound: int = 0  # whose subject and measure were told from the text
    checked: int = 0  # tested against another figure (the text's, a table's, a workbook's)
    ambiguous: int = 0  # in a relation declined because its binding was ambiguous
    wrong: int = 0  # reported (errors and warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "bound": self.bound,
            "checked": self.checked,
            "ambiguous": self.ambiguous,
            "wrong": self.wrong,
        }

    @property
    def line(self) -> str:
        return (
            f"文中数字 {self.found} 个：识别出含义 {self.bound} 个，核对 {self.checked} 个"
            f"（含义不明确、未核对 {self.ambiguous} 个）"
        )


@dataclass
class TextReview:
    paragraphs: list[ParagraphReview] = field(default_factory=list)
    #: Figures compared outside the text's own relations (a table's cell, a workbook's).
    compared: set[tuple[int, int]] = field(default_factory=set)

    def relations(self) -> Iterable[Relation]:
        for p in self.paragraphs:
            yield from p.relations

    def failing(self) -> list[Relation]:
        return [r for r in self.relations() if r.verdict.status in (WRONG, ROUNDING)]

    def figures(self) -> Iterable[Figure]:
        for p in self.paragraphs:
            yield from p.figures.figures

    def coverage(self, reported: int = 0) -> Coverage:
        checked: set[tuple[int, int]] = set(self.compared)
        ambiguous: set[tuple[int, int]] = set()
        for p in self.paragraphs:
            for rel in p.relations:
                checked.update((f.paragraph, f.id) for f in rel.figures)
            for d in p.declined:
                ambiguous.update((f.paragraph, f.id) for f in d.figures)
        found = bound = 0
        for fig in self.figures():
            found += 1
            key = (fig.paragraph, fig.id)
            if key in checked or (fig.measure and fig.canonical) or _bound_alone(fig):
                bound += 1
        return Coverage(found, bound, len(checked), len(ambiguous - checked), reported)


def _bound_alone(fig: Figure) -> bool:
    """A figure whose measure its own words say (a change, a share, a rate, a score)."""
    return fig.measure in ("change", "change_rate", "share", "rate", "score", "points") and bool(
        fig.base or fig.direction or fig.measure == "score"
    )


def review_paragraph(index: int, text: str, words: Wording) -> ParagraphReview:
    pf = read_figures(index, text, words)
    analyse(pf, words)
    review = ParagraphReview(pf)
    found_lists, sums, declined = part_lists(pf, words)
    review.lists = found_lists
    review.relations.extend(sums)
    review.declined.extend(declined)
    review.relations.extend(name_counts(pf, words))
    for finder in (shares, changes):
        rels, more = finder(pf, words, found_lists)
        review.relations.extend(rels)
        review.declined.extend(more)
    rels, more = rates(pf, words)
    review.relations.extend(rels)
    review.declined.extend(more)
    return review


def review_text(paragraphs: Iterable[tuple[int, str]], words: Wording) -> TextReview:
    return TextReview([review_paragraph(i, text, words) for i, text in paragraphs])


__all__ = ["OK", "Coverage", "ParagraphReview", "TextReview", "review_paragraph", "review_text"]
