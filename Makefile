# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve migrate refresh test bench lint format clean

install: $(INSTALLED) static/vendor/.installed

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end assets come from npm and are copied into static/vendor (not committed).
static/vendor/.installed: package.json package-lock.json scripts/vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/vendor.mjs
	touch $@

migrate: install
	$(BIN)/python -m app migrate

# A failed refresh keeps the stored prices; serving goes on with them.
refresh: migrate
	-$(BIN)/python -m app refresh --source $${DISPERSION_PRICE_SOURCE:-auto}

run: refresh
	$(BIN)/python -m app notes import app/research/sample_notes
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor var/*.db*
