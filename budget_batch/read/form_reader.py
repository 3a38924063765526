"""Recognise the official forms of a workbook by their content and read each into the model
(forms.md, version 2: any layout).

A sheet is a form when its blocks are found by their labels — a money block (项目资金 / 部门整体
资金), an indicator grid (绩效指标), a scoring table (评分表) — whatever its title (项目支出绩效
自评表, 绩效目标自评表, 公开14表 …) and its sheet name (Sheet1). Every block is found by its
labels, never by position; which labels mean what is data (layouts/). A sheet whose title says it
is a form but whose blocks cannot be found is `Unrecognized` (FORM_UNRECOGNIZED names what is
missing). How each sheet was read is written down as it is read (读取说明).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import catalogue as C
from ..findings import Finding
from ..form_model import DEPARTMENT, Form, FormsModel, Printed, ScoringTable, Unrecognized
from ..form_schema import ANCHORS, FAMILIES, TITLE_MAX_CHARS, TITLE_SEARCH_ROWS, form_label
from ..layouts import Layouts
from ..model import Cell
from ..reading import Reading
from .cell_parsing import CellParser, as_text
from .form_cells import FormCells, Labels
from .form_sheet import FormSheet
from .header_bands import Band
from .header_fields import read_fields
from .indicator_grid import find_header as find_grid
from .indicator_grid import read_grid
from .money_block import find_header as find_money
from .money_block import read_money
from .recognition import Fit
from .scoring_reader import find_header as find_scoring
from .scoring_reader import read_scoring
from .sheet_source import ReadResult, SheetSource
from .xlsx_package import Grid

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
#: Recognition looks at the top of each sheet only (a form's blocks start near it).
SCAN_ROWS = 60
KIND_WORDS = {
    "project_form": "项目支出绩效自评表",
    "department_form": "部门整体支出绩效自评表",
    "scoring_table": "评分表",
}
#: What recognition looks for, as a user reads it.
SOUGHT = "自评表的栏目（项目资金：全年预算数、全年执行数；绩效指标：三级指标、分值、得分；评分表：指标、分值、得分）"


@dataclass
class Title:
    cell: Cell
    kind: str  # project_form / department_form / scoring_table


def find_title(grid: Grid, layouts: Layouts) -> Title | None:
    """A short cell near the top naming a form (a title, not a sentence about one)."""
    order = ("department_form", "scoring_table", "project_form")
    words = {k: [form_label(w) for w in layouts.words("titles", k)] for k in order}
    for r in range(1, min(grid.max_row, TITLE_SEARCH_ROWS) + 1):
        for c, value in enumerate(grid.row(r), start=1):
            if not isinstance(value, str) or (r, c) in grid.anchors:
                continue
            text = "".join(unicodedata.normalize("NFKC", value).split())
            if len(text) > TITLE_MAX_CHARS:
                continue
            for kind in order:
                if any(w and w in text for w in words[kind]):
                    return Title(Cell("", r, c, value.strip(), value), kind)
    return None


def forms_fit(source: SheetSource) -> Fit:
    """Each sheet's blocks found by their labels (in its top rows), and its title."""
    fit = Fit(sought=[SOUGHT])
    for sheet in source.user_sheets():
        grid = source.grid(sheet)
        labels = Labels(grid, max_row=SCAN_ROWS)
        fs = _sheet(sheet, grid, labels, CellParser([]), source.layouts, "")
        title = find_title(grid, source.layouts)
        if title is not None:
            fit.add(1.0, f"工作表「{sheet}」的标题“{title.cell.text}”")
        money = find_money(fs)
        if money is not None:
            fit.add(2.0, f"工作表「{sheet}」的项目资金栏目（第 {money.top} 行）")
        grid_band, _ = find_grid(fs, 1)
        if grid_band is not None:
            fit.add(2.0, f"工作表「{sheet}」的绩效指标栏目（第 {grid_band.top} 行）")
        scoring = find_scoring(fs, 1, _rows(grid_band))
        if scoring is not None and grid_band is None:
            fit.add(2.0, f"工作表「{sheet}」的评分表栏目（第 {scoring.top} 行）")
    return fit


def _rows(band: Band | None) -> set[int]:
    return set(range(band.top, band.bottom + 1)) if band is not None else set()


