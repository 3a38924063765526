"""The two tables of a project form, found by their header rows' labels: the 项目资金 block
(年度资金总额 and its parts) and the 绩效指标 block (one row per indicator, up to 总分 / 合计).

Columns are mapped through the alias tables of form_schema.py; rows are read until the block
ends (a label of another block, the closing row, the end of the sheet). 一级 / 二级指标 merged
down their rows (or printed once and left blank below) carry over; `(50分)` in a 一级指标 is its
printed weight; `指标1：` is numbering; unused template rows (指标2：, ……, nothing filled) are
skipped; an operator comes from 计算符号 / 指标性质 (per row: an operator there, or 定量 / 定性),
from the value (≥95%), or by default (≥, and ≤ on a 成本指标 row: said with NUMBER_NORMALIZED).
"""

from __future__ import annotations

from .. import catalogue as C
from ..form_model import Printed, ProjectForm
from ..form_schema import (
    ANCHORS,
    CLOSING_LABELS,
    FIELD_LABELS,
    FORM_TOTAL_LABELS,
    FUND_HEADERS,
    FUND_TOTAL_LABELS,
    FUNDS,
    INDEX_PREFIX,
    INDICATOR_HEADERS,
    INDICATORS,
    KINDS,
    LEVEL1_ALIASES,
    PLACEHOLDER,
    aliases,
    form_label,
    printed_weight,
)
from ..model import Cell, Row, Stored, Table
from ..schema import CHOICE_ALIASES, TableSpec
from .form_cells import FormCells, Labels
from .indicator_values import parse_value

FUND_KEYS = aliases(FUND_HEADERS)
INDICATOR_KEYS = aliases(INDICATOR_HEADERS)
FIELDS = aliases(FIELD_LABELS)
FUND_TOTALS = frozenset(form_label(x) for x in FUND_TOTAL_LABELS)
FORM_TOTALS = frozenset(form_label(x) for x in FORM_TOTAL_LABELS)
CLOSING = frozenset(form_label(label) for label in CLOSING_LABELS)
#: Labels that are never a field's value (a value cell holding one is the next label), and that
#: end the money block when they appear in its label column.
KNOWN = frozenset({*FIELDS, *FUND_KEYS, *INDICATOR_KEYS, *FORM_TOTALS})
BLOCK_LABELS = frozenset({"年度总体目标", "绩效指标", "项目基本情况", "年度绩效目标"})
FRACTIONS = frozenset({"exec_rate", "coefficient"})  # a bare number ≤ 1.5 here is a fraction
MAX_FUND_ROWS = 12
VALUE_KEYS = ("target", "target_adjusted", "actual", "weight", "score", "coefficient")
OPERATORS = ("≥", "≤", "=")


def _header(
    labels: Labels, keys: dict[str, str], row: int
) -> tuple[dict[str, int], dict[str, str]]:
    """Column key → column, and key → the label as printed, for a header row."""
    columns: dict[str, int] = {}
    printed: dict[str, str] = {}
    for c, label in sorted(labels.row(row).items()):
        key = keys.get(label)
        if key is not None and key not in columns:
            columns[key] = c
            printed[key] = "".join(labels.raw[(row, c)].split())
    return columns, printed


def read_funds(form: ProjectForm, labels: Labels, cells: FormCells, missing: list[str]) -> int:
    """The 项目资金 block; returns its last row (0 when not found)."""
    header = next(
        (
            r
            for r in sorted(labels.rows)
            if (keys := set(_header(labels, FUND_KEYS, r)[0])) >= {"actual"}
            and keys & {"budget_final", "budget_initial"}
        ),
        None,
    )
    if header is None:
        missing.append(ANCHORS["funds"])
        return 0
    columns, printed = _header(labels, FUND_KEYS, header)
    if "budget_final" not in columns:  # a layout with one budget (年初预算数(A), 执行率 B/A)
        columns["budget_final"] = columns.pop("budget_initial")
        printed["budget_final"] = printed.pop("budget_initial")
    first = min(columns.values())
    total_at = next(
        (
            (r, c)
            for (r, c), label in labels.cells.items()
            if header < r <= header + MAX_FUND_ROWS and c < first and label in FUND_TOTALS
        ),
        None,
    )
    if total_at is None:
        missing.append(ANCHORS["fund_total"])
        return header
    total_row, label_col = total_at
    columns["item"] = label_col
    printed["item"] = "资金"
    table = Table(FUNDS, form.sheet, header, columns)
    last = total_row
    for r in range(total_row, min(total_row + MAX_FUND_ROWS, cells.grid.max_row) + 1):
        label = labels.cells.get((r, label_col), "")
        if r > total_row and (not label or _ends_funds(label)):
            break
        row = _row(FUNDS, form.sheet, r, columns, printed, cells)
        (table.totals if r == total_row else table.rows).append(row)
        last = r
    form.funds = table
    _block_weight(form, labels, "funds", header, last, label_col)
    return last


