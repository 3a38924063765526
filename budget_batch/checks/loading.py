"""Which check modules a run imports. Each module registers, when imported, checks on one model
type or checks across documents; a run imports those of the models it meets (`load_for`, from
`run_checks`) and the checks across documents that the batch's kinds can concern (`load_across`,
from `run_across`), so that checking one workbook of our template imports nothing of forms,
决算 or Word reports. `load_all` imports every one (the worker server does: forked workers
inherit them).

Within a model's checks the order is this table's (alphabetical, as the package imported them
when it imported them all), whatever order the modules were imported in.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

ACROSS = "across"

#: Each check module and what it checks: a model type (by class name), or ACROSS.
CHECK_MODULES: dict[str, str] = {
    "accounts_cross": "AccountsModel",
    "accounts_identities": "AccountsModel",
    "accounts_join": ACROSS,
    "accounts_links": ACROSS,
    "execution": "WorkbookModel",
    "form_checks": "FormsModel",
    "form_match": ACROSS,
    "form_relations": "FormsModel",
    "form_score_checks": "FormsModel",
    "indicator_checks": "WorkbookModel",
    "plausibility": "WorkbookModel",
    "prior_year": ACROSS,
    "problems_measures": "WorkbookModel",
    "project_totals": "WorkbookModel",
    "scoring_checks": "FormsModel",
    "shares": "WorkbookModel",
    "sums": "WorkbookModel",
    "text_checks": "ReportModel",
    "text_links": ACROSS,
    "total_score": "WorkbookModel",
    "year_on_year": "WorkbookModel",
}
#: The documents (report.json kinds, counted) without which a check across documents has nothing
#: to compare (and returns nothing): its module is not imported for such a batch.
SELF_KINDS = ("department", "department_form")
ACROSS_NEEDS: dict[str, Callable[[Counter[str]], bool]] = {
    "accounts_join": lambda kinds: kinds["final_accounts"] > 0,
    "accounts_links": lambda kinds: kinds["final_accounts"] > 0,
    "form_match": lambda kinds: kinds["project_form"] > 0,
    "prior_year": lambda kinds: sum(kinds[k] for k in SELF_KINDS) > 1,
    "text_links": lambda kinds: kinds["report"] > 0,
}


def load_for(model: object) -> None:
    """The modules of checks on `model`'s type."""
    names = {t.__name__ for t in type(model).__mro__}
    _load(m for m, on in CHECK_MODULES.items() if on in names)


def load_across(kinds: Iterable[str]) -> None:
    """The modules of checks across documents that a batch of these kinds can concern."""
    counted = Counter(kinds)
    _load(m for m, needs in ACROSS_NEEDS.items() if needs(counted))


def load_all() -> None:
    _load(CHECK_MODULES)


def _load(modules: Iterable[str]) -> None:
    for module in modules:
        importlib.import_module(f"{__package__}.{module}")


_RANK = {f"{__package__}.{m}": i for i, m in enumerate(CHECK_MODULES)}


def check_order(func: Callable[..., Any]) -> int:
    """Where a check stands among those registered (the registries insert by it): its module's
    place in CHECK_MODULES, then the order of the module's own definitions."""
    return _RANK.get(func.__module__, len(_RANK))
