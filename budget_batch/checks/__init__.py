"""All checks; importing this package registers them in `REGISTRY`, in this order."""

from . import (  # noqa: F401  (registration by import)
    accounts_cross,
    accounts_identities,
    accounts_join,
    accounts_links,
    execution,
    form_checks,
    form_match,
    form_relations,
    form_score_checks,
    indicator_checks,
    plausibility,
    prior_year,
    problems_measures,
    project_totals,
    scoring_checks,
    shares,
    sums,
    text_checks,
    text_links,
    total_score,
    year_on_year,
)
from .across import ACROSS, across, run_across
from .registry import REGISTRY, Check, check, run_checks

__all__ = ["ACROSS", "REGISTRY", "Check", "across", "check", "run_across", "run_checks"]
