"""An OPC package (the zip of an .xlsx, an .xlsm or a .docx): its members read with the faults
named (`Source`), its main part found through its relationships, names for new parts, and the
limits an honest package stays within, checked from the zip's directory before anything is
inflated (the caller words the refusal: `excess`, `declares_doctype`)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from .faults import file_faults
from .relationships import Rels

CHUNK = 1 << 20
MB = 1024 * 1024
PROLOG_BYTES = 4096  # a DOCTYPE can only sit in the prolog, before the root element


class Source:
    """A package open for reading members (every read says which part was bad)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zip = zf
        self.infos = zf.infolist()
        self.names = {i.filename for i in self.infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str, what: str | None = None) -> bytes:
        """A member's bytes; a fault in them is named as `what` (default: the member)."""
        with file_faults(what or name):
            return self.zip.read(name)

    def read_if(self, name: str, what: str | None = None) -> bytes | None:
        return self.read(name, what) if name in self.names else None

    def chunks(self, name: str) -> Iterator[bytes]:
        """A member's uncompressed bytes, a megabyte at a time."""
        with file_faults(name), self.zip.open(name) as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    def head(self, name: str, size: int = 1 << 16) -> bytes:
        with file_faults(name), self.zip.open(name) as fh:
            return fh.read(size)

    def size(self, name: str) -> int:
        """A member's uncompressed size (0 when there is none)."""
        return next((i.file_size for i in self.infos if i.filename == name), 0)

    def main_part(self, conventional: str, what: str | None = None) -> str:
        """The package's main part (its `officeDocument` relationship, when that part is there);
        else the `conventional` name, as readers of a package without one assume."""
        rels = Rels("", self.read_if("_rels/.rels", what), what)
        found = [r.target for r in rels.of_type("officeDocument") if self.has(r.target)]
        return found[0] if found else conventional


class PartNames:
    """Names for new parts, never one the package has or any relationship points at (OPC part
    names are case-insensitive; a dangling relationship must not come to point at our part)."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = {n.casefold() for n in taken}

    def new(self, pattern: str, first: str | None = None) -> str:
        """`first` when it is free, else `pattern` numbered from 1."""
        if first is not None and first.casefold() not in self._taken:
            self._taken.add(first.casefold())
            return first
        n = 1
        while (name := pattern.format(n)).casefold() in self._taken:
            n += 1
        self._taken.add(name.casefold())
        return name


# -- limits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageLimits:
    """What an honest package stays within. A 100,000-project workbook is ~60 MB of XML at a
    ratio of ~10; a compressed bomb is gigabytes at ratios in the hundreds or thousands."""

    max_total_mb: int = 1024  # uncompressed, all parts together
    max_part_mb: int = 512  # uncompressed, one part
    max_ratio: float = 100.0  # uncompressed / compressed, for parts over `ratio_floor_mb`
    ratio_floor_mb: int = 1
    max_entries: int = 10_000


LIMITS = PackageLimits()


@dataclass(frozen=True)
class Excess:
    """The first limit a package goes over."""

    kind: str  # "entries", "part" (its size), "ratio" (its compression ratio), "total"
    value: float  # the count, the size in bytes, or the ratio
    part: str = ""


def excess(infos: list[zipfile.ZipInfo], limits: PackageLimits = LIMITS) -> Excess | None:
    """The first of `limits` the package's directory says it exceeds; None when within them."""
    if len(infos) > limits.max_entries:
        return Excess("entries", len(infos))
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.max_part_mb * MB:
            return Excess("part", size, info.filename)
        if size > limits.ratio_floor_mb * MB and size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            return Excess("ratio", size / max(info.compress_size, 1), info.filename)
    if total > limits.max_total_mb * MB:
        return Excess("total", total)
    return None


def declares_doctype(zf: zipfile.ZipFile, suffixes: tuple[str, ...]) -> bool:
    """Whether a member named with one of `suffixes` declares a document type or an entity in
    its prolog (Office never writes one: it is an entity attack, XXE or billion laughs)."""
    for info in zf.infolist():
        if not info.filename.endswith(suffixes):
            continue
        with file_faults(info.filename), zf.open(info) as fh:
            head = fh.read(PROLOG_BYTES)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            return True
    return False
