import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
TEMPLATE = ROOT / "input_templates" / "部门整体支出绩效自评表.xlsx"


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


@pytest.fixture(scope="session")
def lossless_copies(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Path, Path, object]]:
    """Each workbook of the lossless corpus (tests/corpus.py) with its annotated copy and result:
    name → (source, copy, WorkbookResult). The LibreOffice re-save is left out without soffice."""
    import shutil

    import corpus

    from budget_batch.batch import process_workbook
    from budget_batch.pipeline import annotated_name

    folder = tmp_path_factory.mktemp("lossless")
    made: dict[str, tuple[Path, Path, object]] = {}
    for make in corpus.ALL:
        if make is corpus.example_libreoffice and shutil.which("soffice") is None:
            continue
        source = make(folder)
        dest = folder / "out" / annotated_name(source)
        result = process_workbook(str(source), str(dest), None)
        assert result.status == "checked" and result.output == str(dest), result
        made[make.__name__] = (source, dest, result)
    return made
