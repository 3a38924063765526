"""The 汇总 sheet of an annotated project form (项目支出绩效自评表): short, one printable page per
form — the project, its money and execution rate, the execution score and each indicator's score
stated and computed (with a chart), the total and grade, and the findings on it by severity.

`write_form_summary(wb, ws, result, formats)` fills an xlsxwriter worksheet as `write_summary`
does for our template; a workbook with several forms (one per sheet) gets one section each.
Its title never names the form itself, so that a resubmitted copy's 汇总 is not taken for one.
"""

from __future__ import annotations

from typing import Any

from ..findings import count_by_severity
from ..result import FormFigures, WorkbookResult
from .summary_sheet import CHART_BODY, PCT, SCORE, SummaryWriter

WIDTHS = (28, 12, 12, 12, 14, 14, 40)
MONEY = "money"


def write_form_summary(wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any]) -> None:
    """Fill `ws` with the summary of the project forms of `result`."""
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    w = SummaryWriter(wb, ws, f)
    forms = result.forms
    name = forms[0].project if len(forms) == 1 else f"{len(forms)} 个项目"
    ws.merge_range(0, 0, 0, len(WIDTHS) - 1, "", f["title"])
    w.cell(1, 1, f"{name or '（未填项目名称）'} 项目自评审核汇总", "title")
    w.row = 2
    if not forms:
        w.heading("未能按项目支出绩效自评表读取（见“审核结果”）")
    for i, form in enumerate(forms, start=1):
        _form(w, result, form, f"（{i}）" if len(forms) > 1 else "")
    ws.print_area(0, 0, max(w.row - 1, 1), len(WIDTHS) - 1)
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()


def _gap(stated: float | None, computed: float | None) -> float | None:
    return None if stated is None or computed is None else round(stated - computed, 2)


def _form(w: SummaryWriter, result: WorkbookResult, form: FormFigures, number: str) -> None:
    counts = count_by_severity([x for x in result.findings if x.sheet in (form.sheet, "")])
    w.heading(f"{number}一、审核结论")
    for label, value in (
        ("项目名称", form.project),
        ("主管部门", form.department),
        ("实施单位", form.implementer),
        ("年度", str(form.year or "")),
        ("版式", form.family_title),
        ("评分规则", form.profile_title),
        ("工作表", form.sheet),  # last: below the rows where a form's title is looked for
    ):
        w.cell(w.row, 1, label, "head")
        w.ws.merge_range(w.row - 1, 1, w.row - 1, len(WIDTHS) - 1, "", w.f["body"])
        w.cell(w.row, 2, value, "body")
        w.row += 1
    w.row += 1
    w.table(
        ("得分", "自评", "计算", "差额", "", "", "说明"),
        [
            (
                "总分",
                form.total_stated,
                form.total_computed,
                _gap(form.total_stated, form.total_computed),
                None,
                None,
                "差额为正：自评高于按规则计算的得分",
            ),
            ("等级", form.grade_stated, form.grade_computed, None, None, None, ""),
        ],
        (None, SCORE, SCORE, SCORE, None, None, None),
    )
    w.table(
        ("问题数", "错误", "警告", "提示", "", "", "说明"),
        [
            (
                "",
                counts["error"],
                counts["warning"],
                counts["info"],
                None,
                None,
                "红色为错误，黄色为警告，蓝色为提示",
            )
        ],
        (None, None, None, None, None, None, None),
    )
    w.heading(f"二、项目资金（{form.unit}）")
    w.table(
        (
            "资金",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "执行率(%) 填报",
            "执行率(%) 计算",
            "说明",
        ),
        [
            (
                line.label,
                line.initial,
                line.final,
                line.actual,
                line.exec_rate,
                line.exec_rate_computed,
                "",
            )
            for line in form.funds
        ],
        (None, MONEY, MONEY, MONEY, PCT, PCT, None),
    )
    w.table(
        ("执行率得分", "分值", "自评", "计算", "差额", "", "计算式"),
        [
            (
                "执行率得分",
                form.exec_weight,
                form.exec_score_stated,
                form.exec_score_computed,
                _gap(form.exec_score_stated, form.exec_score_computed),
                None,
                form.exec_formula,
            )
        ],
        (None, SCORE, SCORE, SCORE, SCORE, None, None),
    )
    if not form.indicators:
        return
    w.heading("三、绩效指标得分（自评与计算）")
    first, last = w.table(
        ("三级指标", "分值", "自评得分", "计算得分", "差额", "", "计算式"),
        [
            (
                i.name,
                i.weight,
                i.stated,
                i.computed,
                _gap(i.stated, i.computed),
                None,
                "不适用" if i.not_applicable else i.formula,
            )
            for i in form.indicators
        ],
        (None, SCORE, SCORE, SCORE, SCORE, None, None),
    )
    chart = w.bars("指标得分：自评与计算", first, last, (3, 4), "得分")
    chart.set_x_axis({"name": "得分", "name_font": CHART_BODY, "num_font": CHART_BODY, "min": 0})
    w.chart(chart, bars=2 * (last - first + 1))
