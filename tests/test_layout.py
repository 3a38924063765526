"""The package layout is the flow: read/ → checks/ → write/, lower layers never importing higher
ones, over ooxml/ (the package layer, which imports nothing of the budget layers); the samples
we ship (samples/) stay out of the runtime layers; no two modules share a name; modules stay
small. Imports are found with ast, so a lazy import inside a function counts as much as one at
the top."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "budget_batch"
ORCHESTRATION = {
    "pipeline",
    "batch",
    "isolation",
    "worker_server",
    "worker_checks",
    "lone",
    "outputs",
    "cli",
    "console",
    "__main__",
    "__init__",
}
#: The top-level modules of the core (the budget model and its vocabulary).
CORE = {p.stem for p in PACKAGE.glob("*.py")} - ORCHESTRATION
#: What each layer may not import (as budget_batch.<first part>).
FORBIDDEN = {
    "ooxml": {
        "read",
        "checks",
        "write",
        "samples",
        "kinds",
        "layouts",
        "narrative",
        *CORE,
        *ORCHESTRATION,
    },
    "core": {"read", "checks", "write", "samples", "kinds", *ORCHESTRATION},
    # The knowledge of layouts is data the core reads: core's rules.
    "layouts": {"read", "checks", "write", "samples", "kinds", *ORCHESTRATION},
    # Statements in a report's text, and what they say: below the checks, as read/ is.
    "narrative": {"checks", "write", "samples", "kinds", *ORCHESTRATION},
    "read": {"checks", "write", "samples", "kinds", *ORCHESTRATION},
    "checks": {"write", "samples", "kinds", *ORCHESTRATION},
    "write": {"samples", "kinds", *ORCHESTRATION} - {"__init__"},
    # The document kinds bind a reader, checks and writers: above them, below the pipeline.
    "kinds": {"samples", *ORCHESTRATION} - {"__init__"},
    "samples": ORCHESTRATION - {"__init__"},
}
MAX_LINES = 400
#: Declarative tables rather than logic; each may run longer, up to this.
TABLES = {"catalogue.py": 640, "schema.py": 450, "example_workbook.py": 450}


def layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "orchestration" if rel.stem in ORCHESTRATION else "core"


def imported(path: Path) -> set[str]:
    """The budget_batch top-level names (sub-package or module) that `path` imports."""
    rel = path.relative_to(PACKAGE)
    package = list(rel.parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                parts = [*base, *(node.module.split(".") if node.module else [])]
                if parts:
                    found.add(parts[0])
                else:  # `from . import x` at the top level
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("budget_batch."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("budget_batch."):
                    found.add(alias.name.split(".")[1])
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lower_layers_never_import_higher_ones(path):
    forbidden = FORBIDDEN.get(layer(path), set())
    assert imported(path) & forbidden == set()


def test_the_layering_test_can_fail(tmp_path):
    """A reader module importing a writer is caught."""
    fake = PACKAGE / "read" / "_probe_not_a_module.py"
    try:
        fake.write_text("from ..write.annotated_copy import write_annotated\n", encoding="utf-8")
        assert imported(fake) & FORBIDDEN[layer(fake)] == {"write"}
    finally:
        fake.unlink()


def test_the_ooxml_layer_is_caught_importing_the_model(tmp_path):
    """The package layer importing anything of the budget layers is caught."""
    fake = PACKAGE / "ooxml" / "_probe_not_a_module.py"
    try:
        fake.write_text("from ..refs import column_letter\nfrom ..model import Row\n")
        assert imported(fake) & FORBIDDEN[layer(fake)] == {"refs", "model"}
    finally:
        fake.unlink()


def test_every_layer_has_rules():
    assert {layer(p) for p in MODULES} <= set(FORBIDDEN) | {"orchestration"}


def test_no_two_modules_share_a_file_name():
    names = [p.name for p in MODULES if p.name != "__init__.py"]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_modules_stay_small():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in MODULES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > TABLES.get(p.name, MAX_LINES)
    }
    assert long == {}
