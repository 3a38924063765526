"""budget_batch: read, cross-check and annotate 部门整体支出绩效自评 workbooks.

    >>> import budget_batch
    >>> result = budget_batch.check_workbook("input/示例.xlsx")
    >>> [f.code for f in result.findings]

Names are imported on first use, so that `check` starts without loading the writers
(xlsxwriter, lxml) or pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Finding": "findings",
    "Severity": "findings",
    "WorkbookModel": "model",
    "Unreadable": "read.package_scan",
    "check_workbook": "pipeline",
    "collect_workbooks": "pipeline",
    "read_workbook": "kinds",
    "ReviewRecord": "read.review_record",
    "read_review_record": "read.review_record",
    "Report": "result",
    "Score": "result",
    "WorkbookResult": "result",
    "Settings": "settings",
    "Limits": "settings",
    "WorkbookData": "samples.template_writer",
    "write_workbook": "samples.template_writer",
    "IsolatedExecutor": "isolation",
    "run_batch": "batch",
    "report": "batch",
}

if TYPE_CHECKING:
    from .batch import run_batch
    from .batch import run_batch as report
    from .findings import Finding, Severity
    from .kinds import read_workbook
    from .model import WorkbookModel
    from .pipeline import check_workbook, collect_workbooks
    from .read.package_scan import Unreadable
    from .read.review_record import ReviewRecord, read_review_record
    from .result import Report, Score, WorkbookResult
    from .samples.template_writer import WorkbookData, write_workbook
    from .settings import Limits, Settings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'budget_batch' has no attribute {name!r}")
    value = getattr(
        importlib.import_module(f".{module}", __name__), "run_batch" if name == "report" else name
    )
    globals()[name] = value
    return value


__all__ = [
    "Finding",
    "IsolatedExecutor",
    "Limits",
    "Report",
    "ReviewRecord",
    "Score",
    "Settings",
    "Severity",
    "Unreadable",
    "WorkbookData",
    "WorkbookModel",
    "WorkbookResult",
    "check_workbook",
    "collect_workbooks",
    "read_review_record",
    "read_workbook",
    "report",
    "run_batch",
    "write_workbook",
]
