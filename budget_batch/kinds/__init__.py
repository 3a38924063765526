"""The kinds of document budget_batch reads, in one place; recognition by content.

Every kind is asked how well a workbook fits it; the best fit reads it (ties go to the kind
listed first). The pipeline then checks the model (checks are registered on model types) and
lets the kind describe it; it never asks which kind it holds.
"""

from __future__ import annotations

from pathlib import Path

from ..layouts import Layouts, default_layouts
from ..read.sheet_source import ReadResult, SheetSource
from .base import DocumentKind
from .final_accounts import FINAL_ACCOUNTS
from .forms import FORMS
from .template import TEMPLATE

KINDS: tuple[DocumentKind, ...] = (TEMPLATE, FORMS, FINAL_ACCOUNTS)


def read_document(
    path: str | Path, layouts: Layouts | None = None
) -> tuple[DocumentKind, ReadResult]:
    """Recognise the document at `path` and read it (raises `Unreadable` for bytes that are no
    workbook); `layouts` extends what the form readers know (`--layouts`)."""
    with SheetSource(Path(path), layouts or default_layouts()) as source:
        fits = [(kind.fit(source).score, -i, kind) for i, kind in enumerate(KINDS)]
        score, _, best = max(fits, key=lambda f: (f[0], f[1]))
        if score <= 0:
            best = TEMPLATE  # nothing fits: read as our template, whose missing sheets are said
        return best, best.read(source)


def read_workbook(path: str | Path, layouts: Layouts | None = None) -> ReadResult:
    """The model and reading findings of the document at `path`, whatever its kind."""
    return read_document(path, layouts)[1]


def kind_of(json_kind: str) -> DocumentKind:
    """The kind that reads documents report.json calls `json_kind`."""
    return next((k for k in KINDS if json_kind in k.json_kinds), TEMPLATE)


__all__ = ["KINDS", "DocumentKind", "kind_of", "read_document", "read_workbook"]
