import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

pytest_plugins = ["pytester"]

# CI checks the properties on the same examples every run (a red build is a regression, not a
# draw of the dice); a developer's run keeps drawing new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
TEMPLATE = ROOT / "input_templates" / "部门整体支出绩效自评表.xlsx"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`office` tests need LibreOffice (CI must have it: there they run and fail without it) and
    the fonts their printed layout assumes (without them: skipped, saying which is missing)."""
    for item in items:
        marker = item.get_closest_marker("office")
        if marker is None:
            continue
        from office import SOFFICE, missing_fonts

        if SOFFICE is None and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason="LibreOffice not installed"))
            continue
        missing = missing_fonts(tuple(marker.kwargs.get("fonts", ())))
        if missing:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"no font matches {', '.join(missing)} (fc-list): the printed layout "
                    "this test reads back assumes one (fonts-noto-cjk or any CJK font; "
                    "fonts-crosextra-carlito for Calibri's metrics)"
                )
            )


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    from builders import write

    return write(tmp_path)


@pytest.fixture(autouse=True)
def _verify_fires(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A test marked `fires(CODE, …)` must make each CODE fire in this process: the marker is
    the catalogue's link from a code to its firing test, and this keeps the link honest."""
    marker = request.node.get_closest_marker("fires")
    if marker is None:
        yield
        return
    from budget_batch.catalogue import Code

    seen: set[str] = set()
    original = Code.finding

    def recording(self, *args, **kwargs):
        seen.add(self.code)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Code, "finding", recording)
    yield
    missing = sorted(set(marker.args) - seen)
    assert not missing, f"marked fires{marker.args} but never emitted: {missing}"


class LosslessCopies(Mapping[str, tuple[Path, Path, Any]]):
    """Each workbook of the lossless corpus (tests/corpus.py) with its annotated copy and result:
    name → (source, copy, WorkbookResult), each made when a test first asks for it, so that a
    run without the `office` tests never starts LibreOffice for the corpus's re-saved example."""

    def __init__(self, folder: Path) -> None:
        import corpus

        self.folder = folder
        self.makers = {make.__name__: make for make in corpus.ALL}
        self.made: dict[str, tuple[Path, Path, Any]] = {}

    def __getitem__(self, name: str) -> tuple[Path, Path, Any]:
        if name not in self.made:
            from budget_batch.batch import process_workbook
            from budget_batch.pipeline import annotated_name

            source = self.makers[name](self.folder)
            dest = self.folder / "out" / annotated_name(source)
            result = process_workbook(str(source), str(dest), None)
            assert result.status == "checked" and result.output == str(dest), result
            self.made[name] = (source, dest, result)
        return self.made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.makers)

    def __len__(self) -> int:
        return len(self.makers)


@pytest.fixture(scope="session")
def lossless_copies(tmp_path_factory: pytest.TempPathFactory) -> LosslessCopies:
    return LosslessCopies(tmp_path_factory.mktemp("lossless"))
