"""TEXT_WORKBOOK_MISMATCH: a report's text against the same department's workbook in the batch
(narrative.md "What is checked", 3), once every document is read.

The report carries the figures its text states, bound to a subject and a measure (`TextFigure`,
from `text_figures` in its worker); our template carries its 收支情况 figures (`Stated`,
checks/stated_figures.py). They are matched by department (the name normalised, common
abbreviations expanded: 残联 = 残疾人联合会) and year. A text figure that several workbook cells
could state (本年收入 without 预算 / 决算: 年初预算数, 全年预算数 or 全年执行数) agrees when one of
them agrees. A workbook figure its own checks flag is reported once, at the workbook: the report
gets no second finding for it, and the report's own finding on the same figure names it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from .. import catalogue as C
from ..decimals import fmt, round_half_up, to_decimal
from ..findings import Finding, Severity
from ..form_schema import organisation_key
from ..links import Link, Stated
from ..narrative.wording import wording
from ..report_model import ReportModel
from ..result import WorkbookResult
from ..schema import BUDGET
from ..settings import Settings
from ..text_figures import TextFigure
from .across import Outcome, across, file_name
from .text_checks import ReportReview

#: The workbook columns (stated_figures.COLUMNS names) a text figure may restate.
COLUMNS_FOR = {
    ("amount", "budget"): ("全年预算数", "年初预算数"),
    ("amount", "actual"): ("全年执行数",),
    ("amount", ""): ("全年执行数", "全年预算数", "年初预算数"),
    ("share", "*"): ("占比",),
    ("change", ""): ("增减额",),
    ("change_rate", ""): ("增减率",),
}
TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001")}
SCORE = "自评得分"
_LABELS = {row.code: row.label for row in BUDGET.standard_rows}
#: A 收支情况 row's parent row (its 占比 is of the parent: 1.1 → 收入合计).
PARENTS = {
    label: _LABELS.get(code.rpartition(".")[0], "")
    for code, label in _LABELS.items()
    if "." in code
}


def text_figures(
    review: ReportReview, model: ReportModel, flagged: dict[tuple[str, str], str]
) -> list[TextFigure]:
    """The report's bound figures (and its self-score), for the checks across the batch."""
    out: list[TextFigure] = []
    bases = {
        (r.stated.paragraph, r.stated.id): r.operands[1].canonical
        for r in review.text.relations()
        if r.kind == "share" and len(r.operands) == 2
    }
    for b in review.bound:
        fig = b.figure
        if fig.measure not in ("amount", "share", "change", "change_rate"):
            continue
        paragraph = model.paragraph(fig.paragraph)
        s = paragraph.sentence_at(fig.start) if paragraph is not None else None
        sentence = s.text if s is not None else ""
        value = fig.in_yuan / 10000 if fig.family == "money" else abs(fig.value)
        if fig.measure in ("change", "change_rate"):
            value = abs(value) * (fig.direction or 1)
        qualifier = b.qualifier if fig.measure == "amount" else ""
        if fig.measure == "share":
            qualifier = bases.get((fig.paragraph, fig.id), "")
        out.append(
            TextFigure(
                b.canonical,
                fig.measure,
                qualifier,
                float(value),
                fig.decimals,
                fig.approx,
                fig.text,
                f"第 {fig.paragraph} 段",
                sentence,
                flagged.get((sentence, fig.text), ""),
            )
        )
    for score in review.scores[:1]:
        fig = score.score
        paragraph = model.paragraph(fig.paragraph)
        s = paragraph.sentence_at(fig.start) if paragraph is not None else None
        sentence = s.text if s is not None else ""
        out.append(
            TextFigure(
                SCORE,
                "score",
                score.grade,
                float(fig.value),
                fig.decimals,
                fig.approx,
                fig.text,
                f"第 {fig.paragraph} 段",
                sentence,
                flagged.get((sentence, fig.text), ""),
            )
        )
    return out


def department_key(name: str | None) -> str:
    """A department's name as a report and a workbook are matched by: NFKC, no spaces, common
    abbreviations expanded (layouts/narrative.toml)."""
    if not name:
        return ""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    for full, shorts in wording().abbreviations.items():
        for short in shorts:
            if text.endswith(short):
                text = text[: -len(short)] + full
    return organisation_key(text)


