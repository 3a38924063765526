"""One workbook, one child process, with a time limit and a memory limit.

A workbook that hangs or explodes must not take the batch with it. Locally, `IsolatedExecutor`
forks each call from a forkserver that has budget_batch and the writers already imported (a child
starts in milliseconds). On a Dask cluster the worker processes are daemons, which may not fork
multiprocessing children, so `run_isolated` starts a fresh interpreter with `subprocess` instead
(`python -m budget_batch.isolation`): slower to start, the same limits.

A limit that is hit is the workbook's fault (`unreadable`); an exception that escapes the call is
this tool's (`failed`): the call itself never raises for a bad file.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import resource
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from .settings import DEFAULT_LIMITS, Limits

MEMORY = "memory"


class WorkbookFailed(Exception):
    """A workbook's child process did not return a result; the message is for people.

    `ours` is True when this tool broke (status `failed`), False when the workbook hit a limit
    (status `unreadable`)."""

    def __init__(self, message: str, *, ours: bool) -> None:
        super().__init__(message)
        self.ours = ours


def timed_out(limits: Limits) -> WorkbookFailed:
    return WorkbookFailed(
        f"处理超过 {limits.time_limit:g} 秒仍未完成，已中止。工作簿可能过大或内容异常；"
        "请检查文件，或用 --timeout 放宽时间限制后重试。",
        ours=False,
    )


def out_of_memory(limits: Limits) -> WorkbookFailed:
    return WorkbookFailed(
        f"处理时超出内存限制（{limits.memory_limit_mb} MB），已中止。工作簿可能过大或内容异常；"
        "请检查文件，或用 --memory-limit 放宽限制后重试。",
        ours=False,
    )


def died() -> WorkbookFailed:
    return WorkbookFailed(
        "处理时进程意外退出（可能超出内存限制）。工作簿可能过大或内容异常；"
        "请检查文件，或用 --memory-limit 放宽内存限制后重试。",
        ours=False,
    )


def crashed(what: str) -> WorkbookFailed:
    """An exception escaped the call: `what` names it (the batch words it as ours)."""
    return WorkbookFailed(what, ours=True)


def _limit_memory(memory_mb: int) -> None:
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, hard))


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """(True, result), or (False, why): MEMORY, or the escaped exception named."""
    try:
        return True, fn(*args)
    except MemoryError:
        return False, MEMORY
    except BaseException as exc:  # everything goes back to the parent as a message
        return False, f"{type(exc).__name__}: {exc}"


def _outcome(ok: bool, payload: Any, limits: Limits) -> Any:
    if ok:
        return payload
    if payload == MEMORY:
        raise out_of_memory(limits)
    raise crashed(str(payload))


# -- local: forkserver children ---------------------------------------------------------------


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        conn.send(_call(fn, args))
    finally:
        conn.close()


_CONTEXT_LOCK = threading.Lock()


#: What the worker server loads before forking: the reader and checks, and for a run that writes
#: outputs also the writers, warm (`worker_server`). The parent never loads the writers.
CHECKING = "budget_batch.worker_checks"
WRITING = "budget_batch.worker_server"


def _context(preload: str) -> Any:
    """A forkserver context whose server has `preload` imported, so a child starts fast and a
    fork never happens from a multi-threaded parent. The server is started once per process:
    a later batch that writes outputs and finds a checking server loads the writers per child."""
    with _CONTEXT_LOCK:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([preload])
        return ctx


class IsolatedExecutor(Executor):
    """Runs each submitted call in a fresh child process with a time and a memory limit."""

    def __init__(
        self,
        max_workers: int | None = None,
        limits: Limits = DEFAULT_LIMITS,
        preload: str = WRITING,
    ) -> None:
        self.limits = limits
        self._threads = ThreadPoolExecutor(max_workers=max_workers or os.cpu_count() or 1)
        self._ctx = _context(preload)
        # Start the server now, from this thread: it imports the writers in its own process
        # while this one goes on (the batch loads pandas meanwhile), instead of being started
        # by the first submitted call from a pool thread that competes for the GIL.
        multiprocessing.forkserver.ensure_running()

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
                raise timed_out(self.limits)
            try:
                ok, payload = receiver.recv()
            except EOFError as exc:
                raise died() from exc
        finally:
            receiver.close()
            process.join(timeout=5)
            if process.is_alive():  # pragma: no cover - kill() above ends it
                process.kill()
        return _outcome(ok, payload, self.limits)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._threads.shutdown(wait=wait, cancel_futures=cancel_futures)


# -- anywhere (a Dask worker): a fresh interpreter ----------------------------------------------


def run_isolated(fn: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> Any:
    """Call `fn(*args)` in a new Python process with `limits`; return its result or raise
    `WorkbookFailed`. `fn` and the result travel pickled over the child's stdin and stdout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "budget_batch.isolation", str(limits.memory_limit_mb)],
            input=pickle.dumps((fn, args)),
            capture_output=True,
            timeout=limits.time_limit,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise timed_out(limits) from exc
    try:
        ok, payload = pickle.loads(done.stdout)
    except Exception as exc:  # nothing came back: the child died (a limit, or a crash)
        raise died() from exc
    return _outcome(ok, payload, limits)


def _main() -> None:
    _limit_memory(int(sys.argv[1]))
    channel = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever the call prints must not corrupt the result
    fn, args = pickle.loads(sys.stdin.buffer.read())
    channel.write(pickle.dumps(_call(fn, args)))
    channel.flush()


if __name__ == "__main__":
    _main()
