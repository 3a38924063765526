"""Loaded by the local worker server (`isolation.IsolatedExecutor`'s forkserver) before it forks
any worker: the writers imported and their once-per-process state made, so that every worker
starts warm instead of paying for it once per workbook."""

from __future__ import annotations

from . import worker_checks  # noqa: F401  (every reader and check)
from .batch import process_workbook  # noqa: F401
from .read import review_record  # noqa: F401  (a resubmitted copy)
from .write.copy import annotated_copy, strip_review  # noqa: F401
from .write.draft.report_draft import warm_up

try:
    warm_up()
except Exception:  # pragma: no cover - a worker then makes it itself, and reports what breaks
    pass
