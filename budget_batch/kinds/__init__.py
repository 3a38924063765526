"""The kinds of document budget_batch reads, in one place; recognition by content.

Every kind is asked how well a workbook fits it; the best fit reads it (ties go to the kind
listed first). The pipeline then checks the model (checks are registered on model types) and
lets the kind describe it; it never asks which kind it holds.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..layouts import Layouts, default_layouts
from ..read.package_scan import Unreadable
from ..read.sheet_source import ReadResult, SheetSource
from ..read.text_source import TextSource, is_text_document
from .base import DocumentKind

#: Every kind, in the order recognition asks them (ties go to the first): its module here, the
#: kind object's name in it, the report.json kinds it reads, and whether it reads Word documents.
#: A kind's module (its reader, its checks' models) is imported only when a document is offered
#: to it: our template is recognised with certainty by its sheet names, so checking one of ours
#: never imports the readers of forms, 决算 and Word reports.
REGISTERED: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("template", "TEMPLATE", ("department",), False),
    (
        "forms",
        "FORMS",
        ("project_form", "department_form", "scoring_table", "unrecognized"),
        False,
    ),
    ("final_accounts", "FINAL_ACCOUNTS", ("final_accounts",), False),
    ("report", "REPORT", ("report",), True),
)


def kind(module: str) -> DocumentKind:
    """The kind defined in `kinds/<module>.py` (imported on first use)."""
    attribute = next(a for m, a, _, _ in REGISTERED if m == module)
    found: DocumentKind = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    return found


def all_kinds() -> tuple[DocumentKind, ...]:
    """Every kind, in recognition order (imports them all)."""
    return tuple(kind(m) for m, _, _, _ in REGISTERED)


def __getattr__(name: str) -> object:
    if name == "KINDS":  # every kind object, for callers that want them all
        return all_kinds()
    raise AttributeError(name)


def read_document(
    path: str | Path, layouts: Layouts | None = None
) -> tuple[DocumentKind, ReadResult]:
    """Recognise the document at `path` and read it (raises `Unreadable` for bytes that are no
    workbook or Word document); `layouts` extends what the readers know (`--layouts`). The
    source is picked by the file's format: a Word document is offered to the text kinds, a
    workbook to the others."""
    if is_text_document(Path(path)):
        return _read_text(Path(path), layouts or default_layouts())
    with SheetSource(Path(path), layouts or default_layouts()) as source:
        fits = []
        for i, (module, _, _, text) in enumerate(REGISTERED):
            if text:
                continue  # a workbook is never a Word document (`TextKind.fit`)
            candidate = kind(module)
            fit = candidate.fit(source)
            if fit.certain:
                return candidate, candidate.read(source)
            fits.append((fit.score, -i, candidate))
        score, _, best = max(fits, key=lambda f: (f[0], f[1]))
        if score <= 0:
            best = kind("forms")  # nothing fits: one finding says what was looked for and found
        return best, best.read(source)


def _read_text(path: Path, layouts: Layouts) -> tuple[DocumentKind, ReadResult]:
    from .text_kind import TextKind

    text_kinds = [k for m, _, _, text in REGISTERED if text and isinstance(k := kind(m), TextKind)]
    with TextSource.open(path, layouts) as source:
        fits = [(k.fit_text(source), -i, k) for i, k in enumerate(text_kinds)]
        fit, _, best = max(fits, key=lambda f: (f[0].score, f[1]))
        if fit.score <= 0:
            raise Unreadable(
                "这个 Word 文档不是绩效自评报告：标题和开头几段中没有"
                + "、".join(fit.sought or ["“自评报告”"])
                + "。本工具审核部门整体支出绩效自评报告；如确为自评报告，请在标题中写明“绩效自评报告”。"
            )
        return best, best.read_text(source)


def read_workbook(path: str | Path, layouts: Layouts | None = None) -> ReadResult:
    """The model and reading findings of the document at `path`, whatever its kind."""
    return read_document(path, layouts)[1]


def kind_of(json_kind: str) -> DocumentKind:
    """The kind that reads documents report.json calls `json_kind`."""
    module = next((m for m, _, kinds, _ in REGISTERED if json_kind in kinds), "template")
    return kind(module)


__all__ = [
    "KINDS",
    "DocumentKind",
    "all_kinds",
    "kind",
    "kind_of",
    "read_document",
    "read_workbook",
]