def same_department(a: str, b: str) -> bool:
    """Equal, or one the other with a leading place name (花都区残疾人联合会 = 广州市花都区…)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 8 and long.endswith(short))


@across(C.TEXT_WORKBOOK_MISMATCH, C.TEXT_SCORE_GRADE)
def report_against_workbook(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    outcome = Outcome()
    reports = [r for r in results if r.kind == "report" and r.narrative is not None]
    if not reports:
        return outcome
    workbooks = [r for r in results if r.kind == "department" and r.stated]
    for report in reports:
        key = department_key(report.department)
        matches = [
            w
            for w in workbooks
            if w.year == report.year and same_department(key, department_key(w.department))
        ]
        if len(matches) == 1:
            _compare(report, matches[0], outcome)
    return outcome


def _compare(report: WorkbookResult, workbook: WorkbookResult, outcome: Outcome) -> None:
    assert report.narrative is not None
    rows = wording().workbook_rows
    flags = {(f.sheet, f.cell): f for f in workbook.findings if f.severity != Severity.INFO}
    for tf in report.narrative.figures:
        if tf.measure == "score":
            _scores(tf, report, workbook, outcome)
            continue
        row = rows.get(tf.subject)
        names = COLUMNS_FOR.get((tf.measure, "*" if tf.measure == "share" else tf.qualifier))
        if row is None or names is None:
            continue
        if tf.measure == "share" and rows.get(tf.qualifier) != PARENTS.get(row):
            continue  # a share of another base than the row's parent (占总支出 for 人员经费)
        cells = [
            (n, workbook.stated[f"{row}.{n}"]) for n in names if f"{row}.{n}" in workbook.stated
        ]
        if not cells:
            continue
        agreeing = next(((n, s) for n, s in cells if _agrees(tf, s)), None)
        name, stated = agreeing or cells[0]
        link_key = f"{row}.{name}"
        outcome.links[report.file].append(
            Link(
                "report",
                link_key,
                "",
                tf.place,
                workbook.file,
                stated.sheet,
                stated.cell,
                bool(agreeing),
            )
        )
        outcome.links[workbook.file].append(
            Link(
                "report",
                link_key,
                stated.sheet,
                stated.cell,
                report.file,
                "",
                tf.place,
                bool(agreeing),
            )
        )
        flag = flags.get((stated.sheet, stated.cell))
        if agreeing is not None:
            if flag is not None and tf.flagged:
                _name_in_report(report, tf, workbook, stated, flag)
            continue
        if tf.flagged:
            continue  # the text's own arithmetic already reports this figure
        if flag is not None:
            if flag.computed is not None and _agrees(
                tf, replace(stated, value=_num(flag.computed))
            ):
                continue  # the text has the right value; the workbook's cell is reported there
            outcome.findings[report.file].append(_on_report(tf, workbook, cells, flag))
            continue
        outcome.findings[report.file].append(_on_report(tf, workbook, cells, None))
        if len(cells) == 1:
            outcome.findings[workbook.file].append(_on_workbook(tf, report, stated))


def _scores(
    tf: TextFigure, report: WorkbookResult, workbook: WorkbookResult, outcome: Outcome
) -> None:
    """The text's self-score against the workbook's stated one (TEXT_WORKBOOK_MISMATCH) and
    against the score the profile computes from the workbook (TEXT_SCORE_GRADE)."""
    name = file_name(workbook.file)
    stated, computed = workbook.score.stated, workbook.score.computed
    grade = workbook.score.grade_computed
    if stated is not None and tf.approx == "" and abs(stated - tf.value) > 0.005:
        found = C.TEXT_WORKBOOK_MISMATCH.finding(
            "",
            "",
            f"报告写明自评得分 {tf.text}，同批次工作簿 {name} 的基本信息中自评得分为 {fmt(stated)} 分。"
            "请核对后统一修改报告和工作簿。",
            stated=tf.value,
            computed=stated,
        )
        outcome.findings[report.file].append(
            replace(found, place=tf.place, sentence=tf.sentence, key=(tf.sentence, tf.text))
        )
    if computed is None or tf.approx:
        return
    if abs(computed - tf.value) > 0.01 or (grade and tf.qualifier and grade != tf.qualifier):
        found = C.TEXT_SCORE_GRADE.finding(
            "",
            "",
            f"报告写明自评得分 {tf.text}{f'、等级为“{tf.qualifier}”' if tf.qualifier else ''}，"
            f"按评分规则「{workbook.profile or ''}」根据同批次工作簿 {name} 计算为 {fmt(computed)} 分"
            f"{f'（{grade}）' if grade else ''}。请核对各指标得分后修改报告。",
            stated=tf.value,
            computed=computed,
        )
        outcome.findings[report.file].append(
            replace(found, place=tf.place, sentence=tf.sentence, key=(tf.sentence, tf.text))
        )


def _num(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else float("nan")


def _agrees(tf: TextFigure, stated: Stated) -> bool:
    """At the precision the text shows (约: one unit more)."""
    if stated.value != stated.value:  # NaN
        return False
    theirs = to_decimal(stated.value)
    if tf.measure in ("amount", "change"):
        theirs *= TO_WAN.get(stated.unit, Decimal(1))
    mine = to_decimal(tf.value)
    if tf.measure in ("change", "change_rate") and (theirs < 0) != (mine < 0) and theirs:
        return False
    step = Decimal(1).scaleb(-tf.decimals)
    gap = abs(round_half_up(abs(theirs), tf.decimals) - abs(mine))
    if tf.approx == "about":
        return gap <= step
    if tf.approx in ("at_least", "more_than"):
        return abs(theirs) >= abs(mine) - step / 2
    if tf.approx in ("at_most", "less_than"):
        return abs(theirs) <= abs(mine) + step / 2
    return gap == 0


def _severity(tf: TextFigure, stated: Stated) -> Severity:
    """One unit of the text's last decimal off on a percentage: rounding (a warning)."""
    if tf.measure in ("share", "change_rate"):
        step = Decimal(1).scaleb(-tf.decimals)
        gap = abs(
            round_half_up(abs(to_decimal(stated.value)), tf.decimals) - abs(to_decimal(tf.value))
        )
        if gap == step:
            return Severity.WARNING
    return Severity.ERROR