def _ends_funds(label: str) -> bool:
    """A label of another block (年度总体目标, 绩效指标, 一级指标 …) ends the money block."""
    return label in KNOWN or label in BLOCK_LABELS


def _row(
    spec: TableSpec,
    sheet: str,
    r: int,
    columns: dict[str, int],
    printed: dict[str, str],
    cells: FormCells,
) -> Row:
    found: dict[str, Stored] = {}
    known = {c.key for c in spec.columns}
    for key, col in columns.items():
        if key not in known:
            continue  # set by the reader (年初指标值 beside 调整指标值)
        column = spec.column(key)
        cell = cells.parse(r, col, column.kind, printed.get(key, column.header), key in FRACTIONS)
        if cell is not None:
            found[key] = cell
    return Row(sheet, r, found, columns, spec.name, headers=printed)


def _block_weight(
    form: ProjectForm, labels: Labels, block: str, first: int, last: int, before: int
) -> None:
    """A weight printed in the block's own label: 预算执行情况(10分), 绩效指标(90分)."""
    for (r, c), raw in labels.raw.items():
        if first <= r <= last and c < before:
            weight = printed_weight(raw)
            if weight is not None:
                cell = Cell(form.sheet, r, c, raw, raw)
                form.block_weights[block] = Printed(labels.cells[(r, c)], weight, cell)
                return


def read_indicators(
    form: ProjectForm, labels: Labels, cells: FormCells, missing: list[str], after: int
) -> None:
    """The 绩效指标 block and the closing 总分 / 合计 row."""
    header = None
    partial: dict[str, int] = {}
    for r in sorted(r for r in labels.rows if r > after):
        columns, printed = _two_rows(labels, cells, r)
        if "level3" in columns:
            if {"weight", "score"} <= columns.keys():
                header = r
                break
            partial = partial or columns
    if header is None:
        names = [
            h for k, h in (("weight", "分值"), ("score", "得分")) if partial and k not in partial
        ]
        missing.append("、".join(names) if names else ANCHORS["indicators"])
        return
    if "target_adjusted" in columns:
        columns["target_initial"] = columns.get("target", columns["target_adjusted"])
        printed["target_initial"] = printed.get("target", "年初指标值")
    table = Table(INDICATORS, form.sheet, header, columns)
    level1 = level2 = ""
    for r in range(header + 1, cells.grid.max_row + 1):
        row_labels = labels.row(r)
        if any(label in FORM_TOTALS for label in row_labels.values()):
            _closing(form, labels, cells, r, columns)
            break
        if any(_closes(label) for label in row_labels.values()):
            break
        if cells.grid.anchor(r, columns["level3"])[0] == header:
            continue  # the header's second row (merged down)
        l1 = _level(form, cells, r, columns.get("level1"), first=True)
        l2 = _level(form, cells, r, columns.get("level2"), first=False)
        if l1 and l1 != level1:
            level1, level2 = l1, ""
        level2 = l2 or level2
        row = _indicator(form, cells, r, columns, printed, level1, level2)
        if row is not None:
            table.rows.append(row)
    form.indicators = table
    _block_weight(
        form,
        labels,
        "indicators",
        header,
        max([header, *(x.index for x in table.rows)]),
        min(columns.values()),
    )


def _two_rows(labels: Labels, cells: FormCells, r: int) -> tuple[dict[str, int], dict[str, str]]:
    """The indicator header at row r, with the row below when the header stands over two rows
    (三级指标 merged down beside 指标值 over 年初指标值 | 调整指标值, or 评分 over 分值 | 得分)."""
    columns, printed = _header(labels, INDICATOR_KEYS, r)
    if "level3" in columns and cells.grid.anchor(r + 1, columns["level3"])[0] == r:
        more, more_printed = _header(labels, INDICATOR_KEYS, r + 1)
        columns.update(more)
        printed.update(more_printed)
    return columns, printed


def _closes(label: str) -> bool:
    return label in CLOSING or label == "项目名称"


def _level(form: ProjectForm, cells: FormCells, r: int, col: int | None, first: bool) -> str:
    """一级 / 二级指标 of row r: its merged or printed label; a 一级指标's `(50分)` is noted as
    its printed weight (once per merged range)."""
    if col is None:
        return ""
    text = cells.text(r, col)
    if not text:
        return ""
    name = form_label(text)
    if not first:
        return name
    name = LEVEL1_ALIASES.get(name, name)
    weight = printed_weight(text)
    at = Cell(form.sheet, *cells.grid.anchor(r, col), text, text)
    if weight is not None and all(p.cell.ref != at.ref for p in form.level1_weights):
        form.level1_weights.append(Printed(name, weight, at))
    return name


