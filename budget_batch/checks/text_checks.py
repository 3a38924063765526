"""The checks on a department's Word report (narrative.md): its text against its own arithmetic
(TEXT_ARITHMETIC), against its own tables (TEXT_TABLE_MISMATCH), and its score against its grade
(TEXT_SCORE_GRADE). The text is reviewed once per model (`review_of`); a figure is reported once,
with every relation it breaks in one message; a finding names its place (第 N 段) and sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from .. import catalogue as C
from ..decimals import fmt
from ..findings import Finding, Scalar, Severity
from ..narrative.binding import statement_subject
from ..narrative.figures import Figure
from ..narrative.judge import WRONG
from ..narrative.messages import relation_message
from ..narrative.relation import Relation
from ..narrative.review import TextReview, review_text
from ..narrative.scores import ScoreStatement, score_statements
from ..narrative.tables import Bound, TableMatch, compare
from ..narrative.wording import Wording, wording
from ..report_model import ReportModel
from ..settings import Settings
from .registry import check

DERIVED = "narrative"


@dataclass
class ReportReview:
    text: TextReview
    words: Wording
    bound: list[Bound] = field(default_factory=list)
    tables: list[TableMatch] = field(default_factory=list)
    scores: list[ScoreStatement] = field(default_factory=list)

    def failing_by_figure(self) -> dict[tuple[int, int], list[Relation]]:
        out: dict[tuple[int, int], list[Relation]] = {}
        for rel in self.text.failing():
            out.setdefault((rel.stated.paragraph, rel.stated.id), []).append(rel)
        return out


def review_of(model: ReportModel) -> ReportReview:
    """The report's text reviewed (once per model: kept in `model.derived`)."""
    found = model.derived.get(DERIVED)
    if isinstance(found, ReportReview):
        return found
    words = wording(model.layouts)
    text = review_text(((p.index, p.text) for p in model.paragraphs), words)
    review = ReportReview(text, words)
    for p in text.paragraphs:
        for fig in p.figures.figures:
            about = statement_subject(p.figures, fig, words, p.lists)
            if about is not None:
                review.bound.append(Bound(fig, *about))
    review.tables = compare(review.bound, model.tables, words)
    text.compared |= {(m.figure.paragraph, m.figure.id) for m in review.tables}
    review.scores = score_statements(text.paragraphs, words)
    model.derived[DERIVED] = review
    return review


def text_finding(
    code: C.Code,
    model: ReportModel,
    fig: Figure,
    message: str,
    stated: Scalar,
    computed: Scalar,
    severity: Severity | None = None,
) -> Finding:
    """A finding on a figure of the report: its place and sentence, and a key that survives
    paragraphs inserted above it (the sentence and the figure as written)."""
    paragraph = model.paragraph(fig.paragraph)
    sentence = ""
    if paragraph is not None:
        s = paragraph.sentence_at(fig.start)
        sentence = s.text if s is not None else paragraph.text
    found = code.finding("", "", message, stated=stated, computed=computed, severity=severity)
    return replace(
        found, place=f"第 {fig.paragraph} 段", sentence=sentence, key=(sentence, fig.text)
    )


def _number(fig: Figure) -> float:
    return float(abs(fig.value))


@check(C.TEXT_ARITHMETIC, on=ReportModel)
def text_arithmetic(model: ReportModel, settings: Settings) -> Iterator[Finding]:
    """Each figure that contradicts the text's own figures, once, with every relation it breaks."""
    review = review_of(model)
    tables = {(m.figure.paragraph, m.figure.id): m for m in review.tables}
    for key, rels in sorted(review.failing_by_figure().items()):
        fig = rels[0].stated
        wrong = any(r.verdict.status == WRONG for r in rels)
        message = "；另外，".join(relation_message(r) for r in rels)
        match = tables.get(key)
        if match is not None:
            message += _table_note(match, rels[0])
        computed = rels[0].verdict.shown
        yield text_finding(
            C.TEXT_ARITHMETIC,
            model,
            fig,
            message,
            _number(fig),
            float(computed / _unit_scale(fig)) if computed is not None else None,
            Severity.ERROR if wrong else Severity.WARNING,
        )


def _unit_scale(fig: Figure) -> int:
    """What the computed value of a money relation is divided by to be in the figure's unit."""
    return int(fig.in_yuan / fig.value) if fig.family == "money" and fig.value else 1


def _table_note(match: TableMatch, rel: Relation) -> str:
    if match.agrees is not None:
        return f"（{match.agrees.place}也写作 {match.agrees.text}，请一并改正。）"
    cell = match.cells[0]
    return f"（{cell.place}为 {cell.text}。）"


@check(C.TEXT_TABLE_MISMATCH, on=ReportModel)
def text_tables(model: ReportModel, settings: Settings) -> Iterator[Finding]:
    """A figure of the text that differs from the one table cell that states the same thing (a
    figure the text's own arithmetic already flags is reported there, naming the cell)."""
    review = review_of(model)
    failing = review.failing_by_figure()
    for match in review.tables:
        fig = match.figure
        if match.agrees is not None or len(match.cells) != 1:
            continue
        if (fig.paragraph, fig.id) in failing:
            continue
        cell = match.cells[0]
        caption = f"（{cell.table.caption}）" if cell.table.caption else ""
        yield text_finding(
            C.TEXT_TABLE_MISMATCH,
            model,
            fig,
            f"文中写作 {fig.text}，报告中的表 {cell.table.index}{caption}第 {cell.row} 行"
            f"第 {cell.col} 列为 {cell.text}，两处不一致。请核对后统一改正。",
            _number(fig),
            float(cell.value),
        )


@check(C.TEXT_SCORE_GRADE, on=ReportModel)
def text_score_grade(model: ReportModel, settings: Settings) -> Iterable[Finding]:
    """The text's score and its grade in different bands of the scoring profile."""
    labels = {name for name, _ in settings.grades}
    for s in review_of(model).scores:
        if s.grade not in labels or s.score.approx:
            continue  # not this profile's scale (合格 / 不合格), or a bound (80分以上)
        expected = settings.grade(s.score.value)
        if expected == s.grade:
            continue
        bands = "，".join(f"{name} ≥{lower:g}" for name, lower in settings.grades if lower > 0)
        yield text_finding(
            C.TEXT_SCORE_GRADE,
            model,
            s.score,
            f"报告写明得分 {fmt(s.score.value)} 分、等级为“{s.grade_text}”，按评分规则「{settings.title}」"
            f"（{bands}），{fmt(s.score.value)} 分应为“{expected}”。请核对得分和等级。",
            float(s.score.value),
            expected,
        )
