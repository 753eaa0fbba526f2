# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := $(VENV)/.packages
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Hash-pinned locks made from pyproject.toml by `make lock`: runtime (the image) and runtime + dev.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# Locks target CPython 3.11.7+ on Linux x86_64 (this project's machines and the image),
# whatever machine runs `make lock`.
# `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest release.
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11.7 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command 'make lock' $(LOCK_FLAGS)
# The build backend ([build-system] requires) is locked too, so the project installs without
# build isolation and nothing is fetched unpinned.
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; \
	print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'

.PHONY: install lock audit run serve migrate refresh test bench lint format clean

install: $(INSTALLED) static/vendor/.installed

# Every package comes from the lock, hash-checked and without dependency resolution; the
# project itself is installed editable on top (--no-deps: it may pull nothing unpinned).
$(PACKAGES): $(DEV_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(DEV_LOCK)
	touch $@

$(INSTALLED): $(PACKAGES) pyproject.toml
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# Re-resolve after editing dependencies in pyproject.toml; unchanged pins are kept.
lock: $(PACKAGES)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -o $(LOCK)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra dev -o $(DEV_LOCK)
	$(MAKE) install

# Known vulnerabilities in the locked Python packages and the npm packages that are served.
audit: $(INSTALLED)
	$(BIN)/python scripts/audit.py --lock $(DEV_LOCK)

# Front-end assets come from npm and are copied into static/vendor (not committed).
# --ignore-scripts: no dependency runs install hooks (swagger-ui-dist pulls in a telemetry one).
static/vendor/.installed: package.json package-lock.json .npmrc scripts/vendor.mjs
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	node scripts/vendor.mjs
	touch $@

migrate: install
	$(BIN)/python -m app migrate

# A failed refresh keeps the stored prices; serving goes on with them.
refresh: migrate
	-$(BIN)/python -m app refresh --source $${DISPERSION_PRICE_SOURCE:-auto}

# The worker (scheduled refreshes, alerts, notifications) runs in the background beside
# the web server and is stopped (SIGTERM: it finishes its current job) when serving ends.
# `notes rescore` rereads notes scored by an older engine (or stored before tickers had
# a tone and call), e.g. analysts' notes after an engine upgrade; current ones are skipped.
run: refresh
	$(BIN)/python -m app notes import app/research/sample_notes
	$(BIN)/python -m app notes rescore
	$(BIN)/python -m app alerts seed
	$(BIN)/python -m app worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

# The import contracts ([tool.importlinter] in pyproject.toml) first: a breach fails fast.
test: install
	$(BIN)/lint-imports --no-logo
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor var/*.db*
