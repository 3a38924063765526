"""The names of what `report` writes, and which files are its own outputs (never inputs).

Every output of one workbook carries the same stem: `<stem>_审核.xlsx`, `<stem>_自评报告.docx`,
with the same `_2`, `_3` … when inputs in different folders share a stem. A resubmitted copy
(`局_审核.xlsx`, `局_审核_2.xlsx`) has the stem of the workbook it was made from (`局`), so no
name ever ends in `_审核_审核`.
"""

from __future__ import annotations

import re
from pathlib import Path

OUTPUT_MARK = "_审核"
DRAFT_MARK = "_自评报告"
REPORT_JSON = "report.json"
BATCH_SUMMARY = "批量汇总.xlsx"
_MARKED = re.compile(re.escape(OUTPUT_MARK) + r"(?:_\d+)?$")
_BATCH_SUMMARY = re.compile(r"^批量汇总(?:_\d+)?\.xlsx$", re.IGNORECASE)


def base_stem(stem: str) -> str:
    """The stem of the workbook a copy was made from: `局_审核` and `局_审核_2` → `局`."""
    return _MARKED.sub("", stem) or stem


def annotated_name(source: Path) -> str:
    """`<stem>_审核.xlsx` (or .xlsm, so that macros stay enabled; .docx for a Word report)."""
    suffix = {".xlsm": ".xlsm", ".docx": ".docx", ".doc": ".docx", ".wps": ".docx"}.get(
        source.suffix.lower(), ".xlsx"
    )
    return f"{base_stem(source.stem)}{OUTPUT_MARK}{suffix}"


def draft_name(source: Path) -> str:
    return f"{base_stem(source.stem)}{DRAFT_MARK}.docx"


def is_batch_summary(path: Path) -> bool:
    return bool(_BATCH_SUMMARY.match(path.name))


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name` with `_2`, `_3` … before its suffix, not in `taken` (compared
    case-insensitively, as Windows and macOS compare file names); the name chosen is taken."""
    candidate, n = name, 2
    stem, dot, suffix = name.rpartition(".")
    while candidate.casefold() in taken:
        candidate = f"{stem}_{n}{dot}{suffix}"
        n += 1
    taken.add(candidate.casefold())
    return candidate


def same_suffix(name: str, source: Path, dest: Path) -> str:
    """`name` with the `_2`, `_3` … that `unique` gave the annotated copy `dest` of `source`,
    so that every output of a workbook carries the same one."""
    expected = Path(annotated_name(source)).stem
    extra = dest.stem[len(expected) :] if dest.stem.startswith(expected) else ""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}{extra}{dot}{suffix}"
