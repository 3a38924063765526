"""styles.xml of the copy: our fills never land on fill 0 or 1 (which Excel always draws as none
and gray125), nor on an id a format of the user's names; nothing of the user's is renumbered."""

from lxml import etree

from budget_batch.ooxml.styles import StyleBook, canonical

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RED = '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill>'
NONE = '<fill><patternFill patternType="none"/></fill>'
GRAY = '<fill><patternFill patternType="gray125"/></fill>'


def styles(fills: str, xfs: str = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>') -> bytes:
    return (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>{fills}'
        f'<cellXfs count="1">{xfs}</cellXfs></styleSheet>'
    ).encode()


def fills_of(book: StyleBook) -> list[str]:
    root = etree.fromstring(book.to_bytes())
    return [canonical(f) for f in root.find(f"{{{MAIN}}}fills")]


def test_no_fills_at_all_get_none_and_gray125_before_ours():
    book = StyleBook(styles(""))
    marked = book.with_fill(0, RED)
    assert fills_of(book) == [NONE, GRAY, RED]
    root = etree.fromstring(book.to_bytes())
    xfs = list(root.find(f"{{{MAIN}}}cellXfs"))
    assert xfs[0].get("fillId") == "0" and xfs[marked].get("fillId") == "2"
    assert [el.tag.rpartition("}")[2] for el in root][:3] == ["fonts", "fills", "cellXfs"]


def test_one_fill_is_padded_by_appending_so_no_id_moves():
    odd = '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill>'
    book = StyleBook(styles(f'<fills count="1">{odd}</fills>'))
    assert book.fill_id(RED) == 2  # not fill 0, which Excel draws as none whatever it says
    assert fills_of(book) == [odd, GRAY, RED]
    assert book.fill_id(NONE) == 3 and book.fill_id(GRAY) == 1


def test_a_fill_id_a_format_names_beyond_the_list_is_never_ours():
    xfs = (
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="0" fontId="0" fillId="3" borderId="0"/>'
    )
    book = StyleBook(styles(f'<fills count="1">{NONE}</fills>', xfs))
    assert book.fill_id(RED) == 4
    assert fills_of(book) == [NONE, GRAY, NONE, NONE, RED]


def test_complete_fills_are_only_appended_to():
    data = styles(f'<fills count="2">{NONE}{GRAY}</fills>')
    book = StyleBook(data)
    assert book.fill_id(NONE) == 0 and book.fill_id(GRAY) == 1 and not book.touched
    assert book.fill_id(RED) == 2 and fills_of(book) == [NONE, GRAY, RED]
