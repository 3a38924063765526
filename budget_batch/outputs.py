"""A checked workbook's outputs: its annotated copy and its report draft — one after the other
in a worker, or side by side in the lone batch's child and grandchild (lone.py). An output that
cannot be written is this tool's failure (OUTPUT_FAILED), never the workbook's."""

from __future__ import annotations

import tempfile
from pathlib import Path

from . import catalogue as C
from .findings import Finding
from .isolation import WorkbookFailed
from .kinds import kind_of
from .output_names import draft_name, same_suffix
from .read.package_scan import Unreadable
from .read.text_source import is_text_document
from .result import WorkbookResult


def write_outputs(path: str, result: WorkbookResult, dest: str) -> WorkbookResult:
    """The annotated copy and the report draft of a checked workbook. An output that cannot be
    written is reported as this tool's failure (OUTPUT_FAILED); what was already checked and
    written stays. A part that only the copy reads and that is damaged makes the workbook
    `unreadable`, like any damaged part."""
    result = write_copy_output(path, result, dest)
    if result.status != "checked":
        return result
    draft, failures = write_draft_output(path, result, dest)
    return merge_draft(result, (draft, failures))


def write_copy_output(path: str, result: WorkbookResult, dest: str) -> WorkbookResult:
    """The annotated copy (`write_outputs`' first half)."""
    try:
        _write_copy(Path(path), result, Path(dest))
        result.output = dest
    except Unreadable as exc:  # a part only the copy needs (an image, a drawing) is damaged
        result.findings, result.figures, result.previous = [], None, None
        return result.unreadable(str(exc))
    except Exception as exc:
        result.findings.append(output_failed("审核副本", exc))
    return result


BESIDE_MAX_BYTES = 2 << 20  # a department's workbook is tens of kilobytes
DraftWritten = tuple[str | None, list[Finding]]  # the draft's path, and why it is missing


def write_draft_output(path: str, result: WorkbookResult, dest: str) -> DraftWritten:
    """The report draft (`write_outputs`' second half), without touching `result`: the copy may
    be written at the same time from the same result (lone.py)."""
    if not kind_of(result.kind).draft:
        return None, []  # the report draft is a department's (forms.md, "Outputs")
    try:
        from .write.draft.report_draft import write_draft

        draft = draft_path(path, dest)
        write_draft(result, draft)
        return str(draft), []
    except Exception as exc:
        return None, [output_failed("自评报告草稿", exc)]


def draft_path(path: str, dest: str) -> Path:
    """Where the draft of `path` goes, beside its copy `dest`."""
    return Path(dest).with_name(same_suffix(draft_name(Path(path)), Path(path), Path(dest)))


def merge_draft(result: WorkbookResult, written: DraftWritten | WorkbookFailed) -> WorkbookResult:
    """The copy's result with what writing the draft gave (or why its process gave nothing)."""
    if result.status != "checked":  # the copy found the file unreadable: no outputs
        return result
    if isinstance(written, WorkbookFailed):  # its process broke (ours), or was given up on
        why = str(written) if written.ours else "写草稿的进程未在时限内完成或意外退出"
        result.findings.append(output_failed("自评报告草稿", RuntimeError(why)))
        return result
    result.draft = written[0] or result.draft
    result.findings.extend(written[1])
    return result


def discard_draft(path: str, dest: str) -> None:
    """Remove a draft written beside a copy that failed, or by a process given up on."""
    draft_path(path, dest).unlink(missing_ok=True)


def prepare_draft() -> None:
    from .write.draft.report_draft import prepare_draft

    prepare_draft()


def draft_beside_copy(path: str) -> bool:
    """Is the draft written beside the copy (lone.py)? For a small .xlsx or .xlsm: its copy
    adds nothing to the findings the draft lists (a converted copy adds its notes), and its
    checked result is small (a grandchild of a large one would copy the pages it touches, for a
    draft that is a sliver of that run's time)."""
    source = Path(path)
    try:
        small = source.stat().st_size <= BESIDE_MAX_BYTES
    except OSError:  # gone since it was found: the child will say so
        return False
    return small and source.suffix.lower() in (".xlsx", ".xlsm")


def _write_copy(source: Path, result: WorkbookResult, dest: Path) -> None:
    """The annotated copy; of a resubmitted copy, made from it without the last round's marks
    (its sheets, fills and notes), so that nothing stale is left."""
    if is_text_document(source):  # a Word report: `<stem>_审核.docx` with Word comments
        from .write.copy.report_copy import write_report_copy

        write_report_copy(source, result, dest)
        return
    from .write.copy.annotated_copy import write_annotated

    with tempfile.TemporaryDirectory(prefix="budget_batch_") as folder:
        if source.suffix.lower() not in (".xlsx", ".xlsm"):  # .xls/.xlsb/.ods: an .xlsx copy
            from .write.copy.converted_copy import converted_copy

            source, said = converted_copy(source, Path(folder) / "converted")
            result.findings = [*(f for f in said if f not in result.findings), *result.findings]
        if result.previous is None:
            write_annotated(source, result, dest, round_number=1)
            return
        from .read.review_record import read_review_record
        from .write.copy.strip_review import strip_review

        record = read_review_record(source)
        if record is None:  # the record vanished between the check and now
            raise RuntimeError("审核记录在检查后已不可读")
        unmarked = Path(folder) / f"unmarked{source.suffix}"
        result.previous.leftovers = strip_review(source, record, unmarked).notes()
        write_annotated(unmarked, result, dest, round_number=result.round)


def output_failed(what: str, exc: Exception) -> Finding:
    return C.OUTPUT_FAILED.finding(
        "",
        "",
        f"本工具写出{what}时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
        "检查结果不受影响。请把工作簿和本说明反馈给技术支持。",
        stated=what,
    )
