"""A department's Word report (自评报告) as read: its paragraphs split into sentences, its tables as
cells with their row and column labels (narrative.md, "What is extracted").

Places are said as a reader counts them in Word: `第 N 段` counts the body's paragraphs that hold
text (empty ones are not counted), `表 N 第 r 行第 c 列` the body's tables and their grid from 1.
A writer that must find a paragraph or a table in the package again uses `position`: its index
among all the body's paragraphs (empty ones included) or tables, from 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layouts import Layouts
from .model import Document


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph: its text and where it is in the paragraph's text."""

    text: str
    start: int
    end: int


@dataclass
class ReportParagraph:
    index: int  # 第 N 段, from 1, over the paragraphs that hold text
    position: int  # among all the body's paragraphs, from 0
    text: str
    style: str = ""
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def place(self) -> str:
        return f"第 {self.index} 段"

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds the character at `offset`."""
        return next((s for s in self.sentences if s.start <= offset < s.end), None)


@dataclass
class ReportTable:
    index: int  # 表 N, from 1
    position: int  # among the body's tables, from 0
    #: The grid, row by row; a merged cell's text is repeated over the cells it covers.
    rows: list[list[str]]
    #: (row, column), from 1, of the cells a merged cell covers beyond its first.
    covered: set[tuple[int, int]] = field(default_factory=set)
    #: The text just above the table (its title), or "".
    caption: str = ""
    #: The money unit the table states (单位：万元, (元)), or "".
    unit: str = ""

    def cell(self, row: int, col: int) -> str:
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return ""

    def place(self, row: int, col: int) -> str:
        return f"表 {self.index} 第 {row} 行第 {col} 列"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class ReportModel(Document):
    paragraphs: list[ReportParagraph] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    title: str = ""
    #: The department and year the title names (广州市花都区残联 2023 年…), when it names them.
    department_name: str = ""
    year_named: int | None = None
    #: The input's format: docx, or doc / wps converted by LibreOffice.
    source_format: str = "docx"
    #: The wording data its checks read by (the package's, and `--layouts`).
    layouts: Layouts | None = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        return "report"

    @property
    def department(self) -> str:
        return self.department_name

    @property
    def year(self) -> int | None:
        return self.year_named

    def paragraph(self, index: int) -> ReportParagraph | None:
        """The paragraph `第 index 段`."""
        if 1 <= index <= len(self.paragraphs) and self.paragraphs[index - 1].index == index:
            return self.paragraphs[index - 1]
        return next((p for p in self.paragraphs if p.index == index), None)
