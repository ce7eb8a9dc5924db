# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Each creates .venv/ from requirements.txt the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

# Reproducible builds: dates in the site (sitemap, its gzip header) are the last commit's, not today's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build zensical check test lint clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## serve: build the site and serve it with live reload at http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/python build_charts.py
	SITE_URL=$${SITE_URL:-http://127.0.0.1:8000/} $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: validate data/, generate pages and charts, and write the site to site/
build: $(STAMP)
	$(BIN)/python build_charts.py
	$(BIN)/mkdocs build --strict

## zensical: the same site from the same mkdocs.yml, published by Zensical instead of MkDocs
zensical: $(STAMP)
	$(BIN)/python build_charts.py
	$(BIN)/zensical build --strict

## check: validate data/ without writing anything
check: $(STAMP)
	$(BIN)/python build_charts.py --check

## test: run every test (unit, build, and browser tests in headless Chromium, installed if missing)
test: $(STAMP)
	$(BIN)/python -m tools.browser > $(VENV)/browser-path
	CHROMIUM_PATH="$$(cat $(VENV)/browser-path)" $(BIN)/python -m pytest

## lint: ruff's lint rules and formatting (also part of `make test`)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site .cache $(VENV)
