"""Dotted hierarchy codes (`1`, `1.2`, `1.2.3`) and the tree they describe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Row, Table

Code = tuple[int, ...]
_CODE = re.compile(r"^\d+(\.\d+)*$")


def parse_code(text: str) -> Code | None:
    """'1.2.3' → (1, 2, 3); anything that is not a dotted number → None."""
    s = text.strip().replace("．", ".").replace("。", ".")
    if not _CODE.match(s):
        return None
    return tuple(int(p) for p in s.split("."))


def code_text(code: Code) -> str:
    return ".".join(str(p) for p in code)


@dataclass
class Tree:
    """The rows of a hierarchical sheet keyed by code. Rows whose code is not a dotted number, or
    repeats an earlier row's, are kept aside (`invalid`, `duplicates`) and left out of the tree."""

    nodes: dict[Code, Row] = field(default_factory=dict)
    invalid: list[Row] = field(default_factory=list)
    duplicates: list[tuple[Row, Row]] = field(default_factory=list)  # (row, the earlier one)
    _children: dict[Code, list[Code]] = field(default_factory=dict)
    _units: dict[Code, str] | None = None

    @classmethod
    def of(cls, table: Table) -> Tree:
        """The tree of `table`, built once per table (the reader and several checks walk it)."""
        cached = table.derived.get("tree")
        if isinstance(cached, Tree):
            return cached
        tree = cls()
        for row in table.rows:
            text = row.text("code")
            if not text:
                continue
            code = parse_code(text)
            if code is None:
                tree.invalid.append(row)
            elif code in tree.nodes:
                tree.duplicates.append((row, tree.nodes[code]))
            else:
                tree.nodes[code] = row
        for code in sorted(tree.nodes):
            if len(code) > 1 and code[:-1] in tree.nodes:
                tree._children.setdefault(code[:-1], []).append(code)
        table.derived["tree"] = tree
        return tree

    def get(self, code: str) -> Row | None:
        parsed = parse_code(code)
        return self.nodes.get(parsed) if parsed else None

    def children(self, code: Code) -> list[Code]:
        return self._children.get(code, [])

    def orphans(self) -> Iterator[tuple[Code, Row]]:
        """Rows whose parent code is not in the tree."""
        for code, row in self.nodes.items():
            if len(code) > 1 and code[:-1] not in self.nodes:
                yield code, row

    def parents(self) -> Iterator[tuple[Code, Row, list[tuple[Code, Row]]]]:
        """Each node that has children, in code order, with its children."""
        for code in sorted(self._children):
            yield code, self.nodes[code], [(c, self.nodes[c]) for c in self._children[code]]

    def unit(self, code: Code) -> str:
        """A row's effective 计量单位: its own, else inherited from its parent (workbook.md)."""
        if self._units is None:
            units: dict[Code, str] = {}
            for c in sorted(self.nodes):
                units[c] = self.nodes[c].text("unit") or units.get(c[:-1], "")
            self._units = units
        return self._units.get(code, "")
