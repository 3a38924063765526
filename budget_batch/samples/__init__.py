"""The workbooks and documents we ship, not run when reviewing: the blank template, the example
workbook, project forms and Word report built from the seed (广州市花都区残联 2023, labelled 示例;
`make template`, `make example`), and docs/checks.md (`make docs`). Nothing at run time imports
this package except the `template` command."""
