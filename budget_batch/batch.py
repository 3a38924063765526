"""Batches: many workbooks, in parallel, each isolated, in a deterministic order.

`run_batch` runs each workbook in its own child process (`isolation.IsolatedExecutor`), or on an
existing Dask cluster (`scheduler=`), or on any `concurrent.futures.Executor` the caller passes.
A workbook that hangs, explodes or breaks the tool is reported, and the rest finish.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import catalogue as C
from .findings import Finding
from .isolation import CHECKING, WRITING, IsolatedExecutor, WorkbookFailed, run_isolated
from .kinds import kind_of
from .layouts import Layouts
from .lone import Aside, is_lone, run_lone
from .output_names import (
    BATCH_SUMMARY,
    REPORT_JSON,
    annotated_name,
    draft_name,
    same_suffix,
    unique,
)
from .pipeline import Found, across_documents, check_workbook, find_workbooks, write_json
from .read.package_scan import Unreadable
from .read.text_source import is_text_document
from .result import Report, WorkbookResult
from .settings import DEFAULT, DEFAULT_LIMITS, Limits, Settings

Worker = Callable[[str, str | None, Settings | None, Layouts | None], WorkbookResult]
Progress = Callable[[int, int], None]


def process_workbook(
    path: str, dest: str | None, rules: Settings | None, layouts: Layouts | None = None
) -> WorkbookResult:
    """Check one workbook and, when `dest` is given and it could be read, write its outputs
    (`write_outputs`). (The writers are imported in the worker, not by the parent, and after the
    check: a large workbook's model is freed by then, and the writers take its place instead of
    adding to the peak.)"""
    result = check_workbook(path, rules, layouts=layouts)
    if dest is None or result.status != "checked" or not kind_of(result.kind).annotated:
        return result
    return write_outputs(path, result, dest)


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
        result.findings.append(_output_failed("审核副本", exc))
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

        draft = Path(dest).with_name(same_suffix(draft_name(Path(path)), Path(path), Path(dest)))
        write_draft(result, draft)
        return str(draft), []
    except Exception as exc:
        return None, [_output_failed("自评报告草稿", exc)]


def merge_draft(result: WorkbookResult, written: DraftWritten | WorkbookFailed) -> WorkbookResult:
    """The copy's result with what writing the draft gave (or why its process gave nothing)."""
    if result.status != "checked":  # the copy found the file unreadable: no outputs
        if not isinstance(written, WorkbookFailed) and written[0] is not None:
            Path(written[0]).unlink(missing_ok=True)
        return result
    if isinstance(written, WorkbookFailed):
        result.findings.append(_output_failed("自评报告草稿", RuntimeError(str(written))))
        return result
    result.draft = written[0] or result.draft
    result.findings.extend(written[1])
    return result


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


