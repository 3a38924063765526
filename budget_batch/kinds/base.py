"""A kind of document as a plug-in (aesthetics.md, practice 12): how it is recognised, read,
checked and described for the summaries (its 汇总 writer is chosen by its report.json kind in
write/our_sheets.py).

The pipeline and the batch only ever talk to this interface. A kind's reader lives in read/, the
checks on its model in checks/ (registered with `on=` its model type), its 汇总 writer in write/;
the kind binds them. Adding a kind is one module here and one entry in `kinds.KINDS`.
"""

from __future__ import annotations

from ..model import Document
from ..read.recognition import Fit
from ..read.sheet_source import ReadResult, SheetSource
from ..result import WorkbookResult
from ..settings import Settings


class DocumentKind:
    #: How the kind is known in code, and how an end screen names it to a user.
    name: str = ""
    title: str = ""
    #: The kinds report.json gives the documents this kind reads (Document.kind).
    json_kinds: tuple[str, ...] = ()
    #: How a user reads each of its report.json kinds, where one kind reads several.
    titles: dict[str, str] = {}
    #: A report draft (.docx) is written for it (our template only).
    draft: bool = False
    #: Its annotated copy is written (`<stem>_审核.xlsx`; a Word report's `<stem>_审核.docx`).
    annotated: bool = True

    def title_of(self, json_kind: str) -> str:
        """What the end screen calls a document of this report.json kind."""
        return self.titles.get(json_kind, self.title)

    def fit(self, source: SheetSource) -> Fit:
        """How well the workbook's content fits this kind (0: not at all)."""
        raise NotImplementedError

    def read(self, source: SheetSource) -> ReadResult:
        raise NotImplementedError

    def describe(self, result: WorkbookResult, model: Document, settings: Settings) -> None:
        """Fill what the summaries show of the document (department, year, score, figures, the
        figures other documents are compared with) once its findings are in `result`."""
        raise NotImplementedError
