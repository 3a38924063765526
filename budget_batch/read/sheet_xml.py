"""What a sheet part says that the cell values (python-calamine) do not: formulas, error values,
style ids, hidden rows and columns, merged ranges.

The sheet XML is parsed, not grepped. Everything outside `<sheetData>` (cols, mergeCells,
dataValidations, conditionalFormatting, extLst, …) is parsed as a document of its own: the part
with its sheetData emptied, so nothing Excel keeps in an extension list can look like a cell.
The cells are parsed in one streaming pass (ooxml's hardened parser). A sheetData too large for a
Python parser to walk quickly (a 100,000-project sheet has a million elements) is read by ooxml's
cell tokenizer at C speed over that element alone: exact for the XML every spreadsheet program
writes, and used only when the element holds no comment, CDATA section, processing instruction
or cell without an address; otherwise the parser reads it. Tests hold both paths to the same
results.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from itertools import repeat

from ..ooxml.addresses import cell_position, cell_range, column_letter
from ..ooxml.sheet_tokens import (
    ERROR_TOKEN,
    address,
    attr,
    column_styles,
    enclosing_cell,
    find_all,
    is_true,
    lexical_hazard,
    patterns,
    root_name,
    sheet_data_span,
    tag_around,
    unaddressed,
    unescape,
)
from ..ooxml.xml_parts import iterparse, local, root_of

#: sheetData up to this size is parsed element by element; above it, tokenised.
EXACT_LIMIT = 2 * 1024 * 1024
Position = tuple[int, int]  # (row, col), 1-based
SHARED_FORMULA = "=（共享公式）"


@dataclass
class SheetXml:
    """One sheet's structure. Styles are looked up per column on demand (only percent and
    indicator-value columns need them), so a large sheet pays only for what is asked."""

    formulas: dict[Position, str] = field(default_factory=dict)
    errors: dict[Position, str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[Position, Position]] = field(
        default_factory=list
    )  # (top-left, bottom-right)
    _styles: dict[Position, int] | None = None  # every cell's style (the parsed path)
    _cells: bytes = b""  # the sheetData element (the tokenised path)
    _prefix: bytes = b""  # its namespace prefix ("x:" from some writers, usually none)
    _column_styles: dict[int, dict[int, int]] = field(default_factory=dict)

    def style(self, row: int, col: int) -> int:
        if self._styles is not None:
            return self._styles.get((row, col), 0)
        if col not in self._column_styles:
            self._column_styles[col] = column_styles(self._cells, self._prefix, column_letter(col))
        return self._column_styles[col].get(row, 0)

    def styles_of(self, col: int, first: int, last: int) -> list[int]:
        """The style ids of column `col`'s cells in rows `first` … `last`."""
        if self._styles is not None:
            cells = self._styles.get
            return [cells((r, col), 0) for r in range(first, last + 1)]
        self.style(first, col)  # the column's styles, scanned once
        return list(map(self._column_styles[col].get, range(first, last + 1), repeat(0)))


def parse_sheet(xml: bytes, exact_limit: int = EXACT_LIMIT) -> SheetXml:
    """The structure of a sheet part (the pre-scan has refused DOCTYPE and entities)."""
    start, end, prefix = sheet_data_span(xml)
    sheet = SheetXml()
    _read_outside(xml[:start] + b"<" + prefix + b"sheetData/>" + xml[end:], sheet)
    cells = xml[start:end]
    if len(cells) <= exact_limit or lexical_hazard(cells) or unaddressed(cells, prefix):
        _parse_cells(xml[:start] + cells + b"</" + root_name(xml[:start]) + b">", sheet)
    else:
        _scan_cells(cells, prefix, sheet)
    return sheet


def _read_outside(skeleton: bytes, sheet: SheetXml) -> None:
    """Hidden columns and merged ranges, from the part without its cells."""
    for el in root_of(skeleton).iter():
        name = local(el.tag)
        if name == "col" and el.get("hidden") in ("1", "true"):
            low, high = _int(el.get("min")), _int(el.get("max"))
            sheet.hidden_cols.update(range(low, min(high, 16384) + 1))
        elif name == "mergeCell":
            span = cell_range(el.get("ref", ""))
            if span is not None:
                sheet.merged.append(span)


def _int(text: str | None) -> int:
    return int(text) if text is not None and text.isdigit() else 0


def _parse_cells(document: bytes, sheet: SheetXml) -> None:
    """The parsed path: one iterparse over the rows and cells."""
    styles: dict[Position, int] = {}
    row_number, col_number = 0, 0
    formula: str | None = None
    value: str | None = None
    for event, el in iterparse(io.BytesIO(document), events=("start", "end")):
        name = local(el.tag)
        if event == "start":
            if name == "row":
                row_number = _int(el.get("r")) or row_number + 1
                col_number = 0
                if el.get("hidden") in ("1", "true"):
                    sheet.hidden_rows.add(row_number)
            elif name == "c":
                pos = cell_position(el.get("r", "")) or (row_number, col_number + 1)
                row_number, col_number = pos
                formula = value = None
            continue
        if name == "f":
            formula = "=" + el.text if el.text else SHARED_FORMULA
        elif name == "v":
            value = el.text or ""
        elif name == "c":
            pos = (row_number, col_number)
            if el.get("s"):
                styles[pos] = _int(el.get("s"))
            if formula is not None:
                sheet.formulas[pos] = formula
            if el.get("t") == "e":
                sheet.errors[pos] = value or "#N/A"
            el.clear()
        elif name == "row":
            el.clear()
    sheet._styles = styles


def _scan_cells(cells: bytes, prefix: bytes, sheet: SheetXml) -> None:
    """The tokenised path, over the sheetData element alone: the tag a token sits in is the
    last `<` before it, and a formula's cell the last cell tag."""
    p = patterns(prefix)
    for at in find_all(cells, b" hidden="):
        tag = tag_around(cells, at)
        if p.row_tag.match(tag) and is_true(attr(tag, b"hidden")):
            r = attr(tag, b"r")
            if r is not None and r.isdigit():
                sheet.hidden_rows.add(int(r))
    # One pass for `<f`, sorted by what follows it into the three ways a formula opens.
    opens: dict[bytes, list[int]] = {token: [] for token in p.formula_opens}
    width = len(prefix) + 2
    for at in find_all(cells, b"<" + prefix + b"f"):
        token = cells[at : at + width + 1]
        if token in opens:
            opens[token].append(at)
        elif cells[at : at + width + 2] in opens:  # <f/>
            opens[cells[at : at + width + 2]].append(at)
    for token in p.formula_opens:
        for at in opens[token]:
            pos = enclosing_cell(cells, at, p.cell_open)
            if pos is None:
                continue
            open_end = cells.find(b">", at)
            text = b""
            if cells[open_end - 1 : open_end] != b"/":  # <f …>text</f>
                close = cells.find(b"</" + prefix + b"f>", open_end)
                text = cells[open_end + 1 : close] if close >= 0 else b""
            sheet.formulas[pos] = "=" + unescape(text) if text else SHARED_FORMULA
    for at in find_all(cells, ERROR_TOKEN):
        tag = tag_around(cells, at)
        if not tag.startswith(p.cell_open):
            continue
        pos = address(tag)
        if pos is None:
            continue
        after = cells.find(b">", at) + 1
        close = cells.find(b"</" + prefix + b"c>", after)
        v = p.value.search(cells, after, close if close >= 0 else len(cells))
        sheet.errors[pos] = unescape(v.group(1)) if v else "#N/A"
    sheet._cells = cells
    sheet._prefix = prefix