def _output_failed(what: str, exc: Exception) -> Finding:
    return C.OUTPUT_FAILED.finding(
        "",
        "",
        f"本工具写出{what}时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
        "检查结果不受影响。请把工作簿和本说明反馈给技术支持。",
        stated=what,
    )


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path | None,
    rules: Settings | None = None,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    scheduler: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    worker: Worker = process_workbook,
    layouts: Layouts | None = None,
    previous: Iterable[str | Path] | None = None,
) -> Report:
    """Check every workbook under `paths`; with `out_dir`, write each annotated copy,
    `report.json` and `批量汇总.xlsx` there. Results keep the input order whatever the
    completion order, so the same input gives the same output for any `jobs` or cluster.

    `scheduler` ("tcp://host:8786") runs the workbooks on that Dask cluster; the workers must
    see the input and output paths (a shared folder). `previous` (--previous) names last year's
    workbooks: read and compared with (PRIOR_YEAR_MISMATCH), nothing written for them.

    Each workbook is checked in a worker; once all are, the checks across documents run here;
    then each workbook's outputs are written in a worker, with what those checks added."""
    out = Path(out_dir) if out_dir is not None else None
    found = find_workbooks(paths, out)
    files = found.files
    if not files:  # nothing to do: the previous run's outputs stay as they are
        return Report(skipped=found.skipped)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    # An output never goes over an input (a copy resubmitted into the output folder) nor over
    # another workbook's output of this run.
    taken = {f.name.casefold() for f in files if out is not None and _inside(f, out)}
    plan = [
        (f, str(out / unique(annotated_name(f), taken)) if out is not None else None) for f in files
    ]
    # Workers fork from a server with the writers loaded, except beside a large workbook: there
    # they would add to its worker's peak memory, and their import is no loss next to its check.
    small = _all_small(files)
    writing = out is not None and small
    # Last year's workbooks (--previous): read and compared with, never written for.
    earlier = [f for f in find_workbooks(previous or (), out).files if f not in files]
    if executor is None and scheduler is None and is_lone(files, earlier):
        return _lone(files[0], plan[0][1], out, rules, layouts, worker, limits, progress, found)
    checks = [(str(f), None, rules, layouts) for f in [*files, *earlier]]
    steps = len(checks) + (len(plan) if out is not None else 0)
    with _executor(executor, scheduler, jobs, limits, writing=writing) as (pool, wrap):
        if writing:
            # pandas is needed only for 批量汇总 at the end; load it while the workers run.
            # Not beside a large workbook: its worker takes seconds (the 0.3 s import is no
            # loss at the end), and pandas' 50 MB would add to the worker's peak memory.
            from .write.batch import batch_summary  # noqa: F401
        checked = _each(pool, wrap, worker, checks, _on_check, progress, 0, steps)
        report = Report(checked[: len(files)], skipped=found.skipped)
        # Every document read: the checks across them (a 自评 against its 决算 …), then each
        # workbook's outputs with what they added (written once, in the workers).
        across_documents(report, rules or DEFAULT, checked[len(files) :])
        ready = [
            (r, dest)
            for r, (_, dest) in zip(report.workbooks, plan, strict=True)
            if r.status == "checked" and dest is not None and kind_of(r.kind).annotated
        ]
        calls = [(r.file, r, dest) for r, dest in ready]
        before = [r for r, _ in ready]
        skipped = len(checks) + len(plan) - len(ready) if out is not None else len(checks)
        written = _each(
            pool, wrap, write_outputs, calls, _on_write, progress, skipped, steps, before
        )
        done = {id(r): w for r, w in zip(before, written, strict=True)}
        report.workbooks = [done.get(id(r), r) for r in report.workbooks]
    if out is not None:
        write_json(report, out / REPORT_JSON)
        from .write.batch.batch_summary import write_batch_summary  # pandas is only needed here

        write_batch_summary(report, out / BATCH_SUMMARY)
    return report


def _lone(
    path: Path,
    dest: str | None,
    out: Path | None,
    rules: Settings | None,
    layouts: Layouts | None,
    worker: Worker,
    limits: Limits,
    progress: Progress | None,
    found: Found,
) -> Report:
    """One workbook: checked and written in one child forked from this process (lone.py), with
    the outcome the two steps of a batch would have."""
    steps = 2 if out is not None else 1
    if out is not None:  # xlsxwriter: the copy's sheets need it too; imported once, inherited
        import xlsxwriter  # noqa: F401

    def meanwhile() -> None:  # while the child works: what writing 批量汇总 needs
        if out is not None:
            from .write.batch import batch_summary  # noqa: F401

    # The draft beside the copy, on the second core, when that is the same draft (and cheap).
    concurrent = dest is not None and draft_beside_copy(str(path))
    checked, written = run_lone(
        worker,
        str(path),
        dest,
        rules,
        layouts,
        limits,
        write_copy_output if concurrent else write_outputs,
        meanwhile,
        Aside(write_draft_output, merge_draft) if concurrent else None,
    )
    call = (str(path), None, rules, layouts)
    result = checked if isinstance(checked, WorkbookResult) else _on_check(call, checked, None)
    if progress is not None:
        progress(1, steps)
    if written is not None:
        result = (
            written
            if isinstance(written, WorkbookResult)
            else _on_write((result.file, result, dest), written, result)
        )
        if progress is not None:
            progress(2, steps)
    report = Report([result], skipped=found.skipped)
    if out is not None:
        write_json(report, out / REPORT_JSON)
        from .write.batch.batch_summary import write_batch_summary

        write_batch_summary(report, out / BATCH_SUMMARY)
    return report


