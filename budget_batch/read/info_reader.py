"""The 基本信息 sheet: labels in column A, values in column B, found by label in any row."""

from __future__ import annotations

from .. import catalogue as C
from ..findings import Finding
from ..model import Info
from ..schema import INFO, normalize_header
from .cell_parsing import CellParser, as_text
from .xlsx_package import Grid, RawCell

INFO_SEARCH_ROWS = 200


def read_info(grid: Grid, name: str, parser: CellParser) -> Info:
    """Read 基本信息; 金额单位 first, since amounts everywhere are read against it."""
    findings = parser.findings
    by_label = {normalize_header(f.label): f for f in INFO.fields}
    found: dict[str, tuple[int, RawCell | None]] = {}
    for row in range(1, min(grid.max_row, INFO_SEARCH_ROWS) + 1):
        label = grid.cell(row, 1, formats=False)
        spec = by_label.get(normalize_header(as_text(label.value))) if label else None
        if spec and spec.key not in found:
            found[spec.key] = (row, grid.cell(row, 2))
    info = Info(sheet=name)
    for spec in sorted(INFO.fields, key=lambda f: f.key != "unit"):
        if spec.key not in found:
            if spec.required:
                findings.append(
                    C.REQUIRED_EMPTY.finding(
                        name,
                        "",
                        f"基本信息中缺少必填项「{spec.label}」这一行。请在 A 列添加“{spec.label}”，在 B 列填写。",
                    )
                )
            continue
        row, raw = found[spec.key]
        seen = len(findings)
        cell = parser.parse(
            name, row, 2, raw, spec.kind, spec.label, spec.choices, spec.strict, spec.required
        )
        info.cells[spec.key] = cell
        if spec.required and cell.value is None and len(findings) == seen:
            findings.append(_required_empty(name, cell.ref, spec.label))
        if spec.key == "unit" and cell.text in ("万元", "元"):
            parser.money_unit = cell.text
    return info


def _required_empty(sheet: str, ref: str, label: str) -> Finding:
    return C.REQUIRED_EMPTY.finding(sheet, ref, f"必填项「{label}」为空。请填写。")
