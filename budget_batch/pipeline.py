"""Check one workbook; find the workbooks under a set of paths; write the report document."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import run_across, run_checks
from .finding_keys import with_keys
from .findings import Finding, sort_findings
from .kinds import read_document
from .layouts import Layouts, default_layouts
from .model import Document
from .output_names import BATCH_SUMMARY, REPORT_JSON, annotated_name, is_batch_summary
from .read.package_scan import REFUSED_SUFFIXES, SUPPORTED_SUFFIXES, Unreadable
from .read.report_record import ReportRecord, read_report_record, same_figure
from .read.review_record import ReviewRecord, read_review_record
from .read.text_source import TEXT_SUFFIXES, is_our_draft
from .refs import split_ref
from .result import Report, WorkbookResult
from .review_rounds import Recorded, compare
from .settings import ProfileError, Settings, resolve_profile
from .write.atomic_files import replacing

__all__ = [
    "BATCH_SUMMARY",
    "across_documents",
    "REPORT_JSON",
    "Found",
    "annotated_name",
    "check_workbook",
    "collect_workbooks",
    "find_workbooks",
    "write_json",
]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading a large sheet allocates a million small objects and no reference cycles; the cyclic
    collector would rescan the growing heap again and again (about 25% of the read time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_workbook(
    path: str | Path,
    rules: Settings | None = None,
    extra: Iterable[Finding] = (),
    *,
    layouts: Layouts | None = None,
) -> WorkbookResult:
    """Read and check one workbook. Never raises: a file that cannot be read is `unreadable`
    (its fault, said in Chinese), a failure of this tool is `failed` (ours, said honestly).

    `rules` overrides the scoring profile the workbook names in 基本信息 评分规则; `extra`
    findings are sorted in with the rest; `layouts` extends the form layouts the readers know
    (`--layouts`)."""
    path = Path(path)
    result = WorkbookResult(file=str(path))
    try:
        _check(path, result, rules, extra, layouts or default_layouts())
        compare_rounds(path, result)
        return result
    except Unreadable as exc:
        return result.unreadable(str(exc))
    except ProfileError as exc:
        result.profile_error = True
        return result.unreadable(str(exc))
    except Exception as exc:  # our own bug: say so, and let the batch go on
        return result.failed(exc)


def _check(
    path: Path,
    result: WorkbookResult,
    rules: Settings | None,
    extra: Iterable[Finding],
    layouts: Layouts,
) -> WorkbookResult:
    with paused_gc():
        kind, read = read_document(path, layouts)
    model = read.model
    result.kind = model.kind
    result.sheet_names = list(model.sheet_names)
    result.department = model.department or None
    result.year = model.year
    settings = rules or resolve_profile(model.profile_name)
    with paused_gc():
        findings = [*read.findings, *extra, *run_checks(model, settings)]
    result.findings = with_keys(
        sort_findings(said_hidden(findings, model), model.sheet_names), model
    )
    result.profile = settings.name
    kind.describe(result, model, settings)
    return result


def across_documents(
    report: Report, rules: Settings, earlier: list[WorkbookResult] | None = None
) -> None:
    """The checks across documents (checks/across.py: a project form against its department's
    workbook, a 自评 against its 部门决算 and last year's workbook …), once every document is
    read. Each workbook concerned gets the findings and links (its outputs are written after).
    `earlier` are last year's workbooks given by --previous: compared with, never reported on."""
    outcome = run_across([*report.workbooks, *(earlier or [])], rules)
    for result in report.workbooks:
        result.links.extend(outcome.links.get(result.file, []))
        extra = outcome.findings.get(result.file)
        if not extra:
            continue
        result.findings = sort_findings([*result.findings, *extra], result.sheet_names)
        compare_rounds(Path(result.file), result)


def compare_rounds(path: Path, result: WorkbookResult) -> None:
    """A resubmitted copy: its findings against those its review record kept."""
    record = review_record_of(path)
    if record is not None:
        same = same_figure if isinstance(record, ReportRecord) else None
        previous = previous_findings(record)
        result.previous = compare(record.round + 1, previous, result.findings, same)


def review_record_of(path: Path) -> ReviewRecord | ReportRecord | None:
    """The review record of a resubmitted copy (an .xlsx or .xlsm package, or a .docx report)."""
    if path.suffix.lower() == ".docx":
        return read_report_record(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    return read_review_record(path)


def previous_findings(record: ReviewRecord | ReportRecord) -> list[Recorded]:
    out = []
    for f in record.findings:
        key = f.key or {}
        row, column = key.get("row"), key.get("column")
        keyed = (str(row), str(column or "")) if row is not None else None
        out.append(Recorded(f.code, f.severity, f.sheet, f.cell, f.message, keyed))
    return out


def said_hidden(findings: list[Finding], model: Document) -> list[Finding]:
    """A finding on a hidden row or column says so, so that a reviewer knows why they cannot
    see the cell (workbook.md, "Hidden rows and columns")."""
    out = []
    for f in findings:
        row, col = split_ref(f.cell)
        notes = []
        if row in model.hidden_rows.get(f.sheet, ()):
            notes.append("该行已隐藏")
        if col in model.hidden_cols.get(f.sheet, ()):
            notes.append("该列已隐藏")
        out.append(replace(f, message=f"{f.message}（{'，'.join(notes)}）") if notes else f)
    return out


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    #: Files left out, and why (in Chinese): this tool's own outputs.
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def find_workbooks(paths: Iterable[str | Path], out_dir: str | Path | None = None) -> Found:
    """Files as given, and folders searched recursively for workbooks (.xlsx/.xlsm, .xls/.ods/
    .xlsb read from their values, .et refused with how to convert it) and Word reports (.docx;
    .doc/.wps converted by LibreOffice); sorted, so that every run processes them in the same
    order. Left out: Office lock files (~$*), this tool's 批量汇总 and report drafts, and — in a
    folder — anything under the run's output folder. A copy this tool annotated (`*_审核.xlsx`)
    is an input like any other: a resubmission."""
    out = Path(out_dir).resolve() if out_dir is not None else None
    found = Found()
    seen: set[Path] = set()

    def take(f: Path, searched: bool) -> None:
        resolved = f.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        if is_batch_summary(f):
            found.skipped.append((f, "本工具生成的批量汇总，不是部门工作簿"))
        elif f.suffix.lower() == ".docx" and is_our_draft(f):
            found.skipped.append((f, "本工具生成的自评报告草稿，不是部门的报告"))
        elif searched and out is not None and resolved.is_relative_to(out):
            found.skipped.append((f, "位于本次的输出文件夹中（本工具的输出）"))
        else:
            found.files.append(f)

    for p in map(Path, paths):
        if not p.is_dir():
            take(p, searched=False)
            continue
        for f in sorted(p.rglob("*")):
            if (
                f.is_file()
                and f.suffix.lower() in SUPPORTED_SUFFIXES + REFUSED_SUFFIXES + TEXT_SUFFIXES
                and not f.name.startswith("~$")
            ):
                take(f, searched=True)
    return found


def collect_workbooks(paths: Iterable[str | Path], out_dir: str | Path | None = None) -> list[Path]:
    """The workbooks `find_workbooks` finds."""
    return find_workbooks(paths, out_dir).files


def write_json(doc: Report, dest: Path) -> None:
    with replacing(dest) as tmp:
        tmp.write_text(json.dumps(doc.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
