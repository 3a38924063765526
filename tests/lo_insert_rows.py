"""Insert rows into a workbook with LibreOffice itself, and save it as .xlsx: a real client editing
the file, through its own API (UNO), not a document macro.

Run with the system Python that has LibreOffice's `uno` module (python3-uno), not the venv's:

    /usr/bin/python3 tests/lo_insert_rows.py SRC DEST SHEET ROW COUNT PROFILE_DIR

ROW is 1-based: the new rows go above it (so the cells from ROW on move down by COUNT).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src: str, dest: str, sheet: str, row: int, count: int, profile: str) -> None:
    pipe = f"budget_batch_{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (_prop("Hidden", True),)
        )
        doc.Sheets.getByName(sheet).Rows.insertByIndex(row - 1, count)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(dest)),
            (_prop("FilterName", "Calc MS Excel 2007 XML"),),
        )
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as LibreOffice exits
            pass
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], int(a[3]), int(a[4]), a[5])
