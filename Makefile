# Everyday tasks. `make test` is the README's test command; `make lint` must be clean before a commit.
VENV := .venv
PY := $(VENV)/bin/python

$(PY):
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e ".[dev]"

test: $(PY)
	$(PY) -m pytest

lint: $(PY)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(PY)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

.PHONY: test lint format
