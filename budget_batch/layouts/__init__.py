"""The knowledge of form layouts, as data (forms.md, "Layouts as data"): label aliases, block
shapes, operator look-alikes, lower-is-better names, qualitative words and the forms' printed
instructions, in `default.toml` (and one data file per other kind of document beside it); a
bureau's own file (`--layouts FILE`, same sections) adds to it.

`Layouts` is the merged data; readers ask it for alias tables (`aliases("money.columns")`: printed
label → key) and word lists. It is a small frozen value, so it travels to worker processes with
the call (pickled), and each table is built once per process.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ..form_schema import form_label


class LayoutsError(Exception):
    """A layouts file that cannot be used (a configuration error: exit status 2); Chinese."""


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """{"money": {"columns": {...}}} → {"money.columns": {...}}: each table of values (lists or
    strings) under its dotted name; a table of tables is a group."""
    out: dict[str, dict[str, Any]] = {}
    values: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            out.update(_flatten(value, path))
        elif isinstance(value, dict):
            out[path] = dict(value)
        else:
            values[key] = value
    if values:
        out[prefix] = values
    return out


def _kind(value: Any) -> str:
    return "文字" if isinstance(value, str) else '文字列表（如 ["甲", "乙"]）'


def _check(extra: dict[str, dict[str, Any]], known: dict[str, dict[str, Any]], where: str) -> None:
    """A bureau's file may use the sections of the package's own data, with values of the same
    shape (lists of words, or words): a typo is refused, never silently ignored."""
    for name, table in extra.items():
        ours = known.get(name)
        if ours is None:
            sections = "、".join(sorted(known))
            raise LayoutsError(f"{where}中的“[{name}]”不是版式数据的一节（可用：{sections}）。")
        sample: Any = next(iter(ours.values()), [])
        for key, value in table.items():
            like = ours.get(key, sample)
            ok = (
                isinstance(value, str)
                if isinstance(like, str)
                else isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
            if not ok:
                raise LayoutsError(f"{where}中“[{name}] {key}”应为{_kind(like)}。")


def _merge(base: dict[str, dict[str, Any]], extra: dict[str, dict[str, Any]]) -> None:
    """Lists are extended (what a bureau adds comes after ours), strings replaced."""
    for name, table in extra.items():
        target = base.setdefault(name, {})
        for key, value in table.items():
            if isinstance(value, list):
                have = target.setdefault(key, [])
                target[key] = [*have, *(v for v in value if v not in have)]
            else:
                target[key] = value


@dataclass(frozen=True, eq=False)
class Layouts:
    sections: dict[str, dict[str, Any]]
    #: The files it was read from (the package's own first), for messages.
    files: tuple[str, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def table(self, section: str) -> dict[str, Any]:
        return self.sections.get(section, {})

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """A list, as written."""
        return tuple(self.table(section).get(key, ()))

    def labels(self, section: str, key: str) -> frozenset[str]:
        """A list of labels, as `form_label` leaves them."""
        name = f"labels:{section}:{key}"
        if name not in self._cache:
            self._cache[name] = frozenset(form_label(w) for w in self.words(section, key))
        found: frozenset[str] = self._cache[name]
        return found

    def aliases(self, section: str) -> dict[str, str]:
        """Printed label (as `form_label` leaves it) → key, for a table of lists; the first key
        that names a label keeps it."""
        name = f"aliases:{section}"
        if name not in self._cache:
            out: dict[str, str] = {}
            for key, labels in self.table(section).items():
                for label in labels:
                    out.setdefault(form_label(label), key)
            self._cache[name] = out
        found: dict[str, str] = self._cache[name]
        return found

    @cached_property
    def prefix_operators(self) -> tuple[tuple[str, str], ...]:
        """(look-alike, operator), longest first, so that ≥= is not read as ≥ then =."""
        pairs = [
            (word, op) for op, words in self.table("operators.prefix").items() for word in words
        ]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @cached_property
    def suffix_operators(self) -> tuple[tuple[str, str], ...]:
        pairs = [
            (word, op) for op, words in self.table("operators.suffix").items() for word in words
        ]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @cached_property
    def column_operators(self) -> dict[str, str]:
        """What an operator column may hold → the operator (its look-alikes, 正向 / 反向)."""
        out = {word: op for word, op in self.prefix_operators}
        for op, words in self.table("operators.column").items():
            out.update({w: op for w in words})
        return out

    def qualitative(self) -> dict[str, str]:
        """Qualitative word → 达成 / 部分达成 / 未达成."""
        if "qualitative" not in self._cache:
            q = self.table("qualitative")
            out: dict[str, str] = {}
            for key, verdict in (("met", "达成"), ("partly", "部分达成"), ("missed", "未达成")):
                out.update({w: verdict for w in q.get(key, ())})
            self._cache["qualitative"] = out
        found: dict[str, str] = self._cache["qualitative"]
        return found

    def lower_is_better(self, name: str) -> bool:
        """Does an indicator's name say it is to be kept low (成本, 控制率, 投诉率 …)?"""
        text = "".join(name.split())
        if any(w in text for w in self.words("lower_is_better", "not_names")):
            return False
        return any(w in text for w in self.words("lower_is_better", "names"))


def _read_default() -> dict[str, dict[str, Any]]:
    """Every data file of the package (default.toml for forms; one file per other kind of
    document, e.g. the 部门决算's), merged."""
    sections: dict[str, dict[str, Any]] = {}
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _merge(sections, _flatten(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return sections


_DEFAULT: Layouts | None = None


def default_layouts() -> Layouts:
    """The package's own layout data (read once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Layouts(_read_default(), ("budget_batch/layouts",))
    return _DEFAULT


def load_layouts(path: str | Path | None) -> Layouts:
    """The package's layout data, extended by the file at `path` (None: ours alone)."""
    if path is None:
        return default_layouts()
    where = f"版式文件 {path} "
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutsError(f"{where}无法读取（{exc.strerror or exc}）。") from exc
    except UnicodeDecodeError as exc:
        raise LayoutsError(f"{where}不是 UTF-8 编码的文本文件。") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LayoutsError(f"{where}不是有效的 TOML：{_where(exc)}。") from exc
    extra = _flatten(data)
    sections = _read_default()
    _check(extra, sections, where)
    _merge(sections, extra)
    return Layouts(sections, ("budget_batch/layouts", str(path)))


def _where(exc: tomllib.TOMLDecodeError) -> str:
    """第 N 行第 M 列 from the parser's message, without its English."""
    import re

    m = re.search(r"line (\d+), column (\d+)", str(exc))
    return f"第 {m.group(1)} 行第 {m.group(2)} 列附近有格式错误" if m else "格式有错误"


__all__ = ["Layouts", "LayoutsError", "default_layouts", "load_layouts"]
