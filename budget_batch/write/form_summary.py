"""The 汇总 sheet of an annotated project form (项目支出绩效自评表): short — the project, its money
and execution rate, the execution score and each indicator's score stated and computed (with a
chart), the total and grade, and the findings on it by severity — laid out on the same `Grid`
as the template's 汇总, so that it prints on A4 pages with no chart cut.

`write_form_summary(wb, ws, result, formats)` fills an xlsxwriter worksheet as `write_summary`
does for our template; a workbook with several forms (one per sheet) gets one section each.
Its title never names the form itself, so that a resubmitted copy's 汇总 is not taken for one.
"""

from __future__ import annotations

from typing import Any

from ..findings import count_by_severity
from ..result import FormFigures, WorkbookResult
from .sheet_grid import Grid
from .summary_sheet import (
    COMPUTED,
    GAP_PT,
    PAIR_PX,
    STATED,
    TITLE_PT,
    SummaryWriter,
    axis_bounds,
    round_notes,
)

WIDTHS = (28, 12, 12, 12, 14, 14, 40)
FULL = len(WIDTHS)


def write_form_summary(wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any]) -> list[int]:
    """Fill `ws` with the summary of the project forms of `result`; return the page breaks."""
    g = Grid(ws, f, list(WIDTHS))
    s = SummaryWriter(wb, g)
    forms = result.forms
    name = forms[0].project if len(forms) == 1 else f"{len(forms)} 个项目"
    g.line([(f"{name or '（未填项目名称）'} 项目自评审核汇总", "title", FULL)], TITLE_PT)
    for note in round_notes(result):
        g.line([(note, "note", FULL)])
    if not forms:
        s.heading("未能按项目支出绩效自评表读取（见“审核结果”）")
    for i, form in enumerate(forms, start=1):
        _form(s, result, form, f"（{i}）" if len(forms) > 1 else "")
    from .link_lines import links_section

    links_section(s, result, "与同批次其他文件的核对")
    return g.finish()


def _gap(stated: float | None, computed: float | None) -> float | None:
    return None if stated is None or computed is None else round(stated - computed, 2)


def _form(s: SummaryWriter, result: WorkbookResult, form: FormFigures, number: str) -> None:
    g = s.g
    counts = count_by_severity([x for x in result.findings if x.sheet in (form.sheet, "")])
    top = s.heading(f"{number}一、审核结论")
    for label, value in (
        ("项目名称", form.project),
        ("主管部门", form.department),
        ("实施单位", form.implementer),
        ("年度", form.year),
        ("版式", form.family_title),
        ("评分规则", form.profile_title),
        ("工作表", form.sheet),  # last: below the rows where a form's title is looked for
    ):
        g.line([(label, "head", 1), (value, "year" if label == "年度" else "body", FULL - 1)])
    g.space(GAP_PT)
    s.verdict(
        ("总分", form.total_stated, form.total_computed, "差额为正：自评高于按规则计算的得分"),
        (form.grade_stated, form.grade_computed),
        counts,
    )
    g.keep(top, g.row - 1)
    top = s.heading(f"二、项目资金（{form.unit}）")
    s.table(
        [
            (t, 1)
            for t in (
                "资金",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "执行率(%) 填报",
                "执行率(%) 计算",
                "说明",
            )
        ],
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
        ("body", "money", "money", "money", "pct", "pct", "body"),
    )
    s.table(
        [(t, 1) for t in ("执行率得分", "分值", "自评", "计算", "差额")] + [("计算式", 2)],
        [
            (
                "执行率得分",
                form.exec_weight,
                form.exec_score_stated,
                form.exec_score_computed,
                _gap(form.exec_score_stated, form.exec_score_computed),
                form.exec_formula,
            )
        ],
        ("body", "pct", "pct", "pct", "pct", "body"),
    )
    g.keep(top, g.row - 1)
    if not form.indicators:
        return
    top = s.heading(f"{number}三、绩效指标得分（自评与计算）")
    first, last = s.table(
        [(t, 1) for t in ("三级指标", "分值", "自评得分", "计算得分", "差额")] + [("计算式", 2)],
        [
            (
                i.name,
                i.weight,
                i.stated,
                i.computed,
                _gap(i.stated, i.computed),
                "不适用" if i.not_applicable else i.formula,
            )
            for i in form.indicators
        ],
        ("body", "pct", "pct", "pct", "pct", "body"),
    )
    g.keep(top, min(first + 2, last))
    g.keep(top, last)
    scores = [v for i in form.indicators for v in (i.weight, i.stated, i.computed)]
    s.bars(
        "指标得分：自评与计算",
        first,
        last,
        [(2, STATED), (3, COMPUTED)],
        {"name": "得分", **axis_bounds(scores, 10)},
        PAIR_PX,
    )
