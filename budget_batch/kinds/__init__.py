"""The kinds of document budget_batch reads, in one place; recognition by content.

Every kind is asked how well a workbook fits it; the best fit reads it (ties go to the kind
listed first). The pipeline then checks the model (checks are registered on model types) and
lets the kind describe it; it never asks which kind it holds.
"""

from __future__ import annotations

from pathlib import Path

from ..layouts import Layouts, default_layouts
from ..read.package_scan import Unreadable
from ..read.sheet_source import ReadResult, SheetSource
from ..read.text_source import TextSource, is_text_document
from .base import DocumentKind
from .final_accounts import FINAL_ACCOUNTS
from .forms import FORMS
from .report import REPORT
from .template import TEMPLATE
from .text_kind import TextKind

KINDS: tuple[DocumentKind, ...] = (TEMPLATE, FORMS, FINAL_ACCOUNTS, REPORT)


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
        for i, kind in enumerate(KINDS):
            fit = kind.fit(source)
            if fit.certain:
                return kind, kind.read(source)
            fits.append((fit.score, -i, kind))
        score, _, best = max(fits, key=lambda f: (f[0], f[1]))
        if score <= 0:
            best = FORMS  # nothing fits: one finding says what was looked for and found
        return best, best.read(source)


def _read_text(path: Path, layouts: Layouts) -> tuple[DocumentKind, ReadResult]:
    text_kinds = [k for k in KINDS if isinstance(k, TextKind)]
    with TextSource.open(path, layouts) as source:
        fits = [(kind.fit_text(source), -i, kind) for i, kind in enumerate(text_kinds)]
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
    return next((k for k in KINDS if json_kind in k.json_kinds), TEMPLATE)


__all__ = ["KINDS", "DocumentKind", "kind_of", "read_document", "read_workbook"]
