"""What each figure of a paragraph states: its measure (amount, share, change, change rate, rate,
percentage points, score), its subject — the nearest noun phrase before it in its clause,
normalised and looked up in the synonym table — and, for shares and rates, the base they name.

Only the words right before a figure decide its measure (占…的 x%, 增长 x%, 比上年减少 x 万元,
就业率约为 x%, 完成年初预算数 y 万元的 x%); a figure whose words say none of these is an amount (a
count when counted in 人, 件 …). Relations between figures are found in `relations.py`.
"""

from __future__ import annotations

import re

from .figures import Figure, ParagraphFigures
from .wording import Wording, squash

#: Ends the clause a subject is looked for in (not the colon: 收入:792.22万元).
CLAUSE_ENDS = frozenset("，,；;。！？!?\n")
LIST_JOINS = frozenset({"、", "和", "及", "与", ",", "，", "、和", "以及"})
_NUMBERING = re.compile(
    r"^(?:\([一二三四五六七八九十]+\)[、.]?|[一二三四五六七八九十]+[、.]|\(?\d{1,2}\)[、.]?"
    r"|\d{1,2}[、.](?!\d)|[①-⑳]|—+|-+|\)|\()"
)
_TIME = re.compile(
    r"^(?:截至[^,，;；]*?(?:日|底|末)|\d{4}年度?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?"
    r"|\d{1,2}月(?:份)?|[一二三四]季度|[上下]半年|年末|年初(?!预算))"
)
_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{0,6}率)(?:约为|为|是|达到|达|:|约|约达)*$")
_COPULA_TAIL = re.compile(r"(?:了|为|是|达到|达|约|约为|幅度为|幅为|率为|幅度|率)*$")


def clause_before(t: str, fig: Figure, previous: Figure | None) -> str:
    """The text of `fig`'s clause before it, after the previous figure when that is nearer."""
    lo = previous.to if previous is not None else 0
    i = fig.at
    while i > lo and t[i - 1] not in CLAUSE_ENDS:
        i -= 1
    return t[max(i, lo) : fig.at]


def analyse(pf: ParagraphFigures, words: Wording) -> None:
    """Fill each figure's measure, subject, base and direction."""
    t = pf.text
    previous: Figure | None = None
    for fig in pf.figures:
        pre = squash(clause_before(t, fig, previous))
        if fig.family == "percent":
            _percent(fig, pre, previous, pf, words)
        elif fig.family == "points":
            direction = _direction(pre, words)
            fig.measure = "points" if direction else ""
            fig.direction = direction
        elif fig.family == "score":
            fig.measure = "score"
            _subject(fig, pre, words)
        else:
            _amount(fig, pre, previous, pf, words)
        previous = fig


def _percent(
    fig: Figure, pre: str, previous: Figure | None, pf: ParagraphFigures, words: Wording
) -> None:
    if pre in LIST_JOINS and previous is not None and previous.family == "percent":
        fig.measure, fig.base, fig.direction = previous.measure, previous.base, previous.direction
        fig.roles.add("listed")
        return
    if (
        pre in ("的", "的比例为", "的比重为", "的比例", "的比重")
        and previous is not None
        and previous.family in ("money", "count")
    ):  # 完成年初预算数 60999 万元的 40.4% / 占年计划 75000 万元的 110.5%
        lead = squash(clause_before(pf.text, previous, None))
        if _plan_words(lead, words) or _share_head(lead, words) is not None:
            fig.measure = "rate"
            fig.roles.add("inline_base")
            previous.roles.add("inline_denominator")
            previous.measure = "plan"  # the base of the rate, not an amount of the list
            return
    share = _share_head(pre, words)
    if share is not None:
        subject, base = share
        fig.measure, fig.base = "share", _clean_base(base)
        if subject:
            _subject(fig, subject, words)
        return
    direction = _direction(pre, words)
    if direction:
        fig.measure, fig.direction = "change_rate", direction
        if _has_any(pf.text[: fig.at], words.change("budget_basis")):
            fig.roles.add("against_budget")
        return
    if _plan_words(pre, words):
        fig.measure = "rate"
        fig.roles.add("against_plan")
        return
    named = _RATE_NAME.search(pre)
    if named and named.group(1):
        fig.measure, fig.base = "rate", named.group(1)


def _share_head(pre: str, words: Wording) -> tuple[str, str] | None:
    """(subject, base) of `X占Y的` / `占Y的` / `占比为`, or None."""
    for word in words.share_words:
        at = pre.rfind(word)
        if at < 0:
            continue
        if word == "占" and pre[at + 1 : at + 3] in ("用", "地", "有"):
            continue  # 占用, 占地, 占有: not a share
        return pre[:at], pre[at + len(word) :]
    return None


