"""The few DataFrame operations 批量汇总's writers use, over plain records, for a batch of one
workbook: there is nothing to rank or to group, and importing pandas (about 0.3 s of CPU, more
than checking and writing the workbook) would be most of what the user waits for.

`Rows` answers as a DataFrame of the same records does for what the writers ask (`len`,
`empty`, a column, `to_dict("records")`, `itertuples`, `dropna`, `sort_values`, `iloc`,
`reset_index`), missing values as None where pandas has NaN or NA (`cell_value` makes both
None). tests/test_batch_rows.py writes 批量汇总 of one workbook both ways and compares them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

#: A table the writers are given: a pandas DataFrame (a batch of workbooks) or `Rows` (one).
Frame = Any


def missing(value: Any) -> bool:
    """None or NaN (pandas' missing values, as records hold them)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


class Column:
    """One column's values, with the vectorised operations the writers use."""

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = list(values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def dropna(self) -> Column:
        return Column(v for v in self.values if not missing(v))

    def notna(self) -> Column:
        return Column(not missing(v) for v in self.values)

    def __ge__(self, other: Any) -> Column:
        return Column(v >= other for v in self.values)

    def __lt__(self, other: Any) -> Column:
        return Column(v < other for v in self.values)

    def __and__(self, other: Column) -> Column:
        return Column(a and b for a, b in zip(self.values, other.values, strict=True))

    def sum(self) -> Any:
        return sum(self.values)


class Rows:
    """Records with named columns (see the module's docstring)."""

    def __init__(self, records: Iterable[dict[str, Any]], columns: Iterable[str]) -> None:
        self.columns = list(columns)
        self._records: list[dict[str, Any]] = [{c: r.get(c) for c in self.columns} for r in records]

    def __len__(self) -> int:
        return len(self._records)

    @property
    def empty(self) -> bool:
        return not self._records

    def __getitem__(self, column: str) -> Column:
        return Column(r[column] for r in self._records)

    def to_dict(self, orient: str = "records") -> list[dict[str, Any]]:
        if orient != "records":
            raise ValueError(orient)
        return [dict(r) for r in self._records]

    def itertuples(self, index: bool = False) -> Iterator[tuple[Any, ...]]:
        if index:
            raise ValueError("no index")
        return (tuple(r[c] for c in self.columns) for r in self._records)

    def dropna(self, subset: Sequence[str]) -> Rows:
        return Rows(
            (r for r in self._records if not any(missing(r[c]) for c in subset)), self.columns
        )

    def sort_values(
        self, by: str, ascending: bool = True, kind: str = "stable", na_position: str = "last"
    ) -> Rows:
        """Stable; missing values last (as pandas' `na_position="last"`, `kind="stable"`)."""
        if kind != "stable" or na_position != "last":
            raise ValueError((kind, na_position))
        present = [r for r in self._records if not missing(r[by])]
        absent = [r for r in self._records if missing(r[by])]
        present.sort(key=lambda r: r[by], reverse=not ascending)
        return Rows([*present, *absent], self.columns)

    def reset_index(self, drop: bool = True) -> Rows:
        if not drop:
            raise ValueError("no index")
        return self

    @property
    def iloc(self) -> _Positions:
        return _Positions(self)


class _Positions:
    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def __getitem__(self, part: slice) -> Rows:
        return Rows(self.rows.to_dict()[part], self.rows.columns)
