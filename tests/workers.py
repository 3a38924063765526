"""Workers injected into batches by tests; importable by the isolated child processes."""

import time
from pathlib import Path

from budget_batch.batch import process_workbook


def hangs_on_hang(path, dest, rules, layouts=None):
    """Like the real worker, but a workbook named *hang* never finishes (a check that hangs)."""
    if "hang" in Path(path).name:
        time.sleep(3600)
    return process_workbook(path, dest, rules, layouts)


def explodes_on_bomb(path, dest, rules, layouts=None):
    """Like the real worker, but a workbook named *bomb* tries to take 2 GB of memory."""
    if "bomb" in Path(path).name:
        blocks = [bytearray(256 * 1024 * 1024) for _ in range(8)]
        return len(blocks)
    return process_workbook(path, dest, rules, layouts)


def crashes_on_crash(path, dest, rules, layouts=None):
    """Like the real worker, but on a workbook named *crash* the tool itself breaks (our bug)."""
    if "crash" in Path(path).name:
        raise TypeError("injected bug")
    return process_workbook(path, dest, rules, layouts)
