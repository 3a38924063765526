"""A batch of one workbook runs in a child forked from the batch's process (lone.py):
the same outcome as the two steps of a batch, and the same limits — a lone bomb is refused, a
lone hang or memory explosion is contained, a crash is ours, a write that fails keeps the check."""

from __future__ import annotations

import json
from pathlib import Path

import hostile
import pytest
import workers
from builders import write

import budget_batch.batch as batch
from budget_batch import Limits, run_batch


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {make.__name__: make(folder) for make in hostile.ALL if make is not hostile.bomb}


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each lone run (and fail a test whose batch would not take the lone path)."""
    runs: list[str] = []
    original = batch.run_lone

    def spy(*args, **kwargs):
        runs.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "run_lone", spy)
    return runs


def _doc(out: Path) -> dict:
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for w in doc["workbooks"]:
        w["file"] = Path(w["file"]).name
        w["output"] = Path(w["output"]).name if w["output"] else None
    return doc


@pytest.mark.parametrize("name", [m.__name__ for m in hostile.ALL if m is not hostile.bomb])
def test_each_hostile_file_alone_as_in_a_batch(corpus, tmp_path, monkeypatch, name):
    """Alone (forked from here) and beside another workbook (the worker server): the same
    status, reason, findings and outputs for the file."""
    runs = _forks(monkeypatch)
    alone = run_batch([corpus[name]], tmp_path / "alone", jobs=1)
    assert runs == [str(corpus[name])]
    other = write(tmp_path, name="zz_other.xlsx")
    both = run_batch([corpus[name], other], tmp_path / "both", jobs=1)
    assert len(runs) == 1  # the batch of two went to the worker server
    a, b = alone.workbooks[0], both.workbooks[0]
    assert (a.status, a.error, a.findings) == (b.status, b.error, b.findings)
    assert (a.output is None) == (b.output is None)
    assert _doc(tmp_path / "alone")["workbooks"] == _doc(tmp_path / "both")["workbooks"][:1]


@pytest.mark.slow  # makes a compression bomb
def test_a_lone_bomb_is_refused(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    bomb = hostile.bomb(tmp_path)
    report = run_batch([bomb], tmp_path / "out", jobs=1)
    assert runs and report.workbooks[0].status == "unreadable"
    assert "压缩炸弹" in report.workbooks[0].error
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "批量汇总.xlsx"]


@pytest.mark.slow  # waits out a time limit
def test_a_lone_hang_is_stopped_at_the_time_limit(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path, name="hang.xlsx")
    report = run_batch(
        [path], tmp_path / "out", limits=Limits(time_limit=1), worker=workers.hangs_on_hang
    )
    (result,) = report.workbooks
    assert runs and result.status == "unreadable" and "超过 1 秒" in result.error
    assert (
        json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["workbooks"][0][
            "status"
        ]
        == "unreadable"
    )


@pytest.mark.slow  # a child fills 1 GB before its cap stops it
def test_a_lone_memory_explosion_is_contained(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path, name="bomb.xlsx")
    report = run_batch(
        [path],
        tmp_path / "out",
        limits=Limits(memory_limit_mb=1024),
        worker=workers.explodes_on_bomb,
    )
    (result,) = report.workbooks
    assert runs and result.status == "unreadable" and "内存" in result.error
    assert (tmp_path / "out" / "批量汇总.xlsx").exists()


def test_a_lone_crash_is_ours(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path, name="crash.xlsx")
    report = run_batch([path], tmp_path / "out", worker=workers.crashes_on_crash)
    (result,) = report.workbooks
    assert runs and result.status == "failed" and "injected bug" in result.error


def test_a_write_that_breaks_keeps_the_check(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path)

    def broken(path, result, dest):
        raise OSError("disk full")

    monkeypatch.setattr(batch, "write_copy_output", broken)
    report = run_batch([path], tmp_path / "out")
    (result,) = report.workbooks
    assert runs and result.status == "checked" and result.output is None
    assert [f.code for f in result.findings] == ["OUTPUT_FAILED"]
    assert "disk full" in result.findings[0].message


@pytest.mark.slow  # waits out a time limit
def test_a_write_that_hangs_is_stopped(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path)

    def hangs(path, result, dest):
        import time

        time.sleep(3600)

    monkeypatch.setattr(batch, "write_copy_output", hangs)
    report = run_batch([path], tmp_path / "out", limits=Limits(time_limit=1))
    (result,) = report.workbooks
    assert runs and result.status == "unreadable" and "超过 1 秒" in result.error


def _draft_fails(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """The draft, written beside the copy in its own process, breaks as `how` says."""

    def draft(path, result, dest):
        import os
        import time

        if how == "raises":
            raise OSError("disk full")
        if how == "dies":
            os._exit(3)
        time.sleep(3600)

    monkeypatch.setattr(batch, "write_draft_output", draft)


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_draft_that_breaks_beside_the_copy_costs_the_draft_alone(tmp_path, monkeypatch, how):
    runs = _forks(monkeypatch)
    path = write(tmp_path)
    whole = run_batch([path], tmp_path / "whole").workbooks[0]
    _draft_fails(monkeypatch, how)
    report = run_batch([path], tmp_path / "out")
    (result,) = report.workbooks
    assert runs and result.status == "checked" and result.draft is None
    assert result.output is not None and Path(result.output).exists()
    (failed,) = [f for f in result.findings if f.code == "OUTPUT_FAILED"]
    assert failed.stated == "自评报告草稿"
    assert [f for f in result.findings if f is not failed] == whole.findings
    said = "disk full" if how == "raises" else "意外退出"
    assert said in failed.message


@pytest.mark.slow  # waits out a share of the time limit
def test_a_draft_that_hangs_beside_the_copy_costs_the_draft_alone(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path)
    _draft_fails(monkeypatch, "hangs")
    report = run_batch([path], tmp_path / "out", limits=Limits(time_limit=2))
    (result,) = report.workbooks
    assert runs and result.status == "checked" and result.draft is None
    assert result.output is not None and Path(result.output).exists()
    assert [f.stated for f in result.findings if f.code == "OUTPUT_FAILED"] == ["自评报告草稿"]


def test_the_draft_beside_the_copy_is_the_draft_written_after_it(tmp_path, monkeypatch):
    """The same outputs whether the draft is written beside the copy or after it."""
    runs = _forks(monkeypatch)
    path = write(tmp_path)
    beside = run_batch([path], tmp_path / "beside").workbooks[0]
    monkeypatch.setattr(batch, "draft_beside_copy", lambda path: False)  # after it
    after = run_batch([path], tmp_path / "after").workbooks[0]
    assert len(runs) == 2 and beside.findings == after.findings
    assert beside.draft and after.draft
    assert Path(beside.draft).name == Path(after.draft).name
    assert _doc(tmp_path / "beside") == _doc(tmp_path / "after")


def test_two_files_or_last_years_are_no_lone_batch(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    this = write(tmp_path, name="a.xlsx")
    last = tmp_path / "last"
    last.mkdir()
    write(last, name="b.xlsx")
    run_batch([this], tmp_path / "o1", previous=[last])
    run_batch([this, write(tmp_path, name="c.xlsx")], tmp_path / "o2")
    assert runs == []
    run_batch([this], tmp_path / "o3")
    assert runs == [str(this)]


def _alive(pid: int) -> bool:
    """Is the process still running (a zombie waiting to be collected has ended)?"""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "State:\tZ" not in status


def _ended(pid: int, within: float = 3.0) -> bool:
    import time

    stop = time.monotonic() + within
    while _alive(pid) and time.monotonic() < stop:
        time.sleep(0.05)
    return not _alive(pid)


def _draft_that_records(monkeypatch, tmp_path: Path, then) -> Path:
    """The draft's process writes its pid to a file, then does `then`."""
    pid_file = tmp_path / "draft.pid"

    def draft(path, result, dest):
        import os

        pid_file.write_text(str(os.getpid()))
        return then(path, result, dest)

    monkeypatch.setattr(batch, "write_draft_output", draft)
    return pid_file


