# Yunzhao: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: install run serve migrate demo test test-fast lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml requirements/constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/yunzhao migrate --noinput

demo: migrate
	$(BIN)/yunzhao seed_demo

run: demo
	$(BIN)/yunzhao collectstatic --noinput --verbosity 0
	$(BIN)/yunzhao demo_logins
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) bin/serve

# The web server with its background workers (tasks, report schedule, audience), without the demo.
serve: migrate
	$(BIN)/yunzhao collectstatic --noinput --verbosity 0
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) bin/serve

lint: install
	$(BIN)/ruff check yunzhao bench

format: install
	$(BIN)/ruff format yunzhao bench
	$(BIN)/ruff check --fix yunzhao bench

test: lint
	$(BIN)/yunzhao makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

# Regenerate the translation catalogues and their compiled .mo files (needs GNU gettext).
messages: install
	cd yunzhao && ../$(BIN)/yunzhao makemessages --locale zh_Hans --locale en --no-obsolete \
		--ignore 'static/*' --ignore 'testing/*' --ignore '*/tests/*'
	cd yunzhao && ../$(BIN)/yunzhao compilemessages --locale zh_Hans --locale en

clean:
	rm -rf $(VENV) var
