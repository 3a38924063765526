"""The lines a 汇总 gains for its document's links to the other documents of the batch (a 自评
and its 部门决算, last year's workbook …): a line per linked figure — this document's figure,
the other's, the difference, where the other is, agrees or differs (final-accounts.md,
"Outputs")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...result import WorkbookResult

if TYPE_CHECKING:
    from .summary_sheet import SummaryWriter

LINK_KINDS = {
    "final_accounts": "部门决算",
    "department": "部门整体自评表",
    "department_form": "部门整体支出绩效自评表",
    "project_form": "项目支出绩效自评表",
    "prior_year": "上一年度自评表",
}
VERDICTS = {"error": "不一致", "warning": "不一致（警告）", "info": "超出（提示）"}


def links_section(s: SummaryWriter, result: WorkbookResult, title: str) -> None:
    """A heading and a line per link (in 万元, as compared); nothing when it has none."""
    if not result.links:
        return
    top = s.heading(f"{title}（万元）")
    rows = []
    for link in result.links:
        gap = (
            round(link.value - link.other_value, 2)
            if link.value is not None and link.other_value is not None
            else None
        )
        where = f"{Path(link.other_file).name} {link.other_sheet}!{link.other_cell}"
        other = f"{LINK_KINDS.get(link.kind, '')} {where}".strip()
        verdict = "一致" if link.agrees else VERDICTS.get(link.severity, "不一致")
        rows.append((link.label or link.figure, link.value, link.other_value, gap, verdict, other))
    first, last = s.table(
        (
            ("本表数字", 2),
            ("本表", 1),
            ("对方", 1),
            ("差额", 1),
            ("结论", 1),
            ("对方文件与单元格", 1),
        ),
        rows,
        ("body", "money", "money", "money", "body", "body"),
    )
    s.g.keep(top, min(first + 2, last))