@pytest.mark.slow  # waits out a share of the time limit
def test_no_draft_process_outlives_the_run(tmp_path, monkeypatch):
    import time

    runs = _forks(monkeypatch)
    path = write(tmp_path)
    pid_file = _draft_that_records(monkeypatch, tmp_path, lambda *a: time.sleep(3600))
    (result,) = run_batch([path], tmp_path / "out", limits=Limits(time_limit=1)).workbooks
    assert runs and result.status == "checked" and result.output is not None
    assert _ended(int(pid_file.read_text()))


@pytest.mark.slow  # waits out the time limit, then longer
def test_a_copy_given_up_on_takes_its_draft_with_it(tmp_path, monkeypatch):
    """The copy hangs past the limit: the child is ended, and its grandchild with it — no
    draft appears later beside a report that lists no outputs."""
    import time

    runs = _forks(monkeypatch)
    path = write(tmp_path)
    late = tmp_path / "out" / "late_draft.txt"

    def slow_draft(path, result, dest):
        time.sleep(2)
        late.write_text("written after the run")
        return None, []

    pid_file = _draft_that_records(monkeypatch, tmp_path, slow_draft)
    monkeypatch.setattr(batch, "write_copy_output", lambda *a: time.sleep(3600))
    (result,) = run_batch([path], tmp_path / "out", limits=Limits(time_limit=1)).workbooks
    assert runs and result.status == "unreadable" and "超过 1 秒" in result.error
    assert _ended(int(pid_file.read_text()))
    time.sleep(2.5)
    assert not late.exists()


@pytest.mark.slow  # a copy slower than the draft's share of the limit
def test_a_draft_done_while_a_slow_copy_ran_is_kept(tmp_path, monkeypatch):
    import time

    runs = _forks(monkeypatch)
    path = write(tmp_path)
    copy = batch.write_copy_output

    def slow_copy(path, result, dest):
        time.sleep(2.6)  # past 0.8 × 3 s, within 3 s
        return copy(path, result, dest)

    monkeypatch.setattr(batch, "write_copy_output", slow_copy)
    (result,) = run_batch([path], tmp_path / "out", limits=Limits(time_limit=3)).workbooks
    assert runs and result.status == "checked"
    assert result.draft is not None and Path(result.draft).exists()
    assert not [f for f in result.findings if f.code == "OUTPUT_FAILED"]


def test_a_draft_process_that_dies_preparing_costs_the_draft_alone(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path)

    def dies() -> None:
        import os

        os._exit(3)

    monkeypatch.setattr(batch, "prepare_draft", dies)
    (result,) = run_batch([path], tmp_path / "out").workbooks
    assert runs and result.status == "checked" and result.draft is None
    assert result.output is not None and Path(result.output).exists()
    assert [f.stated for f in result.findings if f.code == "OUTPUT_FAILED"] == ["自评报告草稿"]


def test_a_copy_that_fails_leaves_no_draft_beside_it(tmp_path, monkeypatch):
    runs = _forks(monkeypatch)
    path = write(tmp_path)

    def explodes(path, result, dest):
        raise MemoryError

    monkeypatch.setattr(batch, "write_copy_output", explodes)
    (result,) = run_batch([path], tmp_path / "out").workbooks
    assert runs and result.status == "unreadable" and "内存" in result.error
    assert not list((tmp_path / "out").glob("*自评报告*"))
