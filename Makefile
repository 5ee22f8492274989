# Quick start: `make run` (demo at http://127.0.0.1:8000) and `make test` (ruff + whole pytest suite).
# Everything is set up on first use: .venv, pip requirements, npm packages, static/vendor, engines.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup

run: $(PY)
	$(PY) scripts/setup.py
	$(PY) scripts/run.py

test: $(PY)
	$(PY) scripts/setup.py --dev
	$(PY) scripts/test.py

setup: $(PY)
	$(PY) scripts/setup.py --dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q --upgrade pip
