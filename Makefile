# faultlines: `make demo` analyzes the bundled examples into ./faultlines.db; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= faultlines.db
SAMPLE ?= ../shared/samples/000_e54173abc3a1bb90.txt

.PHONY: demo test install lint clean

$(BIN)/faultlines: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/faultlines

demo: install
	@mkdir -p reports
	@for f in examples/*.txt examples/*.md examples/*.html examples/*.json examples/*.jsonl; do \
		[ -e "$$f" ] || continue; \
		case "$$f" in */README.md) continue;; esac; \
		name=$$(basename "$$f"); \
		$(BIN)/faultlines analyze "$$f" --db $(DB) --format markdown --out "reports/$$name.report.md" || exit 1; \
	done
	@if [ -f "$(SAMPLE)" ]; then $(BIN)/faultlines analyze "$(SAMPLE)" --db $(DB); fi
	@$(BIN)/faultlines dossier JNIM --db $(DB) --format html --out reports/jnim.dossier.html
	@echo; $(BIN)/faultlines summary --db $(DB)

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check faultlines tests

clean:
	rm -rf $(VENV) reports $(DB) $(DB)-wal $(DB)-shm
