"""The report draft (.docx) of a department workbook."""