def _sheet(
    sheet: str, grid: Grid, labels: Labels, parser: CellParser, layouts: Layouts, kind: str
) -> FormSheet:
    return FormSheet(
        sheet, grid, labels, FormCells(grid, sheet, parser, layouts), layouts, Reading(sheet, kind)
    )


def read_forms(source: SheetSource) -> ReadResult:
    """Each sheet with a form on it becomes a `Form` and/or a `ScoringTable`; a sheet titled as
    a form whose blocks cannot be found is `Unrecognized` (FORM_UNRECOGNIZED)."""
    findings: list[Finding] = []
    model = FormsModel(path=source.path, sheet_names=list(source.sheet_names))
    model.layouts = source.layouts
    for sheet in source.user_sheets():
        grid = source.record(model, sheet)
        _read_sheet(sheet, grid, source.layouts, model, findings)
    if not model.forms and not model.scoring and not model.unrecognized:
        findings.append(nothing_fits(source))
    return ReadResult(model, findings)


def _read_sheet(
    sheet: str, grid: Grid, layouts: Layouts, model: FormsModel, findings: list[Finding]
) -> None:
    mark = len(findings)
    parser = CellParser(findings)
    labels = Labels(grid)
    fs = _sheet(sheet, grid, labels, parser, layouts, "")
    title = find_title(grid, layouts)
    money = find_money(fs)
    grid_band, lacking = find_grid(fs, money.bottom + 1 if money is not None else 1)
    taken = _rows(money) | _rows(grid_band)
    scoring_band = find_scoring(fs, 1, taken)
    if grid_band is not None and scoring_band is not None and scoring_band.top > grid_band.top:
        scoring_band = None  # a rubric's rows under an indicator grid are the grid's
    title_cell = (
        Cell(sheet, title.cell.row, title.cell.col, title.cell.value, title.cell.raw)
        if title
        else None
    )
    if money is None and grid_band is None and scoring_band is None:
        if title is not None and title_cell is not None:
            missing = [ANCHORS["funds"], ANCHORS["indicators"]]
            if lacking:
                missing = ["、".join(lacking)]
            del findings[mark:]
            model.unrecognized.append(Unrecognized(sheet, title_cell, missing))
            findings.append(_unrecognized(sheet, title_cell, missing))
        return
    stop = _stop_labels(layouts)
    occupied: set[int] = set()
    form: Form | None = None
    if money is not None or grid_band is not None:
        form = Form(sheet=sheet, title=title_cell)
        form.family = next(f for f in FAMILIES if not f.markers or _marked(labels, f.markers))
        form.year = _year(labels, title_cell.row if title_cell else 1)
        form.unit = "元" if _in_yuan(labels) else "万元"
        parser.money_unit = form.unit
        fs.reading.title = title_cell.text if title_cell else ""
        if money is not None:
            block = read_money(fs, money, stop)
            if block is not None:
                form.funds = block.table
                form.fund_families = block.families
                form.budget_is_initial = block.budget_is_initial
                occupied |= set(range(money.top, block.last + 1))
                _money_weight(fs, form, money, block.last, block.label_col, block.weight)
        if grid_band is not None:
            read_grid(fs, form, grid_band)
            last = max([grid_band.bottom, *(r.index for r in form.indicator_rows())])
            occupied |= set(range(grid_band.top, last + 1))
            if form.total_label is not None:
                occupied.add(form.total_label.row)
        elif lacking and title is not None:
            findings.append(
                _unrecognized(sheet, title_cell or Cell(sheet, 1, 1), ["、".join(lacking)])
            )
    scoring: ScoringTable | None = None
    if scoring_band is not None:
        scoring = ScoringTable(sheet=sheet, title=title_cell)
        last = read_scoring(fs, scoring_band, scoring)
        occupied |= set(range(scoring_band.top, last + 1))
    fields, where = read_fields(labels, fs.cells, occupied, stop=stop)
    parser.flush()
    kind = _kind(form, title, fields, layouts)
    fs.reading.kind = KIND_WORDS[kind] if form is not None else KIND_WORDS["scoring_table"]
    fs.reading.fields = [
        f"{where[k].ref}「{where[k].text.strip()}」{('→ ' + fields[k].ref) if k in fields else ''}"
        for k in where
    ]
    if form is not None:
        form.kind = DEPARTMENT if kind == "department_form" else form.kind
        form.fields, form.labels, form.reading = fields, where, fs.reading
        model.forms.append(form)
    if scoring is not None:
        scoring.fields, scoring.labels = fields, where
        scoring.year = _year(labels, title_cell.row if title_cell else 1)
        if form is None:
            scoring.reading = fs.reading
        model.scoring.append(scoring)


