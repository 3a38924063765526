"""Thresholds and tolerances the checks read. Scoring profiles (TOML) fill the same object."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Settings:
    name: str = "default"
    #: Largest sum difference that is a 尾差 (rounding), in 万元; `amount_tolerance_yuan` in 元.
    amount_tolerance: float = 0.01
    amount_tolerance_yuan: float = 1.0
    yoy_explain_pct: float = 20.0
    exec_rate_low_pct: float = 90.0
    adjust_warn_pct: float = 20.0

    def tolerance(self, unit: str) -> Decimal:
        value = self.amount_tolerance_yuan if unit == "元" else self.amount_tolerance
        return Decimal(repr(float(value)))


DEFAULT = Settings()
