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
    #: UNIT_SUSPECT: a 万元 workbook whose 收入/支出合计 reaches this looks typed in 元 …
    unit_wan_max: float = 1_000_000.0  # 万元, i.e. 100 亿元
    #: … and a 元 workbook whose totals stay below this looks typed in 万元.
    unit_yuan_min: float = 10_000.0  # 元
    #: UNIT_SUSPECT on one row: an amount this many times 支出合计 is in another unit.
    unit_row_factor: float = 1_000.0

    def tolerance(self, unit: str) -> Decimal:
        value = self.amount_tolerance_yuan if unit == "元" else self.amount_tolerance
        return Decimal(repr(float(value)))


DEFAULT = Settings()
