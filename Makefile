# Peptide Desk: `make run` sets everything up and starts the app; `make test` sets
# everything up and passes the checks. Both are fast when nothing changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     := db/peptide_desk.sqlite
CONTENT_FILES := $(shell find resources/content -type f 2>/dev/null)
SRC_FILES := $(shell find src/peptide_desk/content -name '*.py' 2>/dev/null) src/peptide_desk/search.py

.PHONY: run test lint typecheck pytest bench package clean distclean setup

run: setup $(DB)
	@$(BIN)/python -m compileall -q src >/dev/null  # bytecode, as an install has it
	$(BIN)/peptide-desk

test: setup $(DB) lint typecheck pytest

setup: $(VENV)/.sysdeps $(VENV)/.installed

$(VENV)/.sysdeps: packaging/linux/system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found %s)" % sys.version.split()[0])'
	bash packaging/linux/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(DB): $(CONTENT_FILES) $(SRC_FILES) $(VENV)/.installed
	$(BIN)/peptide-desk build-db

lint:
	$(BIN)/ruff check src tests benchmarks packaging

typecheck:
	$(BIN)/mypy

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: setup $(DB)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

package: test
	$(BIN)/python packaging/build.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV) $(DB)
