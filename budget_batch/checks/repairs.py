"""Repairs: the values the localizer fitted to the cells it blamed, an overlay over the model.

A mistyped figure is one error, on that figure (checks.md, "Blame"). The other checks then read
each blamed cell as the value that fits, so that the typo's consequences (over budget, a large
change left unexplained …) are not reported on top of it; real ones still are. They read it
here, never from the model, which nothing writes once the reader has built it:

    fit = repairs()                    # this run's overlay (empty outside `run_checks`)
    actual = fit.num(row, "actual")    # the fitted value if the cell was blamed, else the cell's
    message = fit.premise(row, "actual", "budget_final") + f"{row.label}全年执行数 …"

A finding computed on a repaired value says so: `premise` is the condition it rests on, which
opens its message (若上年数按推算为 3.43（表中为空，见 C20 的错误），则……), and "" when none of
the named cells was repaired. Values derived under repairs (a scorecard) are kept in the
overlay's `cache`, apart from the model's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Document, Row
from .relations import CellId, Ref


@dataclass(frozen=True, slots=True)
class Repair:
    """One blamed cell and the value that fits every relation it is in."""

    value: float
    sheet: str
    cell: str  # A1: where the blamed cell's own error is reported
    label: str  # the row as a message names it: 「5.1 因公出国（境）费」
    header: str  # the column as the sheet names it: 上年数, 全年执行数, 调整后预算数 …
    shown: str  # the value as a message writes it: 3.43, 95.20%
    stated: str  # what the cell holds, written the same way; "" when it is empty


@dataclass(frozen=True)
class Repairs:
    """The repairs of one run of the checks, by cell (sheet, row, column key)."""

    fitted: Mapping[CellId, Repair] = field(default_factory=dict)
    #: Values derived from the model under these repairs (a scorecard): never the model's own.
    _derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, blamed: Mapping[CellId, tuple[Ref, Decimal]]) -> Repairs:
        """The localizer's blamed cells (`arithmetic.Blamed`) with the values that fit."""
        from .arithmetic import shown_as  # arithmetic's formatting, without an import circle

        fitted = {}
        for cell, (ref, value) in blamed.items():
            row, form = ref.row, shown_as(ref)
            held = row.num(ref.key)
            text = row.text(ref.key)
            fitted[cell] = Repair(
                float(value),
                row.sheet,
                row.ref(ref.key),
                row.label,
                ref.header,
                form(value),
                form(held) if held is not None else f"“{text}”" if text else "",
            )
        return cls(fitted)

    def __post_init__(self) -> None:
        if not self.fitted:  # nothing repaired: `num` is the model's own (checks call it a lot)
            object.__setattr__(self, "num", Row.num)

    def __bool__(self) -> bool:
        return bool(self.fitted)

    def get(self, row: Row, key: str) -> Repair | None:
        """The repair of `row`'s cell `key`, if it was blamed."""
        return self.fitted.get((row.sheet, row.index, key)) if self.fitted else None

    def num(self, row: Row, key: str) -> float | None:
        """The cell's number: the fitted value when the cell was blamed, else what it holds."""
        repair = self.fitted.get((row.sheet, row.index, key))
        return repair.value if repair is not None else row.num(key)

    def premise(self, row: Row, *keys: str, also: Iterable[tuple[Row, str]] = ()) -> str:
        """若…按推算为…，则: the condition a finding on `row`, computed from its cells `keys` and
        from the cells `also` of other rows (named with their row), rests on; "" when it rests on
        no repair. It opens the finding's message."""
        if not self.fitted:
            return ""
        return self._premise(row.sheet, [(row, key) for key in keys], also, row)

    def premise_on(self, sheet: str, cells: Iterable[tuple[Row, str]]) -> str:
        """As `premise`, for a finding on `sheet` that is not on a row (基本信息's 自评得分)."""
        if not self.fitted:
            return ""
        return self._premise(sheet, [], cells, None)

    def _premise(
        self,
        sheet: str,
        own: list[tuple[Row, str]],
        also: Iterable[tuple[Row, str]],
        row: Row | None,
    ) -> str:
        said: list[str] = []
        for other, key in (*own, *also):
            repair = self.get(other, key)
            if repair is not None:
                said.append(_condition(repair, sheet, named=other is not row))
        return f"若{'、'.join(dict.fromkeys(said))}，则" if said else ""

    def cache(self, model: Document) -> dict[str, object]:
        """Where values derived from the model are kept: the model's own cache when nothing was
        repaired (they are the model's), else this overlay's."""
        return self._derived if self.fitted else model.derived


def _condition(repair: Repair, sheet: str, named: bool) -> str:
    """上年数按推算为 3.43（表中为空，见 C20 的错误）, naming the row when it is not the finding's
    and the sheet when it is another."""
    held = f"表中为 {repair.stated}" if repair.stated else "表中为空"
    where = repair.cell if repair.sheet == sheet else f"{repair.sheet}!{repair.cell}"
    return (
        f"{repair.label if named else ''}{repair.header}按推算为 {repair.shown}"
        f"（{held}，见 {where} 的错误）"
    )


NONE = Repairs()
_CURRENT: ContextVar[Repairs] = ContextVar("repairs", default=NONE)


def repairs() -> Repairs:
    """The repairs the checks now running consult (none outside `run_checks`)."""
    return _CURRENT.get()


@contextmanager
def consulted(fit: Repairs) -> Iterator[Repairs]:
    """Make `fit` the repairs the checks consult for as long as the block runs."""
    token = _CURRENT.set(fit)
    try:
        yield fit
    finally:
        _CURRENT.reset(token)
