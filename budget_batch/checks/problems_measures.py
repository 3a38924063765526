"""问题与措施: problems and measures are real, specific text; listed problems have measures."""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as C
from ..findings import Finding
from ..model import WorkbookModel
from ..settings import Settings
from .check_helpers import header_ref, is_boilerplate
from .registry import check

PROBLEM, MEASURE = "存在问题", "改进措施"


@check(C.PROBLEMS_BOILERPLATE, C.MEASURES_MISSING, on=WorkbookModel)
def problems_and_measures(model: WorkbookModel, settings: Settings) -> Iterator[Finding]:
    table = model.problems
    if table is None:
        return
    real: dict[str, int] = {PROBLEM: 0, MEASURE: 0}
    for row in table.rows:
        kind, text = row.text("kind"), row.text("text")
        if kind not in real:
            continue
        length = len("".join(text.split()))
        if is_boilerplate(text) or length < settings.min_text_chars:
            what = f"写作“{text}”" if text else "为空"
            yield C.PROBLEMS_BOILERPLATE.finding(
                row.sheet,
                row.ref("text"),
                f"{kind}{what}（{length} 字，少于 {settings.min_text_chars} 字或为套话）。"
                f"请具体写明{'存在的问题' if kind == PROBLEM else '针对问题的改进措施'}。",
                stated=text or None,
                computed=settings.min_text_chars,
            )
        else:
            real[kind] += 1
    ref = header_ref(table, "kind")
    if not real[PROBLEM]:
        yield C.PROBLEMS_BOILERPLATE.finding(
            table.sheet,
            ref,
            "没有填写具体的存在问题。自评报告应实事求是地列出存在的主要问题；确无问题的，请说明理由。",
        )
    if not real[MEASURE]:
        if real[PROBLEM]:
            yield C.MEASURES_MISSING.finding(
                table.sheet,
                ref,
                f"列出了 {real[PROBLEM]} 个存在问题，但没有改进措施。请针对每个问题写明下一步改进措施。",
                stated=real[PROBLEM],
                computed=0,
            )
        else:
            yield C.PROBLEMS_BOILERPLATE.finding(
                table.sheet,
                ref,
                "没有填写具体的改进措施。请写明下一步改进措施。",
            )
