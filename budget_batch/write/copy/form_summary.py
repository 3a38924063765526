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

from ...findings import count_by_severity
from ...result import FormFigures, WorkbookResult
from ..sheet_grid import Grid
from .summary_sheet import (
    GAP_PT,
    TITLE_PT,
    SummaryWriter,
    links_section,
    round_notes,
)

WIDTHS = (28, 12, 12, 12, 14, 14, 40)
FULL = len(WIDTHS)


def write_form_summary(wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any]) -> list[int]:
    """Fill `ws` with the summary of the project forms of `result`; return the page breaks."""
    g = Grid(ws, f, list(WIDTHS))
    s = SummaryWriter(wb, g)
    forms = result.forms
    if len(forms) == 1 and forms[0].kind_title != "项目支出绩效自评表":
        only = forms[0]
        what = "部门整体支出绩效自评" if only.kind_title.startswith("部门整体") else "评分表"
        title = f"{only.department or only.project or '（未填部门名称）'} {what}审核汇总"
    else:
        name = forms[0].project if len(forms) == 1 else f"{len(forms)} 个项目"
        title = f"{name or '（未填项目名称）'} 项目自评审核汇总"
    g.line([(title, "title", FULL)], TITLE_PT)
    for note in round_notes(result):
        g.line([(note, "note", FULL)])
    if not forms:
        s.heading("未能按项目支出绩效自评表读取（见“审核结果”）")
    for i, form in enumerate(forms, start=1):
        _form(s, result, form, f"（{i}）" if len(forms) > 1 else "")
    links_section(s, result, "与同批次其他文件的核对")
    return g.finish()


def _gap(stated: float | None, computed: float | None) -> float | None:
    return None if stated is None or computed is None else round(stated - computed, 2)


def _reading(s: SummaryWriter, form: FormFigures, number: str) -> None:
    """读取说明: what was recognised and how each block was read — each column's label as the
    form prints it and what it was read as — so that a reviewer sees at a glance whether the tool
    read the form right (forms.md, "Show how the form was read")."""
    reading = form.reading
    if reading is None:
        return
    g = s.g
    top = s.heading(f"{number}读取说明（本工具如何读取这张表）")
    said = f"识别为{reading.kind}" + (f"（标题“{reading.title}”）" if reading.title else "")
    g.line([("工作表", "head", 1), (f"「{reading.sheet}」：{said}", "body", FULL - 1)])
    if reading.fields:
        g.line([("表头字段", "head", 1), ("；".join(reading.fields), "body", FULL - 1)])
    g.keep(top, g.row - 1)
    for block in reading.blocks:
        top = g.line([(f"{block.name}（{block.cells}）", "head", FULL)])
        s.table(
            [("列", 1), ("表中栏目", 2), ("读取为", 4)],
            [
                (c.column, c.printed, c.meaning or "未识别，未读取（不参与核对）")
                for c in block.columns
            ],
            ("body", "body", "body"),
        )
        for text in block.rows:
            g.line([("", "body", 1), (text, "body", FULL - 1)])
        g.keep(top, g.row - 1)
    for label, texts in (("假定", reading.assumed), ("未识别", reading.unread)):
        for text in texts:
            g.line([(label, "head", 1), (text, "body", FULL - 1)])
    g.space(GAP_PT)


def _form(s: SummaryWriter, result: WorkbookResult, form: FormFigures, number: str) -> None:
    g = s.g
    counts = count_by_severity([x for x in result.findings if x.sheet in (form.sheet, "")])
    _reading(s, form, number)
    top = s.heading(f"{number}一、审核结论")
    name = "评分表" if form.kind_title == "评分表" else "项目名称"
    for label, value in (
        (name, form.project),
        ("主管部门", form.department),
        ("实施单位", form.implementer),
        ("年度", form.year),
        ("识别为", form.kind_title),
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
    if not form.funds:
        _indicators(s, form, number)
        return
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
    _indicators(s, form, number)


def _indicators(s: SummaryWriter, form: FormFigures, number: str) -> None:
    g = s.g
    if not form.indicators:
        return
    what = "评分项目得分" if form.kind_title == "评分表" else "绩效指标得分（自评与计算）"
    top = s.heading(f"{number}三、{what}")
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
    s.score_bars(
        first, last, [v for i in form.indicators for v in (i.weight, i.stated, i.computed)]
    )
