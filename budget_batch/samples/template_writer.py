"""Write the blank template, or a filled workbook (the example), from the schema.

Written with xlsxwriter: data validation, comments, frozen panes and defined names, and a
fixed creation date so the same input gives the same file. Every sheet is set up for A4
(`print_setup`): the blank template prints on one page per sheet, and a filled workbook — and so
its annotated copy, which keeps the user's page set-up — prints one page wide with its header
row repeated. Rows holding wrapped text get a height computed from it (`text_fit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from ..schema import (
    BUDGET,
    INFO,
    INSTRUCTIONS_SHEET,
    TABLES,
    TEMPLATE_VERSION,
    VERSION_NAME,
    Column,
    Kind,
    TableSpec,
)
from ..write.atomic_files import replacing
from ..write.print_setup import a4, landscape_for
from ..write.text_fit import PADDING, line_height, row_height

FIXED_DATE = dt.datetime(2024, 1, 1)
FONT = "宋体"
FONT_SIZE = 11
INSTRUCTIONS_WIDTH = 80  # fits the page even where LibreOffice lacks Calibri (a wider unit)
INFO_WIDTHS = (18, 60, 36)
INPUT_BG = "#FFF9E5"
HEADER_BG = "#D9E1F2"
VALIDATION_ROWS = 500  # dropdowns reach this far below the header

Row = Mapping[str, Any]


@dataclass
class WorkbookData:
    """What to put in a workbook: 基本信息 values, table rows by sheet, and extra columns."""

    info: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, Sequence[Row]] = field(default_factory=dict)
    #: Extra (user) columns per sheet: header text; rows carry their values under the same key.
    extra_columns: Mapping[str, Sequence[str]] = field(default_factory=dict)
    banner: str | None = None  # a note on top of 填表说明, e.g. that this is an example


def _number_format(kind: Kind) -> str | None:
    return {
        Kind.AMOUNT: "#,##0.00",
        Kind.PERCENT: "0.00",
        Kind.COUNT: "#,##0.##",
        Kind.INTEGER: "0",
        Kind.YEAR: "0",
        Kind.SCORE: "0.00",
        Kind.CODE: "@",
        Kind.DATE: "yyyy-mm-dd",
    }.get(kind)


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}
        self.wb = wb
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": HEADER_BG,
                "border": 1,
                "text_wrap": True,
                "align": "center",
            }
        )
        self.title = wb.add_format({**base, "bold": True, "font_size": 16})
        self.heading = wb.add_format({**base, "bold": True, "font_size": 12})
        self.text = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.label = wb.add_format({**base, "border": 1, "bg_color": "#F2F2F2"})
        self._input: dict[str, Any] = {}

    def input(self, kind: Kind) -> Any:
        key = kind.value
        if key not in self._input:
            spec: dict[str, Any] = {
                "font_name": FONT,
                "font_size": FONT_SIZE,
                "border": 1,
                "bg_color": INPUT_BG,
                "valign": "top",
            }
            number_format = _number_format(kind)
            if number_format:
                spec["num_format"] = number_format
            if kind in (Kind.TEXT, Kind.VALUE):
                spec["text_wrap"] = True
            self._input[key] = self.wb.add_format(spec)
        return self._input[key]


def write_workbook(path: str | Path, data: WorkbookData | None = None) -> None:
    """Write the template (data=None) or a filled workbook to `path`, atomically."""
    with replacing(Path(path)) as tmp:
        _write_xlsx(tmp, data or WorkbookData())


def _write_xlsx(tmp: Path, data: WorkbookData) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    wb.set_properties(
        {"title": "部门整体支出绩效自评表", "author": "budget_batch", "created": FIXED_DATE}
    )
    wb.define_name(VERSION_NAME, f'="{TEMPLATE_VERSION}"')
    fmt = _Formats(wb)
    _instructions(wb, fmt, data.banner)
    _info(wb, fmt, data.info)
    for spec in TABLES:
        rows = data.tables.get(spec.name)
        if rows is None and spec is BUDGET:
            rows = [{"code": r.code, "item": r.label} for r in BUDGET.standard_rows]
        _table(wb, fmt, spec, rows or [], data.extra_columns.get(spec.name, ()))
    wb.worksheets()[0].activate()
    wb.close()


def _write(ws: Any, row: int, col: int, value: Any, cell_format: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        ws.write_string(row, col, value, cell_format)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value, cell_format)
    else:
        ws.write_number(row, col, value, cell_format)


def _instructions(wb: Any, fmt: _Formats, banner: str | None) -> None:
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
    lines: list[tuple[str, Any]] = [
        ("部门整体支出绩效自评表 —— 填表说明", fmt.title),
        (f"模板版本：{TEMPLATE_VERSION}（budget_batch）", fmt.text),
    ]
    if banner:
        lines.append((banner, fmt.heading))
    lines += [
        ("", fmt.text),
        ("一、总体要求", fmt.heading),
        ("1. 请只在浅黄色底色的单元格中填写；带 * 的列或项目为必填。", fmt.text),
        (
            "2. 工作表名称和列标题不要修改；可以调整列顺序、插入自己的列或工作表，这些内容会原样保留。"
            "浅黄色的行不够用时，在表格中间插入行（格式和下拉列表随之扩展）。",
            fmt.text,
        ),
        (
            "3. 金额统一使用“基本信息”中选择的金额单位（默认万元），单元格中只填数字，不要带单位。",
            fmt.text,
        ),
        (
            "4. 百分比列填写百分数的数值，如 68.11 表示 68.11%；设为百分比格式的单元格填 68.11% 亦可。",
            fmt.text,
        ),
        (
            "5. 编码用点分隔的数字表示层级：1、1.1、1.1.2；下级之和应等于上级。编码列为文本格式，"
            "请勿改为数值格式（否则 1.10 会变成 1.1）。",
            fmt.text,
        ),
        (
            "6. 可以使用公式，但提交前请在 Excel/WPS 中重新计算并保存，使公式结果保存在文件中。",
            fmt.text,
        ),
        ("", fmt.text),
        ("二、各工作表说明（各列标题上的批注另有详细说明）", fmt.heading),
        (f"【{INFO.name}】{INFO.note}", fmt.text),
        (
            _items([(f.label, f.required, f.note, f.choices, f.default) for f in INFO.fields]),
            fmt.text,
        ),
    ]
    for spec in TABLES:
        lines.append((f"【{spec.name}】{spec.note}", fmt.text))
        items = [(c.header, c.required, c.note, c.choices, None) for c in spec.columns]
        lines.append((_items(items), fmt.text))
    lines += [
        ("", fmt.text),
        ("三、审核", fmt.heading),
        (
            "填好后交给财政部门或本单位财务，用 budget_batch 审核：每个问题会在原单元格上标色并加批注，"
            "首张工作表“审核结果”列出全部问题。红色为错误（必须修改），黄色为警告（请核实或在“说明”列说明原因），"
            "蓝色为提示。",
            fmt.text,
        ),
        ("如有疑问，请联系本级财政部门预算绩效管理科室。", fmt.text),
    ]
    for i, (text, cell_format) in enumerate(lines):
        ws.write_string(i, 0, text, cell_format)
        size = {id(fmt.title): 16, id(fmt.heading): 12}.get(id(cell_format), FONT_SIZE)
        height = row_height([(text, INSTRUCTIONS_WIDTH)], size)
        ws.set_row(i, height or (line_height(size) + 2 * PADDING if size > FONT_SIZE else None))
    # Fixed text: one page, portrait (it fits at about 90 %).
    a4(ws, landscape=False, fit=(1, 1))


AMOUNT_NOTE = "金额，单位见基本信息“金额单位”"


def _items(items: Sequence[tuple[str, bool, str, tuple[str, ...], str | None]]) -> str:
    """One paragraph for a sheet's columns (or fields): what is required, what each means, the
    choices. Columns with nothing to say beyond their header are left out; that amounts are in
    金额单位 is said once, in 一、3."""
    parts = []
    for label, required, note, choices, default in items:
        note = note.replace("，" + AMOUNT_NOTE, "").replace(AMOUNT_NOTE, "")
        extra = [note] if note else []
        if choices:
            extra.append("可选" + "、".join(choices))
        if default and "默认" not in note:
            extra.append(f"默认{default}")
        if required or extra:
            parts.append(
                label
                + ("（必填）" if required else "")
                + ("：" + "，".join(extra) if extra else "")
            )
    return "    " + "；".join(parts) + "。"


def _info(wb: Any, fmt: _Formats, values: Mapping[str, Any]) -> None:
    ws = wb.add_worksheet(INFO.name)
    for col, width in enumerate(INFO_WIDTHS):
        ws.set_column(col, col, width)
    for col, title in enumerate(("项目", "内容", "说明")):
        ws.write_string(0, col, title, fmt.header)
    ws.freeze_panes(1, 0)
    a4(ws, landscape=landscape_for(INFO_WIDTHS), repeat_rows=(0, 0))
    for i, f in enumerate(INFO.fields, start=1):
        ws.write_string(i, 0, f.label + (" *" if f.required else ""), fmt.label)
        value = values.get(f.key)
        _write(ws, i, 1, value, fmt.input(f.kind))
        note = f.note + (f"（默认 {f.default}）" if f.default else "")
        ws.write_string(i, 2, note, fmt.text)
        texts = [(value, INFO_WIDTHS[1])] if isinstance(value, str) else []
        ws.set_row(i, row_height([*texts, (note, INFO_WIDTHS[2])], FONT_SIZE))
        if f.choices:
            ws.data_validation(
                i,
                1,
                i,
                1,
                {
                    "validate": "list",
                    "source": list(f.choices),
                    "error_title": f.label,
                    "error_message": "请从下拉列表中选择：" + "、".join(f.choices),
                },
            )
        elif f.kind is Kind.SCORE:
            ws.data_validation(
                i,
                1,
                i,
                1,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": 100,
                    "error_message": "自评得分应在 0 到 100 之间",
                },
            )


def _table(
    wb: Any, fmt: _Formats, spec: TableSpec, rows: Sequence[Row], extra: Sequence[str]
) -> None:
    ws = wb.add_worksheet(spec.name)
    columns: list[Column] = list(spec.columns)
    for col, c in enumerate(columns):
        ws.write_string(0, col, c.header + ("*" if c.required else ""), fmt.header)
        ws.set_column(col, col, c.width)
        if c.note:
            ws.write_comment(0, col, c.note, {"author": "budget_batch", "x_scale": 1.6})
        if c.choices:
            ws.data_validation(
                1,
                col,
                VALIDATION_ROWS,
                col,
                {
                    "validate": "list",
                    "source": list(c.choices),
                    "error_type": "stop" if c.strict else "information",
                    "error_message": "请从下拉列表中选择：" + "、".join(c.choices),
                },
            )
    for offset, title in enumerate(extra):
        ws.write_string(0, len(columns) + offset, title, fmt.header)
        ws.set_column(len(columns) + offset, len(columns) + offset, 24)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 0)
    widths = [c.width for c in columns] + [24] * len(extra)
    a4(ws, landscape=landscape_for(widths), repeat_rows=(0, 0))
    wraps = [c.kind in (Kind.TEXT, Kind.VALUE) for c in columns] + [True] * len(extra)
    count = len(rows) or spec.blank_rows
    for r in range(count):
        values = rows[r] if r < len(rows) else {}
        cells = [values.get(c.key) for c in columns] + [values.get(t) for t in extra]
        for col, c in enumerate(columns):
            _write(ws, r + 1, col, cells[col], fmt.input(c.kind))
        for offset, _title in enumerate(extra):
            _write(ws, r + 1, len(columns) + offset, cells[len(columns) + offset], fmt.text)
        texts = [
            (v, w)
            for v, w, wrap in zip(cells, widths, wraps, strict=True)
            if wrap and isinstance(v, str)
        ]
        if texts:
            ws.set_row(r + 1, row_height(texts, FONT_SIZE))
    ws.autofilter(0, 0, max(count, 1), len(columns) + len(extra) - 1)
