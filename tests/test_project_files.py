"""The clone as staff get it: input/ exists (kept by .gitkeep, its contents ignored), and
`make clean` removes every kind of output but keeps output/.gitkeep."""

import shutil
import subprocess

import pytest
from conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_clean_removes_every_output_kind(tmp_path):
    shutil.copyfile(ROOT / "Makefile", tmp_path / "Makefile")
    out = tmp_path / "output"
    (out / "sub").mkdir(parents=True)
    outputs = [
        "a_审核.xlsx",
        "b_审核.xlsm",
        "a_自评报告.docx",
        "批量汇总.xlsx",
        "report.json",
        "sub/c_审核.xlsx",
        "~$批量汇总.xlsx",
    ]
    for name in [".gitkeep", *outputs]:
        (out / name).write_bytes(b"x")
    (tmp_path / "build" / "render").mkdir(parents=True)
    done = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep"]
    assert not (tmp_path / "build").exists()


def _ignored(path: str) -> bool:
    done = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, capture_output=True)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git clone"
)
def test_input_folder_is_in_the_clone_and_its_workbooks_are_not():
    assert (ROOT / "input" / ".gitkeep").is_file()
    tracked = subprocess.run(
        ["git", "ls-files", "input", "output"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert tracked == ["input/.gitkeep", "output/.gitkeep"]
    assert _ignored("input/某部门_2023.xlsx") and _ignored("input/子文件夹/a.xlsx")
    assert not _ignored("input/.gitkeep")
    assert _ignored("output/批量汇总.xlsx") and not _ignored("output/.gitkeep")
