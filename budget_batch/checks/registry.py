"""The check registry: each check is a small function registered with the codes it may emit.

A check reads the model and yields findings; it never raises to the caller. A check that
breaks becomes a CHECK_FAILED finding and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import catalogue as C
from ..findings import Finding
from ..model import WorkbookModel
from ..settings import Settings

CheckFunc = Callable[[WorkbookModel, Settings], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    codes: tuple[C.Code, ...]
    func: CheckFunc


REGISTRY: list[Check] = []


def check(*codes: C.Code) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function that may emit `codes`."""

    def register(func: CheckFunc) -> CheckFunc:
        REGISTRY.append(Check(func.__name__, codes, func))
        return func

    return register


def run_checks(model: WorkbookModel, settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    for chk in REGISTRY:
        try:
            findings.extend(chk.func(model, settings))
        except Exception as exc:  # a broken check is a finding, never a crash
            findings.append(
                C.CHECK_FAILED.finding(
                    "",
                    "",
                    f"本工具的检查「{chk.name}」处理本工作簿时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
                    "该项检查的结果缺失，其余检查照常进行。请把工作簿反馈给技术支持。",
                )
            )
    return findings
