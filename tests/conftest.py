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
