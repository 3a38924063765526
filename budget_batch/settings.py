"""Scoring profiles: the finance bureau's rules, thresholds and tolerances, as TOML files.

The built-in `default` profile follows 财预〔2020〕10号 and the common 部门整体 formulas of
财预〔2013〕53号. A workbook names its profile in 基本信息 `评分规则`; `--rules FILE` overrides it.
An unknown name or a malformed file is a `ProfileError` (exit status 2), never a silent default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

PROFILE_DIR = "profiles"


class ProfileError(Exception):
    """A profile cannot be found or read; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class CapBand:
    below: float  # execution rate (%) below which …
    cap: float  # … the total score may not exceed this


@dataclass(frozen=True)
class Settings:
    name: str = "default"
    title: str = "全国通用规则（财预〔2020〕10号）"
    # [tolerances]
    amount_tolerance: float = 0.01  # 万元; a larger sum difference is an error, not a 尾差
    amount_tolerance_yuan: float = 1.0
    score_tolerance: float = 0.01
    # [thresholds]
    yoy_explain_pct: float = 20.0
    exec_rate_low_pct: float = 90.0
    adjust_warn_pct: float = 20.0
    unit_wan_max: float = 10_000_000.0  # a 万元 total this large looks typed in 元 (1,000 亿元)
    unit_yuan_min: float = 100_000.0  # a 元 total under 10 万元 looks typed in 万元
    unit_row_factor: float = 1_000.0  # one row this many times 支出合计 is in another unit
    min_text_chars: int = 10
    # [indicators]
    weight_total: float = 100.0
    required_dimensions: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "预算执行率")
    dimension_weights: tuple[tuple[str, float], ...] = ()  # fixed Σ 分值 per 一级指标, if any
    overshoot_pct: float = 30.0
    overshoot_deduction: float = 0.0
    # [grades]: lower bounds, best first
    grades: tuple[tuple[str, float], ...] = (("优", 90.0), ("良", 80.0), ("中", 60.0), ("差", 0.0))
    # [scoring]: how a ≤ row and an = row are scored, and whether 执行率得分 is capped at 分值
    reverse_rule: str = "ratio"  # "ratio": W × T / A; "linear" (FASP2): W × (1 − (A − T) / T)
    equal_rule: str = "relative"  # "relative": W × (1 − |A − T| / T); "as_at_least": as ≥
    exec_score_cap: bool = True  # 执行率得分 = 分值 × min(执行率, 100%); off: 分值 × 执行率
    # [self_score]
    inflated_at: float = 100.0
    form_inflated_at: float = 95.0  # a project form's 总分 from which a missed target is suspect
    # [exec_cap]
    exec_cap: bool = False
    cap_bands: tuple[CapBand, ...] = field(
        default=(CapBand(80, 89), CapBand(70, 79), CapBand(60, 69), CapBand(50, 59))
    )

    def tolerance(self, unit: str) -> Decimal:
        value = self.amount_tolerance_yuan if unit == "元" else self.amount_tolerance
        return Decimal(repr(float(value)))

    def grade(self, score: float | Decimal) -> str:
        for name, lower in self.grades:
            if score >= Decimal(repr(float(lower))):
                return name
        return self.grades[-1][0]

    def cap(self, exec_rate: Decimal) -> float | None:
        """The tightest cap that the department's execution rate triggers, if the cap is on."""
        if not self.exec_cap:
            return None
        caps = [b.cap for b in self.cap_bands if exec_rate < Decimal(repr(float(b.below)))]
        return min(caps) if caps else None


DEFAULT = Settings()
#: The values a text setting may take (a typo is a ProfileError, never a silent default).
CHOICES = {
    "reverse_rule": ("ratio", "linear"),
    "equal_rule": ("relative", "as_at_least"),
}


@dataclass(frozen=True)
class Limits:
    """Per-workbook limits of a batch's isolated worker processes."""

    time_limit: float = 300.0  # seconds
    memory_limit_mb: int = 4096  # address space of the child process


DEFAULT_LIMITS = Limits()


