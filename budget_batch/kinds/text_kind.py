"""A kind of document read from a Word file (a TextSource) instead of a workbook (a SheetSource).

`kinds.read_document` picks the source by the file's format; a workbook is offered to the
spreadsheet kinds only, a Word document to the text kinds only. A text kind is still a
`DocumentKind` (the pipeline, the batch and the end screen talk to it alike): a workbook never
fits it."""

from __future__ import annotations

from ..read.recognition import Fit
from ..read.sheet_source import ReadResult, SheetSource
from ..read.text_source import TextSource
from .base import DocumentKind


class TextKind(DocumentKind):
    def fit(self, source: SheetSource) -> Fit:
        return Fit()  # a workbook is never a Word document

    def read(self, source: SheetSource) -> ReadResult:
        raise NotImplementedError("a text kind reads a TextSource (read_text)")

    def fit_text(self, source: TextSource) -> Fit:
        raise NotImplementedError

    def read_text(self, source: TextSource) -> ReadResult:
        raise NotImplementedError
