"""The sheet XML is parsed, not grepped: what sits outside <sheetData> is never a cell, and the
tokenised path for large sheets reads exactly what the parser reads."""

import random
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import real_layouts as R
from builders import write
from conftest import EXAMPLE, TEMPLATE
from hypothesis import given
from hypothesis import strategies as st

from budget_batch.decimals import exact_sum
from budget_batch.read.sheet_xml import parse_sheet

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheets(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]


def both(xml: bytes):
    parsed = parse_sheet(xml, exact_limit=10**12)
    scanned = parse_sheet(xml, exact_limit=0)
    return parsed, scanned


def same(xml: bytes) -> None:
    parsed, scanned = both(xml)
    assert scanned.formulas == parsed.formulas
    assert scanned.errors == parsed.errors
    assert scanned.hidden_rows == parsed.hidden_rows
    assert scanned.hidden_cols == parsed.hidden_cols
    assert scanned.merged == parsed.merged
    cols = {c for _, c in parsed._styles or {}} | {1, 2, 3}
    rows = {r for r, _ in parsed._styles or {}} | {1, 2}
    for r in rows:
        for c in cols:
            assert scanned.style(r, c) == parsed.style(r, c), (r, c)


@pytest.mark.parametrize("source", ["template", "example", "clean", "real"])
def test_the_tokenised_path_reads_what_the_parser_reads(tmp_path, source):
    path = {
        "template": lambda: TEMPLATE,
        "example": lambda: EXAMPLE,
        "clean": lambda: write(tmp_path),
        "real": lambda: R.with_faults(tmp_path / "r.xlsx", ["yuan_in_wan"]),
    }[source]()
    for xml in sheets(path):
        same(xml)


def cell(ref: str, body: str = "<v>1</v>", attrs: str = "") -> str:
    return f'<c r="{ref}"{attrs}>{body}</c>'


def doc(rows: str, outside: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = MAIN.replace("xmlns=", f"xmlns:{prefix}=") if prefix else MAIN
    body = rows.replace("<c ", f"<{p}c ").replace("</c>", f"</{p}c>")
    body = body.replace("<v>", f"<{p}v>").replace("</v>", f"</{p}v>")
    body = body.replace("<f>", f"<{p}f>").replace("</f>", f"</{p}f>").replace("<f ", f"<{p}f ")
    body = body.replace("<row ", f"<{p}row ").replace("</row>", f"</{p}row>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}><{p}sheetData>{body}'
        f"</{p}sheetData>{outside}</{p}worksheet>"
    ).encode()


X14 = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list"><x14:formula1><xm:f>选项!$A$1:$A$4</xm:f></x14:formula1>'
    "<xm:sqref>D3:D9</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_what_lies_outside_sheet_data_is_never_a_cell(prefix):
    rows = '<row r="1">' + cell("A1") + cell("B1", "<v>2</v>") + "</row>"
    xml = doc(rows, '<mergeCells count="1"><mergeCell ref="A3:A5"/></mergeCells>' + X14, prefix)
    for sheet in both(xml):
        assert sheet.formulas == {} and sheet.errors == {}
        assert sheet.merged == [((3, 1), (5, 1))]


@pytest.mark.parametrize("prefix", ["", "x"])
def test_formulas_errors_hidden_rows_and_styles(prefix):
    rows = (
        '<row r="2" hidden="1">'
        + cell("A2", "<f>SUM(B2:C2)</f><v>3</v>", ' s="4"')
        + cell("B2", "<v>#DIV/0!</v>", ' s="2" t="e"')
        + "</row>"
        + '<row r="3">'
        + cell("A3", '<f t="shared" si="0"/><v>5</v>')
        + cell("C3", "<v>&lt;x&gt;</v>", ' t="str" s="7"')
        + "</row>"
    )
    for sheet in both(doc(rows, prefix=prefix)):
        assert sheet.formulas == {(2, 1): "=SUM(B2:C2)", (3, 1): "=（共享公式）"}
        assert sheet.errors == {(2, 2): "#DIV/0!"}
        assert sheet.hidden_rows == {2}
        assert (sheet.style(2, 1), sheet.style(2, 2), sheet.style(3, 3), sheet.style(3, 1)) == (
            4,
            2,
            7,
            0,
        )


def test_cells_without_an_address_go_to_the_parser():
    rows = '<row r="4"><c><v>1</v></c><c t="e"><v>#REF!</v></c></row>'
    parsed, scanned = both(doc(rows))
    assert parsed.errors == scanned.errors == {(4, 2): "#REF!"}


def test_a_comment_or_cdata_in_sheet_data_goes_to_the_parser():
    rows = (
        '<row r="1"><!-- <c r="Z9"><f>X</f></c> -->' + cell("A1", "<f>1+1</f><v>2</v>") + "</row>"
    )
    parsed, scanned = both(doc(rows))
    assert scanned.formulas == parsed.formulas == {(1, 1): "=1+1"}


@given(
    st.lists(
        st.tuples(
            st.integers(1, 50),
            st.integers(1, 8),
            st.sampled_from(["plain", "formula", "error", "styled"]),
        ),
        max_size=40,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.sets(st.integers(1, 50), max_size=5),
)
def test_random_sheets_read_the_same_both_ways(cells, hidden):
    by_row: dict[int, list[str]] = {}
    for r, c, kind in sorted(cells):
        ref = f"{chr(64 + c)}{r}"
        body, attrs = {
            "plain": ("<v>1</v>", ""),
            "formula": (f"<f>A{r}*2</f><v>2</v>", ' s="3"'),
            "error": ("<v>#N/A</v>", ' t="e"'),
            "styled": ("<v>0.5</v>", ' s="9"'),
        }[kind]
        by_row.setdefault(r, []).append(cell(ref, body, attrs))
    hide = ' hidden="1"'
    rows = "".join(
        f'<row r="{r}"{hide if r in hidden else ""}>{"".join(cs)}</row>'
        for r, cs in sorted(by_row.items())
    )
    same(doc(rows))


def test_exact_sums_equal_decimal_sums():
    rng = random.Random(7)
    for _ in range(5000):
        values = [
            round(
                rng.uniform(-1e12, 1e12) * rng.choice([1e-6, 1e-3, 1]),
                rng.choice([0, 1, 2, 3, 4, 6]),
            )
            for _ in range(rng.randint(0, 9))
        ]
        values.append(None)
        expected = sum((Decimal(repr(v)) for v in values if v is not None), Decimal(0))
        assert exact_sum(values) == expected
    assert exact_sum([1e308, 1e308]) == Decimal(repr(1e308)) * 2
