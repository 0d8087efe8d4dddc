# cmquality: `make run` serves the app with demo data; `make test` runs the whole suite.
# DATABASE_URL=postgres://… selects PostgreSQL for both (SQLite otherwise).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format bench bench-import loadtest loadtest-dashboard messages lint-html clean

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/python scripts/ensure_database.py
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 DEMO_ORIGIN=http://$(HOST):$(PORT) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ — log in as recruiter, manager or admin (password: $${DEMO_PASSWORD:-demo})"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_vnu.sh || echo "The HTML checker could not be installed: its test will be skipped."
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, the import contracts of docs/architecture.md, and types on the core modules.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# From the project root, so that templates/ and the settings' LANGUAGES are extracted too.
messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr --no-obsolete --no-wrap --add-location file \
		--ignore=.venv --ignore=static --ignore=tests --ignore=bench --ignore=staticfiles
	DEBUG=1 $(BIN)/python manage.py compilemessages -l fr --ignore=.venv

bench: $(STAMP)
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/import_candidates.py

bench-import: $(STAMP)
	$(BIN)/python bench/import_candidates.py

lint-html: $(STAMP)
	@bash scripts/ensure_vnu.sh
	$(BIN)/python scripts/lint_html.py

loadtest: $(STAMP)
	bash scripts/loadtest.sh

# Issue 10's dashboard scenario: 2 sync workers, 50 connections, 15 s, /healthz in the same run (wrk).
loadtest-dashboard: $(STAMP)
	bash scripts/loadtest_dashboard.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
