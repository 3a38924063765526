"""Real report paragraphs with every figure judged: the narrative checker's ground truth.

Each `*.toml` here is one published document (a 自评报告, a 决算 or 预算 explanation, a 三公 note);
its paragraphs are kept as stored, and each figure carries a verdict (true / rounding / false /
ambiguous / unverifiable) with the arithmetic behind it. README.md describes the format, the
counts, the phrasing patterns and the subject synonyms.

`load()` reads them all; `Figure.span(paragraph_text)` finds a figure in its paragraph the way
the README says (matches inside a longer number do not count), so a checker's findings can be
matched to the figures they are about.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

VERDICTS = ("true", "rounding", "false", "ambiguous", "unverifiable")
MEASURES = ("amount", "part", "share", "change", "change_rate", "rate", "count", "score", "grade")

_THOUSANDS_GROUP = re.compile(r"\d{3}(?!\d)")


@dataclass(frozen=True)
class Figure:
    text: str
    measure: str
    subject: str
    verdict: str
    occurrence: int = 1
    of: str = ""
    correct: str = ""
    why: str = ""
    note: str = ""

    def span(self, paragraph: str) -> tuple[int, int] | None:
        """Where this figure is in `paragraph`, or None when it is not there."""
        found = token_positions(paragraph, self.text)
        if len(found) < self.occurrence:
            return None
        start = found[self.occurrence - 1]
        return start, start + len(self.text)


@dataclass(frozen=True)
class Paragraph:
    text: str
    figures: tuple[Figure, ...]
    note: str = ""


@dataclass(frozen=True)
class TableCell:
    row: int  # 1-based; row 1 is the header
    col: int  # 1-based
    figure: Figure


@dataclass(frozen=True)
class Table:
    caption: str
    rows: tuple[tuple[str, ...], ...]
    cells: tuple[TableCell, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Report:
    path: Path
    title: str
    sources: tuple[str, ...]
    department: str
    year: int
    kind: str
    notes: str
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...] = field(default=())


def token_positions(text: str, figure: str) -> list[int]:
    """Start offsets of `figure` in `text`, skipping matches inside a longer number.

    A match preceded by a digit or a decimal point is part of another number (`0%` in `100%`,
    `1个` in `41个`); so is one preceded by a thousands comma (`486.18` in `7,057,486.18`). A
    figure ending in a digit must not be followed by a digit or a decimal point either.
    """
    found: list[int] = []
    start = text.find(figure)
    while start >= 0:
        before = text[start - 1] if start else ""
        end = start + len(figure)
        after = text[end] if end < len(text) else ""
        ok = not (before.isdigit() or before == ".")
        if (
            before == ","
            and start >= 2
            and text[start - 2].isdigit()
            and _THOUSANDS_GROUP.match(figure)
        ):
            ok = False
        if figure[-1:].isdigit() and (after.isdigit() or after == "."):
            ok = False
        if ok:
            found.append(start)
        start = text.find(figure, start + 1)
    return found


def _figure(raw: dict[str, Any]) -> Figure:
    return Figure(
        text=raw["text"],
        measure=raw["measure"],
        subject=raw["subject"],
        verdict=raw["verdict"],
        occurrence=int(raw.get("occurrence", 1)),
        of=raw.get("of", ""),
        correct=raw.get("correct", ""),
        why=raw.get("why", ""),
        note=raw.get("note", ""),
    )


def read(path: Path) -> Report:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    meta = data["meta"]
    source = meta["source"]
    paragraphs = tuple(
        Paragraph(p["text"], tuple(_figure(f) for f in p.get("figures", [])), p.get("note", ""))
        for p in data.get("paragraphs", [])
    )
    tables = tuple(
        Table(
            caption=t["caption"],
            rows=tuple(tuple(row) for row in t["rows"]),
            cells=tuple(
                TableCell(int(f["row"]), int(f["col"]), _figure(f)) for f in t.get("figures", [])
            ),
            note=t.get("note", ""),
        )
        for t in data.get("tables", [])
    )
    return Report(
        path=path,
        title=meta["title"],
        sources=tuple(source) if isinstance(source, list) else (source,),
        department=meta["department"],
        year=int(meta["year"]),
        kind=meta["kind"],
        notes=meta.get("notes", ""),
        paragraphs=paragraphs,
        tables=tables,
    )


def load() -> list[Report]:
    """Every report of the corpus, in file-name order."""
    return [read(path) for path in sorted(HERE.glob("*.toml"))]
