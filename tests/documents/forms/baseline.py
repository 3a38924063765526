"""Measure the tool on the forms corpus: build each tests/documents/forms/*.toml to .xlsx, run
`budget-batch check --json` on it, and compare its findings (info excluded) with [[expected]].

    python tests/documents/forms/baseline.py [FILE.toml …]      (from the repository root)

A finding is a hit when code, sheet and cell all equal an expected one; an expected finding not
raised is a miss; any other warning or error is false — except the codes a document lists in
`meta.truncation_artefacts` ("CODE" or "CODE@Sheet"): those come from the part of the page the
transcription could not include, and are counted apart. Set BUDGET_BATCH to run another command.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.documents import Document, build, load  # noqa: E402

HERE = Path(__file__).parent
Finding = tuple[str, str, str, str]  # code, sheet, cell, severity


def check(xlsx: Path) -> tuple[str, list[Finding]]:
    command = shlex.split(os.environ.get("BUDGET_BATCH", f"{sys.executable} -m budget_batch"))
    run = subprocess.run([*command, "check", str(xlsx), "--json"], capture_output=True, text=True)
    workbook = json.loads(run.stdout)["workbooks"][0]
    found = [
        (f["code"], f["sheet"], f["cell"] or "", f["severity"])
        for f in workbook["findings"]
        if f["severity"] != "info"
    ]
    return str(workbook["kind"]), found


def artefact(doc: Document, code: str, sheet: str) -> bool:
    listed = doc.meta.get("truncation_artefacts", [])
    return code in listed or f"{code}@{sheet}" in listed


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted(HERE.glob("*.toml"))
    totals = {"expected": 0, "hit": 0, "miss": 0, "false": 0, "artefact": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            doc = load(path)
            kind, found = check(build(doc, Path(tmp) / f"{doc.name}.xlsx"))
            expected = {(e.code, e.sheet, e.cell) for e in doc.expected}
            got = {(code, sheet, cell) for code, sheet, cell, _ in found}
            other = [f for f in found if f[:3] not in expected]
            false = [f for f in other if not artefact(doc, f[0], f[1])]
            counts = {
                "expected": len(expected),
                "hit": len(expected & got),
                "miss": len(expected - got),
                "false": len(false),
                "artefact": len(other) - len(false),
            }
            for key, value in counts.items():
                totals[key] += value
            print(
                f"{doc.name}  (read as {kind}): " + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
            for code, sheet, cell in sorted(expected - got):
                print(f"    miss  {code} {sheet}!{cell}")
            for code, sheet, cell, severity in false:
                print(f"    false {code} {sheet}!{cell} ({severity})")
    print("TOTAL: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
