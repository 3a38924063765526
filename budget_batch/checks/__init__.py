"""The checks. Each module of this package registers its checks when it is imported: on one
model type (`registry.check`, `registry.relations`) or across the documents of a batch
(`across.across`). `loading` says which: a run imports only the modules of what it meets
(`run_checks`, `run_across` do), `load_all` every one."""

from .across import ACROSS, across, run_across
from .loading import CHECK_MODULES, load_all
from .registry import REGISTRY, Check, check, run_checks

__all__ = [
    "ACROSS",
    "CHECK_MODULES",
    "REGISTRY",
    "Check",
    "across",
    "check",
    "load_all",
    "run_across",
    "run_checks",
]
