"""The looks of what we add: the fills of marked cells, and the cell formats of our sheets
(审核结果, 汇总), made with xlsxwriter in a side package and grafted into the copy."""

from __future__ import annotations

from typing import Any

from ..findings import Severity

#: Fill colours of marked cells (RGB): error red, warning yellow, info blue.
SEVERITY_COLORS = {
    Severity.ERROR: "FFC7CE",
    Severity.WARNING: "FFEB9C",
    Severity.INFO: "DDEBF7",
}
HEAD_COLOR = "D9E1F2"
BORDER_COLOR = "999999"
LINK_COLOR = "0563C1"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
#: Number formats of our sheets by kind, and how each shows a number (to size its column).
NUMBER_FORMATS = {"money": "#,##0.00", "pct": "0.00", "int": "0", "year": "0"}
SHOWN = {"money": "{:,.2f}", "pct": "{:.2f}", "int": "{:.0f}", "year": "{:.0f}"}
#: Font sizes (points) of the kinds not in the body's 10 points.
SIZES = {"title": 14, "heading": 12}


def severity_fill(severity: Severity) -> str:
    """The fill of a cell marked with `severity`, as styles.xml holds it (canonical XML)."""
    return (
        '<fill><patternFill patternType="solid">'
        f'<fgColor rgb="FF{SEVERITY_COLORS[severity]}"/><bgColor indexed="64"/>'
        "</patternFill></fill>"
    )


def _specs() -> dict[str, dict[str, Any]]:
    body = {"font_name": BODY_FONT, "font_size": 10}
    box = {"border": 1, "border_color": "#" + BORDER_COLOR}
    middle = {"valign": "vcenter", "text_wrap": True}
    top = {"valign": "top", "text_wrap": True}
    specs: dict[str, dict[str, Any]] = {
        "title": {"font_name": TITLE_FONT, "font_size": SIZES["title"], "bold": True, **top},
        "heading": {"font_name": TITLE_FONT, "font_size": SIZES["heading"], "bold": True},
        "head": {**body, "bold": True, "bg_color": "#" + HEAD_COLOR, **box, **middle},
        "body": {**body, **box, **middle},
        "money": {**body, **box, **middle, "num_format": NUMBER_FORMATS["money"]},
        "pct": {**body, **box, **middle, "num_format": NUMBER_FORMATS["pct"]},
        "int": {**body, **box, **middle, "num_format": NUMBER_FORMATS["int"]},
        "year": {**body, **box, **middle, "num_format": NUMBER_FORMATS["year"], "align": "left"},
        "note": {**body, **top},
        "text": {**body, **top},
        "link": {**body, "font_color": "#" + LINK_COLOR, "underline": 1, "valign": "top"},
    }
    for severity, color in SEVERITY_COLORS.items():
        specs[severity.value] = {**body, "bg_color": "#" + color, **top}
    return specs


def formats(wb: Any) -> dict[str, Any]:
    """Our cell formats registered in an xlsxwriter workbook, by kind."""
    return {kind: wb.add_format(spec) for kind, spec in _specs().items()}