def _each(
    pool: Executor,
    wrap: Wrap,
    fn: Callable[..., WorkbookResult],
    calls: list[tuple[Any, ...]],
    failed: Callable[
        [tuple[Any, ...], WorkbookFailed | Exception, WorkbookResult | None], WorkbookResult
    ],
    progress: Progress | None,
    done: int,
    steps: int,
    before: list[WorkbookResult] | None = None,
) -> list[WorkbookResult]:
    """`fn` on each call, on the pool, results in the calls' order whatever the completion order;
    a call whose process failed gives `failed`'s result."""
    futures: dict[Future[WorkbookResult], int] = {}
    for i, call in enumerate(calls):
        f, args = wrap(fn, call)
        futures[pool.submit(f, *args)] = i
    results: list[WorkbookResult | None] = [None] * len(calls)
    for n, future in enumerate(as_completed(futures), start=1):
        i = futures[future]
        try:
            results[i] = future.result()
        except (WorkbookFailed, Exception) as exc:  # a limit hit (the file's) or a crash (ours)
            results[i] = failed(calls[i], exc, before[i] if before is not None else None)
        if progress is not None:
            progress(done + n, steps)
    return [r for r in results if r is not None]


def _on_check(
    call: tuple[Any, ...], exc: WorkbookFailed | Exception, _: WorkbookResult | None
) -> WorkbookResult:
    result = WorkbookResult(file=str(call[0]))
    if isinstance(exc, WorkbookFailed):
        return result.failed(str(exc)) if exc.ours else result.unreadable(str(exc))
    return result.failed(exc)  # the executor itself broke on this workbook: ours


def _on_write(
    call: tuple[Any, ...], exc: WorkbookFailed | Exception, before: WorkbookResult | None
) -> WorkbookResult:
    """Writing the outputs failed in its process: a limit (the file's) makes it unreadable, as
    when checking; a crash (ours) is OUTPUT_FAILED, the checked result kept."""
    result = before if before is not None else WorkbookResult(file=str(call[0]))
    if isinstance(exc, WorkbookFailed) and not exc.ours:
        result.findings, result.figures, result.previous = [], None, None
        return result.unreadable(str(exc))
    result.findings.append(_output_failed("审核副本", exc))
    return result


Call = tuple[str, str | None, Settings | None, Layouts | None]
#: How one workbook's call is submitted: the function and arguments given to `submit`.
Wrap = Callable[[Worker, Call], tuple[Callable[..., Any], tuple[Any, ...]]]


@contextmanager
def _executor(
    executor: Executor | None,
    scheduler: str | None,
    jobs: int | None,
    limits: Limits,
    *,
    writing: bool,
) -> Iterator[tuple[Executor, Wrap]]:
    """The executor to run on, and how a call is submitted to it."""

    def direct(worker: Worker, args: Call) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return worker, args

    if executor is not None:
        yield executor, direct
    elif scheduler is not None:
        from distributed import Client

        def isolated(worker: Worker, args: Call) -> tuple[Callable[..., Any], tuple[Any, ...]]:
            return run_isolated, (worker, args, limits)

        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client.get_executor(pure=False), isolated
    else:
        pool = IsolatedExecutor(jobs, limits, WRITING if writing else CHECKING)
        try:
            yield pool, direct
        finally:
            pool.shutdown()


#: A workbook file larger than this (about 40,000 rows) makes the batch load pandas only after
#: the workers are done.
LARGE_INPUT = 2 * 1024 * 1024


def _all_small(files: list[Path]) -> bool:
    try:
        return all(f.stat().st_size <= LARGE_INPUT for f in files)
    except OSError:  # a file that vanished is reported by its worker
        return True


def _inside(f: Path, folder: Path) -> bool:
    return f.resolve().parent == folder.resolve()


__all__ = ["IsolatedExecutor", "process_workbook", "run_batch"]
