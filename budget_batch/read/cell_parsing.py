"""One raw cell → one typed `Cell`, by the kind of its column; what cannot be read becomes a
finding (CELL_ERROR, FORMULA_NO_VALUE, NOT_A_NUMBER, NUMBER_NORMALIZED, CHOICE_INVALID)."""

from __future__ import annotations

from .. import catalogue as C
from ..decimals import fmt
from ..findings import Finding
from ..model import Cell
from ..refs import cell_ref
from ..schema import CHOICE_ALIASES, Kind
from .number_parsing import COUNT_UNITS, DASHES, SCORE_UNITS, YEAR_UNITS, parse_number
from .xlsx_package import RawCell

#: Words that may follow a figure, by the kind of its column (amounts: 金额单位, percentages: %).
UNIT_WORDS = {
    Kind.COUNT: COUNT_UNITS,
    Kind.INTEGER: COUNT_UNITS,
    Kind.YEAR: YEAR_UNITS,
    Kind.SCORE: SCORE_UNITS,
}
SHOWN_CELLS = 8  # a list of cells in a message names this many, then "等 N 个"


def is_dash(value: object) -> bool:
    """`—`, `-`, `/` and the like: people's way of writing "nothing here"."""
    return isinstance(value, str) and "".join(value.split()) in DASHES


def as_text(value: object) -> str:
    """A cell value as text: numbers without float noise, strings trimmed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt(value)
    return str(value).strip()


def stated(value: object) -> float | int | str | None:
    """A raw value as a finding's `stated` (never a bool, never an object)."""
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)


class CellParser:
    """Parses cells and collects the findings; amounts are read against the workbook's 金额单位,
    which the 基本信息 reader sets before any table is read."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.money_unit = "万元"
        #: formulas without a cached value, by sheet: reported once per sheet (`flush`)
        self._no_value: dict[str, list[tuple[str, str]]] = {}

    def flush(self) -> None:
        """One FORMULA_NO_VALUE per sheet, listing its cells (not one warning per cell)."""
        for sheet, cells in self._no_value.items():
            refs = [ref for ref, _ in cells]
            shown = "、".join(refs[:SHOWN_CELLS]) + (
                f" 等 {len(refs)} 个单元格" if len(refs) > SHOWN_CELLS else ""
            )
            self.findings.append(
                C.FORMULA_NO_VALUE.finding(
                    sheet,
                    refs[0],
                    f"「{sheet}」{shown}是公式（如 {cells[0][1]}），但文件中没有保存计算结果，本工具无法读取其值，"
                    "用到这些单元格的核对均未进行。请用 Excel 或 WPS 打开、重新计算（F9）后保存，再提交。",
                    stated=cells[0][1],
                )
            )
        self._no_value.clear()

    def parse(
        self,
        sheet: str,
        row: int,
        col: int,
        raw: RawCell | None,
        kind: Kind,
        label: str,
        choices: tuple[str, ...] = (),
        strict: bool = False,
        required: bool = False,
    ) -> Cell:
        """Parse one cell; the returned Cell always has its address. A dash in a required
        cell is an empty cell (REQUIRED_EMPTY follows), not a note."""
        if raw is None or (required and is_dash(raw.value) and raw.formula is None):
            return Cell(sheet, row, col)
        if raw.error:
            self._error(sheet, row, col, raw, label)
            return Cell(sheet, row, col, None, raw.value, formula=raw.formula, unreadable=True)
        if raw.formula is not None and raw.value is None:
            self._no_value.setdefault(sheet, []).append((cell_ref(row, col), raw.formula))
            return Cell(sheet, row, col, None, None, formula=raw.formula, unreadable=True)
        if kind.numeric:
            return self._number(sheet, row, col, raw, kind, label)
        return self._text(sheet, row, col, raw, kind, label, choices, strict)

    def _error(self, sheet: str, row: int, col: int, raw: RawCell, label: str) -> None:
        self.findings.append(
            C.CELL_ERROR.finding(
                sheet,
                cell_ref(row, col),
                f"「{label}」单元格是错误值 {raw.value}"
                + (f"（公式 {raw.formula}）" if raw.formula else "")
                + "。请修正公式或改填数值。",
                stated=str(raw.value),
            )
        )

    def _number(self, sheet: str, row: int, col: int, raw: RawCell, kind: Kind, label: str) -> Cell:
        value = raw.value
        parsed = parse_number(
            value,
            percent=kind is Kind.PERCENT,
            percent_format=raw.percent_format,
            money_unit=self.money_unit if kind is Kind.AMOUNT else None,
            integer=kind in (Kind.INTEGER, Kind.YEAR),
            shown_decimals=raw.shown_decimals,
            units=UNIT_WORDS.get(kind, ()),
        )
        ref = cell_ref(row, col)
        if parsed.error:
            self.findings.append(
                C.NOT_A_NUMBER.finding(
                    sheet,
                    ref,
                    f"「{label}」应为数字：{parsed.error}。该数未参与任何核对。",
                    stated=stated(value),
                )
            )
            return Cell(sheet, row, col, None, value, formula=raw.formula, unreadable=True)
        if parsed.note:
            self.findings.append(
                C.NUMBER_NORMALIZED.finding(
                    sheet,
                    ref,
                    f"「{label}」：{parsed.note}。",
                    stated=stated(value),
                    computed=parsed.value,
                )
            )
        return Cell(sheet, row, col, parsed.value, value, parsed.decimals, raw.formula)

    def _text(
        self,
        sheet: str,
        row: int,
        col: int,
        raw: RawCell,
        kind: Kind,
        label: str,
        choices: tuple[str, ...],
        strict: bool,
    ) -> Cell:
        value = raw.value
        text = as_text(value)
        if kind is Kind.CHOICE and text:
            text = CHOICE_ALIASES.get(text, text)
            if strict and choices and text not in choices:
                self.findings.append(
                    C.CHOICE_INVALID.finding(
                        sheet,
                        cell_ref(row, col),
                        f"「{label}」填报“{text}”，不在可选范围（{'、'.join(choices)}）内。请从下拉列表中选择。",
                        stated=text,
                    )
                )
        if kind is Kind.VALUE and isinstance(value, (int, float)) and not isinstance(value, bool):
            # Indicator values keep numbers as numbers; scoring interprets them.
            parsed = parse_number(
                value, percent=raw.percent_format, percent_format=raw.percent_format
            )
            return Cell(sheet, row, col, parsed.value, value, parsed.decimals, raw.formula)
        return Cell(sheet, row, col, text or None, value, formula=raw.formula)
