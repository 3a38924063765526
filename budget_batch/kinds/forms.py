"""Official forms (forms.md, version 2): 项目支出绩效自评表 and 部门整体支出绩效自评表 in any
province's layout, and scoring tables (评分表), one per sheet."""

from __future__ import annotations

from ..checks.form_figures import form_result
from ..checks.form_match import form_projects
from ..checks.form_stated import form_stated
from ..form_model import FormsModel
from ..model import Document
from ..read.form_reader import forms_fit, read_forms
from ..read.recognition import Fit
from ..read.sheet_source import ReadResult, SheetSource
from ..result import WorkbookResult
from ..settings import Settings
from .base import DocumentKind


class FormsKind(DocumentKind):
    name = "forms"
    title = "自评表"
    titles = {
        "project_form": "项目支出绩效自评表",
        "department_form": "部门整体支出绩效自评表",
        "scoring_table": "评分表",
        "unrecognized": "未能识别的工作簿",
    }
    json_kinds = ("project_form", "department_form", "scoring_table", "unrecognized")

    def fit(self, source: SheetSource) -> Fit:
        return forms_fit(source)

    def read(self, source: SheetSource) -> ReadResult:
        return read_forms(source)

    def describe(self, result: WorkbookResult, model: Document, settings: Settings) -> None:
        assert isinstance(model, FormsModel)
        result.projects = form_projects(model)
        result.reading = model.readings()
        result.stated.update(form_stated(model))  # what the department's 决算 restates
        form_result(result, model, settings)


FORMS = FormsKind()
