"""The chain 指标得分 → 自评得分 → 自评等级: the stated total against the computed one, the grade
against its band (not reported again when it only follows a wrong total), the execution-rate cap,
and a top self-score next to listed problems or missed targets."""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as C
from ..decimals import fmt, to_decimal
from ..findings import Finding, Severity
from ..model import Info, WorkbookModel
from ..settings import Settings
from .check_helpers import is_boilerplate
from .indicator_checks import _rule
from .registry import check
from .repairs import repairs
from .scorecard import Scorecard, scorecard


@check(C.TOTAL_SCORE_MISMATCH, C.GRADE_MISMATCH, C.SCORE_CAP_EXCEEDED, on=WorkbookModel)
def total_score(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """The stated 自评得分 against the computed total; 自评等级 against its band; the cap."""
    info = model.info
    if info is None:
        return
    card = scorecard(model, settings)
    stated = info.num("self_score")
    tolerance = to_decimal(settings.score_tolerance)
    grade = info.text("self_grade")
    labels = [name for name, _ in settings.grades]
    bands = "，".join(f"{n} ≥{fmt(b)}" for n, b in settings.grades[:-1])
    wrong_total = (
        stated is not None
        and card.total is not None
        and abs(to_decimal(stated) - card.total) > tolerance
    )
    # The chain 指标得分 → 总分 → 等级: a grade that follows the computed total is not wrong
    # because the stated total is; one that follows the stated total changes with it.
    computed_grade = settings.grade(card.total) if card.total is not None else None
    if wrong_total and stated is not None and card.total is not None:
        yield _total_mismatch(info, stated, card, settings, grade, computed_grade)
    if grade and grade not in labels:  # one finding for a label the profile does not know
        expected = settings.grade(to_decimal(stated)) if stated is not None else None
        yield C.GRADE_MISMATCH.finding(
            info.sheet,
            info.ref("self_grade"),
            f"自评等级填报“{grade}”，不是评分规则的等级（{'、'.join(labels)}；{bands}）{_rule(settings)}。"
            + (f"按自评得分 {fmt(stated)} 应为“{expected}”。" if expected else "请填写其中之一。"),
            stated=grade,
            computed=expected,
        )
    elif stated is not None and grade:
        expected = settings.grade(to_decimal(stated))
        if grade != expected and not (wrong_total and grade == computed_grade):
            yield C.GRADE_MISMATCH.finding(
                info.sheet,
                info.ref("self_grade"),
                f"自评等级填报“{grade}”，但自评得分 {fmt(stated)} 对应的等级为“{expected}”（{bands}）"
                f"{_rule(settings)}。请改为“{expected}”。",
                stated=grade,
                computed=expected,
            )
    if stated is not None and card.cap is not None and to_decimal(stated) > to_decimal(card.cap):
        yield C.SCORE_CAP_EXCEEDED.finding(
            info.sheet,
            info.ref("self_score"),
            repairs().premise_on(info.sheet, card.exec_from)
            + f"部门预算执行率为 {fmt(card.exec_rate, 2)}%，按评分规则总分不得超过 {fmt(card.cap)} 分"
            f"{_rule(settings)}，自评得分 {fmt(stated)} 超过上限。请把自评得分降到 {fmt(card.cap)} 分以内。",
            stated=stated,
            computed=card.cap,
        )


def _total_mismatch(
    info: Info,
    stated: float,
    card: Scorecard,
    settings: Settings,
    grade: str,
    computed_grade: str | None,
) -> Finding:
    assert card.total is not None
    diff = to_decimal(stated) - card.total
    parts = " + ".join(
        fmt(r.counted, 2) for r in card.rows if r.counted is not None and not r.not_applicable
    )
    extra = ""
    if card.raw_total is not None and card.raw_total != card.total:
        extra = f"（原始合计 {fmt(card.raw_total, 2)}，经不适用指标折算或执行率限分后为 {fmt(card.total, 2)}）"
    consequence = ""
    if (
        grade
        and computed_grade
        and grade != computed_grade
        and grade == settings.grade(to_decimal(stated))
    ):
        consequence = f"改正后，自评等级也应改为“{computed_grade}”。"
    elif grade and grade == computed_grade != settings.grade(to_decimal(stated)):
        consequence = f"自评等级“{grade}”与计算总分相符，无需修改。"
    higher = diff > 0
    counted = (
        c for r in card.rows if r.counted is not None and not r.not_applicable for c in r.inputs
    )
    premise = repairs().premise_on(info.sheet, (*counted, *(card.exec_from if card.capped else ())))
    return C.TOTAL_SCORE_MISMATCH.finding(
        info.sheet,
        info.ref("self_score"),
        premise
        + f"自评得分填报 {fmt(stated)}，按各指标计算得分合计为 {parts} = {fmt(card.total, 2)}{extra}，"
        f"{'高出' if higher else '低于计算值'} {fmt(abs(diff), 2)}{_rule(settings)}。"
        + (f"其中 {card.uncomputed} 项指标无法计算，按填报得分计入。" if card.uncomputed else "")
        + "请按计算总分修改自评得分，或核对各指标得分。"
        + consequence,
        stated=stated,
        computed=float(card.total),
        severity=Severity.ERROR if higher else Severity.WARNING,
    )


@check(C.SELF_SCORE_INFLATED, on=WorkbookModel)
def inflated(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    """A top self-score next to listed problems or a missed indicator."""
    info = model.info
    stated = info.num("self_score") if info else None
    if info is None or stated is None or stated < settings.inflated_at:
        return
    reasons = []
    problems = (
        [
            r
            for r in model.problems.rows
            if r.text("kind") == "存在问题" and not is_boilerplate(r.text("text"))
        ]
        if model.problems
        else []
    )
    if problems:
        reasons.append(f"“问题与措施”列出了 {len(problems)} 个存在问题")
    missed = [s for s in scorecard(model, settings).rows if s.met is False]
    if missed:
        names = "、".join(s.row.text("level3") for s in missed[:3])
        reasons.append(
            f"{len(missed)} 项指标未完成目标（{names}{'等' if len(missed) > 3 else ''}）"
        )
    if reasons:
        yield C.SELF_SCORE_INFLATED.finding(
            info.sheet,
            info.ref("self_score"),
            repairs().premise_on(info.sheet, (c for s in missed for c in s.inputs))
            + f"自评得分为 {fmt(stated)} 分，但{'；'.join(reasons)}。自评结果可能偏高，"
            "请结合问题和未完成指标实事求是地评分。",
            stated=stated,
            computed=len(problems) + len(missed),
        )
