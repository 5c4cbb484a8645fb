# The two commands: `make run` and `make test`. Everything else is a helper they use.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PYTHON_VERSION := $(shell cat .python-version)
UV := $(shell command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 && echo uv || echo "python$(PYTHON_VERSION) -m uv")
VENV_PY := .venv/bin/python
MANAGE := $(VENV_PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mails and the IRIs of exported records name the address actually served.
export SITE_URL ?= http://$(HOST):$(PORT)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The suite runs in one worker per core (pytest-xdist; each worker has its own test database).
# TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= auto

.PHONY: run serve worker test test-sqlite test-postgres check bench fuzz walk install messages clean

## Create .venv from the lock file (installing uv with pip when it is missing).
install: .venv/.installed
.venv/.installed: pyproject.toml uv.lock .python-version
	@$(UV) --version >/dev/null 2>&1 || python$(PYTHON_VERSION) -m pip install --quiet uv
	$(UV) sync --frozen --python $(PYTHON_VERSION)
	@touch $@

## Migrate, load the skills taxonomy and the demo cluster (members, logins, 67 demo products, job
## postings, requests), serve on http://$(HOST):$(PORT) and print the demo logins. In the background:
## the extractor's vectors (once, then cached in var/skills), the products relinked with them, the
## postings' skills, the demand each product meets, proposals from the gaps.
run: install
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) skills_load
	$(MANAGE) seed_demo
	@echo "In the background: building the skill extractor's vectors (3-10 minutes the first time,"
	@echo "then cached), linking the demo products' learning outcomes and the 2,000 demo job postings"
	@echo "to skills, counting the demand each product meets and drafting proposals from the gaps:"
	@echo "10-18 minutes in all the first time on two busy cores (vectors 6-10 min, postings 5 min, the"
	@echo "rest 2 min), about a minute after. The site serves meanwhile; analytics, gaps, coverage and"
	@echo "proposals say «being processed: k of n» until their data is ready."
	($(MANAGE) skills_embed -v0 && $(MANAGE) matching_recompute && $(MANAGE) demand_extract -v0 \
	  && $(MANAGE) matching_recompute --demand-only && $(MANAGE) matching_draft_proposals) &
	@echo "Serving on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(MANAGE) runserver $(HOST):$(PORT)

## Production-style serving: granian in WSGI mode (set DATABASE_URL, SECRET_KEY, DEBUG=0 …).
serve: install
	$(MANAGE) collectstatic --no-input -v0
	.venv/bin/granian --interface wsgi config.wsgi:application --host $(HOST) --port $(PORT) \
	  --workers $${WEB_WORKERS:-2} --blocking-threads $${WEB_THREADS:-4} \
	  --static-path-route /static --static-path-mount staticfiles

## The background task worker (with TASKS_BACKEND=database).
worker: install
	$(MANAGE) db_worker

## The whole suite on SQLite, then on PostgreSQL when DATABASE_URL is set or a local server answers.
test: install
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
	  || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL: no DATABASE_URL and no local server; skipped the PostgreSQL run."; fi

test-sqlite: install
	env -u DATABASE_URL $(VENV_PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-postgres: install
	CONN_MAX_AGE=0 DATABASE_URL=$${DATABASE_URL:-$(PG_TEST_URL)} $(VENV_PY) -m pytest -n $(TEST_WORKERS) \
	  $(PYTEST_ARGS)

## Format check, lint, types, and that no migration is missing.
check: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/mypy .
	$(MANAGE) makemigrations --check --dry-run

## Schemathesis over the whole API (/api/openapi.json), in-process, anonymously and with the
## tokens of an operator, a member's editor, an employer and a not-admitted applicant: deeper
## than the suite's run (FUZZ_EXAMPLES per operation and persona, 100 unless told, and the
## coverage phase's boundary values), on SQLite or DATABASE_URL; prints the totals.
fuzz: install
	FUZZ_DEEP=1 $(VENV_PY) -m pytest \
	  config/tests/test_api_fuzz.py -q -p no:cacheprovider $(PYTEST_ARGS)

## The Russian demo walked in Chromium at 390 px as every role (issue 17's check, part of
## `make test` on SQLite; about 2.5 minutes), alone.
walk: install
	env -u DATABASE_URL $(VENV_PY) -m pytest \
	  config/tests/test_demo_walk.py -q -p no:cacheprovider $(PYTEST_ARGS)

bench: install
	@status=0; for bench in bench/*.py; do \
	  case "$$bench" in */common.py) continue;; esac; \
	  $(VENV_PY) "$$bench" || status=1; \
	done; exit $$status

## Refresh the Russian catalogue after changing user-facing text, then compile it.
messages: install
	$(MANAGE) makemessages -l ru --no-obsolete --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf .venv staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
