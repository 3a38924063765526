"""A project form's scores: each indicator's stated 得分 against the profile's rules (and, on
重庆's form, against 得分系数 × 权重), rows that cannot be scored, deviations left unexplained,
targets, the stated 总分 against the computed total, the grade, and a top score next to missed
targets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import catalogue as C
from ..decimals import fmt, round_half_up, to_decimal
from ..findings import Finding, Severity
from ..form_model import FormsModel, ProjectForm
from ..model import Cell, Row
from ..settings import Settings
from .check_helpers import BOILERPLATE
from .form_relations import header, rounded_note
from .form_scoring import FormScore, as_shown, form_score
from .indicator_checks import SAID_ELSEWHERE, target_findings, uncomputable_finding
from .registry import check
from .repairs import repairs
from .scorecard import RowScore

#: A deviation of `0` says nothing either (published forms put it on rows that met their target).
NOTHING_SAID = BOILERPLATE | {"0"}
GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
_GRADE_SAID = re.compile(
    r"(?:等级|评为|评定为|结论为|结果为|定为)[为是:：\s]*([^\s,，。;；、)）]+)"
)


def _rule(settings: Settings) -> str:
    return f"（评分规则：{settings.title}）"


def _cards(model: FormsModel, settings: Settings) -> Iterator[tuple[ProjectForm, FormScore]]:
    for form in model.forms:
        yield form, form_score(model, form, settings)


@check(C.SCORE_MISMATCH, on=FormsModel)
def form_row_scores(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """Each stated 得分 against the computed one, at the precision the form shows its scores;
    above its 分值 when it cannot be computed; on a form with 得分系数, 得分 = 得分系数 × 权重 —
    and when the 得分 follows its 系数 and both miss the rule, the 系数 is the cause."""
    tolerance = to_decimal(settings.score_tolerance)
    fit = repairs()
    for _, card in _cards(model, settings):
        places = card.places
        for s in card.rows:
            row = s.row
            coefficient = row.num("coefficient")
            by_coefficient = (
                round_half_up(to_decimal(coefficient) * s.weight / 100, 2)
                if coefficient is not None and s.weight is not None
                else None
            )
            if s.stated is not None and s.computed is not None:
                diff = s.stated - s.computed
                exact = s.exact if s.exact is not None else s.computed
                if abs(diff) > tolerance and not as_shown(s.stated, exact, places):
                    if by_coefficient is not None and abs(s.stated - by_coefficient) <= tolerance:
                        yield _coefficient_wrong(row, s, coefficient, settings)
                        continue
                    yield C.SCORE_MISMATCH.finding(
                        row.sheet,
                        row.ref("score"),
                        fit.premise(row, also=s.inputs)
                        + f"{row.label}：{s.formula}，{header(row, 'score')}填报 {fmt(s.stated, 2)}，"
                        f"{'高出' if diff > 0 else '低于计算值'} {fmt(abs(diff), 2)}"
                        f"{rounded_note(s.stated, s.computed)}{_rule(settings)}。"
                        + (
                            "请按计算得分修改。"
                            if diff > 0
                            else "请核对；如无扣分理由，可按计算得分填写。"
                        ),
                        stated=float(s.stated),
                        computed=float(s.computed),
                        severity=Severity.ERROR if diff > 0 else Severity.WARNING,
                    )
                    continue  # the 得分 is the wrong one: its 系数 is not said again
            elif s.stated is not None and s.weight is not None and s.stated > s.weight + tolerance:
                yield C.SCORE_MISMATCH.finding(
                    row.sheet,
                    row.ref("score"),
                    f"{row.label}{header(row, 'score')} {fmt(s.stated)} 高于{header(row, 'weight')} "
                    f"{fmt(s.weight)}。得分不能超过分值，请改正。",
                    stated=float(s.stated),
                    computed=float(s.weight),
                )
            if coefficient is None or s.stated is None or s.weight is None:
                continue
            assert by_coefficient is not None
            if abs(s.stated - by_coefficient) <= tolerance:
                continue
            if s.computed is not None and abs(by_coefficient - s.computed) <= tolerance:
                continue  # the 得分 is the wrong one, and the finding above says so
            yield C.SCORE_MISMATCH.finding(
                row.sheet,
                row.ref("coefficient"),
                f"{row.label}{header(row, 'score')} {fmt(s.stated)} 与{header(row, 'coefficient')} × "
                f"{header(row, 'weight')} 不符：{fmt(coefficient)}% × {fmt(s.weight)} = {fmt(by_coefficient, 2)}。"
                f"按得分 {fmt(s.stated)} 计，得分系数应为 {fmt(s.stated * 100 / s.weight, 2)}%。"
                "请核对得分系数和得分。",
                stated=coefficient,
                computed=float(round_half_up(s.stated * 100 / s.weight, 2)) if s.weight else None,
            )


def _coefficient_wrong(
    row: Row, s: RowScore, coefficient: float | None, settings: Settings
) -> Finding:
    """得分 = 系数 × 权重 holds, and both miss the rule: said at the 得分 (what the form states),
    naming the 系数 it was computed from, which must change with it."""
    assert s.computed is not None and s.stated is not None and s.weight and coefficient is not None
    right = round_half_up(s.computed * 100 / s.weight, 2)
    diff = s.stated - s.computed
    return C.SCORE_MISMATCH.finding(
        row.sheet,
        row.ref("score"),
        f"{row.label}：{s.formula}，{header(row, 'score')}填报 {fmt(s.stated, 2)}，"
        f"{'高出' if diff > 0 else '低于计算值'} {fmt(abs(diff), 2)}{_rule(settings)}。该得分由"
        f"{header(row, 'coefficient')} {fmt(coefficient)}% × {header(row, 'weight')} {fmt(s.weight)} 算出，"
        f"{header(row, 'coefficient')}（{row.ref('coefficient')}）应随之改为 {fmt(right, 2)}%。"
        "请改正得分系数和得分。",
        stated=float(s.stated),
        computed=float(s.computed),
        severity=Severity.ERROR if diff > 0 else Severity.WARNING,
    )


@check(C.SCORE_UNCOMPUTABLE, on=FormsModel)
def form_uncomputable(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """A row whose score cannot be computed (`完成` as the actual of a quantitative row) says why."""
    for _, card in _cards(model, settings):
        for s in card.rows:
            if s.computed is not None or s.not_applicable or not s.problem:
                continue
            if s.problem_key in SAID_ELSEWHERE or s.row.unreadable(s.problem_key or "actual"):
                continue
            if s.problem_key == "actual" and s.actual is None:
                continue  # an empty actual is REQUIRED_EMPTY
            yield uncomputable_finding(
                s,
                settings,
                "得分",
                "请把完成值改为可计算的数字（定性指标写 达成 / 部分达成 / 未达成）",
            )


@check(C.DEVIATION_UNEXPLAINED, C.TARGET_TOO_LOW, on=FormsModel)
def form_deviations(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """A row below its 分值 (or far above its target) with no reason, where the form has a column
    for it; the form's printed instruction and `0` are no reason."""
    tolerance = to_decimal(settings.score_tolerance)
    fit = repairs()
    for _, card in _cards(model, settings):
        for s in card.rows:
            row = s.row
            if s.overshoot and s.target and s.actual and s.target.number and s.actual.number:
                over = (s.actual.number - s.target.number) * 100 / s.target.number
                yield C.TARGET_TOO_LOW.finding(
                    row.sheet,
                    row.ref("target"),
                    f"{row.label}实际完成 {fmt(s.actual.number)}，超过目标 {fmt(s.target.number)} 的 "
                    f"{fmt(over, 1)}%，达到 {fmt(settings.overshoot_pct)}% 以上，目标可能设定偏低。"
                    "请说明原因，并合理设定下年目标。",
                    stated=float(s.target.number),
                    computed=float(s.actual.number),
                )
            if not row.has("deviation"):
                continue
            score = s.computed if s.computed is not None else s.stated
            short = score is not None and s.weight is not None and score < s.weight - tolerance
            text = "".join(row.text("deviation").split())
            if (short or s.overshoot) and text in NOTHING_SAID:
                why = (
                    f"得分 {fmt(score, 2)} 低于分值 {fmt(s.weight)}"
                    if short
                    else "实际完成值远超目标"
                )
                yield C.DEVIATION_UNEXPLAINED.finding(
                    row.sheet,
                    row.ref("deviation"),
                    (fit.premise(row, also=s.inputs) if short else "")
                    + f"{row.label}{why}，但“{header(row, 'deviation')}”{'为空' if not text else '为套话'}。"
                    "请写明偏差原因和改进措施。",
                    stated=text or None,
                )


