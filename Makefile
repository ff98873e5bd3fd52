# PanelHire: `make run` serves the demo; `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
export FLASK_APP := panelhire

.PHONY: install system run test lint bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed

system:
	bash scripts/system-packages.sh

tests/js/node_modules/.installed: tests/js/package.json
	if [ -f tests/js/package-lock.json ]; then npm ci --prefix tests/js --no-audit --no-fund --silent; \
	else npm install --prefix tests/js --no-audit --no-fund --silent; fi
	touch $@

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
	@echo ""
	@echo "PanelHire is starting at http://$(HOST):$(PORT)"
	@echo "Staff sign in (Email / Password):  admin@demo.test, hr@demo.test, manager@demo.test,"
	@echo "                                   staff@demo.test, trainer@demo.test  /  panelhire-demo"
	@echo "Residents (Username / PIN):         dee, sam, priya, jo, lee, mo  /  135790"
	@echo ""
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check panelhire tests $(wildcard bench)
	$(BIN)/bandit -q -c pyproject.toml -r panelhire -ll

test: install system $(if $(wildcard tests/js/package.json),tests/js/node_modules/.installed)
	$(MAKE) lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache instance/*.sqlite3*
