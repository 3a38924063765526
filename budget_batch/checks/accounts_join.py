"""A 部门决算 whose tables came in several files is one 决算: joined here, in the parent, from the
figures each file's result carries (`result.stated`, accounts_figures.accounts_stated).

A whole set (T1 and most of the others in one workbook) is its own 决算; its identities ran in
its worker. Files holding fewer tables are parts: the parts of one folder that name the same
department and year (or name none, beside parts that do) are joined, and the identities whose
figures lie in different files of the join are tested here (ACCOUNTS_MISMATCH on each file,
naming the other's cell); a standard table none of the parts holds is ACCOUNTS_TABLE_MISSING on
the part holding T1 (else the first). The links to the 自评 (accounts_links) take a joined 决算
as one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from .. import catalogue as C
from ..accounts_schema import FUNDS, T6_SANGONG, TABLE_IDS, TITLES
from ..decimals import amount
from ..departments import department_key, same_department
from ..links import Stated
from ..result import WorkbookResult
from ..settings import Settings
from .accounts_cross import EMPTY_FUNDS, identities, missing_table
from .accounts_figures import tolerance
from .across import Outcome, across, file_name
from .check_helpers import dec

TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001")}


@dataclass
class AccountsSet:
    """One 决算: its files, and its figures by name with the file each is in."""

    results: list[WorkbookResult]
    figures: dict[str, tuple[str, Stated]] = field(default_factory=dict)

    @cached_property
    def department(self) -> str:
        named = Counter(r.department for r in self.results if r.department)
        return named.most_common(1)[0][0] if named else ""

    @cached_property
    def year(self) -> int | None:
        years = Counter(r.year for r in self.results if r.year is not None)
        return years.most_common(1)[0][0] if years else None

    @property
    def files(self) -> list[str]:
        return [r.file for r in self.results]

    def get(self, name: str) -> tuple[str, Stated] | None:
        return self.figures.get(name)


def wan(stated: Stated) -> Decimal:
    """The figure in 万元."""
    return dec(stated.value) * TO_WAN.get(stated.unit, Decimal(1))


def _whole(result: WorkbookResult) -> bool:
    tables = [n for n in result.stated if n.startswith("表.")]
    return "表.T1" in result.stated and len(tables) >= 5


def accounts_sets(results: Sequence[WorkbookResult]) -> list[AccountsSet]:
    """Every 决算 of the batch: whole workbooks, and the parts of each folder joined."""
    accounts = [r for r in results if r.kind == "final_accounts" and r.status == "checked"]
    sets = [AccountsSet([r]) for r in accounts if _whole(r)]
    folders: dict[Path, list[WorkbookResult]] = defaultdict(list)
    for r in accounts:
        if not _whole(r):
            folders[Path(r.file).parent].append(r)
    for parts in folders.values():
        sets.extend(AccountsSet(group) for group in _groups(parts))
    for s in sets:
        for r in s.results:
            for name, stated in r.stated.items():
                s.figures.setdefault(name, (r.file, stated))
    return sets


def _groups(parts: list[WorkbookResult]) -> list[list[WorkbookResult]]:
    """The parts of one folder by the department and year they print; the parts that print
    neither join the one group that does (or form one group when none does)."""
    groups: list[list[WorkbookResult]] = []
    unnamed = []
    for r in parts:
        if not r.department:
            unnamed.append(r)
            continue
        for g in groups:
            if same_department(g[0].department, r.department) and g[0].year in (r.year, None):
                g.append(r)
                break
        else:
            groups.append([r])
    if unnamed and len(groups) <= 1:
        if groups:
            groups[0].extend(unnamed)
        else:
            groups.append(unnamed)
    else:
        groups.extend([r] for r in unnamed)
    return groups


@across(C.ACCOUNTS_MISMATCH, C.ACCOUNTS_TABLE_MISSING)
def accounts_joined(results: Sequence[WorkbookResult], settings: Settings) -> Outcome:
    outcome = Outcome()
    for s in accounts_sets(results):
        if len(s.results) > 1:
            _identities(s, settings, outcome)
            _empty_and_sangong(s, settings, outcome)
        if not _whole(s.results[0]) or len(s.results) > 1:
            _missing(s, outcome)
    return outcome


def _identities(s: AccountsSet, settings: Settings, outcome: Outcome) -> None:
    for _xid, left, rights in identities(set(s.figures)):
        there = s.get(left)
        parts = [s.get(r) for r in rights]
        if there is None or any(p is None for p in parts):
            continue
        found = [p for p in parts if p is not None]
        if {f for f, _ in found} <= {there[0]}:
            continue  # all in one file: tested in its worker
        diff = wan(there[1]) - sum((wan(p) for _, p in found), Decimal(0))
        if abs(diff) <= tolerance(settings, "万元", len(found)):
            continue
        others = "、".join(f"{file_name(f)} {p.sheet}!{p.cell}「{p.label}」" for f, p in found)
        total = sum((wan(p) for _, p in found), Decimal(0))
        _both(outcome, there, found, diff, total, others)


def _both(
    outcome: Outcome,
    there: tuple[str, Stated],
    found: list[tuple[str, Stated]],
    diff: Decimal,
    total: Decimal,
    others: str,
) -> None:
    file, stated = there
    outcome.findings[file].append(
        C.ACCOUNTS_MISMATCH.finding(
            stated.sheet,
            stated.cell,
            f"{stated.label} {amount(wan(stated))} 万元，与同一决算另一文件中的{others}"
            f"（{amount(total)} 万元）不一致，相差 {amount(diff)} 万元。请核对两表，按决算软件导出的原表改正。",
            stated=float(wan(stated)),
            computed=float(total),
        )
    )
    for other_file, other in found:
        outcome.findings[other_file].append(
            C.ACCOUNTS_MISMATCH.finding(
                other.sheet,
                other.cell,
                f"{other.label} {amount(wan(other))} 万元，与同一决算另一文件"
                f"（{file_name(file)} {stated.sheet}!{stated.cell}「{stated.label}」 {amount(wan(stated))} 万元）"
                f"不一致，相差 {amount(-diff)} 万元。请核对两表，按决算软件导出的原表改正。",
                stated=float(wan(other)),
                computed=float(wan(stated)),
            )
        )


def _empty_and_sangong(s: AccountsSet, settings: Settings, outcome: Outcome) -> None:
    """X8 and X9 when the tables they compare are in different files."""
    for table_id, fund in EMPTY_FUNDS.items():
        table = s.get(f"表.{table_id}")
        if table is None or table[1].value:
            continue
        for name in (fund, f"spending_total.{fund}", f"carry_in.{fund}", f"carry_out.{fund}"):
            t4 = s.get(f"T4.{name}")
            if t4 is not None and t4[1].value and t4[0] != table[0]:
                file, stated = t4
                outcome.findings[file].append(
                    C.ACCOUNTS_MISMATCH.finding(
                        stated.sheet,
                        stated.cell,
                        f"{stated.label} {amount(stated.value)}，但同一决算的{TITLES[table_id]}"
                        f"（{file_name(table[0])}）中没有数据；有{FUNDS[fund]}收支的，该表应列出。",
                        stated=stated.value,
                        computed=0.0,
                    )
                )
                break
    t7 = s.get("表.T7")
    for code, item in T6_SANGONG.items():
        part, whole = s.get(f"T6.{code}"), s.get(f"T7.{item}.actual")
        if part is None or t7 is None or (whole is None and t7[1].value):
            continue
        limit = wan(whole[1]) if whole is not None else Decimal(0)
        if (whole or t7)[0] == part[0] or wan(part[1]) <= limit + tolerance(settings, "万元", 1):
            continue
        file, stated = part
        where = (
            f"{file_name(whole[0])} {whole[1].sheet}!{whole[1].cell}" if whole else file_name(t7[0])
        )
        outcome.findings[file].append(
            C.ACCOUNTS_MISMATCH.finding(
                stated.sheet,
                stated.cell,
                f"{stated.label} {amount(wan(stated))} 万元，大于同一决算“三公”经费表（{where}）的决算数 "
                f"{amount(limit)} 万元；基本支出中的这一项是财政拨款“三公”经费的一部分，不能更多。请核对两表。",
                stated=float(wan(stated)),
                computed=float(limit),
            )
        )


def _missing(s: AccountsSet, outcome: Outcome) -> None:
    present = sorted(n.removeprefix("表.") for n in s.figures if n.startswith("表."))
    head = s.get("表.T1")
    file = head[0] if head is not None else s.files[0]
    for table_id in TABLE_IDS:
        if table_id not in present and f"说明.{table_id}" not in s.figures:
            outcome.findings[file].append(missing_table(table_id, present))


def accounts_key(s: AccountsSet) -> str:
    return department_key(s.department)
