"""What the model of every kind of document shares: where it came from, its sheets (a workbook's;
none for a Word report), the rows and columns a user hid, and values derived once from it.

Each kind of document (our template, an official form, a scoring table, …) has a model of its own
that extends `Document`; the checks are registered on the model type they read, and the pipeline
never asks which kind it holds (kinds/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Table


@dataclass
class Document:
    path: Path
    sheet_names: list[str]  # every sheet in workbook order
    #: Hidden rows and columns by sheet name: data like any other, but a finding on one says so.
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)
    hidden_cols: dict[str, set[int]] = field(default_factory=dict)
    #: Values derived once from the model (e.g. the scorecard), keyed by what derived them.
    derived: dict[str, object] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The document's kind as report.json names it (interface.md, version 3)."""
        raise NotImplementedError

    @property
    def unit(self) -> str:
        """The money unit the relations' tolerances are in (万元 or 元)."""
        return "万元"

    @property
    def profile_name(self) -> str:
        """The scoring profile the document names ('' for the default)."""
        return ""

    @property
    def department(self) -> str:
        return ""

    @property
    def year(self) -> int | None:
        return None

    def keyed_tables(self) -> list[Table]:
        """The tables whose rows name a finding in words that survive a resubmission (the key
        of its row, the header of its column: finding_keys.py)."""
        return []

    def cell_name(self, sheet: str, ref: str) -> str | None:
        """The name of a cell outside those tables that has one (a field's label), or its own
        address where nothing better survives a resubmission; None: look in the tables."""
        return None
