"""What every block reader of a form sheet shares: the sheet's grid, its labels, the cell reader,
the layout data, and the 读取说明 being written as the blocks are found."""

from __future__ import annotations

from dataclasses import dataclass

from ..form_model import Printed
from ..form_schema import form_label, printed_weight
from ..layouts import Layouts
from ..model import Cell, Row
from ..reading import ColumnRead, Reading
from ..refs import column_index, column_letter
from ..schema import Kind, TableSpec
from .form_cells import FormCells, Labels
from .header_bands import Band
from .xlsx_package import Grid

#: Each column key's meaning as 读取说明 says it (the national form's headers).
MEANINGS = {
    "budget_initial": "年初预算数",
    "budget_final": "全年预算数",
    "actual": "全年执行数",
    "weight": "分值",
    "exec_rate": "执行率",
    "score": "得分",
    "reason": "原因说明",
    "item": "资金项目",
    "label": "资金项目",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "nature": "指标性质",
    "operator": "计算符号",
    "target": "年度指标值",
    "target_adjusted": "调整指标值",
    "target_initial": "年初指标值",
    "unit": "计量单位",
    "coefficient": "得分系数",
    "deviation": "偏差原因分析及改进措施",
    "core": "是否核心指标",
    "criteria": "评分标准",
}


#: A block's own title, printed beside its header (not a column of figures).
BLOCK_TITLES = frozenset({"绩效指标", "项目资金", "资金情况", "年度总体目标", "项目权重"})


@dataclass
class FormSheet:
    sheet: str
    grid: Grid
    labels: Labels
    cells: FormCells
    layouts: Layouts
    reading: Reading

    def columns_read(
        self,
        band: Band,
        names: dict[str, str] | None = None,
        columns: dict[str, int] | None = None,
    ) -> list[ColumnRead]:
        """Each labelled column of a header: its label as printed and its meaning (or none);
        `columns` is the reader's own map when it differs from the header's (key → column)."""
        meaning = {col: key for key, col in (columns or band.columns).items()}
        out = []
        for col in sorted(band.labels):
            printed = band.labels[col]
            key = meaning.get(col)
            if col in band.ignored:
                what = "（财政部门填写，不读取）"
            elif key is None and form_label(printed) in BLOCK_TITLES:
                what = block_name(printed)
            elif key is None:
                what = ""
            else:
                what = (names or {}).get(key) or MEANINGS.get(key, key)
            out.append(ColumnRead(column_letter(col), printed, what))
        return out

    def row(
        self,
        r: int,
        spec: TableSpec,
        columns: dict[str, int],
        printed: dict[str, str],
        fractions: frozenset[str] = frozenset(),
        kinds: dict[str, Kind] | None = None,
    ) -> Row:
        """Row `r` of a block: each column found (key → column) parsed as `spec` (or `kinds`)
        types it and named as the form prints it; a key neither knows was set by the reader
        for itself and is not read here. A bare number ≤ 1.5 in a `fractions` column is a
        fraction."""
        known = {c.key for c in spec.columns}
        found: dict[str, Cell | float | str] = {}
        for key, col in columns.items():
            if key not in known and key not in (kinds or {}):
                continue
            column = spec.column(key) if key in known else None
            kind = (kinds or {}).get(key) or (column.kind if column else Kind.TEXT)
            header = printed.get(key, column.header if column else key)
            cell = self.cells.parse(r, col, kind, header, key in fractions)
            if cell is not None:
                found[key] = cell
        return Row(self.sheet, r, found, columns, spec.name, headers=printed)

    def printed_weight(self, first: int, last: int, before: int) -> Printed | None:
        """A weight printed in a block's own label, left of its columns (绩效指标(90分),
        预算执行情况(10分)), within rows first..last."""
        for (r, c), raw in self.labels.raw.items():
            beside = first <= r <= last or self.grid.anchor(first, c) == (r, c)  # merged down
            if beside and c < before:
                weight = printed_weight(raw)
                if weight is not None:
                    cell = Cell(self.sheet, r, c, raw, raw)
                    return Printed(self.labels.cells[(r, c)], weight, cell)
        return None


def block_name(printed: str) -> str:
    """What a label left of a block's columns is: the block's name (项目资金（万元）, 绩效指标,
    预算执行情况(10分)), with the weight it prints."""
    weight = printed_weight(printed)
    return f"（栏目标题，分值 {weight:g}）" if weight is not None else "（栏目标题）"


def named_left(read: list[ColumnRead], first: int) -> list[ColumnRead]:
    """Labels left of a block's first column name the block (they are read, not misunderstood)."""
    for c in read:
        if column_index(c.column) < first and not c.meaning:
            c.meaning = block_name(c.printed)
    return read


def row_ranges(what: str, rows: int, first: int, last: int | None) -> str:
    """指标 7 行（第 13–26 行）: the rows read, from the first after the header to the last item."""
    if not rows or last is None:
        return f"没有读到{what}行"
    return f"{what} {rows} 行（第 {first}–{last} 行）"


def total_read(label: Cell | None, weight: Cell | None, score: Cell | None) -> list[str]:
    """第 27 行「总分」：总分（分值 G27，得分 H27）: where the closing total was read."""
    if label is None:
        return []
    parts = [f"{name} {c.ref}" for name, c in (("分值", weight), ("得分", score)) if c is not None]
    said = f"（{'，'.join(parts)}）" if parts else ""
    return [f"第 {label.row} 行「{label.text.strip()}」：总分{said}"]
