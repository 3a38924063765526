"""The report corpus is consistent with itself: every figure is where it says, every number with a
unit is judged, and every verdict whose arithmetic is written out follows from it (checks.md:
recompute exactly, round half-up to the decimals shown; one unit off is rounding)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.documents.reports import MEASURES, VERDICTS, Figure, Report, load, token_positions

REPORTS = load()
FIGURES = [(r, n, f) for r in REPORTS for n, p in enumerate(r.paragraphs, 1) for f in p.figures]
_IDS = [r.path.stem for r in REPORTS]

# A number with a unit a report states as a figure (years, dates and 文号 carry none of these).
_UNIT_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?:万元|亿元|元|%|个百分点|人次|人|名|个|批次|辆|台|家|户|件|次|分|项)"
)
# `a ÷ b = q%` or `a ÷ (x + y) = q%` / `a ÷ (x − y) = q%`, as the why lines write a share or rate.
_QUOTIENT = re.compile(
    r"^(?P<num>\d+(?:\.\d+)?) ÷ (?:(?P<den>\d+(?:\.\d+)?)|\((?P<x>\d+(?:\.\d+)?) (?P<op>[+−]) "
    r"(?P<y>\d+(?:\.\d+)?)\)) = (?P<q>\d+(?:\.\d+)?)%"
)
_SUM = re.compile(r"^(?P<terms>\d+(?:\.\d+)?(?: \+ \d+(?:\.\d+)?)+) = (?P<total>\d+(?:\.\d+)?)$")


def _shown(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text.split("%")[0]))


def _decimals(text: str) -> int:
    digits = re.sub(r"[^\d.]", "", text.split("%")[0])
    return len(digits.split(".")[1]) if "." in digits else 0


def _judge(exact: Decimal, figure: Figure) -> str:
    places = _decimals(figure.text)
    unit = Decimal(1).scaleb(-places)
    off = abs(exact.quantize(unit, rounding=ROUND_HALF_UP) - _shown(figure.text))
    return "true" if off == 0 else "rounding" if off == unit else "false"


def test_the_corpus_is_as_large_as_its_readme_says() -> None:
    assert len(REPORTS) == 32
    assert sum(len(r.paragraphs) for r in REPORTS) == 62
    assert len(FIGURES) == 496
    departments = {r.department for r in REPORTS if "某" not in r.department}
    assert len(departments) == 21


@pytest.mark.parametrize("report", REPORTS, ids=_IDS)
def test_figures_are_in_their_paragraphs_and_well_formed(report: Report) -> None:
    for n, paragraph in enumerate(report.paragraphs, 1):
        for figure in paragraph.figures:
            where = f"P{n} {figure.text!r} (occurrence {figure.occurrence})"
            span = figure.span(paragraph.text)
            assert span is not None, f"{where} is not in its paragraph"
            assert paragraph.text[span[0] : span[1]] == figure.text
            assert figure.verdict in VERDICTS, where
            assert figure.measure in MEASURES, where
            assert figure.why, f"{where}: every verdict says why"
            if figure.verdict in ("false", "rounding"):
                assert figure.correct, f"{where}: a wrong figure says what it should be"


@pytest.mark.parametrize("report", REPORTS, ids=_IDS)
def test_every_number_with_a_unit_is_judged(report: Report) -> None:
    for n, paragraph in enumerate(report.paragraphs, 1):
        covered = [f.span(paragraph.text) for f in paragraph.figures]
        spans = [s for s in covered if s is not None]
        assert len(spans) == len({s[0] for s in spans}), f"P{n}: two figures on one place"
        for match in _UNIT_NUMBER.finditer(paragraph.text):
            assert any(a <= match.start() < b for a, b in spans), (
                f"P{n}: {match.group(0)!r} unjudged"
            )


@pytest.mark.parametrize("report", REPORTS, ids=_IDS)
def test_written_arithmetic_gives_the_verdict(report: Report) -> None:
    """Where `why` writes a quotient or a sum, recomputing it gives the verdict and `correct`."""
    for paragraph in report.paragraphs:
        for figure in paragraph.figures:
            _check_arithmetic(figure)


def _check_arithmetic(figure: Figure) -> None:
    quotient = _QUOTIENT.match(figure.why)
    total = _SUM.match(figure.why)
    if (
        quotient
        and figure.verdict in ("true", "rounding", "false")
        and figure.text.rstrip().endswith("%")
    ):
        if quotient["den"]:
            den = Decimal(quotient["den"])
        elif quotient["op"] == "+":
            den = Decimal(quotient["x"]) + Decimal(quotient["y"])
        else:
            den = Decimal(quotient["x"]) - Decimal(quotient["y"])
        exact = Decimal(quotient["num"]) / den * 100
        assert abs(exact - Decimal(quotient["q"])) < Decimal("0.0001"), f"{figure.why}: quotient"
        assert _judge(exact, figure) == figure.verdict, f"{figure.text}: {figure.why}"
        if figure.verdict != "true":
            places = _decimals(figure.text)
            want = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            assert _shown(figure.correct) == want, f"{figure.text}: correct {figure.correct}"
    elif total and figure.measure in ("amount", "count") and figure.verdict in ("true", "false"):
        terms = sum((Decimal(t) for t in total["terms"].split(" + ")), Decimal(0))
        assert terms == Decimal(total["total"]), f"{figure.why}: sum"
        stated = _shown(figure.text.replace(",", ""))
        assert (terms == stated) == (figure.verdict == "true"), f"{figure.text}: {figure.why}"


def test_the_published_faults_are_there() -> None:
    """The false figures README lists, by file and text: a change of transcription shows here."""
    false = {(r.path.stem, f.text) for r, _, f in FIGURES if f.verdict == "false"}
    assert false == {
        ("大英县某单位_2023", "911.7万元"),
        ("大英县某单位_2023", "0.24%"),
        ("大英县某单位_2023", "0.02%"),
        ("大英县某单位_2023", "0.95%"),
        ("梧州市某预算单位_upload1412_2024", "19.62%"),
        ("梧州市某预算单位_upload1823_2025", "14.43%"),
        ("梧州市某预算单位_upload1284_2023", "911000.39 元"),
        ("临沧市某单位_2018", "0.02%"),
        ("池州市贵池区棠溪镇人民政府_2022", "29.99万元"),
        ("鄂尔多斯某单位_2022", "0.58万元"),
        ("鄂尔多斯某单位_2022", "4.68%"),
        ("南漳县招商服务中心_2019", "9个"),
    }


def test_token_positions_skip_matches_inside_longer_numbers() -> None:
    assert token_positions("占100%;占0%", "0%") == [7]
    assert token_positions("41个项目;1个项目", "1个") == [6]
    assert token_positions("7,057,486.18 元", "486.18 元") == []
    assert token_positions("各是4125.49,4143.91万元", "4143.91万元") == [10]
    assert token_positions("16批次,800人次", "800人次") == [5]
    assert token_positions("30.5万元", "30") == []
