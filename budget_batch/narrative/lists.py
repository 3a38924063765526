"""Lists of parts and their total: `X 万元，其中：A a、B b`, a total ending its line with 其中: and
its parts on the next lines, `X 人（含 A a 人，B b 人）`, and names counted one for one
(`设 9 个内设机构，分别为：办公室、…`).

A list is checked only when the text leaves one reading: one total before 其中 (or the sum matches
one of several), all parts in the total's unit, no 等 / 主要包括 that makes it a list of examples.
When no reading adds up and more than one was possible, the list is declined, not reported.
A 含 list may be partial: it is confirmed when it adds up and never reported when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..decimals import fmt
from .figures import Figure, ParagraphFigures
from .judge import OK, WRONG, Verdict, judge_amount, operand, precision, total_of
from .relation import Declined, Relation, shown
from .wording import Wording, squash

#: The measures a part or a total of a list has (not a change, a share, a prior-year figure …).
LISTABLE = frozenset({"amount"})


@dataclass
class PartList:
    total: Figure | None  # the total the parts were bound to (None: declined)
    parts: tuple[Figure, ...]
    relation: Relation | None = None


def compatible(a: Figure, b: Figure) -> bool:
    """Figures that can be added: money in any money unit, counts in the same unit."""
    if a.family != b.family or a.family not in ("money", "count"):
        return False
    return a.family == "money" or a.unit == b.unit


def part_lists(
    pf: ParagraphFigures, words: Wording
) -> tuple[list[PartList], list[Relation], list[Declined]]:
    """The 其中 and 含 lists of a paragraph, each bound to its total when the text allows."""
    lists: list[PartList] = []
    relations: list[Relation] = []
    declined: list[Declined] = []
    t = pf.text
    openers = [m.start() for m in re.finditer("其中", t)]
    for n, at in enumerate(openers):
        if n + 1 < len(openers) and re.fullmatch(r"[:,，、\s]*", t[at + 2 : openers[n + 1]]):
            continue  # 其中:其中: (a doubled opener)
        stop = openers[n + 1] if n + 1 < len(openers) else len(t)
        _one_list(pf, words, at, stop, lists, relations, declined)
    for m in re.finditer(r"\(", t):
        _bracket_list(pf, words, m.start(), lists, relations, declined)
    return lists, relations, declined


def _one_list(
    pf: ParagraphFigures,
    words: Wording,
    at: int,
    stop: int,
    lists: list[PartList],
    relations: list[Relation],
    declined: list[Declined],
) -> None:
    t = pf.text
    body = at + 2
    while body < len(t) and t[body] in ":,，、 ":
        body += 1
    by_lines = body < len(t) and t[body] == "\n"
    end = _lines_end(t, at, body) if by_lines else min(stop, _period_end(t, body))
    depth = _depth_at(pf, at)
    inside = [f for f in pf.figures if body <= f.at < end]
    head = squash(t[body : inside[0].at]) if inside else ""
    if any(w in head for w in words.lists("partial") if w != "等"):
        return  # 其中主要包括…: examples
    before = _totals_before(pf, at, depth)
    groups: dict[tuple[str, str], list[Figure]] = {}
    closed = False
    for f in inside:
        if f.depth != depth or f.measure not in LISTABLE or closed:
            continue
        if any(w in f.subject for w in words.lists("totals")):
            closed = True  # 收入合计为 …: the list has closed
            continue
        key = (f.family, "" if f.family == "money" else f.unit)
        groups.setdefault(key, []).append(f)
    for parts in groups.values():
        candidates = [c for c in before if compatible(c, parts[0])]
        if candidates and len(parts) >= 2 and not _partial_after(t, parts[-1]):
            readings = _readings(t, parts, body, end, by_lines)
            _bind(candidates, readings, lists, relations, declined)


def _bind(
    candidates: list[Figure],
    readings: list[tuple[Figure, ...]],
    lists: list[PartList],
    relations: list[Relation],
    declined: list[Declined],
) -> None:
    """The reading that adds up to a candidate total; else the only reading there is (reported
    when it does not add up); else declined. A run of consecutive parts that adds up is a reading
    too, but never one a list is reported on: a 其中 list may end with a subset or begin another
    breakdown (全机关人数 11 人，其中正处级 1 人、… 工勤 1 人、参照公务员管理 9 人)."""
    every = readings[0]
    runs = [
        every[i:j]
        for i in range(len(every))
        for j in range(i + 2, len(every) + 1)
        if j - i < len(every)
    ]
    for tries in (readings, runs):  # the whole list first, before any run of it
        for total in candidates:
            for reading in tries:
                rel = _sum_relation(total, reading)
                if rel is not None and rel.verdict.status == OK:
                    relations.append(rel)
                    lists.append(PartList(total, reading, rel))
                    return
    if len(candidates) == 1 and len(readings) == 1:
        rel = _sum_relation(candidates[0], readings[0])
        if rel is not None:
            relations.append(rel)
            lists.append(PartList(candidates[0], readings[0], rel))
            return
    why = "其中之前有多个可能的合计数" if len(candidates) > 1 else "各分项的读法不止一种"
    declined.append(Declined("sum", (*candidates, *readings[0]), why))
    lists.append(PartList(None, readings[0]))


_NUMBERED = (
    re.compile(r"\d+[.、]"),
    re.compile(r"\([一二三四五六七八九十]+\)"),
    re.compile(r"[一二三四五六七八九十]+、"),
    re.compile(r"\(\d+\)"),
)


def _lines_end(t: str, at: int, body: int) -> int:
    """A list on the lines after `其中:` runs to the paragraph's end, or to the next line numbered
    like the line that opened it (1. 基本支出 …其中: / … / 2. 项目支出 …)."""
    line_start = t.rfind("\n", 0, at) + 1
    opened = t[line_start:at].lstrip()
    style = next((p for p in _NUMBERED if p.match(opened)), None)
    if style is None:
        return len(t)
    pos = body
    while (nl := t.find("\n", pos + 1)) >= 0:
        if style.match(t[nl + 1 :].lstrip()):
            return nl
        pos = nl
    return len(t)


def _period_end(t: str, start: int) -> int:
    m = re.compile(r"[。!?！？\n]").search(t, start)
    return m.start() if m else len(t)


def _depth_at(pf: ParagraphFigures, at: int) -> int:
    depth = 0
    for ch in pf.text[:at]:
        depth += 1 if ch == "(" else -1 if ch == ")" and depth else 0
    return depth


def _totals_before(pf: ParagraphFigures, at: int, depth: int) -> list[Figure]:
    """The figures a list opened at `at` may be the parts of, nearest first: the amounts before
    it in its sentence, or in the sentence before when it opens a sentence."""
    t = pf.text
    spans = pf.sentences
    here = next((i for i, (s, e) in enumerate(spans) if s <= at < e), len(spans) - 1)
    start = spans[here][0] if spans else 0
    lead = re.sub(r"^[\s\d一二三四五六七八九十()、.]*", "", t[start:at])
    if not lead and here > 0:
        start = spans[here - 1][0]
    found = [
        f
        for f in pf.figures
        if start <= f.at < at
        and f.depth == depth
        and f.measure in LISTABLE
        and "inline_denominator" not in f.roles
    ]
    return list(reversed(found))


def _partial_after(t: str, last: Figure) -> bool:
    """…0.19万元等: the list names examples."""
    return t[last.to : last.to + 3].lstrip().startswith("等")


def _readings(
    t: str, parts: list[Figure], body: int, end: int, by_lines: bool
) -> list[tuple[Figure, ...]]:
    """Every part; and, when the list's items (lines, or clauses between ；) carry more than
    one figure each, the first of each item (支出 a, 年初预算 b, 差值 c; …)."""
    every = tuple(parts)
    seps = "\n" if by_lines else ";；"
    if not any(ch in t[body:end] for ch in seps):
        return [every]
    firsts: list[Figure] = []
    last_item = -1
    for f in parts:
        item = sum(1 for ch in t[body : f.at] if ch in seps)
        if item != last_item:
            firsts.append(f)
            last_item = item
    return [every] if len(firsts) == len(every) else [every, tuple(firsts)]


def _sum_relation(total: Figure, parts: tuple[Figure, ...]) -> Relation | None:
    digits = precision([total, *parts])
    spans = [operand(p, decimals=digits) for p in parts]
    if any(s is None for s in spans) or any(not compatible(total, p) for p in parts):
        return None
    possible = total_of([s for s in spans if s is not None])
    point = sum((p.in_yuan for p in parts), Decimal(0))
    verdict = judge_amount(total, point, possible, total.in_yuan, digits)
    terms = " + ".join(shown(p) if p.unit == total.unit else p.text for p in parts)
    formula = f"{terms} = {shown(total, point)}"
    return Relation("sum", total, parts, verdict, formula, "合计")


def _bracket_list(
    pf: ParagraphFigures,
    words: Wording,
    at: int,
    lists: list[PartList],
    relations: list[Relation],
    declined: list[Declined],
) -> None:
    """X 人（含 A a 人，B b 人）: a subset list, confirmed when it adds up."""
    t = pf.text
    before = [f for f in pf.figures if f.to <= at and not t[f.to : at].strip()]
    if not before or before[-1].measure not in LISTABLE:
        return
    total = before[-1]
    close = t.find(")", at)
    close = len(t) if close < 0 else close
    inside = [
        f
        for f in pf.figures
        if at < f.at < close
        and f.depth == total.depth + 1
        and f.measure in LISTABLE
        and compatible(f, total)
    ]
    if len(inside) < 2:
        return
    rel = _sum_relation(total, tuple(inside))
    if rel is None:
        return
    if rel.verdict.status == OK:
        relations.append(rel)
        lists.append(PartList(total, tuple(inside), rel))
    else:  # 含 may be partial, and a bracket may be misplaced: not a finding
        declined.append(Declined("sum", rel.figures, "括号中的分项可能不全"))


_ONE_FOR_ONE = re.compile(r"(分别为|分别是)[:：]?")


def name_counts(pf: ParagraphFigures, words: Wording) -> list[Relation]:
    """设 9 个内设机构，分别为：办公室、… — the count against the names listed."""
    t = pf.text
    found: list[Relation] = []
    for m in _ONE_FOR_ONE.finditer(t):
        before = [f for f in pf.figures if f.to <= m.start()]
        if not before:
            continue
        count = before[-1]
        gap = t[count.to : m.start()]
        if (
            count.family != "count"
            or count.value != count.value.to_integral_value()
            or len(gap) > 12
            or re.search(r"[\d。;；!?]", gap)
            or gap.count(",") + gap.count("，") > 1
        ):
            continue
        end = re.compile(r"[。;；!?\n]").search(t, m.end())
        listed = t[m.end() : end.start() if end else len(t)].strip()
        if not listed or re.search(r"\d", listed) or "等" in listed or "," in listed:
            continue
        names = [n for n in re.split(r"、", listed) if n.strip()]
        joined = sum(len(re.findall(r"[和及与]", n)) for n in names)
        lo, hi = len(names), len(names) + joined
        stated = int(count.value)
        status = OK if lo <= stated <= hi else WRONG
        nearest = lo if abs(stated - lo) <= abs(stated - hi) else hi
        verdict = Verdict(status, Decimal(nearest), Decimal(nearest))
        formula = f"列出 {fmt(Decimal(lo))} 个名称（{'、'.join(n.strip() for n in names)}）"
        found.append(Relation("names", count, (), verdict, formula, "个数"))
    return found
