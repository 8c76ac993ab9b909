# One command for each habit, the same for people and CI.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@# The compose file is validated by the tests with docker compose (or docker-compose).
	@docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose)
	@# The browser tests drive Debian's Chromium through Playwright.
	@test -x /usr/bin/chromium || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## Start the whole service on embedded defaults (SQLite, embedded broker, one worker).
run: install
	$(BIN)/commentguard run

## Install what the tests need and run them all (PostgreSQL and Redis on 127.0.0.1).
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks: figures printed and written to bench/results/*.json.
bench: install-test
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/transfer.py
	$(BIN)/python bench/mixing.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/bias.py
	$(BIN)/python bench/feedback.py

clean:
	rm -rf $(VENV) .commentguard .pytest_cache
