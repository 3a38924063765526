"""A form's indicator grid (绩效指标), found by its header's labels over one or two rows: 一级 /
二级 / 三级指标 (or 指标名称 alone), 指标性质, 年度指标值 (年初 / 调整), 计量单位, 实际完成值,
得分系数, 分值, 得分, 偏差原因 — in any order and subset — up to the closing 总分 / 合计 row.

一级 / 二级指标 merged down their rows (or printed once and left blank below) carry over; `(50分)`
in a 一级指标 is its printed weight; `指标1：` is numbering; unused template rows (指标2：, ……,
nothing filled) are skipped. The operator comes from an operator column (in any printed form:
≥ ≧ >= 不低于 …), from the value (≥95%), or by default: ≤ when the indicator's name says it is a
cost or a rate to be kept low (成本, 控制率, 投诉率 …), else ≥ — said with NUMBER_NORMALIZED.
"""

from __future__ import annotations

from .. import catalogue as C
from ..form_model import Form, Printed
from ..form_schema import INDEX_PREFIX, INDICATORS, PLACEHOLDER, form_label, printed_weight
from ..model import Cell, Row, Table
from ..reading import BlockRead
from ..refs import column_letter
from .form_sheet import FormSheet, named_left, row_ranges, total_read
from .header_bands import Band, band_at, best_band, header_cells
from .indicator_values import parse_value

#: How 读取说明 names the grid's columns (where they differ from the money block's).
GRID_WORDS = {"actual": "实际完成值", "score": "得分", "weight": "分值"}
CLOSING_ROWS = 4  # after the grid's closing labels, the 总分 row is looked for this far
VALUE_KEYS = ("target", "target_adjusted", "actual", "weight", "score", "coefficient")
FRACTIONS = frozenset({"coefficient"})
OPERATORS = ("≥", "≤", "=")


def find_header(fs: FormSheet, start: int) -> tuple[Band | None, list[str]]:
    """The grid's header (from `start`), or what a header naming 三级指标 lacks."""
    aliases = fs.layouts.aliases("indicators.columns")
    ignore = fs.layouts.labels("indicators.columns", "ignore")
    lacking: list[str] = []
    for r in sorted(fs.labels.rows):
        if r < start or not any(t in aliases for t in fs.labels.row(r).values()):
            continue
        found = best_band(fs.labels, fs.grid, aliases, r, _grid_header, ignore=ignore)
        if found is not None:
            return found, []
        band = band_at(fs.labels, fs.grid, aliases, r, ignore=ignore)
        keys = band.keys
        if "level3" not in keys:
            continue
        if not lacking:
            lacking = [h for k, h in (("weight", "分值"), ("score", "得分")) if k not in keys]
            if not keys & {"target", "actual", "coefficient"}:
                lacking.append("年度指标值、实际完成值")
    return None, lacking


def _grid_header(keys: set[str]) -> bool:
    return "level3" in keys and bool(
        keys & {"weight", "score"} and keys & {"target", "actual", "coefficient"}
    )


