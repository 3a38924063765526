"""Example inputs built from the seed report (广州市花都区残联 2023), labelled 示例."""
