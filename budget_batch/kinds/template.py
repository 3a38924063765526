"""Our own template (workbook.md): a department's whole-spending self-evaluation."""

from __future__ import annotations

from .. import catalogue as C
from ..checks.department_stated import department_stated
from ..checks.form_match import department_projects
from ..checks.key_figures import key_figures
from ..checks.scorecard import scorecard
from ..checks.stated_figures import budget_stated
from ..model import Document, WorkbookModel
from ..read.recognition import Fit
from ..read.sheet_source import ReadResult, SheetSource
from ..read.template_reader import read_template, template_fit
from ..result import WorkbookResult
from ..settings import Settings
from .base import DocumentKind


class TemplateKind(DocumentKind):
    name = "template"
    title = "部门整体支出绩效自评表（本工具模板）"
    json_kinds = ("department",)
    draft = True

    def fit(self, source: SheetSource) -> Fit:
        return template_fit(source)

    def read(self, source: SheetSource) -> ReadResult:
        return read_template(source)

    def describe(self, result: WorkbookResult, model: Document, settings: Settings) -> None:
        assert isinstance(model, WorkbookModel)
        result.projects = department_projects(model)
        result.stated.update(budget_stated(model))
        result.stated.update(department_stated(model))  # what other documents restate
        try:
            card = scorecard(model, settings)
            result.figures = key_figures(model, card)
            result.score.computed = float(card.total) if card.total is not None else None
            result.score.grade_computed = card.grade
        except Exception as exc:  # like a broken check: a finding, never a crash
            result.findings.append(
                C.CHECK_FAILED.finding(
                    "",
                    "",
                    f"本工具计算得分和汇总数据时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
                    "汇总中的数据可能不完整。请把工作簿反馈给技术支持。",
                )
            )
        if model.info is not None:
            result.score.stated = model.info.num("self_score")
            result.score.grade_stated = model.info.text("self_grade") or None


TEMPLATE = TemplateKind()
