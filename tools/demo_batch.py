"""A small, varied batch for `make render`: the example and ten departments made from it, with
spread scores, errors, one department submitted twice, one 2024 workbook and one damaged file —
what 批量汇总 is for. Figures are invented (the example's, varied); names are sample names.

    python tools/demo_batch.py FOLDER
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from budget_batch import WorkbookData, write_workbook
from budget_batch.samples.example_workbook import example_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
#: (department, share of each numeric indicator's target reached, self-score, year, service typos)
DEPARTMENTS = [
    ("广州市花都区民政局", 1.00, 100, 2023, 0),
    ("广州市花都区教育局", 0.97, 98, 2023, 1),
    ("广州市花都区卫生健康局", 0.92, 100, 2023, 2),
    ("广州市花都区司法局", 0.88, 90, 2023, 0),
    ("广州市花都区文化广电旅游体育局", 0.80, 95, 2023, 3),
    ("广州市花都区城市管理和综合执法局", 0.72, 92, 2023, 1),
    ("广州市花都区农业农村局", 0.95, 85, 2023, 0),
    ("广州市花都区医疗保障局", 0.60, 88, 2023, 4),
    ("广州市花都区退役军人事务局", 1.00, 100, 2024, 0),
]


def _variant(
    name: str, reached: float, score: float, year: int, typos: int, seed: int
) -> WorkbookData:
    base = example_data()
    rng = random.Random(seed)
    indicators = []
    for row in base.tables["绩效指标"]:
        row = dict(row)
        actual = row.get("actual")  # linked to 服务数量: raise the target instead
        if isinstance(actual, (int, float)) and reached < 1:
            row["target"] = round(actual / (reached * rng.uniform(0.9, 1.0)))
        indicators.append(row)
    services = [dict(r) for r in base.tables["服务数量"]]
    for r in rng.sample(services, typos):
        if isinstance(r.get("current"), (int, float)):
            r["current"] += rng.randint(3, 30)
    info = {**base.info, "department": name, "year": year, "self_score": score}
    tables = {**base.tables, "绩效指标": indicators, "服务数量": services}
    return WorkbookData(info=info, tables=tables, extra_columns=base.extra_columns)


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "build/render/input")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLE, folder / EXAMPLE.name)
    for i, (name, reached, score, year, typos) in enumerate(DEPARTMENTS):
        stem = name.removeprefix("广州市")
        write_workbook(
            folder / f"{stem}_{year}.xlsx", _variant(name, reached, score, year, typos, i)
        )
    # The same department again, corrected after a first round; and a file that is not a workbook.
    write_workbook(
        folder / "花都区民政局_2023_修改稿.xlsx", _variant(DEPARTMENTS[0][0], 1.0, 98, 2023, 0, 99)
    )
    (folder / "花都区水务局_2023.xlsx").write_bytes(b"PK\x03\x04 truncated in transit")
    print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