def read_grid(fs: FormSheet, form: Form, band: Band) -> None:
    """The grid under `band` and its closing 总分 / 合计 row."""
    columns = dict(band.columns)
    printed = dict(band.printed)
    if "target_adjusted" in columns:
        columns["target_initial"] = columns.get("target", columns["target_adjusted"])
        printed["target_initial"] = printed.get("target", "年初指标值")
    totals = fs.layouts.labels("indicators", "total")
    closing = fs.layouts.labels("indicators", "closing") | {"项目名称"}
    level1_aliases = fs.layouts.table("indicators.level1")
    table = Table(INDICATORS, fs.sheet, band.top, columns)
    table.header_cells = header_cells(band, columns)
    level1 = level2 = ""
    skipped: list[int] = []
    defaults: list[str] = []
    last = band.bottom
    closed = 0  # rows since a closing label (其他需要说明事项 …): the 总分 may still follow
    for r in range(band.bottom + 1, fs.grid.max_row + 1):
        row_labels = fs.labels.row(r)
        if any(label in totals for label in row_labels.values()):
            _closing(fs, form, r, columns, totals)
            last = r
            break
        if closed or any(label in closing for label in row_labels.values()):
            closed += 1
            if closed > CLOSING_ROWS:
                break
            continue
        if fs.grid.anchor(r, columns["level3"])[0] <= band.bottom:
            continue  # the header's rows (merged down)
        l1 = _level(fs, form, r, columns.get("level1"), level1_aliases, level1)
        l2 = _level(fs, form, r, columns.get("level2"), None)
        if l1 and l1 != level1:
            level1, level2 = l1, ""
        level2 = l2 or level2
        row = _indicator(fs, form, r, columns, printed, level1, level2, defaults)
        if row is None:
            if any(fs.grid.cell(r, c, formats=False) is not None for c in columns.values()):
                skipped.append(r)
            continue
        table.rows.append(row)
        last = r
    form.indicators = table
    _block_weight(fs, form, band, last, min(columns.values()))
    cells = f"{column_letter(min(columns.values()))}{band.top}:"
    cells += f"{column_letter(max(columns.values()))}{last}"
    items = max((r.index for r in table.rows), default=None)
    rows = [row_ranges("指标", len(table.rows), band.bottom + 1, items)]
    rows += total_read(form.total_label, form.total_weight, form.total_score)
    if skipped:
        rows.append(f"未使用的模板行（如“指标2：”）已跳过：第 {'、'.join(map(str, skipped))} 行")
    read = named_left(fs.columns_read(band, GRID_WORDS), min(columns.values()))
    fs.reading.blocks.append(BlockRead("绩效指标", cells, read, rows))
    if "level1" not in columns:
        fs.reading.assumed.append("无一级指标栏：不核对产出、效益、满意度等维度是否齐全")
    if defaults:
        fs.reading.assumed.append("未写计算符号的指标：" + "；".join(defaults))


def _level(
    fs: FormSheet,
    form: Form,
    r: int,
    col: int | None,
    aliases: dict[str, str] | None,
    current: str = "",
) -> str:
    """一级 / 二级指标 of row r: its merged or printed label; a 一级指标's `(50分)` is noted as
    its printed weight (once per merged range, and once when repeated on each of its rows)."""
    if col is None:
        return ""
    text = fs.cells.text(r, col)
    if not text:
        return ""
    name = form_label(text)
    if aliases is None:
        return name
    name = aliases.get(name, name)
    weight = printed_weight(text)
    at = Cell(fs.sheet, *fs.grid.anchor(r, col), text, text)
    if name == current:
        return name  # the same 一级指标 printed again on its next row (an unmerged export)
    if weight is not None and all(p.cell.ref != at.ref for p in form.level1_weights):
        form.level1_weights.append(Printed(name, weight, at))
    return name


def _row(fs: FormSheet, r: int, columns: dict[str, int], printed: dict[str, str]) -> Row:
    # (a key INDICATORS does not know, 年初指标值 beside 调整指标值, is set by the reader)
    return fs.row(r, INDICATORS, columns, printed, FRACTIONS)


def _indicator(
    fs: FormSheet,
    form: Form,
    r: int,
    columns: dict[str, int],
    printed: dict[str, str],
    level1: str,
    level2: str,
    defaults: list[str],
) -> Row | None:
    row = _row(fs, r, columns, printed)
    name = INDEX_PREFIX.sub("", form_label(row.text("level3")))
    filled = any(row.cell(k) is not None for k in VALUE_KEYS)
    if (not name or PLACEHOLDER.match(name)) and not filled:
        return None  # an unused template row
    if not filled and not row.text("level3"):
        return None
    found = row.cells
    col3 = columns["level3"]
    cell3 = row.cell("level3")
    raw3 = cell3.raw if cell3 is not None else None
    found["level3"] = Cell(
        fs.sheet, r, col3, name if name and not PLACEHOLDER.match(name) else None, raw3
    )
    found["level1"] = Cell(fs.sheet, r, columns.get("level1", col3), level1 or None, level1)
    found["level2"] = Cell(fs.sheet, r, columns.get("level2", col3), level2 or None, level2)
    if "target_adjusted" in found:
        found["target_initial"] = found.get("target") or Cell(
            fs.sheet, r, columns["target_initial"]
        )
        found["target"] = found["target_adjusted"]
    if "target" in columns and "target" not in found and _rubric(fs, r, columns, level1):
        form.rubric_rows.add(r)  # no target to compare with: its stated score stands
    _operator(fs, row, columns, defaults)
    return row


