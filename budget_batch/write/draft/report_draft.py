"""The self-evaluation report draft, `<stem>_自评报告.docx`, written from the checked figures.

Every number in it is the tool's: totals and changes as entered, shares and rates as computed
(never as stated), scores as computed by the profile. Its structure and phrasing follow the seed
report (一、部门基本情况 … 四、下一步改进措施); where the workbook lacks what a section needs, the
draft says 【待补充：…】 instead of inventing text. An appendix lists the errors and warnings that
remain, and a note on the first page says so when any error remains.

python-docx builds the document in code; a template engine (docxtpl) would add Jinja on top of
the same library without making these sentences simpler.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from ...catalogue import CATALOGUE
from ...decimals import fmt
from ...findings import Severity
from ...result import KeyFigures, WorkbookResult
from ..atomic_files import replacing
from ..text_safety import clean
from . import draft_text as t

BODY_FONT = "仿宋"  # 仿宋_GB2312 is not on every machine; 仿宋 ships with Windows and WPS
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
MISSING = t.MISSING
#: Column widths (cm) of the draft's tables; the text block of A4 at 公文 margins is 15.6 cm.
INDICATOR_WIDTHS = (1.5, 1.7, 3.0, 2.0, 2.0, 1.0, 1.4, 3.0)
CELL_MARGIN_TWIPS = 57  # 0.1 cm at the sides of a cell (Word's default is 0.19 cm)
APPENDIX_WIDTHS = (1.5, 3.4, 2.5, 8.2)


def _east_asian(element: Any, name: str) -> None:
    """Chinese text takes the East Asian font, which python-docx does not set by itself."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _p(style_id: str, text: str, small: bool = False) -> Any:
    """A `<w:p>` of style `style_id` holding `text` (line breaks as `<w:br/>`, as python-docx's
    add_run does); `small`: 8 pt grey (a note under a cell's text)."""
    p = etree.Element(qn("w:p"))
    etree.SubElement(etree.SubElement(p, qn("w:pPr")), qn("w:pStyle")).set(qn("w:val"), style_id)
    run = etree.SubElement(p, qn("w:r"))
    if small:
        props = etree.SubElement(run, qn("w:rPr"))
        etree.SubElement(props, qn("w:color")).set(qn("w:val"), "808080")
        etree.SubElement(props, qn("w:sz")).set(qn("w:val"), "16")
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(run, qn("w:br"))
        t = etree.SubElement(run, qn("w:t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _styled() -> tuple[Any, dict[str, str]]:
    """An empty A4 document with our paragraph styles, and their ids by kind."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles: dict[str, str] = {}
    for key, font, size, bold, indent, center in (
        ("body", BODY_FONT, 16, False, True, False),
        ("note", BODY_FONT, 12, False, False, True),
        ("title", TITLE_FONT, 22, True, False, True),
        ("h1", HEADING_FONT, 16, False, True, False),
        ("h2", "楷体", 16, True, True, False),
        ("alert", HEADING_FONT, 14, False, True, False),
        ("cell", BODY_FONT, 10.5, False, False, False),
        ("cellhead", HEADING_FONT, 10.5, False, False, False),
    ):
        st = doc.styles.add_style(f"BB {key}", WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = doc.styles["Normal"]
        st.font.name, st.font.size, st.font.bold = font, Pt(size), bold
        _east_asian(st.element, font)
        pf = st.paragraph_format
        if key not in ("cell", "cellhead"):
            pf.line_spacing = Pt(28)
        pf.space_after = Pt(0)
        if indent:
            pf.first_line_indent = Pt(size * 2)
        if center:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if key == "alert":
            st.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        styles[key] = st.style_id
    return doc, styles


class _Doc:
    """A4, 公文 margins, and one paragraph style per kind of text: paragraphs only name a style,
    which keeps building the document cheap (fonts set run by run cost more than the content)."""

    #: The empty, styled document as saved, and its styles' ids: made once per process (adding
    #: styles scans every style each time; a worker writes hundreds of drafts).
    _blank: tuple[bytes, dict[str, str]] | None = None

    def __init__(self) -> None:
        blank, self.styles = _Doc.blank()
        self.doc = Document(io.BytesIO(blank))

    @staticmethod
    def blank() -> tuple[bytes, dict[str, str]]:
        if _Doc._blank is None:
            doc, styles = _styled()
            buf = io.BytesIO()
            doc.save(buf)
            _Doc._blank = (buf.getvalue(), styles)
        return _Doc._blank

    def paragraph(self, text: str, kind: str = "body") -> None:
        # Built as XML before the section properties: python-docx's add_paragraph, add_run and
        # `style=` look up schema order and every style each time (half the draft's cost).
        body = self.doc.element.body
        body.insert(len(body) - 1, _p(self.styles[kind], clean(text)))

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, "h1" if level == 1 else "h2")

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: tuple[float, ...],
        notes: list[list[str]] | None = None,
    ) -> None:
        """A grid table of fixed column widths whose header row repeats on every page; `notes`
        add a second, small grey line to a cell (e.g. a finding's code under its name)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid LibreOffice reads
        margins = table._tbl.tblPr.makeelement(qn("w:tblCellMar"), {})
        for side in ("left", "right"):
            margin = margins.makeelement(
                qn(f"w:{side}"), {qn("w:w"): str(CELL_MARGIN_TWIPS), qn("w:type"): "dxa"}
            )
            margins.append(margin)
        table._tbl.tblPr.append(margins)
        tbl = table._tbl
        for tr in tbl.findall(qn("w:tr")):
            tbl.remove(tr)
        twips = [str(round(Cm(w).twips)) for w in widths]
        for r, values in enumerate([headers, *rows]):
            style_id = self.styles["cellhead" if r == 0 else "cell"]
            extra = notes[r - 1] if notes and r else [""] * len(values)
            tr = etree.SubElement(tbl, qn("w:tr"))
            if r == 0:  # the header row repeats on every page
                etree.SubElement(etree.SubElement(tr, qn("w:trPr")), qn("w:tblHeader"))
            for value, note, twip in zip(values, extra, twips, strict=True):
                tc = etree.SubElement(tr, qn("w:tc"))
                w = etree.SubElement(etree.SubElement(tc, qn("w:tcPr")), qn("w:tcW"))
                w.set(qn("w:w"), twip)  # the width Word reads
                w.set(qn("w:type"), "dxa")
                tc.append(_p(style_id, clean(value)))
                if note:
                    tc.append(_p(style_id, clean(note), small=True))

    def save(self, dest: Path) -> None:
        with replacing(dest) as tmp:
            self.doc.save(str(tmp))


def warm_up() -> None:
    """Make the once-per-process state now (the worker server calls this, so that every worker
    forked from it starts with it: ~40 ms per workbook otherwise)."""
    _Doc.blank()


def prepare_draft() -> None:
    """Make what every draft of this process starts from (the styled empty document), ahead of
    the first draft: lone.py does it while the workbook is checked."""
    _Doc.blank()


def write_draft(result: WorkbookResult, dest: Path) -> None:
    """Write the report draft for a checked workbook."""
    f = result.figures or KeyFigures()
    info, unit = f.info, f.unit
    department = result.department or MISSING.format("部门名称")
    year = result.year or MISSING.format("预算年度")
    d = _Doc()
    d.paragraph(f"{department}{year}年部门整体支出绩效自评报告", "title")
    d.paragraph(
        "（草稿：由 budget_batch 根据审核后的工作簿生成，数字与工作簿一致，请在此基础上修改文字）",
        "note",
    )
    open_findings = [x for x in result.findings if x.severity in (Severity.ERROR, Severity.WARNING)]
    errors = sum(1 for x in open_findings if x.severity is Severity.ERROR)
    if errors:
        d.paragraph(
            f"【注意】所依据的工作簿仍有 {errors} 个错误未修改（见附录“审核意见”），"
            "本草稿中的相关数字可能不准确，请修改工作簿后重新生成。",
            "alert",
        )

    d.heading("一、部门基本情况", 1)
    d.heading("（一）部门职能", 2)
    d.paragraph(info.get("functions") or MISSING.format("部门职能"))
    staffing = []
    for key, label in (
        ("staff_quota", "编制人数"),
        ("staff_actual", "实有在职人数"),
        ("retired", "离退休人数"),
    ):
        if info.get(key):
            staffing.append(f"{label} {t.count_of(info[key], '人')}")
    d.paragraph(
        "，".join(staffing) + "。" if staffing else MISSING.format("编制人数和实有在职人数")
    )
    d.heading("（二）年度总体工作和重点工作任务", 2)
    d.paragraph(info.get("work") or MISSING.format("年度总体工作（基本信息“年度总体工作”）"))
    d.heading("（三）部门整体支出绩效目标", 2)
    d.paragraph(info.get("goal") or MISSING.format("年度整体绩效目标"))
    d.heading("（四）部门整体收支情况", 2)
    if f.income and f.spending:
        d.paragraph(
            f"{t.change(f.income, '收入', unit, f.basis)}；{t.change(f.spending, '支出', unit, f.basis)}。"
        )
        d.paragraph(
            f"本年收入 {t.amount(f.income.actual, unit)}"
            + (f"，{t.structure(f.income_parts, '总收入', unit)}" if f.income_parts else "")
            + f"。本年支出 {t.amount(f.spending.actual, unit)}"
            + (f"，{t.structure(f.spending_parts, '总支出', unit)}" if f.spending_parts else "")
            + "。"
            + (f"部门预算执行率为 {fmt(f.exec_rate, 2)}%。" if f.exec_rate is not None else "")
        )
    else:
        d.paragraph(MISSING.format("收支情况（收支情况表的收入合计、支出合计）"))
    d.heading("（五）部门整体绩效管理情况", 2)
    if f.project_count:
        d.paragraph(
            f"{year}年纳入部门绩效管理的项目共 {f.project_count} 个，全年预算 "
            f"{t.amount(f.project_budget, unit)}，执行 {t.amount(f.project_actual, unit)}"
            + (
                f"，执行率 {fmt(f.project_exec_rate, 2)}%。"
                if f.project_exec_rate is not None
                else "。"
            )
        )
    else:
        d.paragraph(MISSING.format("项目支出情况（项目支出表）"))

    d.heading("二、绩效自评情况", 1)
    d.heading("（一）自评结论", 2)
    s = result.score
    if s.computed is not None:
        rules = f"按评分规则“{f.profile_title}”计算" if f.profile_title else "按评分规则计算"
        text = (
            f"{rules}，部门整体支出绩效自评得分为 {fmt(s.computed, 2)} 分，"
            f"等级为{s.grade_computed}。"
        )
        if s.stated is not None and (
            round(s.stated - s.computed, 2) != 0 or s.grade_stated != s.grade_computed
        ):
            diff = s.stated - s.computed
            text += (
                f"部门自评 {fmt(s.stated, 2)} 分、等级为{s.grade_stated or '（未填）'}，"
                f"{'高于' if diff > 0 else '低于'}计算得分 {fmt(abs(diff), 2)} 分，请核实。"
            )
        d.paragraph(text)
    else:
        d.paragraph(MISSING.format("绩效指标及得分（绩效指标表）"))
    d.heading("（二）履职效能分析", 2)
    if f.indicators:
        computed = any(i.computed_actual is not None for i in f.indicators)
        d.paragraph(
            "绩效指标完成情况如下表（得分按评分规则计算"
            + ("；预算执行率的实际完成值按收支情况计算" if computed else "")
            + "）："
        )
        d.table(
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            [
                [
                    i.level1,
                    i.level2,
                    i.name,
                    t.target(i),
                    t.actual(i),
                    fmt(i.weight) if i.weight is not None else "",
                    "不适用"
                    if i.not_applicable
                    else (fmt(i.computed, 2) if i.computed is not None else "—"),
                    i.deviation,
                ]
                for i in f.indicators
            ],
            INDICATOR_WIDTHS,
        )
    else:
        d.paragraph(MISSING.format("绩效指标完成情况"))
    services = t.services(f)
    if services:
        d.paragraph("主要服务数量：")
        for n, sentence in enumerate(services, start=1):
            d.paragraph(f"（{n}）{sentence}；" if n < len(services) else f"（{n}）{sentence}。")

    d.heading("（三）管理效率分析", 2)
    d.paragraph(MISSING.format("预算编制及执行、信息公开、绩效管理、采购管理、资产管理等情况"))
    d.paragraph(t.running_costs(f))

    d.heading("三、存在的主要问题", 1)
    for n, text in enumerate(f.problems, start=1):
        d.paragraph(f"{n}.{t.unnumbered(text)}")
    if not f.problems:
        d.paragraph(MISSING.format("存在的主要问题"))
    d.heading("四、下一步改进措施", 1)
    for n, text in enumerate(f.measures, start=1):
        d.paragraph(f"{n}.{t.unnumbered(text)}")
    if not f.measures:
        d.paragraph(MISSING.format("下一步改进措施"))

    d.heading("附录　审核意见", 1)
    if open_findings:
        d.paragraph(
            f"以下 {len(open_findings)} 个问题（错误 {errors} 个、警告 {len(open_findings) - errors} 个）"
            "在工作簿中尚未解决："
        )
        d.table(
            ["严重程度", "问题", "位置", "说明"],
            [
                [x.severity.label, _title(x.code), x.location or "整个工作簿", x.message]
                for x in open_findings
            ],
            APPENDIX_WIDTHS,
            notes=[["", x.code, "", ""] for x in open_findings],  # the code, small, for support
        )
    else:
        d.paragraph("审核未发现错误和警告。")
    d.save(dest)


def _title(code: str) -> str:
    entry = CATALOGUE.get(code)
    return entry.title if entry else code