def _clean_base(base: str) -> str:
    base = re.sub(r"(?:的)?(?:比例|比重|比率)?(?:为|是|约为|约|达)*$", "", base)
    return base.rstrip("的")


def _plan_words(pre: str, words: Wording) -> bool:
    """完成年初预算 / 为年预算 / 占年计划 … (the base may carry 数 and 的)."""
    body = re.sub(r"(?:数)?(?:的)?(?:比例)?(?:为)?$", "", pre)
    return any(
        body.endswith(verb + base) for verb in words.plan("verbs") for base in words.plan("bases")
    )


def _direction(pre: str, words: Wording) -> int:
    """+1 / −1 when `pre` ends with a direction word (增长, 下降了, 减幅为 …), else 0."""
    body = _COPULA_TAIL.sub("", pre) if pre else pre
    for candidates, sign in ((words.change("up"), 1), (words.change("down"), -1)):
        for word in candidates:
            if body.endswith(word) or pre.endswith(word):
                return sign
    return 0


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    flat = squash(text)
    return any(n in flat for n in needles)


_YEAR_BASIS = re.compile(r"(?:比|较|与)\d{4}年度?")


def year_basis(text: str, words: Wording) -> bool:
    """Does `text` compare with last year (同比, 比上年, 较2021年 …)?"""
    flat = squash(text)
    return any(w in flat for w in words.change("year_basis")) or bool(_YEAR_BASIS.search(flat))


def _amount(
    fig: Figure, pre: str, previous: Figure | None, pf: ParagraphFigures, words: Wording
) -> None:
    fig.measure = "amount"
    sentence = pf.text[pf.sentence_span(fig)[0] : fig.at]
    direction = _direction(pre, words)
    if direction:
        fig.direction = direction
        if _has_any(sentence, words.change("budget_basis")):
            fig.measure = "change_vs_budget"
        elif year_basis(sentence, words):
            fig.measure = "change"
        else:
            fig.measure = "change_other"
        _subject(fig, _before_basis(pre, words), words)
        return
    if re.search(r"(?:差值|差额)(?:为|是)?$", pre):
        fig.measure = "difference"
        return
    if year_basis(pre, words) and pre.endswith("的"):
        fig.measure = "prior"  # 较2024年的2190万元减少221万元
        return
    if pre in LIST_JOINS and previous is not None and previous.family == fig.family:
        fig.roles.add("listed")
    _subject(fig, pre, words)


def _before_basis(pre: str, words: Wording) -> str:
    """The subject of a change: what comes before 比上年 / 同比 … in its clause."""
    cut = len(pre)
    for w in words.change("year_basis") + words.change("budget_basis"):
        at = pre.find(w)
        if 0 <= at < cut:
            cut = at
    m = _YEAR_BASIS.search(pre)
    if m and m.start() < cut:
        cut = m.start()
    return pre[:cut]


def normalise_subject(raw: str, words: Wording) -> tuple[str, str, str]:
    """(core, qualifier, canonical) of a subject as written (squashed)."""
    text = raw
    for _ in range(8):
        before = text
        text = _NUMBERING.sub("", text)
        text = _TIME.sub("", text)
        text = text.lstrip(":、,，")
        for w in words.subject_words("leading"):
            if text.startswith(w) and len(text) > len(w):
                text = text[len(w) :]
                break
        if text == before:
            break
    for _ in range(4):
        before = text
        for w, _kind in words.approx("before"):
            if text.endswith(w):
                text = text[: -len(w)]
        for w in words.subject_words("trailing"):
            if text.endswith(w) and len(text) > len(w):
                text = text[: -len(w)]
                break
        if text == before:
            break
    qualifier = ""
    for kind in ("budget", "actual"):
        for w in words.subject_words(kind):
            if text.endswith(w) and len(text) > len(w):
                text, qualifier = text[: -len(w)].rstrip("的"), kind
                break
        if qualifier:
            break
    core = text.rstrip("的")
    return core, qualifier, canonical_of(core, words)


def canonical_of(core: str, words: Wording) -> str:
    """The synonym table's name for `core`; also tried: the words after its last 的 (a modifier:
    一般公共预算财政拨款安排的三公经费), and without a generic ending (…支出, …费用)."""
    tries = [core]
    if "的" in core:
        tries.append(core.rsplit("的", 1)[1])
    for t in list(tries):
        for tail, keep in (("支出", ""), ("费用", "费")):
            if t.endswith(tail) and len(t) > len(tail) + 1:
                tries.append(t[: -len(tail)] + keep)
    return next((words.synonyms[t] for t in tries if t in words.synonyms), "")


def _subject(fig: Figure, raw: str, words: Wording) -> None:
    fig.subject = raw
    fig.core, fig.qualifier, fig.canonical = normalise_subject(raw, words)