def _shown(tf: TextFigure, stated: Stated) -> str:
    unit = "%" if tf.measure in ("share", "change_rate") else f" {stated.unit}"
    return f"{fmt(stated.value)}{unit}"


def _on_report(
    tf: TextFigure,
    workbook: WorkbookResult,
    cells: list[tuple[str, Stated]],
    flag: Finding | None,
) -> Finding:
    listed = "、".join(f"{s.label} {_shown(tf, s)}（{s.sheet}!{s.cell}）" for _, s in cells)
    reading = "均" if len(cells) > 1 else ""
    tail = (
        f"工作簿中该数已被标出（{flag.code}：{C.CATALOGUE[flag.code].title}），以改正后的数为准，"
        "并使报告与之一致。"
        if flag is not None
        else "请核对后统一修改报告和工作簿。"
    )
    found = C.TEXT_WORKBOOK_MISMATCH.finding(
        "",
        "",
        f"报告写作 {tf.text}，同批次工作簿 {file_name(workbook.file)} 中{listed}{reading}与之不同。{tail}",
        stated=tf.value,
        computed=cells[0][1].value,
        severity=_severity(tf, cells[0][1]),
    )
    return replace(found, place=tf.place, sentence=tf.sentence, key=(tf.sentence, tf.text))


def _on_workbook(tf: TextFigure, report: WorkbookResult, stated: Stated) -> Finding:
    return C.TEXT_WORKBOOK_MISMATCH.finding(
        stated.sheet,
        stated.cell,
        f"{stated.label}填报 {_shown(tf, stated)}，同批次的自评报告 {file_name(report.file)}"
        f"{tf.place}写作 {tf.text}（“{_clip(tf.sentence)}”），两处不一致。请核对后统一修改工作簿和报告。",
        stated=stated.value,
        computed=tf.value,
        severity=_severity(tf, stated),
    )


def _name_in_report(
    report: WorkbookResult, tf: TextFigure, workbook: WorkbookResult, stated: Stated, flag: Finding
) -> None:
    """The report's own finding on a figure the workbook states alike and flags: it names the
    workbook's finding (reported there, once)."""
    note = (
        f"（同批次工作簿 {file_name(workbook.file)} 的{stated.label}（{stated.sheet}!{stated.cell}）"
        f"也填报 {_shown(tf, stated)}，已在工作簿中标出。）"
    )
    for i, f in enumerate(report.findings):
        if f.key == (tf.sentence, tf.text) and note not in f.message:
            report.findings[i] = replace(f, message=f.message + note)


def _clip(sentence: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", "", sentence)
    return text if len(text) <= limit else text[: limit - 1] + "…"
