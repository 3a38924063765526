"""The lines a 汇总 gains for its document's links to the other documents of the batch (a 自评
and its 部门决算, last year's workbook …): a line per linked figure — this document's figure,
the other's, the difference, where the other is, agrees or differs (final-accounts.md,
"Outputs"). `summary_sheet.links_section` draws them."""

from __future__ import annotations

from pathlib import Path

from ...result import WorkbookResult

LINK_KINDS = {
    "final_accounts": "部门决算",
    "department": "部门整体自评表",
    "department_form": "部门整体支出绩效自评表",
    "project_form": "项目支出绩效自评表",
    "prior_year": "上一年度自评表",
}
VERDICTS = {"error": "不一致", "warning": "不一致（警告）", "info": "超出（提示）"}


#: The columns of the lines (header, width in the 汇总's columns) and each one's style.
LINK_COLUMNS = (
    ("本表数字", 2),
    ("本表", 1),
    ("对方", 1),
    ("差额", 1),
    ("结论", 1),
    ("对方文件与单元格", 1),
)
LINK_STYLES = ("body", "money", "money", "money", "body", "body")


def link_rows(result: WorkbookResult) -> list[tuple[object, ...]]:
    """A line per link (in 万元, as compared)."""
    rows: list[tuple[object, ...]] = []
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
    return rows
