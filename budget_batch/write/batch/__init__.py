"""批量汇总.xlsx and the DataFrames it is written from (one row per workbook, per finding, per
project form)."""