@check(C.TARGET_NOT_QUANTIFIED, C.OPERATOR_SUSPECT, on=FormsModel)
def form_targets(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """As on our template; an operator typed in the value is the form's notation, not a note."""
    for form in model.forms:
        for row in form.indicator_rows():
            cell = row.cell("operator")
            column_op = cell.raw if cell is not None and isinstance(cell.raw, str) else ""
            said = "".join(column_op.split())
            yield from target_findings(
                row, said if said in ("≥", "≤", "=") else "", False, row.text("operator")
            )


@check(C.TOTAL_SCORE_MISMATCH, C.GRADE_MISMATCH, on=FormsModel)
def form_total(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """总分 = 执行率得分 + Σ 指标得分 (computed); the stated grade against its band."""
    tolerance = to_decimal(settings.score_tolerance)
    fit = repairs()
    for form, card in _cards(model, settings):
        stated, computed = card.stated_total, card.total
        wrong = (
            stated is not None
            and computed is not None
            and abs(stated - computed) > tolerance
            and not as_shown(stated, card.exact_total, card.places)
        )
        if wrong and stated is not None and computed is not None and form.stated_total is not None:
            parts = [card.exec_counted] if card.exec_counted is not None else []
            parts += [to_decimal(r.num("score") or 0) for r in card.rubric]
            parts += [
                r.counted for r in card.rows if r.counted is not None and not r.not_applicable
            ]
            higher = stated > computed
            yield C.TOTAL_SCORE_MISMATCH.finding(
                form.sheet,
                form.stated_total.ref,
                fit.premise_on(form.sheet, card.inputs)
                + f"{form.total_label.text if form.total_label else '总分'}填报 {fmt(stated)}，按执行率得分和各指标得分"
                f"计算为 {' + '.join(fmt(p, 2) for p in parts)} = {fmt(computed, 2)}，"
                f"{'高出' if higher else '低于计算值'} {fmt(abs(stated - computed), 2)}{_rule(settings)}。"
                + (
                    f"其中 {card.uncomputed} 项无法计算，按填报得分计入。"
                    if card.uncomputed
                    else ""
                )
                + "请按计算总分修改，或核对各项得分。",
                stated=float(stated),
                computed=float(computed),
                severity=Severity.ERROR if higher else Severity.WARNING,
            )
        yield from _grade(form, card, settings, wrong)


def _grade(
    form: ProjectForm, card: FormScore, settings: Settings, wrong_total: bool
) -> Iterator[Finding]:
    follows = (
        settings.grade(card.total) if wrong_total and card.total is not None else None
    )  # a grade that follows the computed total while the stated one is wrong: said there
    score = card.stated_total if card.stated_total is not None else card.total
    premise = repairs().premise_on(form.sheet, card.inputs) if card.stated_total is None else ""
    yield from grade_findings(form.fields, score, settings, follows=follows, premise=premise)


def grade_findings(
    fields: dict[str, Cell],
    score: Decimal | None,
    settings: Settings,
    *,
    follows: str | None = None,
    premise: str = "",
) -> Iterator[Finding]:
    """The grade a form states (自评等级, else one said in its 评价结论) against the band of
    `score`: not one of the profile's labels, or not the score's (unless it is `follows`)."""
    labels = [label for label, _ in settings.grades]
    for key in ("grade", "conclusion"):
        cell = fields.get(key)
        said = grade_of(cell.text if cell is not None else "", labels, strict=key == "grade")
        if cell is None or said is None:
            continue
        bands = "，".join(f"{n} ≥{fmt(b)}" for n, b in settings.grades[:-1])
        if said not in labels:
            yield C.GRADE_MISMATCH.finding(
                cell.sheet,
                cell.ref,
                f"等级填报“{said}”，不是评分规则的等级（{'、'.join(labels)}；{bands}）{_rule(settings)}。请填写其中之一。",
                stated=said,
            )
            return
        if score is None:
            return
        expected = settings.grade(score)
        if said != expected and said != follows:
            yield C.GRADE_MISMATCH.finding(
                cell.sheet,
                cell.ref,
                premise
                + f"等级为“{said}”，但总分 {fmt(score)} 对应的等级为“{expected}”（{bands}）{_rule(settings)}。"
                f"请改为“{expected}”。",
                stated=said,
                computed=expected,
            )
        return


def grade_of(text: str, labels: list[str], strict: bool) -> str | None:
    """The grade a cell states: the whole cell (自评等级), or after 等级为 / 评为 in a sentence
    (评价结论, free text: a grade is checked only when one stands there)."""
    s = "".join(text.split()).strip("。.")
    if not s:
        return None
    s = GRADE_WORDS.get(s, s)
    if s in labels or (strict and len(s) <= 4):
        return s
    m = _GRADE_SAID.search(s)
    if m is None:
        return None
    word = next(
        (
            w
            for w in sorted([*labels, *GRADE_WORDS], key=len, reverse=True)
            if m.group(1).startswith(w)
        ),
        None,
    )
    return GRADE_WORDS.get(word, word) if word else None


@check(C.SELF_SCORE_INFLATED, on=FormsModel)
def form_inflated(model: FormsModel, settings: Settings) -> Iterator[Finding]:
    """总分 ≥ form_inflated_at while a target is missed or the execution rate is below 100%."""
    for form, card in _cards(model, settings):
        stated = card.stated_total
        if (
            stated is None
            or form.stated_total is None
            or stated < to_decimal(settings.form_inflated_at)
        ):
            continue
        reasons = []
        read: list[tuple[Row, str]] = []
        if card.exec_rate is not None and card.exec_rate < 100:
            reasons.append(f"预算执行率只有 {fmt(card.exec_rate, 2)}%")
            read += card.exec_from
        missed = [s for s in card.rows if s.met is False]
        read += (c for s in missed for c in s.inputs)
        if missed:
            names = "、".join(s.row.text("level3") or s.row.text("level2") for s in missed[:3])
            reasons.append(
                f"{len(missed)} 项指标未完成目标（{names}{'等' if len(missed) > 3 else ''}）"
            )
        if reasons:
            yield C.SELF_SCORE_INFLATED.finding(
                form.sheet,
                form.stated_total.ref,
                repairs().premise_on(form.sheet, read)
                + f"总分填报 {fmt(stated)} 分，但{'；'.join(reasons)}。自评结果可能偏高，请实事求是地评分"
                f"（总分达到 {fmt(settings.form_inflated_at)} 分即提示；评分规则：{settings.title}）。",
                stated=float(stated),
                computed=len(missed),
            )
