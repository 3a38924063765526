"""The one `Finding` record that every output (JSON, 审核结果, comments, summaries) is a view of."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from .refs import split_ref

Scalar = float | int | str | None


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for `--fail-on` and for picking a cell's fill."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    sheet: str
    cell: str  # A1 address, or "" for a sheet- or workbook-level finding
    message: str
    stated: Scalar = None
    computed: Scalar = None
    #: The cells where this finding's consequences showed (a mistyped figure breaks its total,
    #: its 增减额 and its rates): named here, never reported as findings of their own.
    explains: tuple[str, ...] = ()
    #: Where it is in words that survive inserted rows and columns: the row's key (its 编码,
    #: 项目名称, 三级指标 or 基本信息 label) and the column's header. Matches it to the previous
    #: round's findings; not part of the report document.
    key: tuple[str, str] | None = None
    #: In a Word report (no sheet): where the figure is, `第 12 段` or `表 2 第 3 行第 4 列`, and
    #: the sentence that holds it (interface.md, version 3).
    place: str = ""
    sentence: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.explains:
            data["explains"] = list(self.explains)
        else:
            del data["explains"]
        del data["key"]
        if self.place:
            data["sheet"] = None
        else:
            del data["place"], data["sentence"]
        return data

    @property
    def location(self) -> str:
        if self.place:
            return self.place
        if not self.sheet:
            return ""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


def sort_findings(findings: list[Finding], sheet_order: list[str]) -> list[Finding]:
    """Sheet order, then row, then column, then code (interface.md); then message for ties."""
    order = {name: i for i, name in enumerate(sheet_order)}

    def key(f: Finding) -> tuple[int, int, int, tuple[int, ...], str, str]:
        row, col = split_ref(f.cell)
        sheet_rank = order.get(f.sheet, -1 if not f.sheet else len(order))
        return (sheet_rank, row, col, place_order(f.place), f.code, f.message)

    return sorted(findings, key=key)


def place_order(place: str) -> tuple[int, ...]:
    """A report's places in reading order: paragraphs (第 N 段) first, then tables (表 N 第 r 行第 c 列)."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", place))
    if not numbers:
        return ()
    return (1, *numbers) if place.startswith("表") else (0, *numbers)


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts
