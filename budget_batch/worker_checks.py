"""Loaded by a worker server that only checks (`isolation.CHECKING`): every reader and every
check imported before it forks, so that each worker inherits them instead of importing those of
its document's kind (a run in one process imports only what it meets: `checks.loading`)."""

from __future__ import annotations

from . import pipeline  # noqa: F401
from .checks import load_all
from .kinds import all_kinds

load_all()
all_kinds()
