"""A self-score and its grade as the text states them: `单位自评绩效评价指标体系评分为 100分，等级为优`.

The score is a figure in 分 whose subject carries a score word (得分 / 评分 / 自评得分 …); the
grade is the word after a grade word (等级为优 / 评价等级：良好) in the same sentence or the next.
A grade the text defines itself (`等级为优良(80分以上)`) is a band, not a result: not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import Figure
from .review import ParagraphReview
from .wording import Wording


@dataclass(frozen=True)
class ScoreStatement:
    score: Figure
    grade: str  # the profile's label the grade word means (优秀 → 优), or the word as written
    grade_text: str  # as written


def score_statements(paragraphs: list[ParagraphReview], words: Wording) -> list[ScoreStatement]:
    found: list[ScoreStatement] = []
    grade_words = "|".join(re.escape(w) for w in words.scores("grade_words"))
    grades = "|".join(re.escape(w) for w in sorted(words.grades, key=len, reverse=True))
    pattern = re.compile(
        rf"(?:{grade_words})(?:为|是|评定为|评为|:|：)?[“\"]?(?P<grade>{grades}|合格|不合格)"
        r"(?![\u4e00-\u9fff]*\(\d)"
    )
    for review in paragraphs:
        pf = review.figures
        for fig in pf.figures:
            if fig.family != "score" or not any(
                fig.subject.endswith(w) or w in fig.subject[-6:]
                for w in words.scores("score_words")
            ):
                continue
            end = pf.sentences[min(fig.sentence + 1, len(pf.sentences) - 1)][1]
            m = pattern.search(pf.text, fig.to, end)
            if m is None or _band(pf.text, m.end()):
                continue
            word = m.group("grade")
            found.append(ScoreStatement(fig, words.grades.get(word, word), word))
    return found


def _band(text: str, at: int) -> bool:
    """优良(80分以上): a grade the text defines by a band of scores."""
    return bool(re.match(r"\s*\(\s*\d", text[at : at + 6]))
