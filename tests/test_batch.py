"""Batches: isolated, parallel, deterministic; bad files reported, good ones finished."""

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from builders import edit, write
from click.testing import CliRunner
from conftest import EXAMPLE

from budget_batch import Limits, run_batch
from budget_batch.cli import main
from budget_batch.write.batch.batch_summary import (
    code_counts_frame,
    findings_frame,
    workbooks_frame,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good workbooks (one clean, one with a problem, the example, one in a sub-folder),
    a text file named .xlsx, a truncated workbook, a lock file and one of our outputs."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    write(src, name="a_clean.xlsx")
    edit(write(src, name="b_problem.xlsx"), {"收支情况": {"F3": 1050}})
    shutil.copyfile(EXAMPLE, src / "c_example.xlsx")
    write(src / "sub", name="d_nested.xlsx")
    (src / "e_not_excel.xlsx").write_text("这不是工作簿", encoding="utf-8")
    data = (src / "a_clean.xlsx").read_bytes()
    (src / "f_truncated.xlsx").write_bytes(data[: len(data) // 2])
    (src / "~$a_clean.xlsx").write_bytes(b"lock")
    write(src, name="批量汇总.xlsx")  # our own output, never an input
    return src


def _by_name(report):
    return {Path(w.file).name: w for w in report.workbooks}


@pytest.mark.slow  # waits out a 3-second time limit
def test_mixed_folder_with_a_hanging_workbook(folder, tmp_path):
    write(folder, name="g_hang.xlsx")
    report = run_batch(
        [folder],
        tmp_path / "out",
        jobs=2,
        limits=Limits(time_limit=3),
        worker=__import__("workers").hangs_on_hang,
    )
    wbs = _by_name(report)
    assert [(p.name, why) for p, why in report.skipped] == [
        ("批量汇总.xlsx", "本工具生成的批量汇总，不是部门工作簿")
    ]
    assert list(wbs) == [
        "a_clean.xlsx",
        "b_problem.xlsx",
        "c_example.xlsx",
        "e_not_excel.xlsx",
        "f_truncated.xlsx",
        "g_hang.xlsx",
        "d_nested.xlsx",
    ]
    for name in ("a_clean.xlsx", "b_problem.xlsx", "c_example.xlsx", "d_nested.xlsx"):
        assert wbs[name].status == "checked", wbs[name].error
        assert Path(wbs[name].output).exists()
    assert "不是 Excel 工作簿" in wbs["e_not_excel.xlsx"].error
    assert "损坏" in wbs["f_truncated.xlsx"].error
    assert wbs["g_hang.xlsx"].status == "unreadable" and "超过 3 秒" in wbs["g_hang.xlsx"].error
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [w["status"] for w in doc["workbooks"]].count("unreadable") == 3
    assert (tmp_path / "out" / "批量汇总.xlsx").exists()


@pytest.mark.slow  # a child fills 1 GB before its cap stops it
def test_a_workbook_that_explodes_in_memory_is_reported(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, name="bomb.xlsx")
    write(src, name="fine.xlsx")
    report = run_batch(
        [src],
        tmp_path / "out",
        jobs=2,
        limits=Limits(memory_limit_mb=1024),
        worker=__import__("workers").explodes_on_bomb,
    )
    wbs = _by_name(report)
    assert wbs["bomb.xlsx"].status == "unreadable" and "内存" in wbs["bomb.xlsx"].error
    assert wbs["fine.xlsx"].status == "checked"


def test_exit_status_of_a_batch_with_an_unreadable_file(folder, tmp_path):
    out = CliRunner().invoke(main, ["report", str(folder), "-o", str(tmp_path / "out"), "-j", "2"])
    assert out.exit_code == 1
    assert "无法读取" in out.output and "共 6 个工作簿" in out.output


def _normalized(path: Path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for w in doc["workbooks"]:
        w["output"] = Path(w["output"]).name if w["output"] else None
    return doc


def test_jobs_1_and_2_give_identical_documents(folder, tmp_path):
    run_batch([folder], tmp_path / "one", jobs=1)
    run_batch([folder], tmp_path / "two", jobs=2)
    assert _normalized(tmp_path / "one" / "report.json") == _normalized(
        tmp_path / "two" / "report.json"
    )
    assert workbooks_frame(run_batch([folder], None, jobs=1)).equals(
        workbooks_frame(run_batch([folder], None, jobs=2))
    )


def test_any_executor_can_run_the_batch(folder, tmp_path):
    with ThreadPoolExecutor(max_workers=2) as pool:  # stands in for a Dask client's executor
        report = run_batch([folder], tmp_path / "out", executor=pool)
    assert [w.status for w in report.workbooks].count("checked") == 4


def test_dataframes_are_the_report(folder):
    report = run_batch([folder], None, jobs=2)
    frame = workbooks_frame(report)
    assert list(frame["file"]) == [w.file for w in report.workbooks]
    example = frame[frame["file"].str.endswith("c_example.xlsx")].iloc[0]
    assert example["income_total"] == 2224.46 and example["score_stated"] == 100
    assert example["errors"] == 1 and example["warnings"] == 7
    findings = findings_frame(report)
    assert len(findings) == sum(len(w.findings) for w in report.workbooks)
    counts = code_counts_frame(findings)
    top = counts.set_index("code")
    assert top.loc["UNIT_MISMATCH", "count"] == 4 and top.loc["UNIT_MISMATCH", "workbooks"] == 1
    assert top.loc["SUM_MISMATCH", "workbooks"] == 2


def test_old_formats_in_a_folder_are_reported_not_skipped(tmp_path):
    import zipfile

    src = tmp_path / "in"
    src.mkdir()
    write(src, name="good.xlsx")
    (src / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with zipfile.ZipFile(src / "binary.xlsb", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\0")
    (src / "notes.txt").write_text("not a spreadsheet", encoding="utf-8")
    wbs = _by_name(run_batch([src], tmp_path / "out", jobs=1))
    assert list(wbs) == ["binary.xlsb", "good.xlsx", "old.xls"]
    assert "另存为" in wbs["old.xls"].error and ".xlsb" in wbs["binary.xlsb"].error
    assert wbs["good.xlsx"].status == "checked"


@pytest.mark.fires("OUTPUT_FAILED")
def test_an_output_that_breaks_keeps_the_workbook_checked(tmp_path, monkeypatch):
    """The draft writer breaks (our bug): the workbook stays checked, its copy is written, and
    the failure is reported as ours, with exit status 1."""
    from budget_batch.batch import process_workbook
    from budget_batch.write.draft import report_draft

    def broken(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(report_draft, "write_draft", broken)
    path = write(tmp_path)
    result = process_workbook(str(path), str(tmp_path / "out" / "a_审核.xlsx"), None)
    assert result.status == "checked" and Path(result.output).exists()
    failed = [f for f in result.findings if f.code == "OUTPUT_FAILED"]
    assert [(f.severity, f.stated) for f in failed] == [("error", "自评报告草稿")]
    assert "RuntimeError: injected" in failed[0].message and "不是工作簿的问题" in failed[0].message
    from budget_batch.cli import exit_status
    from budget_batch.result import Report

    assert exit_status(Report([result]), "never") == 1


def test_a_crash_of_ours_is_failed_not_unreadable(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write(src, name="crash.xlsx")
    write(src, name="fine.xlsx")
    report = run_batch(
        [src], tmp_path / "out", jobs=2, worker=__import__("workers").crashes_on_crash
    )
    wbs = _by_name(report)
    assert wbs["crash.xlsx"].status == "failed"
    assert "TypeError: injected bug" in wbs["crash.xlsx"].error
    assert "不是文件的问题" in wbs["crash.xlsx"].error and "损坏" not in wbs["crash.xlsx"].error
    assert wbs["fine.xlsx"].status == "checked"
    from budget_batch.cli import exit_status

    assert exit_status(report, "never") == 1
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [w["status"] for w in doc["workbooks"]] == ["failed", "checked"]


def test_the_worker_server_starts_workers_warm(tmp_path):
    """What the forkserver loads makes the draft's styled blank document, so that no worker
    builds it again (a warm-up that failed would be silent otherwise): after the worker server's
    imports, a draft is written without adding a single style to a document (python-docx's
    `add_style`, the cost of building it); without them, the first draft does add them."""
    import subprocess
    import sys

    from docx import Document

    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "if sys.argv[1] == 'warm':\n"
        "    import budget_batch.worker_server\n"
        "from docx.styles.styles import Styles\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('a style was added')\n"
        "Styles.add_style = refuse\n"
        "from budget_batch import check_workbook\n"
        "from budget_batch.write.draft.report_draft import write_draft\n"
        "write_draft(check_workbook(sys.argv[2]), Path(sys.argv[3]))\n"
    )

    def draft(state: str) -> subprocess.CompletedProcess[str]:
        dest = tmp_path / f"{state}.docx"
        args = [sys.executable, "-c", probe, state, str(EXAMPLE), str(dest)]
        return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)

    warm, cold = draft("warm"), draft("cold")
    assert warm.returncode == 0, warm.stderr
    assert "BB body" in [s.name for s in Document(str(tmp_path / "warm.docx")).styles]
    assert cold.returncode != 0 and "a style was added" in cold.stderr
