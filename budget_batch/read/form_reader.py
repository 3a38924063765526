"""Recognise the project forms (项目支出绩效自评表) of a workbook and read each into the model.

A sheet is a form when a title cell near its top names 项目支出绩效自评表 (any prefix: 部门预算…,
附件1：, 20xx年度…). Every block is then found by its labels, never by position (provinces insert
rows and merge differently): 项目名称 and the other fields beside their labels, the 项目资金 block
under the header row that names 全年预算数 and 全年执行数, the 绩效指标 block under the header row
that names 三级指标, 分值 and 得分, and the closing 总分 / 合计 row. Which labels mean what is
data (form_schema.py). A sheet with the title but without one of the anchors is `Unrecognized`.
"""

from __future__ import annotations

import re
import unicodedata

from .. import catalogue as C
from ..findings import Finding
from ..form_model import FormsModel, ProjectForm, Unrecognized
from ..form_schema import (
    ANCHORS,
    FAMILIES,
    TITLE_MAX_CHARS,
    TITLE_SEARCH_ROWS,
    TITLE_WORD,
    form_label,
)
from ..model import Cell
from ..schema import Kind
from .cell_parsing import CellParser, as_text
from .form_blocks import CLOSING, FIELDS, KNOWN, read_funds, read_indicators
from .form_cells import FormCells, Labels
from .recognition import Fit
from .sheet_source import ReadResult, SheetSource
from .xlsx_package import Grid

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_cell(grid: Grid) -> tuple[int, int] | None:
    """A short cell near the top naming 项目支出绩效自评表 (a title, not a message about one)."""
    for r in range(1, min(grid.max_row, TITLE_SEARCH_ROWS) + 1):
        for c, value in enumerate(grid.row(r), start=1):
            if isinstance(value, str) and (r, c) not in grid.anchors:
                text = "".join(unicodedata.normalize("NFKC", value).split())
                if TITLE_WORD in text and len(text) <= TITLE_MAX_CHARS:
                    return r, c
    return None


def forms_fit(source: SheetSource) -> Fit:
    """Each sheet titled as a form is an anchor."""
    fit = Fit(sought=[f"标题为“{TITLE_WORD}”的工作表"])
    for sheet in source.user_sheets():
        if title_cell(source.grid(sheet)) is not None:
            fit.add(2.0, f"工作表「{sheet}」的标题")
    return fit


def read_forms(source: SheetSource) -> ReadResult:
    """Each sheet with a form title becomes a `ProjectForm`, or `Unrecognized` (FORM_UNRECOGNIZED)
    when an anchor is missing."""
    findings: list[Finding] = []
    model = FormsModel(path=source.path, sheet_names=list(source.sheet_names))
    for sheet in source.user_sheets():
        grid = source.record(model, sheet)
        at = title_cell(grid)
        if at is None:
            continue
        mark = len(findings)
        parser = CellParser(findings)
        cells = FormCells(grid, sheet, parser)
        labels = Labels(grid)
        stored = grid.cell(*at, formats=False)
        title = Cell(sheet, *at, as_text(stored.value if stored is not None else None))
        form, missing = _read_form(sheet, grid, labels, cells, title)
        parser.flush()
        if missing:  # not read as a form: what its cells said is not reported either
            del findings[mark:]
            model.unrecognized.append(Unrecognized(sheet, title, missing))
            findings.append(_unrecognized(sheet, title, missing))
        else:
            model.forms.append(form)
    return ReadResult(model, findings)


def _read_form(
    sheet: str, grid: Grid, labels: Labels, cells: FormCells, title: Cell
) -> tuple[ProjectForm, list[str]]:
    form = ProjectForm(sheet=sheet, title=title)
    form.family = next(f for f in FAMILIES if not f.markers or _marked(labels, f.markers))
    form.year = _year(labels, title.row)
    form.unit = "元" if _in_yuan(labels) else "万元"
    cells.parser.money_unit = form.unit
    missing: list[str] = []
    _read_fields(form, labels, cells)
    if "project" not in form.labels:
        missing.append(ANCHORS["project"])
    fund_end = read_funds(form, labels, cells, missing)
    read_indicators(form, labels, cells, missing, after=fund_end)
    return form, missing


def _marked(labels: Labels, markers: tuple[str, ...]) -> bool:
    wanted = [form_label(m) for m in markers]
    return any(m in label for label in labels.cells.values() for m in wanted)


def _year(labels: Labels, title_row: int) -> int | None:
    for (r, _), text in sorted(labels.raw.items()):
        if r > title_row + 2:
            break
        m = _YEAR.search(unicodedata.normalize("NFKC", text))
        if m and r >= title_row:
            return int(m.group(1))
    return None


def _in_yuan(labels: Labels) -> bool:
    """Amounts in 元 when the money block says (元) and nowhere (万元)."""
    texts = ["".join(unicodedata.normalize("NFKC", t).split()) for t in labels.raw.values()]
    return any("(元)" in t for t in texts) and not any("(万元)" in t for t in texts)


def _read_fields(form: ProjectForm, labels: Labels, cells: FormCells) -> None:
    """Each field's label, and its value: the next filled cell to the right that is not itself a
    label, else the cell below (预期目标 | 实际完成情况 over their texts). An empty value is kept
    as an empty cell where it belongs, so that a finding about it lands there."""
    for (r, c), label in sorted(labels.cells.items()):
        key = FIELDS.get(label)
        if key is None or key in form.labels:
            continue
        form.labels[key] = Cell(form.sheet, r, c, labels.raw[(r, c)])
        at, filled = _beside(labels, cells.grid, r, c)
        if at is None:
            continue
        value = cells.parse(*at, Kind.TEXT, label) if filled else None
        form.fields[key] = value if value is not None else Cell(form.sheet, *at)


def _beside(labels: Labels, grid: Grid, r: int, c: int) -> tuple[tuple[int, int] | None, bool]:
    """Where the value of the label at (r, c) is, and whether anything is typed there."""
    row = grid.row(r)
    empty: tuple[int, int] | None = None
    for col in range(c + 1, len(row) + 1):
        anchor = grid.anchor(r, col)
        if anchor == grid.anchor(r, c) or anchor[0] != r:
            continue  # the label's own merged range, or a cell merged down from above
        label = labels.cells.get(anchor)
        if label is not None and (label in KNOWN or label in CLOSING):
            break  # the next label: this one's value is below it
        if grid.cell(*anchor, formats=False) is not None:
            return anchor, True
        empty = empty or anchor
    below = grid.anchor(r + 1, c)
    if below[0] == r + 1 and labels.cells.get(below) not in KNOWN:
        if grid.cell(*below, formats=False) is not None or empty is None:
            return below, grid.cell(*below, formats=False) is not None
    return empty, False


def _unrecognized(sheet: str, title: Cell, missing: list[str]) -> Finding:
    return C.FORM_UNRECOGNIZED.finding(
        sheet,
        title.ref,
        f"工作表「{sheet}」的标题是“{title.text}”，但找不到{'、'.join(f'“{m}”' for m in missing)}，"
        "无法按项目支出绩效自评表核对。请按财预〔2020〕10号附件1或本省的格式恢复这些栏目（行列位置可以调整，"
        "栏目名称不能改）；如果这不是项目支出绩效自评表，可以忽略本提示。",
        stated=title.text,
    )
