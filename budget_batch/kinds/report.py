"""A department's Word report (自评报告, narrative.md): `.docx`, or `.doc` / `.wps` converted by
LibreOffice; its text checked against its own figures and tables (checks/text_checks.py) and
against the same department's workbook in the batch (checks/text_links.py)."""

from __future__ import annotations

from .. import catalogue as C
from ..checks.text_checks import review_of
from ..checks.text_links import text_figures
from ..model import Document
from ..read.recognition import Fit
from ..read.report_reader import read_report, report_fit
from ..read.sheet_source import ReadResult
from ..read.text_source import TextSource
from ..report_model import ReportModel
from ..result import WorkbookResult
from ..settings import Settings
from ..text_figures import ReportFigures
from .text_kind import TextKind

TEXT_CODES = frozenset(
    {"TEXT_ARITHMETIC", "TEXT_TABLE_MISMATCH", "TEXT_WORKBOOK_MISMATCH", "TEXT_SCORE_GRADE"}
)


class ReportKind(TextKind):
    name = "report"
    title = "自评报告（Word 文档）"
    json_kinds = ("report",)

    def fit_text(self, source: TextSource) -> Fit:
        return report_fit(source)

    def read_text(self, source: TextSource) -> ReadResult:
        return read_report(source)

    def describe(self, result: WorkbookResult, model: Document, settings: Settings) -> None:
        assert isinstance(model, ReportModel)
        try:
            review = review_of(model)
            reported = sum(1 for f in result.findings if f.code in TEXT_CODES)
            coverage = review.text.coverage(reported)
            flagged = {f.key: f.code for f in result.findings if f.key is not None}
            result.narrative = ReportFigures(
                text_figures(review, model, flagged), coverage.to_json()
            )
            if review.scores:
                first = review.scores[0]
                result.score.stated = float(first.score.value)
                result.score.grade_stated = first.grade
        except Exception as exc:  # like a broken check: a finding, never a crash
            result.findings.append(
                C.CHECK_FAILED.finding(
                    "",
                    "",
                    f"本工具整理报告中的数字时出错（{type(exc).__name__}: {exc}），不是报告的问题；"
                    "与同批次自评表的核对和汇总中的覆盖情况可能不完整。请把报告反馈给技术支持。",
                )
            )


REPORT = ReportKind()
