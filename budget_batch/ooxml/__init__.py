"""The OOXML package layer, knowing nothing of budgets: a package's members, limits and faults;
relationships and content types; one hardened XML parser; one SpreadsheetML cell tokenizer (for
the reader's scans and the copy's patches alike); styles, comments and their VML shapes; the
streaming worksheet patcher; a zip writer that copies untouched members as compressed bytes.
Imports nothing from the rest of budget_batch (tests/test_layout.py)."""
