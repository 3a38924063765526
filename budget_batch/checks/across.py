"""Checks across the documents of one batch: figures that two documents state must agree
(PROJECT_FORM_MISMATCH today; the 部门决算 and last year's workbook, the Word report next).

Each check is registered here with the codes it may emit and runs in the parent once every
document is read, on the results the workers sent back (never on models: those stay in the
workers). It returns findings and links by file; a finding is written on every document it
involves, naming the other file and cell (interface.md, version 3).
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import catalogue as C
from ..findings import Finding
from ..links import Link
from ..result import WorkbookResult
from ..settings import Settings
from .loading import check_order, load_across


@dataclass
class Outcome:
    """What a check across documents found, by file."""

    findings: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))

    def merge(self, other: Outcome) -> None:
        for file, found in other.findings.items():
            self.findings[file].extend(found)
        for file, links in other.links.items():
            self.links[file].extend(links)


AcrossFunc = Callable[[Sequence[WorkbookResult], Settings], Outcome]


@dataclass(frozen=True)
class AcrossCheck:
    name: str
    codes: tuple[C.Code, ...]
    func: AcrossFunc


ACROSS: list[AcrossCheck] = []


def across(*codes: C.Code) -> Callable[[AcrossFunc], AcrossFunc]:
    """Register a check across the documents of a batch that may emit `codes`."""

    def register(func: AcrossFunc) -> AcrossFunc:
        insort(ACROSS, AcrossCheck(func.__name__, codes, func), key=lambda c: check_order(c.func))
        return func

    return register


def run_across(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    """Every check across documents on the checked results; one that breaks is a CHECK_FAILED
    finding on each document (the others still run)."""
    load_across(r.kind for r in results)  # the checks these documents can concern
    checked = [r for r in results if r.status == "checked"]
    outcome = Outcome()
    for chk in ACROSS:
        try:
            outcome.merge(chk.func(checked, settings))
        except Exception as exc:  # a broken check is a finding, never a crash
            failed = C.CHECK_FAILED.finding(
                "",
                "",
                f"本工具核对同批次文件之间的数字（{chk.name}）时出错（{type(exc).__name__}: {exc}），"
                "不是文件的问题；该项核对的结果缺失。请把这批文件反馈给技术支持。",
            )
            for r in checked:
                outcome.findings[r.file].append(failed)
    return outcome


def file_name(path: str) -> str:
    """How a message names another document: its file name."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]
