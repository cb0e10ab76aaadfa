# billtracker: `make demo` builds everything from the recorded corpus and serves it;
# `make test` installs what the tests need and runs the whole suite.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS := $(SHARED)/corpus
DB ?= data/billtracker.db
PUBLISHED ?= data/published.db
PORT ?= 8001

.PHONY: help install demo build run serve chromium axe redis nginx test lint format eval benchmarks clean

help:
	@echo "make demo   build the database from $(CORPUS), score, diff, publish, serve on :$(PORT)"
	@echo "make test   install test dependencies (pip, Debian chromium) and run pytest"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make run    crawl the live sources (network needed), score, publish"
	@echo "make eval   measure the comparator against $(SHARED)/eval"

PIP := $(BIN)/pip install --quiet --disable-pip-version-check --no-warn-script-location

$(BIN)/python:
	@echo "creating $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing billtracker and its test tools into $(VENV)"
	@$(PIP) -e ".[test]"
	@touch $@

install: $(VENV)/.installed

# one line per step: each command, run --quiet, prints only its summary
build: install
	@test -d $(CORPUS)/texts || { echo "No recorded corpus at $(CORPUS). Put billtracker beside a shared/ folder holding corpus/ (see README), or crawl live with 'make run'."; exit 1; }
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@printf "import: "; $(BIN)/billtracker import $(CORPUS)/texts --db $(DB) --quiet
	@$(BIN)/billtracker crawl california --replay $(CORPUS) --db $(DB) --quiet
	@$(BIN)/billtracker crawl ny --replay $(CORPUS) --db $(DB) --quiet
	@$(BIN)/billtracker crawl legistar -a client=nyc --replay $(CORPUS) --db $(DB) --quiet
	@$(BIN)/billtracker crawl maryland --replay $(CORPUS) --db $(DB) --quiet
	@$(BIN)/billtracker update --replay $(CORPUS) --db $(DB) --published $(PUBLISHED) --quiet

demo: build
	@echo "serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	@$(BIN)/billtracker serve --published $(PUBLISHED) --port $(PORT)

run: install
	$(BIN)/billtracker update --db $(DB) --published $(PUBLISHED)

serve: install
	$(BIN)/billtracker serve --published $(PUBLISHED) --port $(PORT)

# Debian's chromium drives the browser tests; installed when missing (root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium"; fi; }

# redis-server (distributed crawl tests) and nginx (replicated serving tests), installed
# when missing (root, as in CI).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is missing: sudo apt-get install redis-server"; fi; }

nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing: sudo apt-get install nginx"; fi; }

# axe-core (accessibility checks in the browser tests) goes into ./node_modules when missing.
axe:
	@test -f node_modules/axe-core/axe.min.js || npm install --no-save --no-audit --no-fund axe-core >/dev/null

test: install chromium axe redis nginx
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

eval: install
	$(BIN)/python benchmarks/accuracy.py

benchmarks: install
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/score_speed.py
	$(BIN)/python benchmarks/serve_speed.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) data/*.db data/*.db-* data/publish .pytest_cache .ruff_cache
