"""Project forms against department workbooks: reading + checking, in-process, per workbook.

Generates N project forms under benchmarks/work/forms/ (git-ignored): the three families'
example forms with their figures varied, one form per file; then times `check_workbook` on each
(in this process, after one warm-up) and on the example department workbook (the same number of
times), and prints the per-workbook medians and totals.

    python benchmarks/forms.py [--forms 500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budget_batch import check_workbook  # noqa: E402
from budget_batch.samples.example_forms import chongqing, national, sichuan  # noqa: E402
from budget_batch.samples.form_writer import write_forms  # noqa: E402

WORK = ROOT / "benchmarks" / "work" / "forms"
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"


def generate(n: int) -> list[Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    makers = (national, sichuan, chongqing)
    paths = []
    for i in range(n):
        data = makers[i % 3]()
        data.project = f"{data.project}（{i + 1}）"
        scale = rng.uniform(0.5, 2.0)
        for line in data.funds:
            for attr in ("initial", "final", "actual"):
                value = getattr(line, attr)
                if isinstance(value, (int, float)):
                    setattr(line, attr, round(value * scale, 2))
        path = WORK / f"form_{i + 1:04d}.xlsx"
        if not path.exists():
            write_forms(path, [("自评表", data)])
        paths.append(path)
    return paths


def timed(paths: list[Path]) -> list[float]:
    check_workbook(paths[0])  # warm-up: imports, the profile
    times = []
    for path in paths:
        start = time.perf_counter()
        result = check_workbook(path)
        times.append(time.perf_counter() - start)
        assert result.status == "checked", result.error
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=500)
    args = parser.parse_args()
    forms = generate(args.forms)
    form_times = timed(forms)
    department_times = timed([EXAMPLE] * len(forms))
    for name, times in (("project form", form_times), ("department example", department_times)):
        print(
            f"{name:20s} n={len(times):4d}  median {statistics.median(times) * 1000:7.1f} ms"
            f"  p90 {sorted(times)[int(len(times) * 0.9)] * 1000:7.1f} ms  total {sum(times):6.1f} s"
        )


if __name__ == "__main__":
    main()
