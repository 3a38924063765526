"""Step 3 of the flow: findings → the outputs people open, in three rooms — `copy/` (the annotated
copy and what it adds: 审核结果, 汇总, the review record; a returned copy stripped), `batch/`
(批量汇总 and its DataFrames), `draft/` (the report draft) — over the layout helpers shared here
(cell styles, the page grid, text fitting, print set-up, safe text, atomic files). The package
layer they patch and write through is `ooxml/`."""
