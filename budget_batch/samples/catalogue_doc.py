"""`docs/checks.md`: the user-facing catalogue, generated from the registry (`make docs`); a test
fails when the committed file is stale."""

from __future__ import annotations

import sys

from ..catalogue import CATALOGUE, Code


def render_markdown() -> str:
    """The user-facing catalogue, `docs/checks.md`."""
    lines = [
        "# 审核规则一览（check catalogue）",
        "",
        "本文件由 `make docs`根据代码中的"
        "规则登记表生成，请勿手工修改。代码（code）一经发布不再更改或复用。",
        "",
        "严重程度：错误（error，必须修改）、警告（warning，请核实或说明）、提示（info，无需处理）。",
    ]
    groups: dict[str, list[Code]] = {}
    for entry in CATALOGUE.values():
        groups.setdefault(entry.group, []).append(entry)
    for group, entries in groups.items():
        lines += [
            "",
            f"## {group}",
            "",
            "| 代码 | 严重程度 | 名称 | 含义 | 如何处理 |",
            "|---|---|---|---|---|",
        ]
        for e in entries:
            sev = " / ".join(s.label for s in e.severities)
            lines.append(f"| `{e.code}` | {sev} | {e.title} | {e.meaning} | {e.fix} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render_markdown()
    if argv:
        with open(argv[0], "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
