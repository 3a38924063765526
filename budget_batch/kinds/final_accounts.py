"""The 部门决算 (final-accounts.md): a department's audited final accounts, nine standard tables
in one workbook or one file per table, recognised by their titles."""

from __future__ import annotations

from ..accounts_model import AccountsModel
from ..checks.accounts_figures import accounts_stated
from ..model import Document
from ..read.accounts_reader import accounts_fit, read_accounts
from ..read.recognition import Fit
from ..read.sheet_source import ReadResult, SheetSource
from ..result import WorkbookResult
from ..settings import Settings
from .base import DocumentKind


class FinalAccountsKind(DocumentKind):
    name = "final_accounts"
    title = "部门决算"
    json_kinds = ("final_accounts",)

    def fit(self, source: SheetSource) -> Fit:
        return accounts_fit(source)

    def read(self, source: SheetSource) -> ReadResult:
        return read_accounts(source)

    def describe(self, result: WorkbookResult, model: Document, settings: Settings) -> None:
        """Its figures by name (result.stated): what the summaries show, what the 自评 of the
        same department and year is compared with, and what joins a 决算 split over files."""
        assert isinstance(model, AccountsModel)
        result.stated.update(accounts_stated(model))


FINAL_ACCOUNTS = FinalAccountsKind()
