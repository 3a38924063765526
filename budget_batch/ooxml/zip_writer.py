"""A minimal zip writer for patched packages: members we do not touch are copied as their
compressed bytes (no inflate-deflate round trip, so the copy costs a read and a CRC check);
members we change or add are deflated here.

Python's zipfile can only write a member from its uncompressed bytes, which would spend most of
a large workbook's copy time re-compressing parts that did not change. The format written is
plain PKZIP 2.0 (no zip64: the package limits keep every part and offset far below 4 GB), the
same that Excel writes.

A copied member is verified while it is copied (inflated to check its size and CRC-32): a
member damaged in the input is refused (`Unreadable`), never passed on as a broken copy.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import BinaryIO, Protocol
from zipfile import ZipInfo

from .faults import DAMAGED, Unreadable
from .package import Source

LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
END = struct.Struct("<IHHHHIIH")
LOCAL_SIG, CENTRAL_SIG, END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
UTF8_NAMES = 0x800
STORED, DEFLATED = 0, 8
VERSION = 20
CHUNK = 1 << 20
GATHER = 1 << 18
LIMIT = 0xFFFFFFFF
#: Timestamp of new members (1980-01-01 00:00, as Excel writes): the same input gives the same
#: bytes out.
DOS_EPOCH = (0, (0 << 9) | (1 << 5) | 1)


@dataclass(frozen=True)
class Compressed:
    """A member's deflated bytes with what the directory needs to know about them."""

    data: bytes
    crc: int
    size: int


class Sink(Protocol):
    """Where a part goes as it is made: written a piece at a time, and started over."""

    def write(self, data: bytes | memoryview, /) -> None: ...

    def restart(self) -> None: ...


class Deflater:
    """Deflate a member incrementally (a large patched sheet never exists uncompressed); small
    writes are gathered and compressed a quarter megabyte at a time."""

    def __init__(self, level: int = 6) -> None:
        self._level = level
        self.restart()

    def restart(self) -> None:
        """Forget everything written so far."""
        self._z = zlib.compressobj(self._level, zlib.DEFLATED, -15)
        self._parts: list[bytes] = []
        self._pending = bytearray()
        self.crc = 0
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        self._pending += data
        if len(self._pending) >= GATHER:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.crc = zlib.crc32(self._pending, self.crc)
            self.size += len(self._pending)
            self._parts.append(self._z.compress(self._pending))
            self._pending = bytearray()

    def finish(self) -> Compressed:
        self._flush()
        self._parts.append(self._z.flush())
        return Compressed(b"".join(self._parts), self.crc, self.size)


def deflate(data: bytes, level: int = 6) -> Compressed:
    d = Deflater(level)
    d.write(data)
    return d.finish()


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    csize: int
    usize: int
    offset: int


