"""The workbooks and documents we ship, not run when reviewing: the blank template, the example
workbook and project forms (`make template`, `make example`), and docs/checks.md (`make docs`).
Nothing at run time imports this package except the `template` command."""
