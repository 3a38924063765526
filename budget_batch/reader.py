"""Read a workbook into the typed model, turning every problem met into a finding.

The reader finds sheets, header rows and columns by name (tolerantly, as workbook.md says),
parses numbers the way people type them, and keeps each value's sheet and cell. It never raises
for a problem in the workbook's content; a file that is not a readable workbook raises
`Unreadable` with a Chinese reason.
"""

from __future__ import annotations

import difflib
import math
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from python_calamine import CalamineError

from . import catalogue as C
from .findings import Finding
from .hierarchy import parse_code
from .indicators import parse_value
from .model import Cell, Info, Row, Table, WorkbookModel
from .numbers import fmt, parse_number
from .package import UNSAFE_XML, Unreadable, sniff
from .schema import (
    CHOICE_ALIASES,
    INFO,
    TABLES,
    TEMPLATE_VERSION,
    VERSION_NAME,
    Column,
    Field,
    Kind,
    TableSpec,
    normalize_header,
)
from .xlsx import Grid, Package, RawCell, column_letter

HEADER_SEARCH_ROWS = 10
#: Kinds whose plain float needs no parsing and no decimals (only percentages compare decimals).
FAST_NUMBERS = frozenset({Kind.AMOUNT, Kind.COUNT, Kind.SCORE})
INFO_SEARCH_ROWS = 200
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    }
)


@dataclass
class ReadResult:
    model: WorkbookModel
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: str | Path) -> ReadResult:
    """Read `path`; raise `Unreadable` when it is not a workbook this tool can open."""
    path = Path(path)
    sniff(path)
    try:
        package = Package(path)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, CalamineError) as exc:
        raise refusal(exc) from exc
    try:
        return _Reader(path, package).read()
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        OSError,
        EOFError,
        CalamineError,
    ) as exc:
        raise refusal(exc) from exc  # a part that breaks while a sheet is read
    finally:
        package.close()


