"""All checks; importing this package registers them in `REGISTRY`, in this order."""

from . import (  # noqa: F401  (registration by import)
    execution,
    hierarchy,
    problems,
    projects,
    sanity,
    scoring,
    shares,
    yoy,
)
from .registry import REGISTRY, Check, check, run_checks

__all__ = ["REGISTRY", "Check", "check", "run_checks"]
