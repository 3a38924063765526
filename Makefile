# The project's vocabulary: report, test, test-fast, lint, template, example, bench.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INPUT  ?= input
OUTPUT ?= output

.PHONY: report test test-fast lint template example bench docs render clean

$(VENV)/.run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.run
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

# input/ when it holds a workbook or a Word report, otherwise the shipped examples (never the
# blank template).
report: $(VENV)/.run
	@if [ -d "$(INPUT)" ] && find "$(INPUT)" -type f \( -iname '*.xlsx' -o -iname '*.xlsm' -o -iname '*.xls' \
			-o -iname '*.et' -o -iname '*.ods' -o -iname '*.xlsb' -o -iname '*.docx' -o -iname '*.doc' \
			-o -iname '*.wps' \) ! -name '~$$*' | grep -q .; then \
		echo "处理 $(INPUT)/ 中的工作簿和自评报告"; \
		$(BIN)/budget-batch report "$(INPUT)" -o "$(OUTPUT)"; \
	else \
		echo "$(INPUT)/ 中没有工作簿或自评报告，改为处理示例 input_templates/示例_*.xlsx 和 示例_*.docx"; \
		$(BIN)/budget-batch report input_templates/示例_*.xlsx input_templates/示例_*.docx -o "$(OUTPUT)"; \
	fi

# Every test (LibreOffice's, Dask's and the slow ones too), on every core. CI runs this.
test: $(VENV)/.dev
	$(BIN)/python -m pytest -n auto

# What a change needs checked while working: all but the office, cluster and slow tests (< 60 s).
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -n auto -m "not office and not cluster and not slow"

lint: $(VENV)/.dev
	$(BIN)/ruff check budget_batch tests benchmarks tools
	$(BIN)/ruff format --check budget_batch tests benchmarks tools
	$(BIN)/mypy

template: $(VENV)/.run
	$(BIN)/budget-batch template -o input_templates/部门整体支出绩效自评表.xlsx

example: $(VENV)/.run
	$(BIN)/python -m budget_batch.samples.example_workbook input_templates/示例_花都区残联_2023.xlsx
	$(BIN)/python -m budget_batch.samples.example_forms input_templates
	$(BIN)/python -m budget_batch.samples.example_report input_templates/示例_花都区残联_2023_自评报告.docx
	$(BIN)/python tools/accounts_example.py input_templates

docs: $(VENV)/.run
	$(BIN)/python -c "import sys; from budget_batch.samples.catalogue_doc import main; main(sys.argv[1:])" docs/checks.md

# Pictures of the outputs for the README (needs LibreOffice, poppler-utils and a CJK font).
render: $(VENV)/.run
	$(BIN)/python tools/render.py docs

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/run.py

# Every output (copies, drafts, 批量汇总, report.json) and build products; output/.gitkeep stays.
clean:
	rm -rf $(VENV) build
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