# TOML layout: section → {key: Settings field}
_LAYOUT: dict[str, dict[str, str]] = {
    "tolerances": {k: k for k in ("amount_tolerance", "amount_tolerance_yuan", "score_tolerance")},
    "thresholds": {
        k: k
        for k in (
            "yoy_explain_pct",
            "exec_rate_low_pct",
            "adjust_warn_pct",
            "unit_wan_max",
            "unit_yuan_min",
            "unit_row_factor",
            "min_text_chars",
        )
    },
    "indicators": {
        "weight_total": "weight_total",
        "required": "required_dimensions",
        "weights": "dimension_weights",
        "overshoot_pct": "overshoot_pct",
        "overshoot_deduction": "overshoot_deduction",
    },
    "scoring": {k: k for k in ("reverse_rule", "equal_rule", "exec_score_cap")},
    "self_score": {"inflated_at": "inflated_at", "form_inflated_at": "form_inflated_at"},
    "exec_cap": {"enabled": "exec_cap", "bands": "cap_bands"},
}


def builtin_profiles() -> dict[str, Path]:
    """Shipped profiles by name (file stem)."""
    folder = resources.files("budget_batch") / PROFILE_DIR
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml")}


def load_profile_file(path: str | Path) -> Settings:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ProfileError(f"评分规则文件不存在：{path}") from exc
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = (
            f"第 {where.group(1)} 行第 {where.group(2)} 列附近"
            if where
            else ("末尾" if "end of document" in str(exc) else "")
        )
        raise ProfileError(
            f"评分规则文件 {path.name} {at}格式有误（不符合 TOML 写法，如缺少“=”或引号）。"
            "请按 README 中的示例修改。"
        ) from exc
    try:
        return _from_dict(data)
    except (TypeError, ValueError, KeyError) as exc:
        raise ProfileError(
            f"评分规则文件 {path.name} 内容有误：{exc}。请按 README 中的示例修改。"
        ) from exc


def resolve_profile(name: str) -> Settings:
    """A shipped profile by name (or title); '' is the default."""
    name = name.strip()
    profiles = builtin_profiles()
    if not name or name == DEFAULT.name:
        return load_profile_file(profiles[DEFAULT.name])
    if name in profiles:
        return load_profile_file(profiles[name])
    for path in profiles.values():
        settings = load_profile_file(path)
        if settings.title == name:
            return settings
    raise ProfileError(
        f"评分规则「{name}」不存在。可用的评分规则：{'、'.join(sorted(profiles))}。"
        "请在“基本信息 → 评分规则”中填写其中之一（或留空使用全国通用规则），或用 --rules 指定规则文件。"
    )


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where} 应为数字，而不是 {value!r}")
    return float(value)


def _from_dict(data: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {}
    known = {"name", "title", "grades", *_LAYOUT}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"不认识的项 {sorted(unknown)}")
    if "name" not in data:
        raise ValueError("缺少 name（规则名称）")
    values["name"] = str(data["name"])
    values["title"] = str(data.get("title", data["name"]))
    for section, keys in _LAYOUT.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ValueError(f"[{section}] 应为一个表")
        extra = set(table) - set(keys)
        if extra:
            raise ValueError(f"[{section}] 中不认识的项 {sorted(extra)}")
        for key, attr in keys.items():
            if key in table:
                values[attr] = _convert(attr, table[key], f"[{section}] {key}")
    if "grades" in data:
        grades = data["grades"]
        if not isinstance(grades, dict) or not grades:
            raise ValueError("[grades] 应为“等级 = 下限分数”的表")
        pairs = [(str(k), _number(v, f"[grades] {k}")) for k, v in grades.items()]
        values["grades"] = tuple(sorted(pairs, key=lambda p: -p[1]))
    return Settings(**values)


def _convert(attr: str, value: Any, where: str) -> Any:
    default = getattr(DEFAULT, attr)
    if attr == "required_dimensions":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{where} 应为文字列表")
        return tuple(value)
    if attr == "dimension_weights":
        if not isinstance(value, dict):
            raise ValueError(f"{where} 应为“一级指标 = 分值”的表")
        return tuple((str(k), _number(v, f"{where}.{k}")) for k, v in value.items())
    if attr == "cap_bands":
        if not isinstance(value, list):
            raise ValueError(f"{where} 应为列表")
        return tuple(CapBand(_number(b["below"], where), _number(b["cap"], where)) for b in value)
    if attr in CHOICES:
        if value not in CHOICES[attr]:
            raise ValueError(f"{where} 应为 {' 或 '.join(CHOICES[attr])} 之一，而不是 {value!r}")
        return str(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{where} 应为 true 或 false")
        return value
    if isinstance(default, int):
        return int(_number(value, where))
    return _number(value, where)


__all__ = [
    "DEFAULT",
    "CapBand",
    "ProfileError",
    "Settings",
    "builtin_profiles",
    "load_profile_file",
    "resolve_profile",
]
