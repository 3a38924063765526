"""A Word report read into a `ReportModel`: its paragraphs (those that hold text, numbered as a
reader counts them) split into sentences, its tables with their captions and money unit, and the
department and year its title names. Recognised by content: 自评报告 / 绩效自评 / 部门整体支出 in
the title or the first paragraphs (narrative.md, "Input")."""

from __future__ import annotations

import re
import unicodedata

from ..narrative.text import split_sentences
from ..narrative.wording import squash, wording
from ..report_model import ReportModel, ReportParagraph, ReportTable
from .recognition import Fit
from .sheet_source import ReadResult
from .text_source import RawParagraph, RawTable, TextSource

#: How many of the first paragraphs recognition and the title are looked for in.
HEAD_PARAGRAPHS = 6
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT = re.compile(r"单位:?\s*(万元|亿元|千元|元)|\(\s*(万元|亿元|千元|元)\s*\)")


def _head(source: TextSource) -> list[str]:
    texts = [b.text.strip() for b in source.blocks if isinstance(b, RawParagraph)]
    return [t for t in texts if t][:HEAD_PARAGRAPHS]


def report_fit(source: TextSource) -> Fit:
    """Each recognition word in the first paragraphs is an anchor."""
    words = wording(source.layouts)
    fit = Fit(sought=["标题或开头几段中的“" + "”“".join(words.titles[:3]) + "”"])
    head = squash("".join(_head(source)))
    for word in words.titles:
        if word in head:
            fit.add(1.0, f"“{word}”")
    return fit


def read_report(source: TextSource) -> ReadResult:
    model = ReportModel(
        path=source.path, sheet_names=[], source_format=source.format, layouts=source.layouts
    )
    index = 0
    caption = ""
    for block in source.blocks:
        if isinstance(block, RawParagraph):
            text = block.text.strip()
            if not text:
                continue
            index += 1
            model.paragraphs.append(
                ReportParagraph(
                    index, block.position, block.text, block.style, split_sentences(block.text)
                )
            )
            caption = text
        else:
            model.tables.append(_table(block, len(model.tables) + 1, caption))
            caption = ""
    model.title = _title(source)
    model.year_named = _year(model.title)
    model.department_name = _department(model.title)
    return ReadResult(model, [])


def _table(block: RawTable, index: int, caption: str) -> ReportTable:
    unit = ""
    for text in [caption, *(" ".join(r) for r in block.rows[:2])]:
        m = _UNIT.search(unicodedata.normalize("NFKC", text))
        if m:
            unit = m.group(1) or m.group(2)
            break
    short = caption if len(caption) <= 60 else ""
    return ReportTable(index, block.position, block.rows, block.covered, short, unit)


def _title(source: TextSource) -> str:
    """The first paragraphs up to the one that names the kind of report (a title may be set on
    two lines: 某部门 2023 年部门整体支出 / 绩效自评报告)."""
    words = wording(source.layouts)
    head = _head(source)
    for n in range(1, min(3, len(head)) + 1):
        joined = "".join(head[:n])
        if any(w in squash(joined) for w in words.titles) and len(joined) <= 80:
            return joined
    return head[0] if head else ""


def _year(title: str) -> int | None:
    m = _YEAR.search(unicodedata.normalize("NFKC", title))
    return int(m.group(1)) if m else None


def _department(title: str) -> str:
    """What the title says before its year (广州市花都区残联 2023 年…), or before 部门整体 /
    关于 when it names no year."""
    text = unicodedata.normalize("NFKC", title).strip()
    m = _YEAR.search(text)
    cut = m.start() if m else -1
    if cut < 0:
        for word in ("部门整体", "整体支出", "绩效自评"):
            cut = text.find(word)
            if cut > 0:
                break
    name = text[: max(cut, 0)].strip(" :：,，")
    name = re.sub(r"^关于", "", name)
    return name if 2 <= len(name) <= 40 else ""
