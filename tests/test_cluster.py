"""A real Dask cluster (two worker processes on 127.0.0.1) runs the batch: the same documents
as the local run, the broken and the hanging workbook reported the same way."""

import json
import shutil
from pathlib import Path

import pytest
import workers
from builders import edit, write
from conftest import EXAMPLE
from distributed import LocalCluster

from budget_batch import Limits, run_batch

LIMITS = Limits(time_limit=8)
pytestmark = pytest.mark.cluster


@pytest.fixture
def ten(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        write(src, name=f"clean_{i}.xlsx")
    edit(write(src, name="problem.xlsx"), {"收支情况": {"F3": 1050}})
    shutil.copyfile(EXAMPLE, src / "example.xlsx")
    data = (src / "clean_0.xlsx").read_bytes()
    (src / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (src / "not_excel.xlsx").write_text("这不是工作簿", encoding="utf-8")
    write(src, name="hang.xlsx")
    return src


def _document(out: Path) -> dict:
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for w in doc["workbooks"]:
        w["output"] = Path(w["output"]).name if w["output"] else None
    return doc


def test_a_dask_cluster_gives_the_local_outputs(ten, tmp_path):
    worker = workers.hangs_on_hang
    local = run_batch([ten], tmp_path / "local", jobs=2, limits=LIMITS, worker=worker)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = run_batch(
            [ten],
            tmp_path / "remote",
            scheduler=cluster.scheduler_address,
            limits=LIMITS,
            worker=worker,
        )
    assert len(remote.workbooks) == 10
    assert _document(tmp_path / "remote") == _document(tmp_path / "local")
    status = {Path(w.file).name: w.status for w in remote.workbooks}
    assert status["hang.xlsx"] == "unreadable" and status["truncated.xlsx"] == "unreadable"
    assert [w.status for w in local.workbooks].count("checked") == 7
    hang = next(w for w in remote.workbooks if w.file.endswith("hang.xlsx"))
    assert "超过 8 秒" in hang.error
    for w in remote.workbooks:
        if w.status == "checked":
            assert (tmp_path / "remote" / Path(w.output).name).exists()
    assert (tmp_path / "remote" / "批量汇总.xlsx").exists()
