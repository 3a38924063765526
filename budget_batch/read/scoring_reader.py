"""A scoring table (评分表 / 评价指标表 / 考评表), found by its header's labels: levels (一级 | 二级 |
三级, or 项目 | 考核内容 | 考核指标), 分值 / 权重 / 权数 (one column, or one per level:
一级 | 分值 | 二级 | 分值 | 三级 | 分值), 评分标准, 得分 — and no targets or actuals (that is an
indicator grid).

Levels merged down their rows carry over; a level's weight is its own 分值 cell or the `(25分)`
its label prints; rows that share one merged 分值 (二者择其一) share one weight.
"""

from __future__ import annotations

from ..form_model import Level, ScoringTable
from ..form_schema import SCORING, form_label, printed_weight
from ..model import Cell, Row, Table
from ..reading import BlockRead
from ..refs import column_index, column_letter
from .form_sheet import FormSheet, row_ranges, total_read
from .header_bands import Band, best_band, header_cells

LEVELS = ("level1", "level2", "level3")
#: Columns only an indicator grid has (a scoring table has no targets and actuals).
GRID_ONLY = frozenset({"target", "target_adjusted", "actual", "coefficient"})


def find_header(fs: FormSheet, start: int, skip: set[int]) -> Band | None:
    """A header (from `start`, not on the `skip` rows) naming a level, 分值 and 得分."""
    aliases = fs.layouts.aliases("scoring.columns")
    ignore = fs.layouts.labels("scoring.columns", "ignore")
    grid = fs.layouts.aliases("indicators.columns")
    for r in sorted(fs.labels.rows):
        if r < start or r in skip:
            continue
        if not any(t in aliases for t in fs.labels.row(r).values()):
            continue
        if any(grid.get(t) in GRID_ONLY for t in fs.labels.row(r).values()):
            continue  # targets and actuals: an indicator grid's header, not a scoring table's
        band = best_band(fs.labels, fs.grid, aliases, r, _scoring_header, ignore=ignore)
        if band is not None:
            return band
    return None


def _scoring_header(keys: set[str]) -> bool:
    return {"weight", "score"} <= keys and bool(keys & set(LEVELS))


def _weight_columns(fs: FormSheet, band: Band) -> tuple[dict[str, int], int | None]:
    """Each level's own 分值 column (the one right after it), and the items' 分值 column."""
    aliases = fs.layouts.aliases("scoring.columns")
    weights = sorted(c for c, t in band.labels.items() if aliases.get(form_label(t)) == "weight")
    levels = sorted((c, k) for k, c in band.columns.items() if k in LEVELS)
    owned: dict[str, int] = {}
    for w in weights:
        left = [(c, k) for c, k in levels if c < w]
        if left and not any(c < w2 < w for c, _ in left[-1:] for w2 in weights):
            owned.setdefault(left[-1][1], w)
    deepest = levels[-1][1] if levels else None
    item = owned.pop(deepest, None) if deepest is not None else None
    if item is None:
        item = band.columns.get("weight")
    owned = {k: c for k, c in owned.items() if c != item}
    return owned, item


