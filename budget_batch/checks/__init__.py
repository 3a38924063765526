"""All checks; importing this package registers them in `REGISTRY`, in this order."""

from . import execution, hierarchy, projects, sanity, shares, yoy  # noqa: F401  (registration)
from .registry import REGISTRY, Check, check, run_checks

__all__ = ["REGISTRY", "Check", "check", "run_checks"]
