"""100 自评 + their 100 部门决算 in one batch at --jobs 2: the whole run, and the share of it the
checks across documents take (in the parent, once every document is read).

Generates under benchmarks/work/accounts/ (git-ignored): 100 copies of the example 自评, each
its own department, and for each its 决算 (tools/accounts_example.py, with the example's two
planted faults, so that every department has a disagreement to report on both sides). Then runs
`run_batch` in this process with the step across documents timed, RUNS times, and prints the
medians.

    python benchmarks/accounts.py [--pairs 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import budget_batch.batch as batch  # noqa: E402
from budget_batch import WorkbookData, write_workbook  # noqa: E402
from budget_batch.samples.example_workbook import example_data  # noqa: E402

WORK = ROOT / "benchmarks" / "work" / "accounts"


def _example() -> Any:
    spec = importlib.util.spec_from_file_location(
        "accounts_example", ROOT / "tools" / "accounts_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accounts_example"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def generate(pairs: int) -> Path:
    folder = WORK / "in"
    if folder.exists() and len(list(folder.glob("*.xlsx"))) == 2 * pairs:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    example = _example()
    base = example_data()
    for i in range(pairs):
        name = f"测试部门{i:03d}"
        info = {**base.info, "department": name}
        write_workbook(
            folder / f"自评_{i:03d}.xlsx",
            WorkbookData(info=info, tables=base.tables, extra_columns=base.extra_columns),
        )
        example.DEPARTMENT = name
        example.build(folder / f"决算_{i:03d}.xlsx", example.Variant(faults=True))
    return folder


def run(folder: Path, runs: int) -> tuple[float, float, int]:
    """Median seconds of the whole batch and of the step across documents; the links made."""
    spent: list[float] = []
    original = batch.across_documents

    def timed(*args: Any, **kwargs: Any) -> None:
        start = time.perf_counter()
        original(*args, **kwargs)
        spent.append(time.perf_counter() - start)

    batch.across_documents = timed  # type: ignore[assignment]
    totals, links = [], 0
    for i in range(runs + 1):  # the first is a warm-up
        out = WORK / "out"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        report = batch.run_batch([folder], out, jobs=2)
        if i:
            totals.append(time.perf_counter() - start)
        links = sum(len(r.links) for r in report.workbooks)
    return statistics.median(totals), statistics.median(spent[1:]), links


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    total, across, links = run(generate(args.pairs), args.runs)
    print(
        f"{2 * args.pairs} documents ({args.pairs} 自评 + {args.pairs} 决算), --jobs 2: {total:.2f} s"
    )
    print(
        f"checks across documents: {across * 1000:.1f} ms = {across / total:.2%} of the run ({links} links)"
    )
    print(f"RESULT {total:.3f} {across:.4f} {links}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