def read_scoring(fs: FormSheet, band: Band, table: ScoringTable, stop: int | None = None) -> int:
    """The table under `band`, up to the row before `stop` (another block's header); returns
    its last row."""
    level_weights, item_weight = _weight_columns(fs, band)
    columns = {k: c for k, c in band.columns.items() if k in {c.key for c in SCORING.columns}}
    if item_weight is not None:
        columns["weight"] = item_weight
    printed = {k: v for k, v in band.printed.items() if k in columns}
    totals = fs.layouts.labels("indicators", "total")
    closing = fs.layouts.labels("indicators", "closing")
    alternatives = fs.layouts.words("scoring", "alternatives")
    rows = Table(SCORING, fs.sheet, band.top, columns)
    rows.header_cells = header_cells(band, columns)
    levels = [k for k in LEVELS if k in columns]
    current: dict[str, Level] = {}
    shared: dict[tuple[int, int], Row] = {}
    last = band.bottom
    blanks = 0
    end = stop - 1 if stop is not None and stop > band.bottom else fs.grid.max_row
    for r in range(band.bottom + 1, end + 1):
        labels = fs.labels.row(r)
        if any(t in totals for t in labels.values()):
            _total(fs, table, r, columns, totals)
            last = r
            break
        if any(t in closing for t in labels.values()):
            break
        if fs.grid.anchor(r, min(columns.values()))[0] <= band.bottom:
            continue
        row = _row(fs, r, columns, printed)
        names = {k: form_label(row.text(k)) for k in levels}
        filled = row.num("weight") is not None or row.num("score") is not None
        if not filled and not any(names.values()):
            blanks += 1
            if blanks >= 2:
                break
            continue
        blanks = 0
        _levels(fs, table, row, levels, level_weights, current)
        if filled:
            weight_at = fs.grid.anchor(r, columns["weight"]) if "weight" in columns else None
            said = row.text("criteria")
            if weight_at is not None and weight_at in shared and weight_at[0] != r:
                table.alternatives.add(r)  # 二者择其一: one merged weight for both rows
            elif weight_at is not None:
                shared[weight_at] = row
            if any(w in said for w in alternatives) and shared.get(weight_at or (0, 0)) is not row:
                table.alternatives.add(r)
            rows.rows.append(row)
            for level in current.values():
                level.rows.append(row)
        last = r
    table.rows = rows
    cells = f"{column_letter(min(band.columns.values()))}{band.top}:"
    cells += f"{column_letter(max(band.columns.values()))}{last}"
    read = fs.columns_read(band)
    meaning = {item_weight: "分值"} if item_weight is not None else {}
    meaning.update({col: f"{_level_name(key)}的分值" for key, col in level_weights.items()})
    for c in read:
        col = column_index(c.column)
        if col in meaning:
            c.meaning = meaning[col]
        elif c.meaning == "分值":
            c.meaning = ""  # a 分值 column this reader did not use
    items = max((r.index for r in rows.rows), default=None)
    rows_read = [row_ranges("评分项目", len(rows.rows), band.bottom + 1, items)]
    rows_read += total_read(table.total_label, table.total_weight, table.total_score)
    if table.alternatives:
        rows_read.append(
            "二者择其一、共用分值的行：第 "
            + "、".join(map(str, sorted(table.alternatives)))
            + " 行"
        )
    fs.reading.blocks.append(BlockRead("评分表", cells, read, rows_read))
    return last


def _level_name(key: str) -> str:
    return {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标"}[key]


def _row(fs: FormSheet, r: int, columns: dict[str, int], printed: dict[str, str]) -> Row:
    return fs.row(r, SCORING, columns, printed)


def _levels(
    fs: FormSheet,
    table: ScoringTable,
    row: Row,
    levels: list[str],
    level_weights: dict[str, int],
    current: dict[str, Level],
) -> None:
    """The levels above the row's item: a new one where a level's cell starts (its merged range's
    top-left), carried over where it is merged down or left blank."""
    for depth, key in enumerate(levels[:-1]):
        col = row.columns[key]
        anchor = fs.grid.anchor(row.index, col)
        text = fs.cells.text(*anchor)
        if not text or (key in current and current[key].cell.row == anchor[0]):
            continue
        weight: Cell | None = None
        if key in level_weights:
            weight = fs.cells.parse(
                row.index, level_weights[key], SCORING.column("weight").kind, "分值"
            )
        if weight is None:
            points = printed_weight(text)
            if points is not None:
                weight = Cell(fs.sheet, *anchor, points, text)
        level = Level(key, form_label(text), Cell(fs.sheet, *anchor, text, text), weight, None)
        parent = current.get(levels[depth - 1]) if depth > 0 else None
        if parent is not None:
            parent.children.append(level)
        else:
            table.levels.append(level)
        current[key] = level
        for deeper in levels[depth + 1 :]:
            current.pop(deeper, None)


def _total(
    fs: FormSheet, table: ScoringTable, r: int, columns: dict[str, int], totals: frozenset[str]
) -> None:
    label_col = min(c for c, t in fs.labels.row(r).items() if t in totals)
    table.total_label = Cell(fs.sheet, r, label_col, fs.labels.raw[(r, label_col)])
    kind = SCORING.column("score").kind
    if "weight" in columns:
        weight = fs.cells.parse(r, columns["weight"], kind, "分值")
        if weight is not None and weight.col != label_col and weight.number is not None:
            table.total_weight = weight
    if "score" in columns:
        score = fs.cells.parse(r, columns["score"], kind, "总分")
        if score is not None and score.col != label_col and score.number is not None:
            table.total_score = score
