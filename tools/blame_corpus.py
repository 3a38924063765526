"""Mistype every figure of a consistent workbook in turn and count where the errors land.

    python tools/blame_corpus.py

The workbook is tests/builders.py's clean department (收支情况 with sums, 增减额, 增减率, 占比 and
执行率; 项目支出 with rates and a 合计 row). Each numeric cell of 收支情况 and 项目支出 is mistyped
three ways (two digits swapped, +7, ×10,000); for each, the errors are classified: the mistyped
cell blamed alone, the mistyped cell named among a relation's candidates, or an error on a
correct cell that does not name it (which must never happen).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from builders import edit, findings, write  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def mistypes(value: float) -> list[float]:
    text = f"{value:.2f}"
    out = [round(value + 7, 2), round(value * 10_000, 2)]
    chars = list(text)
    for i in range(len(chars) - 1):
        if chars[i].isdigit() and chars[i + 1].isdigit() and chars[i] != chars[i + 1]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            out.append(float("".join(chars)))
            break
    return [v for v in out if v != value]


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    clean = write(folder, name="clean.xlsx")
    assert not [f for f in findings(clean) if f.severity == "error"]
    wb = load_workbook(clean)
    tally: Counter[str] = Counter()
    cells = 0
    for sheet, columns in (("收支情况", "CDEFGHIJ"), ("项目支出", "DEFGH")):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if c.column_letter not in columns or not isinstance(c.value, (int, float)):
                    continue
                cells += 1
                for wrong in mistypes(float(c.value)):
                    path = edit(clean, {sheet: {c.coordinate: wrong}}, dest=folder / "m.xlsx")
                    errors = [f for f in findings(path) if f.severity == "error"]
                    here = [f for f in errors if f.sheet == sheet and f.cell == c.coordinate]
                    tally["mistypes"] += 1
                    if not errors:
                        tally["not found"] += 1
                        if "-v" in sys.argv:
                            print("not found", sheet, c.coordinate, c.value, wrong)
                    elif errors == here and len(here) == 1:
                        tally["blamed alone"] += 1
                    elif here:
                        tally["blamed, with other errors"] += 1
                        if "-v" in sys.argv:
                            print(
                                "with others",
                                sheet,
                                c.coordinate,
                                c.value,
                                wrong,
                                [(f.code, f.cell) for f in errors],
                            )
                    else:
                        tally["named among candidates"] += 1
                    for f in errors:
                        if (f.sheet, f.cell) != (
                            sheet,
                            c.coordinate,
                        ) and "无法确定" not in f.message:
                            tally["errors on a correct cell"] += 1
                            if "-v" in sys.argv:
                                print(
                                    "on correct",
                                    sheet,
                                    c.coordinate,
                                    c.value,
                                    wrong,
                                    f.code,
                                    f.cell,
                                    f.message[:200],
                                )
    print(f"{cells} cells, {tally['mistypes']} mistypes")
    for key in (
        "blamed alone",
        "blamed, with other errors",
        "named among candidates",
        "not found",
        "errors on a correct cell",
    ):
        print(f"  {key}: {tally[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
