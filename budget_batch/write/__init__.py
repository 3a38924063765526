"""Step 3 of the flow: findings → the outputs people open (the annotated copy, 汇总, 批量汇总, the
report draft), and the workbooks we ship (the template, the example)."""
