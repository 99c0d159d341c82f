# Family Safeguarding adoption kit. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
CSS := site/core/static/core/css/main.css
SCSS := $(wildcard site/core/static_src/scss/*.scss)

.PHONY: help demo test lint format check-prereqs assets static migrate content demo-data statistics serve serve-production clean dumpdata bench bench-fidelity bench-cohort bench-import bench-load bench-pages

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

check-prereqs:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required: '$(PYTHON)' was not found. Install Python 3.11 or run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' || { echo "Python 3.11 or newer is required; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; exit 1; }
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "Node.js and npm are required to build the front-end assets: install Node.js 20 or newer." >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | check-prereqs
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json | check-prereqs
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): node_modules/.installed $(SCSS)
	npm run --silent build

assets: $(CSS) ## Build the front-end assets (GOV.UK Frontend, our Sass)

static: $(VENV)/.installed assets ## Collect static files for whitenoise
	$(MANAGE) collectstatic --noinput --verbosity 0

migrate: $(VENV)/.installed ## Apply database migrations
	$(MANAGE) migrate --noinput

content: migrate ## Load the published pages from content/
	$(MANAGE) load_content

demo-data: migrate ## Load the demo users (illustrative, never in production)
	$(MANAGE) load_demo_data

statistics: migrate ## Import DfE's official statistics from DFE_DATA_DIR (default ../shared/data/dfe), if there
	$(MANAGE) import_statistics_folder

demo: static content demo-data statistics ## Set up everything and serve the site on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

serve: $(VENV)/.installed assets ## Serve the site without reloading content
	$(MANAGE) runserver $(HOST):$(PORT)

PRODUCTION_REQUIRED := DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS DATABASE_URL
serve-production: export DJANGO_SETTINGS_MODULE = config.settings.production
serve-production: export HOST := $(HOST)
serve-production: export PORT := $(PORT)
serve-production: $(VENV)/.installed assets ## Run the production stack here: gunicorn and the task worker, settings from the environment (README, Deploying)
	@for name in $(PRODUCTION_REQUIRED); do [ -n "$${!name:-}" ] || { echo "Set $$name first (README, Deploying)." >&2; exit 1; }; done
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	$(MANAGE) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
		$(VENV)/bin/gunicorn --config gunicorn.conf.py

# makemigrations skips the system checks that `check` has just run (at WARNING, the stricter level).
test: $(VENV)/.installed assets ## Run the checks (Django, migrations, ruff, the app layers) and the whole test suite
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run --noinput --skip-checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: bench-fidelity bench-cohort bench-import bench-pages bench-load ## Run the benchmarks, one after another (make -j3 runs them side by side: for --quick, not timings)

bench-fidelity bench-cohort bench-import: bench-%: $(VENV)/.installed
	$(PY) bench/$*_bench.py $(BENCH_ARGS)

bench-load: $(VENV)/.installed assets ## The load test: two gunicorn servers sharing PostgreSQL and Redis, locust on loopback
	$(PY) bench/load_test.py $(BENCH_ARGS)

bench-pages: $(VENV)/.installed assets ## Public pages under gunicorn against a bare view (needs wrk)
	$(PY) bench/public_pages.py $(BENCH_ARGS)

lint: $(VENV)/.installed ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

dumpdata: $(VENV)/.installed ## Dump editor-made content as JSON fixtures (natural keys, no volatile tables)
	$(MANAGE) dumpdata --natural-foreign --natural-primary --indent 2 \
		--exclude auth.permission --exclude contenttypes --exclude sessions \
		--exclude wagtailcore.referenceindex --exclude wagtailsearch --exclude wagtailcore.modellogentry \
		--exclude wagtailcore.pagelogentry --exclude wagtailcore.revision \
		-o fixtures/dump.json

clean: ## Remove the virtualenv, node_modules, built assets and collected static files
	rm -rf $(VENV) node_modules staticfiles $(CSS)
