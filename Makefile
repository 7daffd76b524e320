# xiaoneng: the single entry point. `make demo` and `make test` work on a fresh machine with
# Python 3.11 and make; both are idempotent.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-postgres lint browser bench setup migrate serve format clean messages

$(STAMP): requirements/base.in requirements/dev.in requirements/constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -r requirements/base.in -r requirements/dev.in
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/xiaoneng migrate --noinput -v0

demo: migrate
	$(BIN)/xiaoneng demo
	@echo "Serving on http://127.0.0.1:8000  (portal /, workbench /workbench/, admin /admin/, API docs /api/v1/docs/)"
	$(BIN)/xiaoneng runserver 127.0.0.1:8000

test: setup
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) -m "not browser"

test-postgres: setup
	@test -n "$$XIAONENG_DATABASE_URL" || { echo "Set XIAONENG_DATABASE_URL=postgres://..."; exit 1; }
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) -m "not browser"

browser: setup
	$(BIN)/pytest -q -m browser -p no:xdist

lint: setup
	$(BIN)/ruff check src tests bench manage.py
	$(BIN)/ruff format --check src tests bench manage.py
	$(BIN)/mypy src
	DJANGO_SETTINGS_MODULE=xiaoneng.config.settings.test $(BIN)/xiaoneng makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix src tests bench manage.py
	$(BIN)/ruff format src tests bench manage.py

bench: setup
	$(BIN)/python bench/run.py

messages: setup
	cd src/xiaoneng && ../../$(BIN)/xiaoneng makemessages -l zh_Hans --no-obsolete && ../../$(BIN)/xiaoneng compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var/static .pytest_cache
