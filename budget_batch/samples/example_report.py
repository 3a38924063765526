"""The example Word report, `input_templates/示例_花都区残联_2023_自评报告.docx`: the seed report's
text as published (its two wrong shares included: they are what the checks must find), with a
table of its 收支 figures (表 1, made from the text's own figures, shares as the text states
them), marked 示例 under its title.

Run `python -m budget_batch.samples.example_report PATH` (or `make example`) to rebuild it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .seed_report_text import PARAGRAPHS

TARGET = "input_templates/示例_花都区残联_2023_自评报告.docx"
NOTE = (
    "示例：本报告为《广州市花都区残联 2023 年部门整体支出绩效自评报告》公开文本，供演示审核使用。"
    "正文按原文录入（含其中不一致之处）；表 1 由原文的收支数字整理，占比照录原文。"
)
#: After which paragraph (its first words) 表 1 is set: the end of （四）部门整体收支情况.
TABLE_AFTER = "本年收入 2224.46万元"
TABLE_CAPTION = "表 1  2023 年部门整体收支情况（单位：万元）"
TABLE_ROWS = (
    ("项目", "上年数", "本年数", "增减额", "增减率(%)", "占比(%)"),
    ("收入合计", "2402.98", "2224.46", "-178.52", "-7.43", ""),
    ("一般公共预算财政拨款", "", "2204.46", "", "", "99.09"),
    ("政府性基金预算财政拨款", "", "20.00", "", "", "0.91"),
    ("支出合计", "2402.98", "2224.46", "-178.52", "-7.43", ""),
    ("基本支出", "", "865.19", "", "", "38.89"),
    ("项目支出", "", "1359.27", "", "", "61.11"),
)
BODY_FONT, HEADING_FONT = "仿宋", "黑体"
FIXED = dt.datetime(2024, 1, 1)


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def build(dest: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(3.7 - 1.2)
    section.left_margin = section.right_margin = Cm(2.7)
    props = doc.core_properties
    props.title = "示例：广州市花都区残联 2023 年部门整体支出绩效自评报告"
    props.author = props.last_modified_by = "budget_batch 示例"
    props.created = props.modified = FIXED
    props.revision = 1
    for style, text in PARAGRAPHS:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(run, "宋体", 18, bold=True)
            note = doc.add_paragraph()
            _font(note.add_run(NOTE), "楷体", 10.5)
            continue
        if style in ("h1", "h2"):
            _font(run, HEADING_FONT if style == "h1" else "楷体", 16 if style == "h1" else 15)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _font(run, BODY_FONT, 16)
        if text.startswith(TABLE_AFTER):
            _table(doc)
    dest.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(dest))
    return dest


def _table(doc: Any) -> None:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(caption.add_run(TABLE_CAPTION), HEADING_FONT, 12)
    table = doc.add_table(rows=len(TABLE_ROWS), cols=len(TABLE_ROWS[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(TABLE_ROWS):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            _font(paragraph.add_run(value), HEADING_FONT if r == 0 else BODY_FONT, 10.5, r == 0)


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else TARGET)
    build(target)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
