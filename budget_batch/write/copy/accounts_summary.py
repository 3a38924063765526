"""The 汇总 of an annotated 部门决算 (SUMMARIES["final_accounts"]): the findings by severity, the
standard tables found, its key figures and a line per figure compared with the 自评 of the same
department and year, laid out on the same `Grid` as the template's 汇总 (A4 pages)."""

from __future__ import annotations

from typing import Any

from ...accounts_schema import TABLE_IDS, TITLES
from ...result import WorkbookResult
from ..sheet_grid import Grid
from .summary_sheet import GAP_PT, TITLE_PT, WIDTHS, SummaryWriter, links_section, round_notes

FULL = len(WIDTHS)
#: The key figures of a 决算 (accounts_figures names) as its 汇总 lists them.
KEY_FIGURES = (
    ("T1.income_total", "本年收入合计"),
    ("T1.spending_total", "本年支出合计"),
    ("T3.total.basic", "基本支出"),
    ("T3.total.project", "项目支出"),
    ("T6.staff_total", "人员经费（一般公共预算）"),
    ("T6.office_total", "公用经费（一般公共预算）"),
    ("T7.total.budget", "“三公”经费预算数"),
    ("T7.total.actual", "“三公”经费决算数"),
    ("T1.carry_in", "年初结转和结余"),
    ("T1.carry_out", "年末结转和结余"),
)


def write_accounts_summary(
    wb: Any, ws: Any, result: WorkbookResult, f: dict[str, Any]
) -> list[int]:
    """Fill `ws` with the summary of the 部门决算 `result`; return the page breaks."""
    g = Grid(ws, f, list(WIDTHS))
    s = SummaryWriter(wb, g)
    year = f"{result.year} 年 " if result.year is not None else ""
    department = result.department or "（未能识别部门名称）"
    g.line([(f"{department} {year}部门决算 审核汇总", "title", FULL)], TITLE_PT)
    for note in round_notes(result):
        g.line([(note, "note", FULL)])
    g.space(GAP_PT)
    g.line([("部门", "head", 1), (department, "body", FULL - 1)])
    g.line([("年度", "head", 1), (result.year, "year", FULL - 1)])
    counts = result.counts
    top = s.heading("一、审核结论")
    s.counts(counts)
    g.keep(top, g.row - 1)
    top = s.heading("二、识别的标准表（按表名识别）")
    s.table(
        (("表", 2), ("工作表", 2), ("情况", 3)),
        [(TITLES[t], *_table_state(result, t)) for t in TABLE_IDS],
        ("body", "body", "body"),
    )
    g.keep(top, g.row - 1)
    figures = [(label, result.stated.get(name)) for name, label in KEY_FIGURES]
    shown = [(label, st) for label, st in figures if st is not None]
    if shown:
        unit = shown[0][1].unit if shown[0][1] is not None else "万元"
        top = s.heading(f"三、主要数字（{unit}）")
        s.table(
            (("项目", 2), ("决算数", 1), ("所在位置", 4)),
            [(label, st.value, f"{st.sheet}!{st.cell}") for label, st in shown if st is not None],
            ("body", "money", "body"),
        )
        g.keep(top, g.row - 1)
    links_section(s, result, "四、与同一部门同一年度自评的核对")
    return g.finish()


def _table_state(result: WorkbookResult, table_id: str) -> tuple[str, str]:
    present = result.stated.get(f"表.{table_id}")
    if present is not None:
        return present.sheet, "有数据" if present.value else "无数据"
    note = result.stated.get(f"说明.{table_id}")
    if note is not None:
        return note.sheet, f"未列表，有说明（{note.sheet}!{note.cell}）"
    return "", "缺（本文件中没有该表）"