def _kind(form: Form | None, title: Title | None, fields: dict[str, Cell], layouts: Layouts) -> str:
    """project_form or department_form: by the title, else by the money rows (by nature) or a
    项目名称 that names the whole department (重庆: …整体监控)."""
    if form is None:
        return "scoring_table"
    if title is not None and title.kind == "department_form":
        return "department_form"
    if title is not None and title.kind == "project_form":
        return "project_form"
    project = fields.get("project")
    if project is not None and any(
        w in project.text for w in layouts.words("titles", "department_project_names")
    ):
        return "department_form"
    if "nature" in form.fund_families and "source" not in form.fund_families:
        return "department_form"
    return "project_form"


def _stop_labels(layouts: Layouts) -> frozenset[str]:
    """Labels that end a block's rows or a field's value: those of other blocks and fields."""
    words: set[str] = set()
    for section in ("fields", "money.columns", "indicators.columns"):
        words |= set(layouts.aliases(section))
    words |= layouts.labels("indicators", "total") | layouts.labels("indicators", "closing")
    words |= {"年度总体目标", "绩效指标", "项目基本情况", "年度绩效目标"}
    return frozenset(words)


def _money_weight(
    fs: FormSheet, form: Form, band: Band, last: int, label_col: int, printed: float | None
) -> None:
    """A weight printed in the block's own label (预算执行情况(10分)) or its header (分值(10分))."""
    for (r, c), raw in fs.labels.raw.items():
        beside = band.top <= r <= last or fs.grid.anchor(band.top, c) == (r, c)
        if beside and c < label_col:
            from ..form_schema import printed_weight

            weight = printed_weight(raw)
            if weight is not None:
                cell = Cell(fs.sheet, r, c, raw, raw)
                form.block_weights["funds"] = Printed(fs.labels.cells[(r, c)], weight, cell)
                return
    if printed is not None and "weight" in band.columns:
        col = band.columns["weight"]
        raw = fs.labels.raw.get((band.top, col)) or fs.labels.raw.get((band.bottom, col), "")
        cell = Cell(fs.sheet, band.top, col, raw, raw)
        form.block_weights["funds"] = Printed(form_label(raw), printed, cell)


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


def _unrecognized(sheet: str, title: Cell, missing: list[str], partly: bool = False) -> Finding:
    what = "绩效指标无法核对（项目资金照常核对）" if partly else "无法按自评表核对"
    return C.FORM_UNRECOGNIZED.finding(
        sheet,
        title.ref,
        f"工作表「{sheet}」的标题是“{title.text}”，但找不到{'、'.join(f'“{m}”' for m in missing)}，"
        f"{what}。请按财预〔2020〕10号附件1或本省的格式恢复这些栏目（行列位置可以调整，"
        "栏目名称不能改）；如果这不是自评表，可以忽略本提示。",
        stated=title.text,
    )


def nothing_fits(source: SheetSource) -> Finding:
    """One finding for a workbook that is neither our template nor a form: what was looked for,
    and what was found."""
    sheets = source.user_sheets() or source.sheet_names
    seen = []
    for sheet in sheets[:5]:
        grid = source.grid(sheet)
        first = next(
            (
                as_text(v)
                for r in range(1, min(grid.max_row, 5) + 1)
                for v in grid.row(r)
                if as_text(v)
            ),
            "",
        )
        seen.append(f"「{sheet}」" + (f"（开头是“{first[:30]}”）" if first else "（空白）"))
    return C.FORM_UNRECOGNIZED.finding(
        "",
        "",
        f"本工作簿既不是本工具的模板，也不是可识别的自评表或评分表。查找了：本工具模板的工作表（基本信息、收支情况、"
        f"项目支出、绩效指标、服务数量、问题与措施），以及{SOUGHT}；找到的工作表：{'、'.join(seen)}。"
        "请确认提交的是自评表；如是本省格式的自评表，请把它的栏目名称告诉财政部门，"
        "由财政部门用 --layouts 补充版式数据。",
        stated="、".join(sheets[:5]),
    )
