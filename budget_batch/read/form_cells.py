"""One cell of a project form → a typed `Cell`, with what forms do that our template does not:
a merged cell is read at its top-left (and one Cell stands for the whole range), `/` and `—`
in a row that has no such figure are empty (no note), an execution rate in a percent format or
typed as a bare fraction (`0.862`, `1`) is a percentage (no note either: that is how forms write
it), and the form's own instruction texts are not answers."""

from __future__ import annotations

import math
import re
import struct
import unicodedata
from dataclasses import dataclass, field, replace

from .. import catalogue as C
from ..decimals import to_decimal
from ..findings import Finding
from ..form_schema import form_label
from ..layouts import Layouts, default_layouts
from ..model import Cell
from ..schema import Kind
from .cell_parsing import CellParser, as_text, is_dash
from .number_parsing import parse_number
from .xlsx_package import Grid

#: A bare number up to this in an execution-rate column is a fraction (forms.md).
FRACTION_MAX = 1.5
SHOWN_TEXTS = 6  # a block's note on text read as numbers names this many cells
#: Noise seen in real exports beyond single precision's own (0.0900000762939453 is 9%,
#: -0.300000152587891 is −30%): relative, on a figure of at most NOISY_DIGITS significant
#: digits and below NOISY_BELOW (rates, fractions, scores; never an amount in 元 with its fen).
EXPORT_NOISE, NOISY_DIGITS, NOISY_BELOW = 1.5e-6, 5, 1e4
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
#: A figure typed as text ('45.00, 1,234.5, 100.00%): a value, never a label.
FIGURE_TEXT = re.compile(r"^(?=.*\d)[-+]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)?(?:\.\d+)?%?$")
_PUNCTUATION = re.compile(r"[\s,，.。;；:：、()（）\"“”'‘’\-—_/]+")


def single_precision(value: float) -> float:
    """The figure a person typed when a single-precision export left it with binary noise
    (0.0500000007450581 is 0.05, 97.5999984741211 is 97.6): the shortest decimal, of at most 7
    significant digits, whose single-precision number it is (to the 15 digits a workbook
    keeps); or a short figure within an export's noise of it. Any other figure is as typed."""
    if not math.isfinite(value) or value == 0 or len(repr(value)) < 12:
        return value
    shown = f"{value:.15g}"  # as stored: Excel keeps 15 significant digits
    for digits in range(1, 8):
        typed = float(f"{value:.{digits}g}")
        single = struct.unpack("f", struct.pack("f", typed))[0]
        if f"{single:.15g}" == shown:
            return typed
    if abs(value) >= NOISY_BELOW:
        return value
    for digits in range(1, NOISY_DIGITS + 1):
        typed = float(f"{value:.{digits}g}")
        if abs(typed - value) <= EXPORT_NOISE * abs(value):
            return typed
    return value


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


#: A target or actual printed as 一 in a rubric row (no target to compare with): nothing.
NOTHING = frozenset({"一"})


def answer(text: str, layouts: Layouts | None = None) -> str:
    """What a person wrote in a cell, the form's printed instructions taken out: '' when the
    cell holds only an instruction such as （执行率低于90%的须说明原因，100字以内）."""
    words = layouts or default_layouts()
    s = _squeezed(text)
    for instruction in words.words("instructions", "texts"):
        instruction = _squeezed(instruction)
        if instruction in s:
            s = s.replace(instruction, "")
    hints = words.words("instructions", "hints")
    s = _BRACKETED.sub(lambda m: "" if any(h in m.group(0) for h in hints) else m.group(0), s)
    return "" if not _PUNCTUATION.sub("", s) else s


