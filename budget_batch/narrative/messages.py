"""What a reader of the report is told about a figure that contradicts the text's own figures: the
figure as written, the computation, the value it should have at the precision shown, and what to
do (checks.md: a message complete enough to act on without opening the code)."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import fmt
from .figures import Figure
from .judge import ROUNDING
from .relation import Relation, in_unit_of

DIRECTION = {1: "增加", -1: "减少", 0: ""}


def subject_of(fig: Figure) -> str:
    name = fig.core or fig.canonical
    return f"「{name}」" if name else ""


def relation_message(rel: Relation) -> str:
    s = rel.stated
    v = rel.verdict
    if rel.kind == "sum":
        assert v.computed is not None
        diff = in_unit_of(s, abs(s.in_yuan - v.computed), max(s.decimals, 2))
        return (
            f"{subject_of(s)}写作 {s.text}，与其后列出的各分项之和不符：{rel.formula} {s.unit}，"
            f"相差 {diff} {s.unit}。仅凭文字无法判断是合计数还是某个分项有误，请核对后改正。"
        )
    if rel.kind == "names":
        return f"写明 {s.text}，其后“分别为”{rel.formula}。请核对个数，或补全所列名称。"
    if rel.kind == "change":
        assert v.computed is not None
        should = in_unit_of(s, abs(v.computed), max(s.decimals, 2))
        word = DIRECTION[1 if v.computed > 0 else -1 if v.computed < 0 else 0]
        return (
            f"{subject_of(s)}比上年{DIRECTION[s.direction]} {s.text}，与本句数字不符："
            f"{rel.formula} = {fmt(v.computed / _scale(s))}，应为{word} {should} {s.unit}。"
            "请核对本年数、上年数和增减额。"
        )
    return _percent_message(rel)


def _percent_message(rel: Relation) -> str:
    s = rel.stated
    v = rel.verdict
    assert v.computed is not None and v.shown is not None
    what = {
        "share": f"{subject_of(rel.operands[0])}{rel.what}",
        "change_rate": f"{subject_of(rel.operands[0])}的增减率",
        "rate": f"{rel.what or '比率'}",
    }[rel.kind]
    word = DIRECTION[s.direction] if rel.kind == "change_rate" else ""
    exact = f"{fmt(v.computed, 4)}%"
    places = f"保留 {s.decimals} 位小数" if s.decimals else "取整"
    head = (
        f"{what}写作{word} {s.text}，按文中数字 {rel.formula} = {exact}，{places}为 "
        f"{fmt(v.shown, s.decimals)}%"
    )
    if v.status == ROUNDING:
        return f"{head}，差一个末位单位（可能是舍入或截尾所致），建议改为 {fmt(v.shown, s.decimals)}%。"
    gap = fmt(abs(abs(s.value) - v.shown), s.decimals)
    return (
        f"{head}，相差 {gap} 个百分点。请改为 {fmt(v.shown, s.decimals)}%，或核对计算所依据的数字。"
    )


def _scale(fig: Figure) -> Decimal:
    return fig.in_yuan / fig.value if fig.value else Decimal(1)
