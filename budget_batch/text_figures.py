"""What a Word report's result carries beyond its findings: the figures its text states that other
documents of the batch state too (compared across documents in the parent, where the models are
no longer at hand), and how many of its figures were found, bound and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TextFigure:
    """A figure the report's text states, bound to a subject and a measure."""

    subject: str  # canonical (the synonym table's name: 本年收入, 基本支出 …)
    measure: str  # amount, share, change, change_rate, score
    #: An amount's budget / actual / "" (本年收入预算安排 → budget); a share's base (canonical:
    #: 本年收入 for 占总收入); a score's grade (优).
    qualifier: str
    value: float  # signed for a change (减少 178.52 → −178.52), in 万元 for money
    decimals: int
    approx: str  # "", about, at_least, more_than, less_than, at_most
    text: str  # as written: 2224.46万元
    place: str  # 第 N 段
    sentence: str
    #: The code of the report's own finding on this figure ("" when none).
    flagged: str = ""


@dataclass
class ReportFigures:
    figures: list[TextFigure] = field(default_factory=list)
    #: found / bound / checked / ambiguous / wrong (narrative.review.Coverage).
    coverage: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.coverage)
