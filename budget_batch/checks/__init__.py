"""All checks; importing this package registers them in `REGISTRY`."""

from . import hierarchy, shares  # noqa: F401  (registration by import)
from .registry import REGISTRY, Check, check, run_checks

__all__ = ["REGISTRY", "Check", "check", "run_checks"]