def _indicator(
    form: ProjectForm,
    cells: FormCells,
    r: int,
    columns: dict[str, int],
    printed: dict[str, str],
    level1: str,
    level2: str,
) -> Row | None:
    row = _row(INDICATORS, form.sheet, r, columns, printed, cells)
    name = INDEX_PREFIX.sub("", form_label(row.text("level3")))
    filled = any(row.cell(k) is not None for k in VALUE_KEYS)
    if (not name or PLACEHOLDER.match(name)) and not filled:
        return None  # an unused template row
    if not filled and not row.text("level3"):
        return None
    found = row.cells
    col3 = columns["level3"]
    raw3 = c.raw if (c := row.cell("level3")) is not None else None
    found["level3"] = Cell(
        form.sheet, r, col3, name if name and not PLACEHOLDER.match(name) else None, raw3
    )
    found["level1"] = Cell(form.sheet, r, columns.get("level1", col3), level1 or None, level1)
    found["level2"] = Cell(form.sheet, r, columns.get("level2", col3), level2 or None, level2)
    if "target_adjusted" in found:
        found["target_initial"] = found.get("target") or Cell(
            form.sheet, r, columns["target_initial"]
        )
        found["target"] = found["target_adjusted"]
    _operator(form, cells, row, columns)
    return row


def _operator(form: ProjectForm, cells: FormCells, row: Row, columns: dict[str, int]) -> None:
    """The row's operator, kept under "operator" at the cell it was read from (its `raw` is the
    column's text when 计算符号 / 指标性质 said it, None when the value or the default did), and
    its kind (定量 / 定性 from 指标性质) under "nature"."""
    said, where, stated = "", columns.get("target", columns["level3"]), None
    for key in ("operator", "nature"):
        text = "".join(row.text(key).split())
        text = CHOICE_ALIASES.get(text, text)
        if text in (*OPERATORS, "定性") and not said:
            said, where, stated = text, columns[key], row.text(key)
        if key == "nature":
            row.cells.pop("nature", None)
            if text in KINDS:
                row.cells["nature"] = Cell(form.sheet, row.index, columns["nature"], text, text)
    target = parse_value(row.cell("target"))
    if not said and target is not None:
        said = target.operator or _default(form, cells, row, target.number is not None)
        if not said:
            said = (
                "≤" if target.day is not None else "≥" if row.text("nature") == "定量" else "定性"
            )
    if said:
        row.columns = {**row.columns, "operator": where}
        row.cells["operator"] = Cell(form.sheet, row.index, where, said, stated)


def _default(form: ProjectForm, cells: FormCells, row: Row, numeric: bool) -> str:
    """A numeric target with no operator: ≥, and ≤ on a 成本指标 row (said with an info)."""
    if not numeric:
        return ""
    said = "≤" if "成本" in row.text("level2") else "≥"
    target = row.at("target")
    cells.parser.findings.append(
        C.NUMBER_NORMALIZED.finding(
            form.sheet,
            target.ref,
            f"{row.label}的年度指标值“{target.text}”没有计算符号，按“{said}”计算"
            f"（{'成本指标按 ≤' if said == '≤' else '未写符号的按 ≥'}）。如不是，请在指标值前写明 ≥、≤ 或 =。",
            stated=target.text,
            computed=said,
        )
    )
    return said


def _closing(
    form: ProjectForm, labels: Labels, cells: FormCells, r: int, columns: dict[str, int]
) -> None:
    """总分 / 合计: the printed total weight under 分值, the stated total under 得分 (else the
    last number to the right of the label that is not the weight)."""
    label_col = min(c for c, label in labels.row(r).items() if label in FORM_TOTALS)
    form.total_label = Cell(form.sheet, r, label_col, labels.raw[(r, label_col)])
    weight = cells.parse(r, columns["weight"], INDICATORS.column("weight").kind, "分值")
    score = cells.parse(r, columns["score"], INDICATORS.column("score").kind, "总分")
    if weight is not None and weight.col != label_col:
        form.total_weight = weight
    if score is not None and score.col not in (label_col, columns["weight"]):
        form.total_score = score
        return
    row = cells.grid.row(r)
    for c in range(len(row), label_col, -1):
        if c == columns["weight"] or cells.grid.anchor(r, c)[1] == label_col:
            continue
        cell = cells.parse(r, c, INDICATORS.column("score").kind, "总分")
        if cell is not None and cell.number is not None:
            form.total_score = cell
            return
