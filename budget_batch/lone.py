"""A batch of one workbook, in a child forked from this process.

What a department clerk runs, again and again while fixing a workbook, is `budget-batch report`
of one file. Starting the worker server (a fresh interpreter importing the reader, the checks
and the writers: about 0.3 s of CPU) costs more than checking and writing a small workbook; a
fork of this process costs milliseconds and inherits what it has imported. The child is isolated
as every worker is (isolation.py): its own memory limit, killed at the time limit, and whatever
breaks in it comes back as a message, never as a crash of the batch.

The child does what the two steps of a batch do for one document: it checks the workbook, runs
the checks across documents on the batch of one (as the parent would, on the same result), sends
that result, then writes the outputs and sends the result again. Each step has the time limit
that a worker of its own would have; a limit hit or a crash while writing keeps what was checked
(as when a separate writing worker fails). With an `aside` (the report draft), the child forks
once more after the check: the grandchild writes the draft from the checked result while the
child writes the copy, on the machine's second core (forked before the check, it imports what it
needs meanwhile); it has the same limits, and what it gives, or why it gave nothing, is merged
into the copy's result. The parent forks only while it has one thread (no
pool, no server yet), so the child inherits no lock another thread held.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from .isolation import MEMORY, WorkbookFailed, _call, _limit_memory, crashed, died, out_of_memory
from .isolation import timed_out as _timed_out
from .result import Report, WorkbookResult
from .settings import DEFAULT, Limits

Step = Callable[[str, str | None, Any, Any], WorkbookResult]
Write = Callable[[str, WorkbookResult, str], WorkbookResult]


class Aside:
    """An output written beside the copy, from the same checked result: `write` gives a
    picklable value, `merge` puts it (or why its process gave nothing) into the copy's result."""

    def __init__(
        self,
        write: Callable[[str, WorkbookResult, str], Any],
        merge: Callable[[WorkbookResult, Any], WorkbookResult],
        discard: Callable[[str, str], None],
        prepare: Callable[[], None] = lambda: None,
    ) -> None:
        #: `discard` removes what `write` may have left when the copy failed or the aside was
        #: given up on; `prepare` runs while the workbook is checked (the imports `write` needs).
        self.write, self.merge, self.discard, self.prepare = write, merge, discard, prepare


_HEADER = struct.Struct("<Q")
ASIDE_SHARE = 0.8  # of the writing step's time limit, for what is written beside the copy


def run_lone(
    worker: Step,
    path: str,
    dest: str | None,
    rules: Any,
    layouts: Any,
    limits: Limits,
    write: Write,
    meanwhile: Callable[[], None] | None = None,
    aside: Aside | None = None,
) -> tuple[WorkbookResult | WorkbookFailed, WorkbookResult | WorkbookFailed | None]:
    """Check `path` with `worker` (and, with `dest`, write its outputs with `write`, and `aside`
    beside it) in a forked child. Returns what checking gave (a result, or why the child gave
    none) and what writing gave (None when nothing was to be written). `meanwhile` runs here
    while the child works."""
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(receive)
        _child(send, worker, path, dest, rules, layouts, limits, write, aside)
    os.close(send)
    try:
        if meanwhile is not None:
            meanwhile()
        checked = _receive(receive, time.monotonic() + limits.time_limit, limits)
        if not isinstance(checked, tuple):  # why the child gave no result
            return checked, None
        result, writing = checked
        if not writing:
            return result, None
        return result, _receive(receive, time.monotonic() + limits.time_limit, limits)
    finally:
        os.close(receive)
        _reap(pid, group=True)


def _child(
    send: int,
    worker: Step,
    path: str,
    dest: str | None,
    rules: Any,
    layouts: Any,
    limits: Limits,
    write: Write,
    aside: Aside | None,
) -> None:
    code = 0
    beside: _Beside | None = None
    try:
        # Its own process group: the parent that gives up on it ends the grandchild with it.
        os.setpgid(0, 0)
        _limit_memory(limits.memory_limit_mb)
        beside = _start_aside(aside, send) if aside is not None and dest is not None else None
        with os.fdopen(send, "wb") as channel:
            ok, payload = _call(_checked, (worker, path, rules, layouts, dest))
            _send(channel, (ok, payload))
            if ok and payload[1]:
                result, started = payload[0], time.monotonic()
                if beside is not None and dest is not None:
                    beside.give((path, result, dest))
                written = _call(write, (path, result, dest))
                if beside is not None and aside is not None and dest is not None:
                    # Before the parent's own deadline for this step, so that a hung draft
                    # costs the draft, not the copy; and ended before the last word to the
                    # parent, so that no grandchild outlives this child.
                    got = beside.join(started + ASIDE_SHARE * limits.time_limit, limits)
                    beside.end()
                    copied = written[0] and written[1].status == "checked"
                    if not copied or isinstance(got, WorkbookFailed):
                        aside.discard(path, dest)
                    if written[0]:
                        written = (True, aside.merge(written[1], got))
                _send(channel, written)
    except BaseException:  # a pipe the parent closed (it gave up): nothing left to say
        code = 1
    finally:
        if beside is not None:
            beside.end()
        os._exit(code)