def refusal(exc: BaseException) -> Unreadable:
    """The Chinese reason for a workbook that a parser refused."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return Unreadable(UNSAFE_XML)
        if isinstance(cause, (zipfile.BadZipFile, EOFError, zlib.error)):
            return Unreadable(
                f"工作簿文件已损坏或不完整（{cause}），可能在复制或传输中被截断。请重新发送原文件。"
            )
        cause = cause.__cause__ or cause.__context__
    return Unreadable(
        f"工作簿无法打开（{type(exc).__name__}: {exc}）。文件可能已损坏，"
        "请用 Excel/WPS 打开后重新保存为 .xlsx 再提交。"
    )


class _Reader:
    def __init__(self, path: Path, package: Package) -> None:
        self.path = path
        self.package = package
        self.findings: list[Finding] = []
        self.model = WorkbookModel(path=path, sheet_names=list(package.sheet_names))
        self.money_unit = "万元"

    def read(self) -> ReadResult:
        self.model.template_version = self._version()
        info_name = self._resolve(INFO.name)
        if info_name:
            self.model.info = self._read_info(info_name)
        for spec in TABLES:
            name = self._resolve(spec.name)
            if name:
                table = self._read_table(spec, name)
                if table:
                    self.model.tables[spec.name] = table
        return ReadResult(self.model, self.findings)

    # -- sheets -------------------------------------------------------------------------------

    def _resolve(self, wanted: str) -> str | None:
        """The workbook's sheet for `wanted`: exact name, or the same name up to spaces."""
        names = self.model.sheet_names
        match = wanted if wanted in names else None
        if match is None:
            squeezed = [n for n in names if "".join(n.split()) == wanted]
            match = squeezed[0] if squeezed else None
        if match is None:
            close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.4)
            hint = (
                f"名称相近的工作表是「{close[0]}」，如就是它请改名为「{wanted}」。" if close else ""
            )
            self.findings.append(
                C.SHEET_MISSING.finding(
                    wanted,
                    "",
                    f"缺少工作表「{wanted}」。工作簿中的工作表有：{'、'.join(names)}。{hint}"
                    f"请按模板补上该工作表。",
                )
            )
            return None
        if match in self.package.hidden:
            self.findings.append(
                C.SHEET_MISSING.finding(
                    wanted,
                    "",
                    f"工作表「{match}」被隐藏，隐藏的工作表不作为数据读取。请取消隐藏（右键工作表标签 → 取消隐藏）。",
                )
            )
            return None
        return match

    def _grid_of(self, name: str) -> Grid:
        return self.package.grid(name)

    def _version(self) -> str | None:
        defined = self.package.defined_names.get(VERSION_NAME)
        if defined is None:
            return None
        version = defined.strip().lstrip("=").strip('"')
        if version.isdigit() and int(version) > int(TEMPLATE_VERSION):
            self.findings.append(
                C.VERSION_UNKNOWN.finding(
                    "",
                    "",
                    f"工作簿使用的模板版本为 {version}，本工具只认识到版本 {TEMPLATE_VERSION}。"
                    "部分新增内容可能未被检查；请升级 budget_batch。",
                    stated=version,
                    computed=TEMPLATE_VERSION,
                )
            )
        return version

    # -- cells --------------------------------------------------------------------------------

    def _cell(
        self,
        sheet: str,
        row: int,
        col: int,
        raw: RawCell | None,
        kind: Kind,
        label: str,
        choices: tuple[str, ...] = (),
        strict: bool = False,
    ) -> Cell:
        """Parse one cell by kind, recording findings; the returned Cell always has its address."""
        if raw is None:
            return Cell(sheet, row, col)
        value = raw.value
        ref = f"{column_letter(col)}{row}"
        if raw.error:
            self.findings.append(
                C.CELL_ERROR.finding(
                    sheet,
                    ref,
                    f"「{label}」单元格是错误值 {raw.value}"
                    + (f"（公式 {raw.formula}）" if raw.formula else "")
                    + "。请修正公式或改填数值。",
                    stated=str(raw.value),
                )
            )
            return Cell(sheet, row, col, None, raw.value, formula=raw.formula)
        if raw.formula is not None and raw.value is None:
            self.findings.append(
                C.FORMULA_NO_VALUE.finding(
                    sheet,
                    ref,
                    f"「{label}」是公式 {raw.formula}，但文件中没有保存计算结果，本工具无法读取其值。"
                    "请用 Excel 或 WPS 打开、重新计算后保存。",
                    stated=raw.formula,
                )
            )
            return Cell(sheet, row, col, None, None, formula=raw.formula)
        if kind.numeric:
            parsed = parse_number(
                value,
                percent=kind is Kind.PERCENT,
                percent_format=raw.percent_format,
                money_unit=self.money_unit if kind is Kind.AMOUNT else None,
                integer=kind in (Kind.INTEGER, Kind.YEAR),
                shown_decimals=raw.shown_decimals,
            )
            if parsed.error:
                self.findings.append(
                    C.NOT_A_NUMBER.finding(
                        sheet,
                        ref,
                        f"「{label}」应为数字：{parsed.error}。",
                        stated=_stated(value),
                    )
                )
                return Cell(sheet, row, col, None, value, formula=raw.formula)
            if parsed.note:
                self.findings.append(
                    C.NUMBER_NORMALIZED.finding(
                        sheet,
                        ref,
                        f"「{label}」：{parsed.note}。",
                        stated=_stated(value),
                        computed=parsed.value,
                    )
                )
            return Cell(sheet, row, col, parsed.value, value, parsed.decimals, raw.formula)
        text = _as_text(value)
        if kind is Kind.CHOICE and text:
            text = CHOICE_ALIASES.get(text, text)
            if strict and choices and text not in choices:
                self.findings.append(
                    C.CHOICE_INVALID.finding(
                        sheet,
                        ref,
                        f"「{label}」填报“{text}”，不在可选范围（{'、'.join(choices)}）内。请从下拉列表中选择。",
                        stated=text,
                    )
                )
        if kind is Kind.VALUE and isinstance(value, (int, float)) and not isinstance(value, bool):
            # Indicator values keep numbers as numbers; scoring interprets them.
            if raw.percent_format:
                parsed = parse_number(value, percent=True, percent_format=True)
                return Cell(sheet, row, col, parsed.value, value, parsed.decimals, raw.formula)
            parsed = parse_number(value)
            return Cell(sheet, row, col, parsed.value, value, parsed.decimals, raw.formula)
        return Cell(sheet, row, col, text or None, value, formula=raw.formula)

    # -- 基本信息 -------------------------------------------------------------------------------

    def _read_info(self, name: str) -> Info:
        grid = self._grid_of(name)
        by_label = {normalize_header(f.label): f for f in INFO.fields}
        found: dict[str, tuple[int, RawCell | None]] = {}
        for row in range(1, min(grid.max_row, INFO_SEARCH_ROWS) + 1):
            label = grid.cell(row, 1, formats=False)
            spec = by_label.get(normalize_header(_as_text(label.value))) if label else None
            if spec and spec.key not in found:
                found[spec.key] = (row, grid.cell(row, 2))
        info = Info(sheet=name)
        # 金额单位 first: amounts elsewhere are parsed against it.
        ordered = sorted(INFO.fields, key=lambda f: f.key != "unit")
        for spec in ordered:
            if spec.key not in found:
                if spec.required:
                    self.findings.append(
                        C.REQUIRED_EMPTY.finding(
                            name,
                            "",
                            f"基本信息中缺少必填项「{spec.label}」这一行。请在 A 列添加“{spec.label}”，在 B 列填写。",
                        )
                    )
                continue
            row, raw = found[spec.key]
            cell = self._cell(name, row, 2, raw, spec.kind, spec.label, spec.choices, strict=True)
            info.cells[spec.key] = cell
            if spec.required and cell.value is None and not self._flagged(name, cell.ref):
                self.findings.append(_required(name, cell.ref, spec))
            if spec.key == "unit" and cell.text in ("万元", "元"):
                self.money_unit = cell.text
        return info

    def _flagged(self, sheet: str, ref: str) -> bool:
        return any(f.sheet == sheet and f.cell == ref for f in self.findings)

    # -- tables -------------------------------------------------------------------------------

    def _read_table(self, spec: TableSpec, name: str) -> Table | None:
        grid = self._grid_of(name)
        header_row, columns = _find_header(grid, spec)
        missing = [c for c in spec.required_columns if c.key not in columns]
        if header_row == 0:
            self.findings.append(
                C.COLUMN_MISSING.finding(
                    name,
                    "",
                    f"工作表「{name}」前 {HEADER_SEARCH_ROWS} 行中找不到表头行"
                    f"（应包含：{'、'.join(c.header for c in spec.required_columns)}）。请按模板恢复表头。",
                )
            )
            return None
        for absent in missing:
            self.findings.append(
                C.COLUMN_MISSING.finding(
                    name,
                    f"A{header_row}",
                    f"工作表「{name}」第 {header_row} 行的表头缺少必填列「{absent.header}」。"
                    "请按模板恢复该列标题（列的位置可以调整，标题文字不能改）。",
                )
            )
        table = Table(spec=spec, sheet=name, header_row=header_row, columns=columns)
        specs = [(key, col, spec.column(key)) for key, col in columns.items()]
        # Number formats matter only where a stored fraction may mean a percentage.
        formatted = {col for _, col, s in specs if s.kind in (Kind.PERCENT, Kind.VALUE)}
        for index in range(header_row + 1, grid.max_row + 1):
            values = grid.row(index)
            n = len(values)
            special = grid.special(index)  # formula or error cells in this row
            cells: dict[str, Cell] = {}
            for key, col, s in specs:
                value = values[col - 1] if col <= n else None
                if special and col in special:
                    raw = grid.cell(index, col, formats=col in formatted)
                elif value is None or value == "":
                    continue
                # The common cases, without the parser (the hot loop of a 100,000-row sheet):
                elif type(value) is float and s.kind in FAST_NUMBERS and math.isfinite(value):
                    cells[key] = Cell(name, index, col, value, value)
                    continue
                elif type(value) is str and s.kind is Kind.TEXT:
                    text = value.strip()
                    if text:
                        cells[key] = Cell(name, index, col, text, value)
                    continue
                else:
                    raw = grid.cell(index, col, formats=col in formatted)
                if raw is not None:
                    cells[key] = self._cell(
                        name, index, col, raw, s.kind, s.header, s.choices, s.strict
                    )
            if not cells:
                continue  # an empty row (in the middle or at the end) is not data
            row = Row(sheet=name, index=index, cells=cells, columns=columns)
            table.rows.append(row)
            self._required_in_row(spec, row, missing)
        if spec.hierarchical and "code" in columns:
            self._codes(table)
        if "link" in columns:
            self._link_codes(table)
        return table

    def _required_in_row(self, spec: TableSpec, row: Row, missing: list[Column]) -> None:
        for col in spec.required_columns:
            if col in missing:
                continue
            if col.optional_if and row.text(col.optional_if[0]) == col.optional_if[1]:
                continue
            if col.inferable_from:
                carrier = parse_value(row.cells.get(col.inferable_from))
                if carrier is not None and carrier.operator:
                    continue  # the operator was typed inside the value (≥95%)
            cell = row.at(col.key)
            if cell.value is None and cell.raw is None and cell.formula is None:
                self.findings.append(
                    C.REQUIRED_EMPTY.finding(
                        row.sheet,
                        cell.ref,
                        f"「{row.sheet}」第 {row.index} 行的必填项「{col.header}」为空。请填写。",
                    )
                )

    def _codes(self, table: Table) -> None:
        seen: dict[tuple[int, ...], Row] = {}
        for row in table.rows:
            cell = row.at("code")
            text = cell.text
            if not text:
                continue
            code = parse_code(text)
            if code is None:
                self.findings.append(
                    C.CODE_INVALID.finding(
                        row.sheet,
                        cell.ref,
                        f"编码“{text}”不是点分隔的数字（应如 1、1.2、2.2.1）。请改正编码。",
                        stated=text,
                    )
                )
                continue
            if code in seen:
                self.findings.append(
                    C.CODE_DUPLICATE.finding(
                        row.sheet,
                        cell.ref,
                        f"编码“{text}”与第 {seen[code].index} 行重复。请为每一行使用唯一编码。",
                        stated=text,
                    )
                )
                continue
            seen[code] = row
        for code, row in seen.items():
            if len(code) > 1 and code[:-1] not in seen:
                parent = ".".join(map(str, code[:-1]))
                self.findings.append(
                    C.CODE_ORPHAN.finding(
                        row.sheet,
                        row.ref("code"),
                        f"编码“{row.text('code')}”的上级“{parent}”不存在，无法核对合计。请补上上级行或改正编码。",
                        stated=row.text("code"),
                    )
                )

    def _link_codes(self, table: Table) -> None:
        for row in table.rows:
            cell = row.at("link")
            if cell.text and parse_code(cell.text) is None:
                self.findings.append(
                    C.CODE_INVALID.finding(
                        row.sheet,
                        cell.ref,
                        f"关联数据“{cell.text}”不是服务数量表的编码（应如 1、1.2）。请填写对应的编码或留空。",
                        stated=cell.text,
                    )
                )


def _find_header(grid: Grid, spec: TableSpec) -> tuple[int, dict[str, int]]:
    """The first of the top rows holding every required header, else the best partial one."""
    by_header = {normalize_header(c.header): c.key for c in spec.columns}
    required = {c.key for c in spec.required_columns}
    best: tuple[int, dict[str, int]] = (0, {})
    for row in range(1, HEADER_SEARCH_ROWS + 1):
        columns: dict[str, int] = {}
        for col, value in enumerate(grid.row(row), start=1):
            key = by_header.get(normalize_header(_as_text(value)))
            if key and key not in columns:
                columns[key] = col
        if required <= columns.keys():
            return row, columns
        if len(columns) > len(best[1]) and len(columns) >= 2:
            best = (row, columns)
    return best


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt(value)
    return str(value).strip()


def _stated(value: object) -> float | int | str | None:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)


def _required(sheet: str, ref: str, spec: Field) -> Finding:
    return C.REQUIRED_EMPTY.finding(sheet, ref, f"必填项「{spec.label}」为空。请填写。")
