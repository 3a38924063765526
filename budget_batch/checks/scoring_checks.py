"""A scoring table's arithmetic (forms.md, "What is checked on a scoring table"): each level's
分值 = Σ of what it heads, Σ of the top = 100 (or the printed total), each 得分 ≤ its 分值, the
total (a 总分 / 合计 row, or the header's 自评得分) = Σ of the scores, the grade against its band.
Rows that share one 分值 (二者择其一) count it once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..decimals import fmt, to_decimal
from ..findings import Finding, Severity
from ..form_model import FormsModel, Level, ScoringTable
from ..model import Cell, Row
from ..settings import Settings
from .check_helpers import header_ref
from .form_relations import header
from .form_score_checks import grade_findings
from .registry import check


def _rule(settings: Settings) -> str:
    return f"（评分规则：{settings.title}）"


def _weights(rows: list[Row], table: ScoringTable) -> Decimal | None:
    """Σ of the rows' 分值, a weight shared by alternatives counted once; None if one is missing."""
    total = Decimal(0)
    for row in rows:
        if row.index in table.alternatives:
            continue
        weight = row.num("weight")
        if weight is None or row.unreadable("weight"):
            return None
        total += to_decimal(weight)
    return total


def _level_weight(level: Level, table: ScoringTable) -> Decimal | None:
    """What a level heads: Σ of its sub-levels' weights when each prints one, else of its rows."""
    weights = [c.weight.number for c in level.children if c.weight is not None]
    if level.children and len(weights) == len(level.children) and None not in weights:
        return sum((to_decimal(w or 0) for w in weights), Decimal(0))
    return _weights(level.rows, table)


def _levels(levels: list[Level]) -> Iterator[Level]:
    for level in levels:
        yield level
        yield from _levels(level.children)


@check(C.SCORE_OVER_WEIGHT, on=FormsModel)
def scoring_over_weight(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """Each 得分 above its 分值."""
    tolerance = to_decimal(settings.score_tolerance)
    for table in model.scoring:
        for row in table.items():
            score, weight = row.num("score"), row.num("weight")
            if (
                score is None
                or weight is None
                or to_decimal(score) <= to_decimal(weight) + tolerance
            ):
                continue
            yield C.SCORE_OVER_WEIGHT.finding(
                row.sheet,
                row.ref("score"),
                f"{row.label}{header(row, 'score')} {fmt(score)} 高于{header(row, 'weight')} {fmt(weight)}，"
                f"超出 {fmt(to_decimal(score) - to_decimal(weight))}。得分不能超过分值，请改正。",
                stated=score,
                computed=weight,
            )


@check(C.WEIGHT_TOTAL, on=FormsModel)
def scoring_weights(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """Each level's printed 分值 = Σ of what it heads; Σ of the top = the printed total, else the
    profile's weight_total."""
    tolerance = to_decimal(settings.score_tolerance)
    for table in model.scoring:
        for level in _levels(table.levels):
            if level.weight is None or level.weight.number is None:
                continue
            got = _level_weight(level, table)
            printed = to_decimal(level.weight.number)
            if got is not None and abs(got - printed) > tolerance:
                yield _printed(level.weight, level.name, printed, got)
        if table.sheet in {form.sheet for form in model.forms}:
            continue  # a rubric on a form's sheet: the form's 100 and 总分 include it
        top = [lv.weight.number for lv in table.levels if lv.weight is not None]
        total: Decimal | None
        if table.levels and len(top) == len(table.levels) and None not in top:
            total = sum((to_decimal(w or 0) for w in top), Decimal(0))
        else:
            total = _weights(table.items(), table)
        if total is None or not table.items():
            continue
        expected = (
            to_decimal(table.total_weight.number or 0)
            if table.total_weight is not None
            else to_decimal(settings.weight_total)
        )
        if abs(total - expected) <= tolerance:
            continue
        at = table.total_weight.ref if table.total_weight is not None else ""
        if not at and table.rows is not None:
            at = header_ref(table.rows, "weight")
        what = (
            "标明的合计"
            if table.total_weight is not None
            else f"应有的 {fmt(expected)} 分{_rule(settings)}"
        )
        yield C.WEIGHT_TOTAL.finding(
            table.sheet,
            at,
            f"评分表各项分值合计 {fmt(total)}，与{what}不符，相差 {fmt(total - expected)}。请调整分值。",
            stated=float(total),
            computed=float(expected),
        )


def _printed(cell: Cell, name: str, printed: Decimal, got: Decimal) -> Finding:
    return C.WEIGHT_TOTAL.finding(
        cell.sheet,
        cell.ref,
        f"「{name}」的分值为 {fmt(printed)}，但其下各项分值合计为 {fmt(got)}，相差 {fmt(got - printed)}。"
        "请调整分值，或改正该项的分值。",
        stated=float(got),
        computed=float(printed),
    )


@check(C.TOTAL_SCORE_MISMATCH, C.GRADE_MISMATCH, on=FormsModel)
def scoring_totals(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """The stated total (总分 / 合计 row, or the header's 自评得分) = Σ of the scores; the grade
    against the band of the total."""
    tolerance = to_decimal(settings.score_tolerance)
    on_forms = {form.sheet for form in model.forms}
    for table in model.scoring:
        if table.sheet in on_forms:
            continue  # a rubric on a form's sheet: the form's 总分 includes it
        scored = [r for r in table.items() if r.num("score") is not None]
        if not scored or any(r.unreadable("score") for r in table.items()):
            continue  # a table published before scoring: nothing to add up
        computed = sum((to_decimal(r.num("score") or 0) for r in scored), Decimal(0))
        cell = table.stated_total
        stated = to_decimal(cell.number) if cell is not None and cell.number is not None else None
        if cell is not None and stated is not None and abs(stated - computed) > tolerance:
            higher = stated > computed
            yield C.TOTAL_SCORE_MISMATCH.finding(
                cell.sheet,
                cell.ref,
                f"{table.total_label.text.strip() if table.total_label else '自评得分'}填报 {fmt(stated)}，"
                f"各项得分合计为 {fmt(computed)}，{'高出' if higher else '低于合计'} {fmt(abs(stated - computed))}。"
                "请按各项得分之和修改，或核对各项得分。",
                stated=float(stated),
                computed=float(computed),
                severity=Severity.ERROR if higher else Severity.WARNING,
            )
        yield from grade_findings(
            table.fields, stated if stated is not None else computed, settings
        )
