"""The annotated copy: the user's package patched (never re-saved) with our marks, our sheets
(审核结果, 汇总, the review record) grafted in; a returned copy without the last round's marks."""