def _rubric(fs: FormSheet, r: int, columns: dict[str, int], level1: str) -> bool:
    """A rubric's row in an indicator grid (银川: 项目决策 / 项目管理 above the 产出 rows): its
    target printed as 一 or —, or left empty under a rubric dimension (决策, 过程, 管理)."""
    raw = fs.grid.cell(r, columns["target"], formats=False)
    if raw is not None and isinstance(raw.value, str) and raw.value.strip():
        return True  # 一, —, / …: read as nothing
    return any(w in level1 for w in fs.layouts.words("indicators", "rubric_level1"))


def _operator(fs: FormSheet, row: Row, columns: dict[str, int], defaults: list[str]) -> None:
    """The row's operator, kept under "operator" at the cell it was read from (its `raw` is the
    column's text when 计算符号 / 指标性质 said it, None when the value or the default did), and
    its kind (定量 / 定性 from 指标性质) under "nature"."""
    said, where, stated = "", columns.get("target", columns["level3"]), None
    operators = fs.layouts.column_operators
    kinds = fs.layouts.words("indicators", "kinds")
    for key in ("operator", "nature"):
        text = "".join(row.text(key).split())
        op = operators.get(text, text)
        if op in (*OPERATORS, "定性") and not said:
            said, where, stated = op, columns[key], row.text(key)
        if key == "nature":
            row.cells.pop("nature", None)
            if text in kinds:
                row.cells["nature"] = Cell(fs.sheet, row.index, columns["nature"], text, text)
    target = parse_value(row.cell("target"), fs.layouts)
    if not said and target is not None:
        said = target.operator or _default(fs, row, target.number is not None, defaults)
        if not said:
            said = (
                "≤" if target.day is not None else "≥" if row.text("nature") == "定量" else "定性"
            )
    if said:
        row.columns = {**row.columns, "operator": where}
        row.cells["operator"] = Cell(fs.sheet, row.index, where, said, stated)


def _default(fs: FormSheet, row: Row, numeric: bool, defaults: list[str]) -> str:
    """A numeric target with no operator: ≤ when its name says it is a cost or a rate to be kept
    low (成本指标, 控制率 …: layouts `[lower_is_better]`), else ≥ (said with an info)."""
    if not numeric:
        return ""
    name = row.text("level3")
    cost = "成本" in row.text("level2")
    low = cost or fs.layouts.lower_is_better(name)
    said = "≤" if low else "≥"
    target = row.at("target")
    if cost:
        why = "成本指标按 ≤"
    elif low:
        why = "指标名称表明越低越好（如成本、费用、控制率、投诉率），按 ≤"
    else:
        why = "未写符号的按 ≥"
    defaults.append(f"{target.ref}「{name}」按“{said}”")
    fs.cells.parser.findings.append(
        C.NUMBER_NORMALIZED.finding(
            fs.sheet,
            target.ref,
            f"{row.label}的年度指标值“{target.text}”没有计算符号，按“{said}”计算"
            f"（{why}）。如不是，请在指标值前写明 ≥、≤ 或 =。",
            stated=target.text,
            computed=said,
        )
    )
    return said


def _block_weight(fs: FormSheet, form: Form, band: Band, last: int, before: int) -> None:
    """A weight printed in the block's own label: 绩效指标(90分)."""
    found = fs.printed_weight(band.top, last, before)
    if found is not None:
        form.block_weights["indicators"] = found


def _closing(
    fs: FormSheet, form: Form, r: int, columns: dict[str, int], totals: frozenset[str]
) -> None:
    """总分 / 合计: the printed total weight under 分值, the stated total under 得分 (else the
    last number to the right of the label that is not the weight)."""
    label_col = min(c for c, label in fs.labels.row(r).items() if label in totals)
    form.total_label = Cell(fs.sheet, r, label_col, fs.labels.raw[(r, label_col)])
    weight_col, score_col = columns.get("weight"), columns.get("score")
    weight = (
        fs.cells.parse(r, weight_col, INDICATORS.column("weight").kind, "分值")
        if weight_col is not None
        else None
    )
    score = (
        fs.cells.parse(r, score_col, INDICATORS.column("score").kind, "总分")
        if score_col is not None
        else None
    )
    if weight is not None and weight.col != label_col:
        form.total_weight = weight
    if score is not None and score.col not in (label_col, weight_col):
        form.total_score = score
        return
    row = fs.grid.row(r)
    for c in range(len(row), label_col, -1):
        if c == weight_col or fs.grid.anchor(r, c)[1] == label_col:
            continue
        cell = fs.cells.parse(r, c, INDICATORS.column("score").kind, "总分")
        if cell is not None and cell.number is not None:
            form.total_score = cell
            return
