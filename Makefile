# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app actiondays
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test icaljs install translations db lint i18n-update i18n-check bench bench-scale clean fuzz

# requirements.lock pins every dependency with hashes (pip-compile --generate-hashes --extra dev
# --strip-extras --allow-unsafe pyproject.toml); after changing pyproject.toml, regenerate it.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Creating the virtual environment failed: on Debian/Ubuntu run 'sudo apt-get install python3-venv' once."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(PY) scripts/i18n.py compile

db: install
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo

## Set everything up and serve the app with demo data on http://127.0.0.1:5000
run: db
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/ in your browser."
	@echo "  Demo accounts (password: aktionstage-demo):"
	@echo "    admin@example.org      admin"
	@echo "    pruefung@example.org   reviewer"
	@echo "    hannover@example.org   organiser (Region Hannover, Landkreis Schaumburg)"
	@echo "    goettingen@example.org organiser (Göttingen, Osterode am Harz, Northeim)"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

## Install and run the whole test suite (SQLite; set TEST_DATABASE_URL for PostgreSQL)
test: install icaljs
	$(PY) -m pytest $(PYTEST_ARGS)

# ical.js (Thunderbird's parser) for the feed tests, where Node's npm is available.
icaljs:
	@[ -f .cache/icaljs/node_modules/ical.js/dist/ical.js ] || ! command -v npm >/dev/null 2>&1 || \
		npm install --silent --no-audit --no-fund --prefix .cache/icaljs ical.js >/dev/null 2>&1 || \
		echo "ical.js could not be installed; its feed test will be skipped"

lint: install
	$(VENV)/bin/ruff check actiondays tests config.py scripts

i18n-update: $(VENV)/.installed
	$(PY) scripts/i18n.py update

i18n-check: $(VENV)/.installed
	$(PY) scripts/i18n.py check

clean:
	rm -rf $(VENV) instance .pytest_cache

## Measure the main pages on demo data, then the open-data API and CSV at 50,000 events
## (BENCH_OPENDATA_EVENTS=2000 for a quick run); writes BENCHMARKS.md
bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_opendata.py

## Long hostile fuzz run (>= 10,000 requests over all routes and five roles); figures to
## fuzz-report.jsonl (TEST_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
FUZZ_EXAMPLES ?= 2200
FUZZ_SECONDS ?= 1800
fuzz: install
	rm -f fuzz-report.jsonl
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_REPORT=$(CURDIR)/fuzz-report.jsonl \
		$(PY) -m pytest tests/web/test_fuzz.py -q -p no:cacheprovider
	@cat fuzz-report.jsonl
## Scale benchmark: 1k, 5k, 50k events under gunicorn on SQLite and PostgreSQL; writes BENCHMARKS.md
bench-scale: install
	$(PY) scripts/bench_scale.py
