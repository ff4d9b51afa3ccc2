# One command each: run the service on its embedded defaults, test, demo, bench.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: venv run test lint demo bench chaos chaos-quick worker web reset-data clean recipe-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/ppflow run

worker: $(STAMP)
	$(BIN)/ppflow worker

web: $(STAMP)
	$(BIN)/ppflow web

lint: $(STAMP)
	$(BIN)/ruff check models workflows word mail activities ppflow web app tests worker.py bench deploy
	$(BIN)/mypy

# The tests run on one worker process per core, at most 4 (pytest-xdist; each worker has its
# own Temporal dev server and PostgreSQL database, and PostgreSQL allows 100 connections); a
# file's tests on one database stay together on one worker (tests/conftest.py).
# `make test WORKERS=0` runs them all in this one process.
WORKERS ?= auto

test: lint
	$(BIN)/pytest -q -p no:cacheprovider -n $(WORKERS) --maxprocesses 4 --dist loadfile --durations=10

demo: $(STAMP)
	$(BIN)/ppflow demo

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.scale

# Faults under load on two web processes and two workers (workers and a web process killed,
# Temporal restarted, relay and database out): figures printed
# and written to test-artifacts/chaos.json; exits 1 when a goal is missed.
chaos: $(STAMP)
	$(BIN)/python -m bench.chaos

chaos-quick: $(STAMP)
	$(BIN)/python -m bench.chaos --quick

# The Dockerfile's build steps without a container daemon: a fresh venv, `pip install .`, the
# installed package checked, then `ppflow web` / `ppflow worker` healthy as nobody (~30 s; also
# run by `make test` in tests/app/test_container_recipe.py).
recipe-check:
	$(PY) deploy/check_recipe.py

reset-data:
	rm -rf .data

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
