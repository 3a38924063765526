"""budget_batch: read, cross-check and annotate 部门整体支出绩效自评 workbooks.

>>> import budget_batch
>>> result = budget_batch.check_workbook("input/示例.xlsx")
>>> [f.code for f in result.findings]
"""

from .batch import IsolatedExecutor, Limits, run_batch
from .findings import Finding, Severity
from .model import WorkbookModel
from .package import Unreadable
from .pipeline import check_workbook, collect_workbooks
from .reader import read_workbook
from .result import Report, Score, WorkbookResult
from .settings import Settings
from .template import WorkbookData, write_workbook

report = run_batch  # the name interface.md uses

__all__ = [
    "Finding",
    "IsolatedExecutor",
    "Limits",
    "Report",
    "Score",
    "Settings",
    "Severity",
    "Unreadable",
    "WorkbookData",
    "WorkbookModel",
    "WorkbookResult",
    "check_workbook",
    "collect_workbooks",
    "read_workbook",
    "report",
    "run_batch",
    "write_workbook",
]
