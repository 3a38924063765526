"""批量汇总's `决算核对`: one row per department whose 部门决算 is in the batch — its 自评 and 决算
files, each linked figure side by side (自评 | 决算 | 差额), each figure linked to its cell in
both annotated copies, the rows with errors first; a 决算 matched to no 自评 is said once, on its
row (final-accounts.md, "Outputs")."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...checks.accounts_join import AccountsSet, accounts_sets
from ...checks.accounts_links import SELF_KINDS, matches
from ...links import Link
from ...result import Report, WorkbookResult
from ..print_setup import a4
from ..text_fit import line_height, row_height
from ..text_safety import clean
from .batch_cells import SIZE, Formats, put

SHEET = "决算核对"
#: The figures shown side by side (决算 figure name → column title); the rest are listed.
FIGURES = (
    (("T1.income_total",), "本年收入合计"),
    (("T1.spending_total",), "本年支出合计"),
    (("T3.total.basic",), "基本支出"),
    (("T3.total.project",), "项目支出"),
    (("T6.staff_total",), "人员经费"),
    (("T6.office_total",), "公用经费"),
    (("T7.total.actual",), "“三公”经费"),
    (("T1.carry_out",), "年末结转和结余"),
)
LEAD = ("部门", "年度", "错误", "警告", "自评文件", "决算文件")
UNMATCHED = "未找到同一部门、同一年度的自评（按部门名称和年度匹配，不作猜测），未核对。"


@dataclass
class Line:
    accounts: AccountsSet
    selves: list[WorkbookResult]
    links: list[tuple[WorkbookResult, Link]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for _, k in self.links if not k.agrees and k.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for _, k in self.links if not k.agrees and k.severity == "warning")


def lines(report: Report) -> list[Line]:
    """Each 决算 of the batch with its 自评 and its links to them, errors first."""
    selves = [r for r in report.workbooks if r.kind in SELF_KINDS and r.status == "checked"]
    found = []
    for s in accounts_sets(report.workbooks):
        line = Line(s, matches(s, selves))
        files = {r.file for r in line.selves}
        for r in s.results:
            line.links.extend((r, k) for k in r.links if k.other_file in files)
        found.append(line)
    return sorted(found, key=lambda x: (-x.errors, -x.warnings, x.accounts.department))


def accounts_sheet(wb: Any, fm: Formats, report: Report, base: Path) -> None:
    """决算核对, when the batch holds a 部门决算."""
    found = lines(report)
    if not found:
        return
    ws = wb.add_worksheet(SHEET)
    f = fm.f
    heads = [
        *LEAD,
        *(f"{t}\n{w}" for _, t in FIGURES for w in ("自评", "决算", "差额")),
        "其他不一致",
        "说明",
    ]
    widths = [22, 6, 5, 5, 24, 24, *([10] * 3 * len(FIGURES)), 40, 36]
    last = len(heads) - 1
    ws.merge_range(0, 0, 0, 11, f"决算核对（{len(found)} 份部门决算）", f["title"])
    ws.set_row(0, line_height(14) + 4)
    text = (
        "每个部门一行：自评（部门整体自评表等）与同一部门同一年度的部门决算中应当相同的数字并列，"
        "差额 = 自评 − 决算（万元）；点数字打开对应审核副本中的单元格。有错误的部门排在前面。"
    )
    ws.merge_range(1, 0, 1, 11, text, f["plain"])
    ws.set_row(1, row_height([(text, 120)], SIZE))
    top = 3
    for c, (title, width) in enumerate(zip(heads, widths, strict=True)):
        ws.write_string(top, c, title, f["head"])
        ws.set_column(c, c, width)
    ws.set_row(top, line_height(SIZE) * 2 + 4)
    outputs = {r.file: r.output for r in report.workbooks}
    for r, line in enumerate(found, start=top + 1):
        _row(ws, fm, r, line, outputs, base)
    ws.freeze_panes(top + 1, 1)
    ws.autofilter(top, 0, top + len(found), last)
    a4(ws, landscape=True, fit=(2, 0), repeat_rows=(top, top), repeat_columns=(0, 0))


def _row(
    ws: Any, fm: Formats, r: int, line: Line, outputs: dict[str, str | None], base: Path
) -> None:
    f = fm.f
    s = line.accounts
    names = "、".join(dict.fromkeys(Path(x.file).name for x in line.selves))
    put(ws, r, 0, s.department or "（未能识别部门名称）", f["body"])
    put(ws, r, 1, s.year, fm.number("year"))
    put(ws, r, 2, line.errors, f["int"])
    put(ws, r, 3, line.warnings, f["int"])
    put(ws, r, 4, names or None, f["body"])
    put(ws, r, 5, "、".join(Path(x).name for x in s.files), f["body"])
    by_figure = {k.figure: (res, k) for res, k in line.links}
    shown: set[str] = set()
    for i, (keys, _) in enumerate(FIGURES):
        c = len(LEAD) + 3 * i
        hit = next((by_figure[k] for k in keys if k in by_figure), None)
        if hit is None:
            continue
        res, link = hit
        shown.add(link.figure)
        _linked(
            ws,
            r,
            c,
            link.other_value,
            outputs.get(link.other_file),
            link.other_sheet,
            link.other_cell,
            fm,
            base,
        )
        _linked(ws, r, c + 1, link.value, outputs.get(res.file), link.sheet, link.cell, fm, base)
        gap = (
            None
            if link.value is None or link.other_value is None
            else round(link.other_value - link.value, 2)
        )
        put(ws, r, c + 2, gap, fm.severity(link.severity) if not link.agrees else f["num"])
    others = [
        f"{k.other_label} {k.other_value:,.2f} ≠ {k.label} {k.value:,.2f}"
        for _, k in line.links
        if not k.agrees
        and k.figure not in shown
        and k.value is not None
        and k.other_value is not None
    ]
    texts = "；".join(others)
    put(ws, r, len(LEAD) + 3 * len(FIGURES), texts or None, f["body"])
    note = UNMATCHED if not line.selves else None
    put(ws, r, len(LEAD) + 3 * len(FIGURES) + 1, note, f["note"] if note else f["body"])
    ws.set_row(r, row_height([(texts, 40), (note or "", 36), (names, 24)], SIZE))


def _linked(
    ws: Any,
    r: int,
    c: int,
    value: float | None,
    output: str | None,
    sheet: str,
    cell: str,
    fm: Formats,
    base: Path,
) -> None:
    """The figure, linked to its cell in its annotated copy (a text cell: a link shows text)."""
    if value is None:
        return
    shown = f"{value:,.2f}"
    if output is None:
        put(ws, r, c, value, fm.f["num"])
        return
    target = os.path.relpath(output, base)
    place = f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell}"
    if "#" in target:
        put(ws, r, c, value, fm.f["num"])
        return
    ws.write_url(r, c, f"external:{target}#{place}", fm.f["link"], clean(shown))