class _Beside:
    """The grandchild that writes an Aside: it is given its task through one pipe and answers
    through another."""

    def __init__(self, pid: int, task: int, answer: int) -> None:
        self.pid, self.task, self.answer = pid, task, answer
        self.gone = False  # it ended before it took its task
        self.ended = False

    def give(self, task: tuple[str, WorkbookResult, str]) -> None:
        try:
            with os.fdopen(os.dup(self.task), "wb") as channel:
                _send(channel, task)
        except OSError:  # its end of the pipe is closed: it died preparing
            self.gone = True

    def join(self, deadline: float, limits: Limits) -> Any:
        """What the grandchild gave, or why it gave nothing (a WorkbookFailed)."""
        return died() if self.gone else _receive(self.answer, deadline, limits)

    def end(self) -> None:
        """Close both pipes (a grandchild still waiting for a task ends) and collect it."""
        if self.ended:
            return
        self.ended = True
        for fd in (self.task, self.answer):
            try:
                os.close(fd)
            except OSError:  # pragma: no cover - already closed
                pass
        _reap(self.pid)


def _start_aside(aside: Aside, parents: int) -> _Beside:
    """A grandchild that prepares, then waits for its task (none: the pipe closes, it ends)."""
    task_read, task_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            # Only the child talks to the parent: its pipe closes when the child ends.
            for fd in (parents, task_write, answer_read):
                os.close(fd)
            _call(aside.prepare, ())  # a failure here shows again when it writes
            with os.fdopen(task_read, "rb") as tasks:
                header = tasks.read(_HEADER.size)
                if len(header) == _HEADER.size:
                    task = pickle.loads(tasks.read(_HEADER.unpack(header)[0]))
                    with os.fdopen(answer_write, "wb") as channel:
                        _send(channel, _call(aside.write, task))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(task_read)
    os.close(answer_write)
    return _Beside(pid, task_write, answer_read)


def _checked(
    worker: Step, path: str, rules: Any, layouts: Any, dest: str | None
) -> tuple[WorkbookResult, bool]:
    """The workbook checked, with the checks across documents of a batch of one (the parent's
    step, on the same result), and whether its outputs are to be written."""
    from .kinds import kind_of
    from .pipeline import across_documents

    result = worker(path, None, rules, layouts)
    across_documents(Report([result]), rules or DEFAULT)
    writing = dest is not None and result.status == "checked" and kind_of(result.kind).annotated
    return result, writing


def _send(channel: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    channel.write(_HEADER.pack(len(data)) + data)
    channel.flush()


def _receive(fd: int, deadline: float, limits: Limits) -> Any:
    """The child's next message: its result, or why there is none (a WorkbookFailed)."""
    header = _read(fd, _HEADER.size, deadline, limits)
    if isinstance(header, WorkbookFailed):
        return header
    (size,) = _HEADER.unpack(header)
    data = _read(fd, size, deadline, limits)
    if isinstance(data, WorkbookFailed):
        return data
    ok, payload = pickle.loads(data)
    if ok:
        return payload
    return out_of_memory(limits) if payload == MEMORY else crashed(str(payload))


def _read(fd: int, size: int, deadline: float, limits: Limits) -> bytes | WorkbookFailed:
    chunks: list[bytes] = []
    left = size
    while left:
        wait = max(deadline - time.monotonic(), 0)  # (past it: what is already there is read)
        if not select.select([fd], [], [], wait)[0]:
            return _timed_out(limits)
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:  # the child ended without a word: a limit, or a crash
            return died()
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reap(pid: int, group: bool = False) -> None:
    """End the child if it still runs (a limit hit), and collect it; with `group`, also whatever
    is left of its process group (a grandchild it could not end)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - already collected
        pass
    if group:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):  # the group is empty: nothing left
            pass


__all__ = ["run_lone"]


def is_lone(files: list[Path], earlier: list[Path]) -> bool:
    """A batch that the fork serves: one workbook, nothing from last year beside it. (Whatever
    its size: this process is small, so the child's memory is the workbook's, and a large
    workbook's report no longer has a worker server and its preload beside it.)"""
    return len(files) == 1 and not earlier
