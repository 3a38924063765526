"""What every 部门决算 table reader needs: labels as compared, codes, the header of each column,
the table blocks of a sheet (a title, then its rows, up to its footnote or the next title), and
the typed cells of a row.

Nothing here knows a table's position: titles, headers and row labels are found by their words
(layouts/accounts.toml), so the same readers take the central 财决 layout (行次 columns, a 栏次
row), Shanghai's (类 | 款 | 项 columns, 合计 at the top) and exports with merged headers alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..accounts_model import AccountsRow
from ..form_schema import form_label
from ..layouts import Layouts
from ..model import Cell
from ..schema import Kind
from .cell_parsing import CellParser, is_dash
from .xlsx_package import Grid

_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
_ORDINAL = re.compile(r"^(?:[(][一二三四五六七八九十]+[)]|[一二三四五六七八九十]+[、.])")
_CODE_IN_LABEL = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})[\]】]?\s*(\D.*)$")
_TABLE_NUMBER = re.compile(r"[(]?(?:财决|公开|决算)?\d{1,2}表[)]?$|^[(]?(?:财决|公开)\d{1,2}表[)]?")
_YEAR = re.compile(r"(20\d\d)\s*年度?")
SCAN_ROWS = 10  # a table's title is within its sheet's first rows (recognition looks no further)


def label(value: object) -> str:
    """A printed label as compared: `form_label`, quotes and a leading ordinal taken off."""
    if not isinstance(value, str):
        return ""
    s = _QUOTES.sub("", form_label(value))
    return _ORDINAL.sub("", s)


def code_of(value: object) -> str:
    """A code cell as digits ('201, 201.0, [201] → 201), else ''."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(str(value).split()).strip("'[]【】") if value is not None else ""
    return text if text.isdigit() else ""


def split_code(text: str) -> tuple[str, str]:
    """'2010101 行政运行' or '[201]一般公共服务支出' → (code, name); else ('', text)."""
    m = _CODE_IN_LABEL.match(text.strip())
    return (m.group(1), m.group(2).strip()) if m else ("", text.strip())


def joined_code(parts: list[object]) -> str:
    """The code of a row from its code columns: one column (2080501), or 类 | 款 | 项 ('208' |
    '05' | '01'), or the whole code in the first of three."""
    codes = [code_of(p) for p in parts]
    first = next((c for c in codes if c), "")
    if not first:
        return ""
    if len(first) > 3 or len(first) < 3:
        return first if len(first) in (3, 5, 7) else ""
    rest = codes[codes.index(first) + 1 :]
    out = first
    for c in rest:
        if len(c) != 2:
            break
        out += c
    return out


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def titled(layouts: Layouts, text: object) -> str | None:
    """The table id a title cell names (T1 … T9), or None: the whole title after the year and
    the department before it, and a table number (财决01表, 公开01表) after or before it."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = label(text)
    s = _TABLE_NUMBER.sub("", s)
    titles = layouts.aliases("accounts.titles")
    best: tuple[int, str] | None = None
    for alias, table_id in titles.items():
        plain = _QUOTES.sub("", alias)
        if s == plain or (s.endswith(plain) and _prefix_ok(s[: -len(plain)])):
            if best is None or len(plain) > best[0]:
                best = (len(plain), table_id)
    return best[1] if best else None


def _prefix_ok(prefix: str) -> bool:
    """What may precede a title in its cell: a year (2023年度), a department, 部门."""
    return bool(_YEAR.search(prefix)) or prefix.endswith(("部门", "单位", "年")) or len(prefix) <= 2


@dataclass
class Block:
    """One table on a sheet: its title row, its header rows and its data rows."""

    table_id: str
    sheet: str
    title_row: int  # 0 when only the sheet's name titles it
    title_col: int
    end: int  # the last row of the block (before the next title)
    header: list[int] = field(default_factory=list)
    data: list[int] = field(default_factory=list)
    footer: list[int] = field(default_factory=list)  # 注 / 说明 lines


def blocks(grid: Grid, sheet: str, layouts: Layouts, scan_all: bool = True) -> list[Block]:
    """The tables of a sheet by their title rows (a sheet may stack several); a sheet titled only
    by its name is one block."""
    found: list[Block] = []
    last = grid.max_row if scan_all else min(grid.max_row, SCAN_ROWS)
    for r in range(1, last + 1):
        cells = [(c, v) for c, v in enumerate(grid.row(r), start=1) if _filled(v)]
        if not cells or len(cells) > 3:
            continue
        for c, value in cells:
            table_id = titled(layouts, value)
            if table_id is not None:
                if found:
                    found[-1].end = r - 1
                found.append(Block(table_id, sheet, r, c, grid.max_row))
                break
    if not found:
        table_id = titled(layouts, sheet)
        if table_id is not None:
            found.append(Block(table_id, sheet, 0, 1, grid.max_row))
    return found


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def texts(grid: Grid, row: int) -> dict[int, str]:
    """The row's text cells by column (a merged range's text in every cell it covers)."""
    return {
        c: v.strip()
        for c, v in enumerate(grid.row(row), start=1)
        if isinstance(v, str) and v.strip()
    }


def numbers(grid: Grid, row: int) -> dict[int, float]:
    return {
        c: float(v)
        for c, v in enumerate(grid.stored(row), start=1)
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def is_footer(layouts: Layouts, text: str) -> bool:
    s = "".join(text.split())
    return any(
        s.startswith((f"{w}:", f"{w}：")) for w in layouts.words("accounts.words", "footer_starts")
    )


def says_empty(layouts: Layouts, text: str) -> bool:
    """Does a 说明 say the table has no data (…本年度没有…，故本表无数据)?"""
    s = "".join(text.split())
    return any(
        all(part in s for part in entry.split("|"))
        for entry in layouts.words("accounts.words", "empty_notes")
    )


def column_labels(
    grid: Grid, rows: list[int], extra: dict[int, list[str]] | None = None
) -> dict[int, list[str]]:
    """Each column's header labels, top to bottom (a merged header in every column it spans)."""
    out: dict[int, list[str]] = {}
    for r in rows:
        for c, text in texts(grid, r).items():
            s = label(text)
            if s and (not out.get(c) or out[c][-1] != s):
                out.setdefault(c, []).append(s)
    for c, more in (extra or {}).items():
        out.setdefault(c, []).extend(more)
    return out


