"""The check registry: each check is a small function registered with the codes it may emit.

A check reads the model and yields findings. An arithmetic check instead yields the relations
it tests (`relations.py`): they are confronted together, and the localizer blames the cells
that are wrong (`arithmetic.py`). A check that breaks becomes a CHECK_FAILED finding and the
others still run.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import catalogue as C
from ..findings import Finding
from ..model import Document
from ..refs import split_ref
from ..settings import Settings
from .arithmetic import relation_findings
from .loading import check_order, load_for
from .relations import Relation
from .repairs import NONE, Repairs, consulted

# A check reads one kind's model (its `on` type); typed loosely here, precisely where it is defined.
CheckFunc = Callable[[Any, Settings], Iterable[Finding]]
RelationFunc = Callable[[Any, Settings], Iterable[Relation]]


@dataclass(frozen=True)
class Check:
    name: str
    codes: tuple[C.Code, ...]
    func: CheckFunc
    on: type[Document]  # the model it reads: run on documents of this type only


@dataclass(frozen=True)
class RelationCheck:
    name: str
    codes: tuple[C.Code, ...]
    func: RelationFunc
    on: type[Document]


F = TypeVar("F", bound=Callable[..., Any])

REGISTRY: list[Check] = []
RELATIONS: list[RelationCheck] = []


def _order(c: Check | RelationCheck) -> int:
    return check_order(c.func)


def relations(*codes: C.Code, on: type[Document]) -> Callable[[F], F]:
    """Register an arithmetic check on models of type `on`: a function yielding the relations it
    tests, whose failures may be reported with `codes`."""

    def register(func: F) -> F:
        insort(RELATIONS, RelationCheck(func.__name__, codes, func, on), key=_order)
        return func

    return register


def check(*codes: C.Code, on: type[Document]) -> Callable[[F], F]:
    """Register a check function on models of type `on` that may emit `codes`."""

    def register(func: F) -> F:
        insort(REGISTRY, Check(func.__name__, codes, func, on), key=_order)
        return func

    return register


def run_checks(model: Document, settings: Settings) -> list[Finding]:
    """Relations first: the cells they blame are then read as the values that fit while the
    other checks run (`repairs.Repairs`, an overlay: the model is not written), so that a
    mistyped figure's consequences (over budget, a large change left unexplained …) are not
    reported on top of it; real ones still are, and say that they rest on the repair."""
    load_for(model)  # the modules of checks on this model's type, imported once
    findings: list[Finding] = []
    tested: list[Relation] = []
    for rel in RELATIONS:
        if not isinstance(model, rel.on):
            continue
        try:
            tested.extend(rel.func(model, settings))
        except Exception as exc:  # a broken check is a finding, never a crash
            findings.append(_failed(rel.name, exc))
    fit, in_doubt = NONE, set[tuple[str, int]]()
    try:
        found, blamed, in_doubt = relation_findings(tested, model.unit)
        findings.extend(found)
        fit = Repairs.of(blamed)
    except Exception as exc:
        findings.append(_failed("relations", exc))
    with consulted(fit):
        for chk in REGISTRY:
            if not isinstance(model, chk.on):
                continue
            try:
                findings.extend(
                    f
                    for f in chk.func(model, settings)
                    if not (f.code in ROW_CONSEQUENCES and _row_of(f) in in_doubt)
                )
            except Exception as exc:
                findings.append(_failed(chk.name, exc))
    return findings


#: What the other checks say of a row from its own figures: when one of those figures may be
#: the wrong one (a relation of the row failed and nobody could be blamed), saying it again
#: would only repeat the relation's finding, which names the candidates.
ROW_CONSEQUENCES = frozenset(
    {
        "EXEC_OVER_BUDGET",
        "EXEC_RATE_LOW",
        "BUDGET_ADJUST_LARGE",
        "YOY_UNEXPLAINED",
        "NEGATIVE_AMOUNT",
        "SANGONG_INCREASE",
    }
)


def _row_of(f: Finding) -> tuple[str, int]:
    return f.sheet, split_ref(f.cell)[0]


def _failed(name: str, exc: Exception) -> Finding:
    return C.CHECK_FAILED.finding(
        "",
        "",
        f"本工具的检查「{name}」处理本工作簿时出错（{type(exc).__name__}: {exc}），不是工作簿的问题；"
        "该项检查的结果缺失，其余检查照常进行。请把工作簿反馈给技术支持。",
    )
