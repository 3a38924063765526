"""Figures that more than one document of a batch states, and what comparing them found.

A document's kind lists the figures it states that others may restate (`Stated`, keyed by a
name every kind uses alike: "支出合计.全年执行数" …) in its result; the checks across documents
(checks/across.py) compare them once the whole batch is read, and each comparison is a `Link`
on both documents (report.json `links`: kind, other file, other cell, agrees), a disagreement
also a finding on both (interface.md, version 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Stated:
    """A figure as one document states it."""

    value: float
    unit: str  # 万元 or 元
    sheet: str
    cell: str
    #: How a message names it in this document: 「2 支出合计」全年执行数, T1 本年支出合计.
    label: str


@dataclass(frozen=True, slots=True)
class Link:
    """One figure of this document compared with another document's."""

    kind: str  # what was compared: "final_accounts", "prior_year", "project_form", "report" …
    figure: str  # the figure's name (a Stated key)
    sheet: str
    cell: str
    other_file: str
    other_sheet: str
    other_cell: str
    agrees: bool
    #: For the summaries (not in report.json): both figures in 万元, how each document names its
    #: figure, and the severity of the finding when they disagree.
    value: float | None = None
    other_value: float | None = None
    label: str = ""
    other_label: str = ""
    severity: str = ""

    @classmethod
    def between(
        cls,
        kind: str,
        figure: str,
        ours: Stated,
        other_file: str,
        theirs: Stated,
        agrees: bool,
        values: tuple[float, float],
        severity: str,
    ) -> Link:
        """`ours` compared with `theirs` in `other_file` (values in 万元, ours first); the
        severity only when they disagree."""
        return cls(
            kind,
            figure,
            ours.sheet,
            ours.cell,
            other_file,
            theirs.sheet,
            theirs.cell,
            agrees,
            values[0],
            values[1],
            ours.label,
            theirs.label,
            "" if agrees else severity,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "figure": self.figure,
            "sheet": self.sheet,
            "cell": self.cell,
            "other_file": self.other_file,
            "other_sheet": self.other_sheet,
            "other_cell": self.other_cell,
            "agrees": self.agrees,
        }
