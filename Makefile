# Peptide Desk: `make run` sets everything up and starts the app; `make test` sets
# everything up and passes the checks. Both are fast when nothing changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Everything (runtime, build, test, dev) at the locked versions: `make lock` writes it.
LOCK   := requirements/dev.txt
# The logic tests' environment: build + test tools without PySide6, pyqtgraph or numpy.
LOGIC_VENV := $(VENV)/logic
LOGIC_LOCK := requirements/logic.txt
DB     := db/peptide_desk.sqlite
CONTENT_FILES := $(shell find resources/content -type f 2>/dev/null)
# The code whose output the database holds: content/ builds it, search.py and text.py shape
# its index, citations.py and page_parts.py (the box) the article HTML, and the page modules
# render the start page stored in meta.home_html. This is the import closure of
# content/build.py (tests/test_architecture.py keeps it so); compare.py is in it because
# search.py asks it how many items a comparison takes.
DB_CODE := $(wildcard src/peptide_desk/content/*.py) \
	src/peptide_desk/search.py src/peptide_desk/search_snippets.py src/peptide_desk/text.py \
	src/peptide_desk/pages.py src/peptide_desk/page_parts.py src/peptide_desk/page_safety.py \
	src/peptide_desk/badges.py src/peptide_desk/citations.py src/peptide_desk/compare.py \
	src/peptide_desk/records.py src/peptide_desk/store.py src/peptide_desk/themes.py \
	src/peptide_desk/links.py src/peptide_desk/keymap.py src/peptide_desk/integrity.py
# The test files that import no Qt, listed once in pyproject.toml ([tool.peptide-desk]).
LOGIC_TESTS = $(shell $(PYTHON) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["tool"]["peptide-desk"]["logic-tests"])')
# pip installs exactly the locked files (every one has its hashes), then the project itself.
PIP := python -m pip install --quiet --disable-pip-version-check

.PHONY: soak run test lint typecheck importlint pytest logictest bench package lock clean distclean setup

run: setup $(DB)
	@$(BIN)/python -m compileall -q src >/dev/null  # bytecode, as an install has it
	$(BIN)/peptide-desk

test: setup $(DB) lint typecheck importlint pytest logictest

setup: $(VENV)/.sysdeps $(VENV)/.installed

$(VENV)/.sysdeps: packaging/linux/system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (found %s)" % sys.version.split()[0])'
	bash packaging/linux/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(VENV)/.installed: $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/$(PIP) --require-hashes -r $(LOCK)
	$(BIN)/$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(LOGIC_VENV)/.installed: $(LOGIC_LOCK) pyproject.toml | $(VENV)/.sysdeps
	test -x $(LOGIC_VENV)/bin/python || $(PYTHON) -m venv $(LOGIC_VENV)
	$(LOGIC_VENV)/bin/$(PIP) --require-hashes -r $(LOGIC_LOCK)
	$(LOGIC_VENV)/bin/$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(DB): $(CONTENT_FILES) $(DB_CODE) $(VENV)/.installed
	$(BIN)/peptide-desk build-db

lint:
	$(BIN)/ruff check src tests benchmarks packaging

typecheck:
	$(BIN)/mypy

# The layer contracts in pyproject.toml ([tool.importlinter]).
importlint:
	$(BIN)/lint-imports --no-cache

# The tests that need Qt, in .venv; the logic tests run once, in logictest.
pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(addprefix --ignore=,$(LOGIC_TESTS))

# The logic tests where PySide6, pyqtgraph and numpy are not installed: an import of Qt on
# their path fails here. (pytest-qt is absent too, so its qt_api setting is unknown.)
logictest: $(LOGIC_VENV)/.installed
	$(LOGIC_VENV)/bin/python -m pytest -q -p no:cacheprovider \
		-W "ignore:Unknown config option:pytest.PytestConfigWarning" $(LOGIC_TESTS)

# The SIGKILL loop of user-data writes at length (make test runs 20 kills of it).
SOAK_KILLS ?= 400
soak: setup
	PEPTIDE_DESK_SOAK=$(SOAK_KILLS) $(BIN)/python -m pytest -q -s tests/test_userdata_soak.py

bench: setup $(DB)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

package: test
	$(BIN)/python packaging/build.py

# Refresh requirements/dev.txt and requirements/logic.txt to the newest versions that
# pyproject.toml allows, for every platform (uv resolves; pip installs). After an edit of
# pyproject.toml, `make lock LOCK_UPGRADE=` keeps the other pins as they are.
LOCK_UPGRADE ?= --upgrade
LOCK_FLAGS = --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock'
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
QT_ONLY := pyside6-essentials shiboken6 pyqtgraph numpy pytest-qt

lock: setup
	$(BUILD_REQUIRES) | $(BIN)/uv pip compile pyproject.toml - --all-extras $(LOCK_FLAGS) \
		$(LOCK_UPGRADE) -o $(LOCK)
	$(BUILD_REQUIRES) | $(BIN)/uv pip compile pyproject.toml - --extra test $(LOCK_FLAGS) \
		--constraint $(LOCK) $(addprefix --no-emit-package ,$(QT_ONLY)) -o $(LOGIC_LOCK)

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV) $(DB)
