"""Real documents transcribed as readable text: each `*.toml` here is one published workbook
(a 自评表 in some province's layout, a scoring table, a 部门决算), its cells typed out as the
publisher printed them, with the faults the publisher left in it as the expected findings.

The format (a reviewer reads a change of transcription as a text diff):

    [meta]
    title = "…"              # what the document is
    source = "https://…"     # where it was published (facts carry over; nothing invented
    place = "湖南省长沙市"     #   except where `notes` says so)
    year = 2023
    kind = "project_form"    # project_form | department_form | scoring_table | final_accounts
    notes = "…"

    [[sheets]]
    name = "Sheet1"
    merges = ["A1:I1", "A5:A9"]
    formats = { "F6" = "0.00%" }      # optional number formats by cell
    grid = '''
    项目支出绩效自评表
    项目名称 | 某某项目 | | 主管部门 | 某某局
    年度资金总额 | 120 | 118.5 | 10 | 98.75% | 9.88
    '''

    [[expected]]             # each published fault, as the finding it must raise
    code = "SCORE_MISMATCH"
    sheet = "Sheet1"
    cell = "H6"
    why = "执行率 86% 得 9 分，应为 8.6"

Grid cells are separated by `|` (a literal bar is `\\|`), one line per row from row 1, surrounding
spaces trimmed; an empty cell is nothing between two bars. A cell that reads as a plain number
(`1234.5`, `-3`, `0.05`) is a number cell; `86%` / `78.42%` is a number cell holding the fraction
with a percent format of the decimals shown; anything else is text, and a leading `'` forces text
(`'1,234.50` is the text 1,234.50, as a system export leaves it). A cell inside a merged range
other than its top-left must be left empty.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

HERE = Path(__file__).parent
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PERCENT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")
_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass
class Expected:
    code: str
    sheet: str
    cell: str
    why: str = ""


@dataclass
class Document:
    path: Path
    meta: dict[str, Any]
    sheets: list[dict[str, Any]]
    expected: list[Expected] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", ""))


def load(path: Path) -> Document:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    expected = [Expected(**e) for e in data.get("expected", [])]
    return Document(path, data.get("meta", {}), data.get("sheets", []), expected)


def documents(folder: str = "", kind: str | None = None) -> list[Document]:
    """Every transcribed document under tests/documents/<folder>, by file name."""
    docs = [load(p) for p in sorted((HERE / folder).rglob("*.toml"))]
    return [d for d in docs if kind is None or d.kind == kind]


def rows(grid: str) -> list[list[str]]:
    lines = grid.split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]  # the newline after the opening quotes
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    return [[c.strip().replace("\\|", "|") for c in _SPLIT.split(line)] for line in lines]


def build(doc: Document, dest: Path) -> Path:
    """Write `doc` as an .xlsx at `dest` (xlsxwriter: cells, merges, formats)."""
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(str(dest), options)
    formats: dict[str, Any] = {}

    def fmt(num_format: str | None) -> Any:
        if num_format is None:
            return None
        if num_format not in formats:
            formats[num_format] = wb.add_format({"num_format": num_format})
        return formats[num_format]

    for sheet in doc.sheets:
        ws = wb.add_worksheet(sheet["name"])
        cell_formats = {k.upper(): v for k, v in sheet.get("formats", {}).items()}
        merged: set[tuple[int, int]] = set()
        for rng in sheet.get("merges", []):
            first, last = rng.split(":")
            r1, c1 = xl_cell_to_rowcol(first)
            r2, c2 = xl_cell_to_rowcol(last)
            merged.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        grid = rows(sheet.get("grid", ""))
        values: dict[tuple[int, int], tuple[Any, str | None]] = {}
        tops = {xl_cell_to_rowcol(rng.split(":")[0]) for rng in sheet.get("merges", [])}
        for r, line in enumerate(grid):
            for c, text in enumerate(line):
                if text:
                    if (r, c) in merged and (r, c) not in tops:
                        where = xlsxwriter.utility.xl_rowcol_to_cell(r, c)
                        raise ValueError(f"{doc.path.name}: {where} is inside a merged range")
                    values[(r, c)] = _typed(text)
        for rng in sheet.get("merges", []):
            first, last = rng.split(":")
            r1, c1 = xl_cell_to_rowcol(first)
            r2, c2 = xl_cell_to_rowcol(last)
            value, shown = values.pop((r1, c1), (None, None))
            ref = first.upper()
            f = fmt(cell_formats.get(ref, shown))
            if value is None:
                ws.merge_range(r1, c1, r2, c2, "", f)
            else:
                ws.merge_range(r1, c1, r2, c2, value, f)
        for (r, c), (value, shown) in values.items():
            ref = xlsxwriter.utility.xl_rowcol_to_cell(r, c)
            f = fmt(cell_formats.get(ref, shown))
            if isinstance(value, str):
                ws.write_string(r, c, value, f)
            else:
                ws.write_number(r, c, value, f)
    wb.close()
    return dest


def _typed(text: str) -> tuple[Any, str | None]:
    if text.startswith("'"):
        return text[1:], None
    if _NUMBER.match(text):
        return float(text), None
    m = _PERCENT.match(text)
    if m:
        decimals = len(m.group(2) or "")
        return float(m.group(1)) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    return text, None


def main(argv: list[str]) -> None:
    """python tests/documents/__init__.py OUT_DIR [FILE.toml …]: build documents as .xlsx."""
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    docs = [load(Path(a)) for a in argv[1:]] or documents()
    for doc in docs:
        print(build(doc, out / f"{doc.name}.xlsx"))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
