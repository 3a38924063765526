"""Batches: many workbooks, in parallel, each isolated, in a deterministic order.

`run_batch` runs each workbook in its own child process (`isolation.IsolatedExecutor`), or on an
existing Dask cluster (`scheduler=`), or on any `concurrent.futures.Executor` the caller passes.
A workbook that hangs, explodes or breaks the tool is reported, and the rest finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .isolation import CHECKING, WRITING, IsolatedExecutor, WorkbookFailed, run_isolated
from .kinds import kind_of
from .layouts import Layouts
from .lone import Aside, is_lone, run_lone
from .output_names import (
    BATCH_SUMMARY,
    REPORT_JSON,
    annotated_name,
    unique,
)
from .outputs import (
    discard_draft,
    draft_beside_copy,
    merge_draft,
    output_failed,
    prepare_draft,
    write_copy_output,
    write_draft_output,
    write_outputs,
)
from .pipeline import Found, across_documents, check_workbook, find_workbooks, write_json
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
        Aside(write_draft_output, merge_draft, discard_draft, prepare_draft)
        if concurrent
        else None,
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
    result.findings.append(output_failed("审核副本", exc))
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
