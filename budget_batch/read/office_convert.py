"""LibreOffice as a converter (soffice --convert-to): an .xls/.xlsb/.ods to .xlsx for its copy,
a .doc/.wps to .docx to read it. The input is never touched (a staged copy is converted), the
run has a private profile (no user's settings, no lock) and a time limit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

OFFICE_TIMEOUT = 120.0  # seconds; a conversion takes 2–5 s


def find_office() -> str | None:
    """LibreOffice's command line, if it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_convert(
    office: str, source: Path, fmt: str, to: str, workdir: Path, timeout: float = OFFICE_TIMEOUT
) -> tuple[Path | None, str]:
    """The `to` file LibreOffice makes of `source` (an `fmt` file) in `workdir`; or None and
    why not, in Chinese."""
    staged = workdir / f"input.{fmt}"
    shutil.copyfile(source, staged)
    command = [
        office,
        f"-env:UserInstallation={(workdir / 'lo-profile').resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(workdir),
        str(staged),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, f"LibreOffice 转换超时（{timeout:g} 秒）"
    except OSError as exc:
        return None, f"无法运行 LibreOffice（{exc}）"
    out = workdir / f"input.{to}"
    if done.returncode != 0 or not out.exists():
        return None, "LibreOffice 未能转换该文件"
    return out, ""
