"""One round against the last: which of the previous round's problems were corrected, which are
still there, which are new.

Findings are matched by code, sheet and `Finding.key` (the row's key and the column's header), so
rows inserted or moved between rounds do not break the match; a finding recorded without a key
(a record written by hand, or a workbook-level finding) is matched by its cell. Only errors and
warnings are problems: an info finding is never “corrected”.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Severity

PROBLEMS = (Severity.ERROR, Severity.WARNING)
Match = tuple[str, str, str, str]


@dataclass(frozen=True)
class Recorded:
    """A problem of the previous round, as its copy recorded it."""

    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    key: tuple[str, str] | None

    @property
    def match(self) -> Match:
        row, column = self.key if self.key is not None else (self.cell, "")
        return (self.code, self.sheet, row, column)

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet


@dataclass
class RoundComparison:
    round: int  # this round's number: 2 for the first resubmission
    resolved: list[Recorded] = field(default_factory=list)
    open: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    #: What taking the last round out of the copy could not undo (the user had changed it since),
    #: as 提示 lines for 汇总; set when the new copy is written (write/strip_review.py). Not in the
    #: report document: its `previous` has no key for it (spec/interface.md).
    leftovers: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"resolved": len(self.resolved), "open": len(self.open), "new": len(self.new)}

    @property
    def line(self) -> str:
        return (
            f"第 {self.round} 轮审核；与上次相比：已改正 {len(self.resolved)} 项，"
            f"仍存在 {len(self.open)} 项，新增 {len(self.new)} 项"
        )


def _match(f: Finding) -> Match:
    row, column = f.key if f.key is not None else (f.cell, "")
    return (f.code, f.sheet, row, column)


def compare(
    round_number: int,
    previous: Iterable[Recorded],
    current: list[Finding],
    same: Callable[[Match], Match] | None = None,
) -> RoundComparison:
    """Match this round's problems against the previous round's (as multisets: two findings with
    the same key are two problems); `same` maps a match to what must be equal (a Word report's
    sentence with its figures masked: read/report_record.py)."""
    norm = same or (lambda m: m)
    before = [p for p in previous if p.severity in {s.value for s in PROBLEMS}]
    waiting = Counter(norm(p.match) for p in before)
    result = RoundComparison(round_number)
    for f in current:
        if f.severity not in PROBLEMS:
            continue
        m = norm(_match(f))
        if waiting[m] > 0:
            waiting[m] -= 1
            result.open.append(f)
        else:
            result.new.append(f)
    for p in before:
        if waiting[norm(p.match)] > 0:
            waiting[norm(p.match)] -= 1
            result.resolved.append(p)
    return result