class FormCells:
    """Reads the cells of one form sheet; a merged range is parsed once, at its top-left."""

    def __init__(
        self, grid: Grid, sheet: str, parser: CellParser, layouts: Layouts | None = None
    ) -> None:
        self.grid, self.sheet, self.parser = grid, sheet, parser
        self.layouts = layouts or default_layouts()
        self._merged: dict[tuple[int, int], Cell | None] = {}
        self._texts: list[Finding] = []  # text read as numbers, said once per block

    def text(self, row: int, col: int) -> str:
        raw = self.grid.cell(row, col, formats=False)
        return as_text(raw.value) if raw is not None else ""

    def parse(
        self, row: int, col: int, kind: Kind, header: str, fraction: bool = False
    ) -> Cell | None:
        """The cell at (row, col) — read at its range's top-left when merged — or None when empty,
        a dash, or (for text) only the form's instruction."""
        anchor = self.grid.anchor(row, col)
        if anchor in self._merged:
            return self._merged[anchor]
        cell = self._parse(*anchor, kind, header, fraction)
        if anchor != (row, col) or anchor in self.grid.merged_anchors:
            self._merged[anchor] = cell
        return cell

    def _parse(self, row: int, col: int, kind: Kind, header: str, fraction: bool) -> Cell | None:
        raw = self.grid.cell(row, col, formats=kind in (Kind.PERCENT, Kind.VALUE))
        if raw is None or (is_dash(raw.value) and raw.formula is None):
            return None
        if type(raw.value) is float and raw.formula is None:
            typed = single_precision(raw.value)
            if typed != raw.value:
                raw = replace(raw, value=typed)
        if kind is Kind.VALUE and isinstance(raw.value, str) and raw.value.strip() in NOTHING:
            return None
        if kind is Kind.TEXT and isinstance(raw.value, str) and not raw.error:
            text = raw.value.strip()
            said = answer(text, self.layouts)
            return Cell(self.sheet, row, col, text if said else None, raw.value)
        if raw.percent_format and isinstance(raw.value, (int, float)) and kind is Kind.PERCENT:
            # A percent format is the form's own notation for a rate: read, not remarked on.
            parsed = parse_number(
                raw.value, percent=True, percent_format=True, shown_decimals=raw.shown_decimals
            )
            return Cell(self.sheet, row, col, parsed.value, raw.value, parsed.decimals, raw.formula)
        if (
            fraction
            and isinstance(raw.value, (int, float))
            and not isinstance(raw.value, bool)
            and not raw.percent_format
            and 0 < raw.value <= FRACTION_MAX
        ):
            return self._fraction(row, col, raw.value)
        mark = len(self.parser.findings)
        cell = self.parser.parse(self.sheet, row, col, raw, kind, header)
        notes = self.parser.findings[mark:]
        if len(notes) == 1 and notes[0].code == "NUMBER_NORMALIZED" and "文本“" in notes[0].message:
            self._texts.append(self.parser.findings.pop())  # said once for the block
        return cell

    def said_per_block(self, block: str) -> None:
        """Text read as numbers in one block: one note, not one per cell (forms.md v2)."""
        texts, self._texts = self._texts, []
        if len(texts) == 1:
            self.parser.findings.append(texts[0])
        elif texts:
            first = texts[0]
            shown = "、".join(f"{f.cell}“{f.stated}”" for f in texts[:SHOWN_TEXTS])
            more = f"等 {len(texts)} 个单元格" if len(texts) > SHOWN_TEXTS else ""
            self.parser.findings.append(
                C.NUMBER_NORMALIZED.finding(
                    first.sheet,
                    first.cell,
                    f"{block}中的数字写成了文本（{shown}{more}），已按数字读取"
                    "（千位分隔符、百分号、单位已去掉）。",
                    stated=first.stated,
                    computed=first.computed,
                )
            )

    def _fraction(self, row: int, col: int, value: float) -> Cell:
        """A bare 0.862 or 1 in an execution-rate column is the fraction of a percentage
        (forms.md): the rule of the form, not a guess, so it is not remarked on — and an .xls,
        whose number formats python-calamine does not report, reads as its .xlsx does."""
        points = to_decimal(value) * 100
        decimals = max(-int(points.normalize().as_tuple().exponent), 0)
        return Cell(self.sheet, row, col, float(points), value, decimals)


@dataclass
class Labels:
    """The text cells of a sheet (a merged range once, at its top-left) by their `form_label`."""

    grid: Grid
    #: Only the rows up to this one are read (recognition looks at the top of a sheet only).
    max_row: int | None = None
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → label
    raw: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → text as typed
    rows: dict[int, dict[int, str]] = field(default_factory=dict)  # row → {col: label}

    def __post_init__(self) -> None:
        anchors = self.grid.anchors
        last = self.grid.max_row if self.max_row is None else min(self.max_row, self.grid.max_row)
        for r in range(1, last + 1):
            for c, value in enumerate(self.grid.row(r), start=1):
                if (
                    isinstance(value, str)
                    and value.strip()
                    and (r, c) not in anchors
                    and not FIGURE_TEXT.match(value.strip())
                ):
                    label = form_label(value)
                    self.cells[(r, c)] = label
                    self.raw[(r, c)] = value
                    self.rows.setdefault(r, {})[c] = label

    def row(self, r: int) -> dict[int, str]:
        return self.rows.get(r, {})
