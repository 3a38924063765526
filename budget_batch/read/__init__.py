"""Step 1 of the flow: bytes → the typed `WorkbookModel`, with a finding for everything that could
not be read. Imports nothing from `checks/` or `write/`."""