def match_columns(labels: dict[int, list[str]], aliases: dict[str, list[str]]) -> dict[str, int]:
    """Key → column: an alias `上级/下级` needs both labels, the lower below the upper; the most
    specific aliases are placed first, each on the leftmost free column that has it."""
    wanted = sorted(
        (
            (key, [label(p) for p in alias.split("/")])
            for key, aliases_ in aliases.items()
            for alias in aliases_
        ),
        key=lambda item: -len(item[1]),
    )
    out: dict[str, int] = {}
    taken: set[int] = set()
    for key, path in wanted:
        if key in out:
            continue
        for c in sorted(labels):
            if c not in taken and _has_path(labels[c], path):
                out[key] = c
                taken.add(c)
                break
    return out


def _has_path(have: list[str], path: list[str]) -> bool:
    i = 0
    for s in have:
        if i < len(path) and s == path[i]:
            i += 1
    return i == len(path)


class RowCells:
    """Typed cells of one table's rows: amounts parsed once (a dash or blank is empty)."""

    def __init__(self, grid: Grid, sheet: str, parser: CellParser, title: str) -> None:
        self.grid, self.sheet, self.parser, self.title = grid, sheet, parser, title

    def row(
        self,
        r: int,
        columns: dict[str, int],
        *,
        code: str = "",
        name: str = "",
        role: str = "",
        where: dict[str, int] | None = None,
    ) -> AccountsRow:
        """An AccountsRow of row `r` whose amount columns are `columns`; its code and name (in
        the columns `where` says) are its key, as a finding names it across rounds."""
        row = AccountsRow(
            self.sheet, r, {}, dict(columns), self.title, code=code, name=name, role=role
        )
        row.title = self.title
        for key, c in columns.items():
            cell = self.amount(r, c, key)
            if cell is not None:
                row.cells[key] = cell
        for key, text in (("code", code), ("name", name)):
            if text and where and key in where:
                row.columns[key] = where[key]
                row.cells[key] = text
        return row

    def amount(self, r: int, c: int, what: str) -> Cell | None:
        raw = self.grid.cell(r, c)
        if raw is None or (is_dash(raw.value) and raw.formula is None):
            return None
        if isinstance(raw.value, str) and label(raw.value) and not _numeric_text(raw.value):
            return None  # a label where a figure would be (a header printed in a 合计 row)
        if self.grid.anchor(r, c) != (r, c):
            return None  # a merged range is read once, at its top-left
        return self.parser.parse(self.sheet, r, c, raw, Kind.AMOUNT, what)


def _numeric_text(text: str) -> bool:
    return bool(re.search(r"\d", text))
