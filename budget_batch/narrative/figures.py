"""The numbers of a paragraph that carry a unit (万元, 元, 亿元, %, 个百分点, 分, 人, 户, 件 …), with
their approximation word (约 2889 人, 640多万元, 80分以上) and where they are.

A number without a unit (a year, a date, 12345 热线, an item number) is no figure; nor is an
ordinal (第 3 期). Thousands separators are read (7,057,486.18 元); a comma between two figures
is a list comma (4125.49,4143.91万元), not a separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .text import PERIOD_ENDS, SENTENCE_ENDS, Folded, fold, split_sentences
from .wording import Wording

#: What one unit is worth in 元, so that figures in 元, 万元 and 亿元 compare.
MONEY_SCALE = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(10) ** 8,
}


@dataclass
class Figure:
    """A number with its unit, as a paragraph states it."""

    id: int  # its order in the paragraph
    paragraph: int  # 第 N 段
    start: int  # span in the paragraph's text as written
    end: int
    at: int  # span in the folded text
    to: int
    text: str  # as written, unit included
    value: Decimal  # as written (signed when written with a minus)
    decimals: int
    unit: str  # the unit as the figure is compared (名 → 人)
    family: str  # money, percent, points, score, count
    approx: str = ""  # "", about, at_least, more_than, less_than, at_most
    sentence: int = 0  # index of its sentence (。；！？ and line ends) in the paragraph
    period: int = 0  # index of its period sentence (。！？ and line ends)
    depth: int = 0  # brackets it sits in
    # What it states, once bound (statements.py).
    measure: str = ""  # amount, share, change, change_rate, rate, points, score, difference
    subject: str = ""  # as written before it, squashed
    core: str = ""  # the subject without qualifier words
    canonical: str = ""  # through the synonym table ("" when not in it)
    qualifier: str = ""  # budget, actual or ""
    direction: int = 0  # a change: +1 up, −1 down, 0 unknown or none
    base: str = ""  # a share's or a rate's base as named ("" when implicit)
    roles: set[str] = field(default_factory=set)

    @property
    def in_yuan(self) -> Decimal:
        """A money figure in 元 (others unchanged)."""
        return self.value * MONEY_SCALE.get(self.unit, Decimal(1))

    @property
    def half_unit(self) -> Decimal:
        return self.half(self.decimals)

    def half(self, decimals: int) -> Decimal:
        """Half a unit of the last digit at `decimals`, in the unit it is compared in (元 for
        money). A count is exact."""
        if self.family == "count" and self.approx == "":
            return Decimal(0)
        step = Decimal(1).scaleb(-decimals) / 2
        return step * MONEY_SCALE.get(self.unit, Decimal(1)) if self.family == "money" else step

    @property
    def exact(self) -> bool:
        """Shown without an approximation word that bounds it on one side only."""
        return self.approx in ("", "about")


@dataclass(frozen=True)
class ParagraphFigures:
    """A paragraph's folded text, sentences and figures."""

    index: int
    folded: Folded
    sentences: tuple[tuple[int, int], ...]  # folded spans
    periods: tuple[tuple[int, int], ...]
    figures: tuple[Figure, ...]

    @property
    def text(self) -> str:
        return self.folded.text

    def sentence_span(self, fig: Figure) -> tuple[int, int]:
        return self.sentences[fig.sentence]

    def period_span(self, fig: Figure) -> tuple[int, int]:
        return self.periods[fig.period]


@lru_cache(maxsize=8)
def _number_re(units: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\d.])(?P<sign>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?P<gap>\s*)(?P<between>多|余)?\s*(?P<unit>" + units + r")"
    )


def read_figures(index: int, text: str, words: Wording) -> ParagraphFigures:
    folded = fold(text)
    t = folded.text
    sentences = tuple((s.start, s.end) for s in split_sentences(t, SENTENCE_ENDS))
    periods = tuple((s.start, s.end) for s in split_sentences(t, PERIOD_ENDS))
    figures: list[Figure] = []
    depth_at = _depths(t)
    for m in _number_re(words.unit_pattern).finditer(t):
        negative = bool(m.group("sign")) and _signed(t, m.start())
        at, to = (m.start() if negative else m.start("num")), m.end()
        before = t[:at].rstrip()
        if before.endswith("第"):  # an ordinal: 第 3 期
            continue
        unit_written = m.group("unit")
        family = words.units[unit_written]
        if family == "count" and _is_part_of_word(t, m.end("unit"), unit_written):
            continue
        num = m.group("num").replace(",", "")
        value = -Decimal(num) if negative else Decimal(num)
        approx = _approx(t, at, to, m.group("between"), words)
        start, end = folded.span(at, to)
        figures.append(
            Figure(
                id=len(figures),
                paragraph=index,
                start=start,
                end=end,
                at=at,
                to=to,
                text=text[start:end],
                value=value,
                decimals=len(num.partition(".")[2]),
                unit=words.same_unit.get(unit_written, unit_written),
                family=family,
                approx=approx,
                sentence=_index_of(sentences, at),
                period=_index_of(periods, at),
                depth=depth_at[at],
            )
        )
    return ParagraphFigures(index, folded, sentences, periods, tuple(figures))


def _signed(t: str, at: int) -> bool:
    """A minus right before a number is its sign unless it joins two words (0-6 岁)."""
    return at == 0 or not t[at - 1].isalnum()


def _is_part_of_word(t: str, end: int, unit: str) -> bool:
    """个 in 个人, 次 in 次年, 期 in 期间: the unit character starts a word, not a count."""
    nxt = t[end : end + 1]
    return (unit, nxt) in {
        ("个", "人"),
        ("次", "年"),
        ("次", "日"),
        ("期", "间"),
        ("天", "然"),
        ("项", "目"),
        ("分", "钟"),
        ("台", "账"),
    }


def _approx(t: str, at: int, to: int, between: str | None, words: Wording) -> str:
    if between:
        kind = dict(words.approx("between")).get(between)
        if kind:
            return kind
    head = re.sub(r"\s+", "", t[max(0, at - 8) : at])
    head = re.sub(r"(为|是|有|达|共)$", "", head)
    for word, kind in words.approx("before"):
        if head.endswith(word):
            return kind
    tail = re.sub(r"\s+", "", t[to : to + 4])
    for word, kind in words.approx("after"):
        if tail.startswith(word):
            return kind
    return ""


def _depths(t: str) -> list[int]:
    """How many brackets are open at each offset (round brackets only: NFKC folds （）)."""
    out = []
    depth = 0
    for ch in t:
        out.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    out.append(depth)
    return out


def _index_of(spans: tuple[tuple[int, int], ...], at: int) -> int:
    for i, (start, end) in enumerate(spans):
        if start <= at < end:
            return i
    return max(len(spans) - 1, 0)
