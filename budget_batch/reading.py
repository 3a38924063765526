"""How a form was read (读取说明, forms.md "Show how the form was read"): the kind recognised, each
block with its cell range, each column's meaning as mapped, the rows' roles, the operators and
units assumed, and the labels not understood.

A reviewer reads it at the top of the form's 汇总 to see at a glance whether the tool read the
form right; report.json carries the same (`reading`); `lines()` is the readable text the golden
files keep, so that a change of reading shows in review as a text diff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ColumnRead:
    column: str  # the letter
    printed: str  # the label as printed
    meaning: str  # what it was read as (全年预算数 …); "" when not understood

    def line(self) -> str:
        if not self.printed:
            return f"{self.column} 列（无栏目名称）→ {self.meaning}"
        if not self.meaning:
            return f"{self.column} 列「{self.printed}」未识别，未读取"
        if self.printed == self.meaning:
            return f"{self.column} 列「{self.printed}」"
        return f"{self.column} 列「{self.printed}」→ {self.meaning}"


@dataclass
class BlockRead:
    name: str  # 项目资金, 绩效指标, 评分表 …
    cells: str  # its range: B5:H9
    columns: list[ColumnRead] = field(default_factory=list)
    #: The roles of its rows: 第 6 行「年度资金总额」：合计 …
    rows: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.name}：{self.cells}"]
        out += [f"  {c.line()}" for c in self.columns]
        out += [f"  {r}" for r in self.rows]
        return out


@dataclass
class Reading:
    sheet: str
    kind: str  # 项目支出绩效自评表, 部门整体支出绩效自评表, 评分表
    title: str = ""
    #: Header fields found: 项目名称 B3「某项目」 …
    fields: list[str] = field(default_factory=list)
    blocks: list[BlockRead] = field(default_factory=list)
    #: Operators, units and defaults the reader assumed, said in words.
    assumed: list[str] = field(default_factory=list)
    #: Labels (and their cells) that were not understood, and rows left out.
    unread: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"工作表「{self.sheet}」：识别为{self.kind}"
            + (f"（标题“{self.title}”）" if self.title else "")
        ]
        if self.fields:
            out.append("表头：" + "；".join(self.fields))
        for block in self.blocks:
            out += block.lines()
        out += [f"假定：{a}" for a in self.assumed]
        out += [f"未识别：{u}" for u in self.unread]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "title": self.title,
            "fields": list(self.fields),
            "blocks": [
                {
                    "name": b.name,
                    "cells": b.cells,
                    "columns": [
                        {"column": c.column, "printed": c.printed, "meaning": c.meaning or None}
                        for c in b.columns
                    ],
                    "rows": list(b.rows),
                }
                for b in self.blocks
            ],
            "assumed": list(self.assumed),
            "unread": list(self.unread),
        }
