"""Batches: many workbooks, in parallel, each isolated, in a deterministic order.

`run_batch` accepts any `concurrent.futures.Executor` (a Dask client's `get_executor()`, say).
Without one it uses `IsolatedExecutor`: each workbook in its own child process (forkserver),
with a time limit and a memory limit, so one that hangs or explodes is reported as unreadable
and the rest finish.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import catalogue as C
from .findings import Finding
from .package import not_preserved
from .pipeline import (
    BATCH_SUMMARY,
    REPORT_JSON,
    annotated_name,
    check_workbook,
    collect_workbooks,
    write_json,
)
from .result import Report, WorkbookResult
from .settings import DEFAULT_LIMITS, Limits, Settings


class WorkbookFailed(Exception):
    """A workbook's worker did not finish; the message is for the person at the keyboard."""


def process_workbook(path: str, dest: str | None, rules: Settings | None) -> WorkbookResult:
    """Check one workbook and, when `dest` is given and it could be read, write its annotated copy
    and its report draft. (The writers are imported here, in the worker, not by the parent.)"""
    from .annotate import write_annotated
    from .draft import draft_name, write_draft

    lost = _not_preserved(Path(path)) if dest is not None else []
    result = check_workbook(path, rules, extra=lost)
    if dest is not None and result.status == "checked":
        try:
            write_annotated(Path(path), result, Path(dest))
            result.output = dest
            write_draft(result, Path(dest).with_name(draft_name(Path(path))))
        except Exception as exc:  # a copy that cannot be written is a refusal, not a crash
            result.status = "unreadable"
            result.error = (
                f"已完成检查，但无法写出审核副本（{type(exc).__name__}: {exc}）。"
                "请用 Excel/WPS 打开后重新保存为 .xlsx 再提交。"
            )
    return result


def _not_preserved(path: Path) -> list[Finding]:
    """A workbook-level info finding naming what the annotated copy cannot carry over."""
    try:
        lost = not_preserved(path)
    except Exception:  # an unreadable package is reported by the reader, not here
        return []
    if not lost:
        return []
    return [
        C.NOT_PRESERVED.finding(
            "",
            "",
            f"原工作簿中的以下内容无法带入本审核副本：{'、'.join(lost)}。原文件未作任何改动，"
            "请在原文件中修改问题；审核副本仅用于查看问题。",
            stated="、".join(lost),
        )
    ]


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        conn.send((True, fn(*args)))
    except MemoryError:
        conn.send((False, "memory"))
    except BaseException as exc:  # everything goes back to the parent as a message
        conn.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
    """A forkserver context whose server has budget_batch imported, so a child starts fast and a
    fork never happens from a multi-threaded parent."""
    with _CONTEXT_LOCK:
        ctx = multiprocessing.get_context("forkserver")
        # Children fork from a server that has the writers loaded; the parent never loads them.
        ctx.set_forkserver_preload(
            ["budget_batch.batch", "budget_batch.annotate", "budget_batch.draft"]
        )
        return ctx


class IsolatedExecutor(Executor):
    """Runs each submitted call in a fresh child process with a time and a memory limit."""

    def __init__(self, max_workers: int | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._threads = ThreadPoolExecutor(max_workers=max_workers or os.cpu_count() or 1)
        self._ctx = _context()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if kwargs:
            raise TypeError("IsolatedExecutor.submit takes positional arguments only")
        return self._threads.submit(self._run, fn, args)

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        receiver, sender = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(
            target=_child, args=(sender, fn, args, self.limits.memory_limit_mb), daemon=True
        )
        process.start()
        sender.close()
        try:
            if not receiver.poll(self.limits.time_limit):
                process.kill()
                raise WorkbookFailed(
                    f"处理超过 {self.limits.time_limit:g} 秒仍未完成，已中止。工作簿可能过大或内容异常；"
                    "请检查文件，或用 --timeout 放宽时间限制后重试。"
                )
            try:
                ok, payload = receiver.recv()
            except EOFError as exc:
                raise WorkbookFailed(
                    "处理时进程意外退出（可能超出内存限制）。工作簿可能过大或内容异常；"
                    "请检查文件，或用 --memory-limit 放宽内存限制后重试。"
                ) from exc
        finally:
            receiver.close()
            process.join(timeout=5)
            if process.is_alive():  # pragma: no cover - kill() above ends it
                process.kill()
        if ok:
            return payload
        if payload == "memory":
            raise WorkbookFailed(
                f"处理时超出内存限制（{self.limits.memory_limit_mb} MB），已中止。工作簿可能过大或内容异常；"
                "请检查文件，或用 --memory-limit 放宽限制后重试。"
            )
        raise WorkbookFailed(
            f"处理时出错（{payload}）。请用 Excel/WPS 打开后重新保存为 .xlsx 再提交。"
        )

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._threads.shutdown(wait=wait, cancel_futures=cancel_futures)


Progress = Callable[[int, int], None]


def run_batch(
    paths: Iterable[str | Path],
    out_dir: str | Path | None,
    rules: Settings | None = None,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    worker: Callable[[str, str | None, Settings | None], WorkbookResult] = process_workbook,
) -> Report:
    """Check every workbook under `paths`; with `out_dir`, write each annotated copy,
    `report.json` and `批量汇总.xlsx` there. Results keep the input order whatever the
    completion order, so the same input gives the same output for any `jobs`."""
    files = collect_workbooks(paths)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    plan = [
        (f, str(out / _unique(annotated_name(f), used)) if out is not None else None) for f in files
    ]
    own = executor is None
    pool = executor if executor is not None else IsolatedExecutor(jobs, limits)
    results: list[WorkbookResult | None] = [None] * len(plan)
    try:
        futures = {
            pool.submit(worker, str(path), dest, rules): i for i, (path, dest) in enumerate(plan)
        }
        if out is not None:
            # pandas is needed only for 批量汇总 at the end; load it while the workers run.
            from . import batch_summary  # noqa: F401
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # a failed worker is one unreadable workbook, not the batch
                reason = (
                    str(exc)
                    if isinstance(exc, WorkbookFailed)
                    else (f"处理时出错（{type(exc).__name__}: {exc}）。")
                )
                results[i] = WorkbookResult(file=str(plan[i][0]), status="unreadable", error=reason)
            if progress is not None:
                progress(done, len(plan))
    finally:
        if own:
            pool.shutdown()
    report = Report([r for r in results if r is not None])
    if out is not None:
        write_json(report, out / REPORT_JSON)
        from .batch_summary import write_batch_summary  # pandas is only needed here

        write_batch_summary(report, out / BATCH_SUMMARY)
    return report


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    stem, dot, suffix = name.rpartition(".")
    while candidate in used:
        candidate = f"{stem}_{n}{dot}{suffix}"
        n += 1
    used.add(candidate)
    return candidate
