# The project's vocabulary: report, test, lint, template, example, bench.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INPUT  ?= input
OUTPUT ?= output

.PHONY: report test lint template example bench docs render clean

$(VENV)/.run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.run
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

# input/ when it holds a workbook, otherwise the shipped examples (never the blank template).
report: $(VENV)/.run
	@if [ -d "$(INPUT)" ] && find "$(INPUT)" -type f \( -iname '*.xlsx' -o -iname '*.xlsm' -o -iname '*.xls' \
			-o -iname '*.et' -o -iname '*.ods' -o -iname '*.xlsb' \) ! -name '~$$*' | grep -q .; then \
		echo "处理 $(INPUT)/ 中的工作簿"; \
		$(BIN)/budget-batch report "$(INPUT)" -o "$(OUTPUT)"; \
	else \
		echo "$(INPUT)/ 中没有工作簿，改为处理示例 input_templates/示例_*.xlsx"; \
		$(BIN)/budget-batch report input_templates/示例_*.xlsx -o "$(OUTPUT)"; \
	fi

test: $(VENV)/.dev
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check budget_batch tests benchmarks tools
	$(BIN)/ruff format --check budget_batch tests benchmarks tools
	$(BIN)/mypy

template: $(VENV)/.run
	$(BIN)/budget-batch template -o input_templates/部门整体支出绩效自评表.xlsx

example: $(VENV)/.run
	$(BIN)/python -m budget_batch.write.example_workbook input_templates/示例_花都区残联_2023.xlsx

docs: $(VENV)/.run
	$(BIN)/python -c "import sys; from budget_batch.write.catalogue_doc import main; main(sys.argv[1:])" docs/checks.md

# Pictures of the outputs for the README (needs LibreOffice and pdftoppm).
render: $(VENV)/.run
	rm -rf build/render && mkdir -p build/render
	$(BIN)/budget-batch report input_templates/示例_花都区残联_2023.xlsx -o build/render >/dev/null
	cd build/render && soffice --headless --convert-to pdf 示例_花都区残联_2023_审核.xlsx 批量汇总.xlsx 示例_花都区残联_2023_自评报告.docx >/dev/null
	pdftoppm -r 70 -png -singlefile -f 2 -l 2 build/render/示例_花都区残联_2023_自评报告.pdf docs/自评报告草稿_第2页
	n=$$(pdfinfo build/render/批量汇总.pdf | awk '/^Pages:/ {print $$2}'); \
	pdftoppm -r 70 -png -singlefile -f $$((n-1)) -l $$((n-1)) build/render/批量汇总.pdf docs/批量汇总_问题统计
	pdftoppm -r 70 -png -singlefile -f 2 -l 2 build/render/示例_花都区残联_2023_审核.pdf docs/审核副本_汇总
	pdftoppm -r 70 -png -singlefile -f 1 -l 1 build/render/示例_花都区残联_2023_审核.pdf docs/审核副本_审核结果

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) output/*.xlsx output/*.json