class ZipOut:
    """Write members one after another, then the central directory on `close()`."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._entries: list[_Entry] = []
        self._offset = 0

    def _member(
        self,
        name: str,
        method: int,
        crc: int,
        csize: int,
        usize: int,
        chunks: Iterable[bytes],
        stamp: tuple[int, int] = DOS_EPOCH,
    ) -> None:
        if max(csize, usize, self._offset) >= LIMIT or len(self._entries) >= 0xFFFF:
            raise ValueError("package too large for a plain zip (the package limits prevent it)")
        encoded = name.encode("utf-8")
        flags = UTF8_NAMES if not name.isascii() else 0
        time, date = stamp
        header = LOCAL.pack(
            LOCAL_SIG, VERSION, flags, method, time, date, crc, csize, usize, len(encoded), 0
        )
        self._fh.write(header)
        self._fh.write(encoded)
        for chunk in chunks:
            self._fh.write(chunk)
        entry = _Entry(encoded, flags, method, time, date, crc, csize, usize, self._offset)
        self._entries.append(entry)
        self._offset += len(header) + len(encoded) + csize

    def add(self, name: str, member: Compressed, stamp: tuple[int, int] = DOS_EPOCH) -> None:
        """A member whose deflated bytes are ready."""
        self._member(
            name, DEFLATED, member.crc, len(member.data), member.size, [member.data], stamp
        )

    def write(self, name: str, data: bytes, stamp: tuple[int, int] = DOS_EPOCH) -> None:
        self.add(name, deflate(data), stamp)

    def copy(self, src: BinaryIO, info: ZipInfo) -> None:
        """Copy a member of the zip open as `src` without re-compressing it, checking its CRC."""
        if info.flag_bits & 0x1:
            raise Unreadable(DAMAGED.format(f"{info.filename} 已加密"))
        if info.compress_type not in (STORED, DEFLATED):
            raise NotImplementedError(info.compress_type)  # the caller re-deflates it
        src.seek(info.header_offset)
        head = src.read(LOCAL.size)
        if len(head) < LOCAL.size or LOCAL.unpack(head)[0] != LOCAL_SIG:
            raise Unreadable(DAMAGED.format(f"{info.filename} 的文件头损坏"))
        fields = LOCAL.unpack(head)
        src.seek(fields[9] + fields[10], 1)  # skip the local name and extra field
        chunks = _verified(src, info)
        stamp = dos_stamp(info.date_time)
        self._member(
            info.filename,
            info.compress_type,
            info.CRC,
            info.compress_size,
            info.file_size,
            chunks,
            stamp,
        )

    def close(self) -> None:
        start = self._offset
        for e in self._entries:
            self._fh.write(
                CENTRAL.pack(
                    CENTRAL_SIG,
                    VERSION,
                    VERSION,
                    e.flags,
                    e.method,
                    e.time,
                    e.date,
                    e.crc,
                    e.csize,
                    e.usize,
                    len(e.name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    e.offset,
                )
            )
            self._fh.write(e.name)
        size = sum(CENTRAL.size + len(e.name) for e in self._entries)
        n = len(self._entries)
        self._fh.write(END.pack(END_SIG, 0, 0, n, n, size, start, 0))


def _verified(src: BinaryIO, info: ZipInfo) -> Iterable[bytes]:
    """The member's compressed bytes, in chunks; raises Unreadable at the end if they do not
    inflate to the size and CRC the directory states."""
    remaining = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == DEFLATED else None
    crc = size = 0
    try:
        while remaining > 0:
            chunk = src.read(min(CHUNK, remaining))
            if not chunk:
                raise Unreadable(DAMAGED.format(f"{info.filename} 不完整"))
            remaining -= len(chunk)
            plain = inflater.decompress(chunk) if inflater is not None else chunk
            crc = zlib.crc32(plain, crc)
            size += len(plain)
            yield chunk
        if inflater is not None:
            tail = inflater.flush()
            crc, size = zlib.crc32(tail, crc), size + len(tail)
            if not inflater.eof:
                raise Unreadable(DAMAGED.format(f"{info.filename} 的压缩数据不完整"))
    except zlib.error as exc:
        raise Unreadable(DAMAGED.format(f"{info.filename} 的压缩数据已损坏")) from exc
    if crc != info.CRC or size != info.file_size:
        raise Unreadable(DAMAGED.format(f"{info.filename} 的校验和不符"))


def dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    year = min(max(year, 1980), 2107)
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    return time, date


def rewrite(
    src: Source,
    raw: BinaryIO,
    fh: BinaryIO,
    replaced: Mapping[str, bytes | Compressed],
    added: Mapping[str, bytes] | None = None,
    removed: Set[str] = frozenset(),
) -> None:
    """Write the package `src` (its file open as `raw`) to `fh`: every member copied as its
    compressed bytes, in order, except those `replaced` (written once each, in their place, with
    their timestamps) and those `removed`; then those `added`."""
    out = ZipOut(fh)
    written: set[str] = set()
    for info in src.infos:
        name = info.filename
        if name in removed or name in written:
            continue  # a duplicate member name: the copy has it once
        stamp = dos_stamp(info.date_time)
        if name in replaced:
            written.add(name)
            member = replaced[name]
            out.add(name, member if isinstance(member, Compressed) else deflate(member), stamp)
            continue
        try:
            out.copy(raw, info)
        except NotImplementedError:  # a compression Office does not write: deflate it
            out.write(name, src.read(name), stamp)
    for name, data in (added or {}).items():
        out.write(name, data)
    out.close()
