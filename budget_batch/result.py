"""The report document: one `WorkbookResult` per workbook, serialised as interface.md says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .figures import KeyFigures
from .findings import Finding, Severity, count_by_severity

DOCUMENT_VERSION = 1


@dataclass
class Score:
    stated: float | None = None
    computed: float | None = None
    grade_stated: str | None = None
    grade_computed: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "stated": self.stated,
            "computed": self.computed,
            "grade_stated": self.grade_stated,
            "grade_computed": self.grade_computed,
        }


@dataclass
class WorkbookResult:
    file: str
    status: str = "checked"  # or "unreadable"
    error: str | None = None
    department: str | None = None
    year: int | None = None
    profile: str | None = None
    score: Score = field(default_factory=Score)
    findings: list[Finding] = field(default_factory=list)
    output: str | None = None
    #: The workbook names a scoring profile that cannot be used (a configuration error, exit 2).
    profile_error: bool = field(default=False, repr=False)
    #: Key figures for the summaries (汇总, 批量汇总); not part of the JSON document.
    figures: KeyFigures | None = field(default=None, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "department": self.department,
            "year": self.year,
            "profile": self.profile,
            "score": self.score.to_json(),
            "counts": self.counts,
            "findings": [f.to_json() for f in self.findings],
            "output": self.output,
        }


@dataclass
class Report:
    workbooks: list[WorkbookResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"version": DOCUMENT_VERSION, "workbooks": [w.to_json() for w in self.workbooks]}

    def counts(self) -> dict[str, int]:
        totals = {s.value: 0 for s in Severity}
        for wb in self.workbooks:
            for key, n in wb.counts.items():
                totals[key] += n
        return totals
