import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "input_templates" / "示例_花都区残联_2023.xlsx"
TEMPLATE = ROOT / "input_templates" / "部门整体支出绩效自评表.xlsx"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    from builders import write

    return write(tmp_path)
