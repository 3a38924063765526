"""`make bench`: our operations against their floors, measured side by side in one run.

Inputs are generated under benchmarks/work/ (git-ignored): the example; 200 copies of it with
varied figures; a workbook of 100,000 projects whose totals match. Each measurement is a whole
process (start-up included), run once to warm up and then RUNS times; the table shows medians,
the spread (max/min − 1, how noisy the run was), ratios to the floor and peak RSS (from the
kernel's rusage of that one child, via os.wait4).

    python benchmarks/run.py [--runs 5] [--quick]   # --quick: skip the 100,000-project case

Also 500 project forms (benchmarks/forms.py generates them) reported at --jobs 2, per form,
against the per-workbook cost of the 200 department workbooks at --jobs 2; and 100 自评 with
their 100 部门决算 (benchmarks/accounts.py) at --jobs 2: the share of the run the checks across
documents take.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
PY = sys.executable
CLI = [PY, "-m", "budget_batch"]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
COPIES = 200
FORMS = 500
BIG_PROJECTS = 100_000
FORMS_DIR = WORK / "forms"  # benchmarks/forms.py writes them there
# Measured as installed: with bytecode caches. (A shell with PYTHONDONTWRITEBYTECODE, as this
# machine's, would compile our ~200 modules from source on every run, while the floors'
# libraries were compiled by pip at install.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

FLOOR_LOAD = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])"
FLOOR_SAVE = "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); wb.save(sys.argv[2])"
# The openpyxl annotate floor: load, fill and comment 1% of the cells, add a sheet, save.
FLOOR_ANNOTATE = """
import sys, openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
fill = PatternFill("solid", fgColor="FFC7CE")
for src in sys.argv[1:-1]:
    wb = openpyxl.load_workbook(src)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                n += 1
                if n % 100 == 0 and type(c).__name__ == "Cell":
                    c.fill = fill
                    c.comment = Comment("审核意见", "bench")
    ws = wb.create_sheet("审核结果", 0)
    for i in range(1, max(n // 100, 1) + 1):
        ws.cell(row=i, column=1, value="SUM_MISMATCH")
    wb.save(sys.argv[-1])
"""
# Our part of a report alone: the annotated copy of an already checked workbook, in-process
# (prints the median seconds of RUNS patches; the check runs once, untimed).
PATCH_ONLY = """
import statistics, sys, time
from pathlib import Path
from budget_batch import check_workbook
from budget_batch.write.copy.annotated_copy import write_annotated
src, dest, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
result = check_workbook(src)
times = []
for _ in range(runs + 1):
    start = time.perf_counter()
    write_annotated(src, result, dest)
    times.append(time.perf_counter() - start)
print(statistics.median(times[1:]))
"""
FLOOR_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
"""


@dataclass
class Timing:
    median: float
    spread: float  # max / min − 1
    rss_mb: float  # median peak RSS


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in tree)


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of the whole process tree (our batch runs in child processes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    return elapsed, max(usage.ru_maxrss, peak[0]) / 1024


def measure(cmd: list[str], runs: int) -> Timing:
    run_once(cmd)  # warm-up: disk cache, .pyc
    samples = [run_once(cmd) for _ in range(runs)]
    times = [t for t, _ in samples]
    return Timing(
        statistics.median(times),
        max(times) / min(times) - 1,
        statistics.median(r for _, r in samples),
    )


def generate(big: bool) -> dict[str, Path]:
    """The inputs' paths, each made when missing."""
    WORK.mkdir(parents=True, exist_ok=True)
    paths = {"example": WORK / "example.xlsx"}
    shutil.copyfile(EXAMPLE, paths["example"])
    copies = WORK / "copies"
    if not copies.exists() or len(list(copies.glob("*.xlsx"))) != COPIES:
        shutil.rmtree(copies, ignore_errors=True)
        copies.mkdir()
        sys.path.insert(0, str(ROOT))
        from budget_batch import WorkbookData, write_workbook
        from budget_batch.samples.example_workbook import example_data

        rng = random.Random(7)
        base = example_data()
        for i in range(COPIES):
            services = [dict(r) for r in base.tables["服务数量"]]
            for r in services:
                if isinstance(r.get("current"), (int, float)) and rng.random() < 0.2:
                    r["current"] = r["current"] + rng.randint(-5, 5)
            info = {
                **base.info,
                "department": f"测试部门{i:03d}",
                "self_score": rng.choice([100, 95, 88]),
            }
            tables = {**base.tables, "服务数量": services}
            write_workbook(
                copies / f"dept_{i:03d}.xlsx",
                WorkbookData(info=info, tables=tables, extra_columns=base.extra_columns),
            )
    paths["copies"] = copies
    if big:
        paths["big"] = WORK / "big_100k.xlsx"
        if not paths["big"].exists():
            _big_workbook(paths["big"])
    return paths


def _big_workbook(path: Path) -> None:
    """The example's sheets, with 100,000 projects whose totals match 2.2 项目支出."""
    from budget_batch import WorkbookData, write_workbook
    from budget_batch.samples.example_workbook import example_data, plain_projects

    base = example_data()
    projects = plain_projects(BIG_PROJECTS)  # 0.01 … 50 万元 each
    total = sum(round(p["actual"] * 100) for p in projects) / 100
    budget = [dict(r) for r in base.tables["收支情况"]]
    by_code = {r["code"]: r for r in budget}
    spend = by_code["2.1"]["actual"]
    for code, value in (
        ("2.2", total),
        ("2", spend + total),
        ("1", spend + total),
        ("1.1", spend + total - 20),
    ):
        row = by_code[code]
        row.update(
            budget_initial=round(value, 2),
            budget_final=round(value, 2),
            actual=round(value, 2),
            share=None,
            yoy_amount=None,
            yoy_rate=None,
            prior=None,
        )
    by_code["1.2"]["share"] = None
    by_code["2.1"]["share"] = None
    write_workbook(
        path,
        WorkbookData(
            info=base.info,
            tables={**base.tables, "收支情况": budget, "项目支出": projects},
            extra_columns=base.extra_columns,
        ),
    )


def row(name: str, ours: Timing, floor: Timing, target: str) -> str:
    ratio = ours.median / floor.median
    mem = ours.rss_mb / floor.rss_mb
    return (
        f"| {name} | {ours.median:.3f} s (±{ours.spread:.0%}) | {floor.median:.3f} s (±{floor.spread:.0%}) "
        f"| **{ratio:.2f}×** | {ours.rss_mb:.0f} / {floor.rss_mb:.0f} MB ({mem:.2f}×) | {target} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-project workbook")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:  # in a child: see below
        generate(big=not args.quick)
        sys.path.insert(0, str(Path(__file__).parent))
        from forms import generate as generate_forms

        generate_forms(FORMS)
        return 0
    # The inputs are made in a child process: Linux carries a process's peak RSS over fork and
    # exec, so a bench process that had built the 100,000-project workbook would lend its peak
    # to every command it measures.
    subprocess.run([PY, __file__, "--generate", *(["--quick"] if args.quick else [])], check=True)
    paths = generate(big=not args.quick)
    out = WORK / "out"
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; {args.runs} runs after a warm-up; medians (± spread = max/min − 1).",
        "",
        "| operation | ours | floor | ratio | peak RSS ours / floor | target |",
        "|---|---|---|---|---|---|",
    ]

    def show(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    for line in lines:
        print(line)
    ex = str(paths["example"])
    show(
        row(
            "check, example (vs import openpyxl + load)",
            measure([*CLI, "check", "--fail-on", "never", ex], args.runs),
            measure([PY, "-c", FLOOR_LOAD, ex], args.runs),
            "≤ 1.3×",
        )
    )
    show(
        row(
            "report, example (vs load + save)",
            measure([*CLI, "report", ex, "-o", str(out / "one"), "--jobs", "1"], args.runs),
            measure([PY, "-c", FLOOR_SAVE, ex, str(out / "floor.xlsx")], args.runs),
            "≤ 1.5×",
        )
    )
    copies = str(paths["copies"])
    jobs1 = measure([*CLI, "report", copies, "-o", str(out / "j1"), "--jobs", "1"], args.runs)
    jobs2 = measure([*CLI, "report", copies, "-o", str(out / "j2"), "--jobs", "2"], args.runs)
    files = sorted(str(p) for p in paths["copies"].glob("*.xlsx"))
    annotate = measure([PY, "-c", FLOOR_ANNOTATE, *files, str(out / "floor_ann.xlsx")], args.runs)
    show(
        f"| 200 workbooks, report --jobs 2 vs --jobs 1 | {jobs2.median:.2f} s | {jobs1.median:.2f} s "
        f"| **{jobs1.median / jobs2.median:.2f}× faster** | {jobs2.rss_mb:.0f} / {jobs1.rss_mb:.0f} MB | ≥ 1.7× |"
    )
    show(
        f"| 200 workbooks, per workbook at --jobs 1 (vs openpyxl annotate) | {jobs1.median / COPIES * 1000:.1f} ms "
        f"| {annotate.median / COPIES * 1000:.1f} ms | **{jobs1.median / annotate.median:.2f}×** | — | ≤ 1.0× |"
    )
    per_form = measure(
        [*CLI, "report", str(FORMS_DIR), "-o", str(out / "forms"), "--jobs", "2"], args.runs
    )
    show(
        f"| {FORMS} project forms, report --jobs 2, per form (vs a department workbook, 200 at "
        f"--jobs 2) | {per_form.median / FORMS * 1000:.1f} ms | {jobs2.median / COPIES * 1000:.1f} ms "
        f"| **{(per_form.median / FORMS) / (jobs2.median / COPIES):.2f}×** | {per_form.rss_mb:.0f} MB "
        "| ≤ 1.0× |"
    )
    accounts = subprocess.run(
        [PY, str(ROOT / "benchmarks" / "accounts.py"), "--runs", str(max(1, args.runs // 2))],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    total, across, _ = accounts.stdout.split("RESULT")[-1].split()
    show(
        f"| 100 自评 + their 100 部门决算, report --jobs 2: the checks across documents (in the "
        f"parent) against the whole run | {float(across) * 1000:.0f} ms | {float(total):.2f} s "
        f"| **{float(across) / float(total):.2%}** | — | < 5% |"
    )
    if "big" in paths:
        big = str(paths["big"])
        runs = args.runs
        show(
            row(
                "100,000 projects: check (vs python-calamine read)",
                measure([*CLI, "check", "--fail-on", "never", big], runs),
                measure([PY, "-c", FLOOR_CALAMINE, big], runs),
                "≤ 3×, ≤ 400 MB",
            )
        )
        floor = measure([PY, "-c", FLOOR_SAVE, big, str(out / "floor_big.xlsx")], runs)
        show(
            row(
                "100,000 projects: report (vs openpyxl load + save)",
                measure([*CLI, "report", big, "-o", str(out / "big"), "--jobs", "1"], runs),
                floor,
                "≤ 0.2× time, ≤ 300 MB",
            )
        )
        patch = subprocess.run(
            [PY, "-c", PATCH_ONLY, big, str(out / "patch_big.xlsx"), str(runs)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = float(patch.stdout.split()[-1])
        show(
            f"| 100,000 projects: the annotated copy alone, in-process (vs openpyxl load + save) "
            f"| {seconds:.3f} s | {floor.median:.3f} s | **{seconds / floor.median:.3f}×** | — | — |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
