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
    """The rows of a hierarchical sheet keyed by code; rows with bad or repeated codes are left out."""

    nodes: dict[Code, Row] = field(default_factory=dict)
    _children: dict[Code, list[Code]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: Table) -> Tree:
        """The tree of `table`, built once per table (several checks walk the same tree)."""
        cached = table.derived.get("tree")
        if isinstance(cached, Tree):
            return cached
        tree = cls()
        for row in table.rows:
            code = parse_code(row.text("code"))
            if code is None or code in tree.nodes:
                continue
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

    def parents(self) -> Iterator[tuple[Code, Row, list[tuple[Code, Row]]]]:
        """Each node that has children, in code order, with its children."""
        for code in sorted(self._children):
            yield code, self.nodes[code], [(c, self.nodes[c]) for c in self._children[code]]
