# linli — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export DJANGO_SETTINGS_MODULE := linli.settings
# What make runs (the demo, the tests, the checks, the benchmarks) runs from this checkout and
# needs no SECRET_KEY; linli/settings.py refuses to start without one anywhere else.
export LINLI_DEMO ?= 1

.PHONY: demo serve install test lint typecheck migrations-check test-pg test-api-fuzz test-clock test-browser bench bench-smoke messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The benchmarks' baselines (spopt's max-p for bench/division.py): only `make bench` needs them.
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev,bench]"
	touch $@

## Set up, load the demo district (if the database is empty) and serve it with the worker.
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo --if-empty --scale $(SCALE)
	$(PY) manage.py demo_accounts
	$(MAKE) --no-print-directory serve

# Stopping: granian 2.8 workers do not watch their main process, and a worker hit by two
# signals at once (Ctrl-C's INT and the main process's TERM) now and then misses both and
# keeps serving. So the main process kills a worker that has not stopped after 5 s, and the
# trap TERMs the whole process group (also what outlives a `kill -9` of granian's main),
# waits up to 5 s for it, then KILLs what is left.
serve: export GRANIAN_WORKERS_KILL_TIMEOUT = 5
serve:
	@echo "linli: http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the worker)"
	@trap 'trap "" INT TERM EXIT; kill 0; n=0; while pgrep -g 0 "python|granian" >/dev/null && [ $$n -lt 50 ]; do sleep 0.1; n=$$((n+1)); done; pgrep -g 0 "python|granian" >/dev/null && kill -KILL 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --interval 1 & \
	$(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 --blocking-threads 16 --respawn-failed-workers linli.wsgi:application

## Lint, type check, migrations check and the whole suite on SQLite.
test: install lint typecheck migrations-check
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy --no-incremental .  # a warm cache hid reverse-relation errors that a clean run finds

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

## The same suite on PostgreSQL (DATABASE_URL, default the local trust-auth server).
test-pg: install
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "not browser and not fuzz"

## Schemathesis against the served OpenAPI schema on PostgreSQL, as a staff member and as a
## resident of the demo district: no 5xx, only documented statuses and bodies. A fixed seed
## and EXAMPLES requests per operation and role keep it to a few minutes on two cores.
EXAMPLES ?= 6
test-api-fuzz: install
	DATABASE_URL=$(PG_URL) LINLI_FUZZ_EXAMPLES=$(EXAMPLES) $(PY) -m pytest -m fuzz -p no:randomly

## The suite (SQLite, no browser) with the clock moved to an awkward moment: 23:50 on New Year's
## Eve in Asia/Shanghai by default; any ISO moment with NOW=... (CI runs it: green on any day).
NOW ?= 2026-12-31T23:50:00+08:00
test-clock: install
	LINLI_TEST_NOW=$(NOW) $(PY) -m pytest -m "not browser"

## Only the browser tests (Debian's /usr/bin/chromium).
test-browser: install
	$(PY) -m pytest -m browser

## Every benchmark, each printing its figures beside a baseline of the same run (ledger and
## redemption need PostgreSQL: PG_URL). Takes several minutes; run one with $(PY) bench/NAME.py.
## Installs the [bench] extra first; a baseline that cannot run says so on stderr.
bench: $(VENV)/.bench-installed
	$(PY) bench/import.py
	$(PY) bench/routing.py
	$(PY) bench/case_intake.py
	DATABASE_URL=$(PG_URL) $(PY) bench/intake_leader.py
	$(PY) bench/deadline_sweep.py
	$(PY) bench/division.py --sizes 1000,10000
	$(PY) bench/redemption.py --pg $(PG_URL)
	$(PY) bench/ledger.py --pg $(PG_URL)
	DATABASE_URL=$(PG_URL) $(PY) bench/search.py --no-index
	$(PY) bench/visit_coverage.py --pg $(PG_URL)
	$(PY) bench/service_circle.py --households 5000
	DATABASE_URL=$(PG_URL) $(PY) bench/cockpit.py
	DATABASE_URL=$(PG_URL) $(PY) bench/assessment.py
	$(PY) bench/case_figures.py --pg $(PG_URL) --cases 1000000

## Every benchmark at a tiny size, to show they still run and check what they measure (CI
## runs this; the figures at these sizes mean nothing).
bench-smoke: install
	$(PY) bench/import.py --rows 2000
	$(PY) bench/routing.py --points 2000 --naive 200 --cols 10 --rows 10
	$(PY) bench/case_intake.py --requests 200 --seconds 5
	DATABASE_URL=$(PG_URL) $(PY) bench/intake_leader.py --reports 200
	$(PY) bench/deadline_sweep.py --cases 5000
	$(PY) bench/division.py --sizes 300 --redivide 0
	$(PY) bench/redemption.py --pg $(PG_URL) --requests 200 --seconds 5 --residents 50 --items 5
	$(PY) bench/ledger.py --pg $(PG_URL) --entries 5000 --users 100 --repeat 2
	DATABASE_URL=$(PG_URL) $(PY) bench/search.py --residents 3000 --communities 2 --queries 5 --repeat 1
	$(PY) bench/visit_coverage.py --pg $(PG_URL) --households 4000 --communities 3 --repeat 2
	$(PY) bench/service_circle.py --households 300 --streets 5
	$(PY) bench/cockpit.py --cases 3000 --repeat 1
	$(PY) bench/assessment.py --grids 20 --cases 3 --repeat 1
	$(PY) bench/case_figures.py --pg $(PG_URL) --cases 5000 --subdistricts 1 --repeat 1 --deep 5

## Regenerate and compile the translation catalogs (needs gettext). Each app and sub-app keeps its
## own catalog: a parent app skips its sub-apps (the folders that have a locale of their own);
## tests are not pages, so their strings stay out.
I18N_APPS := core accounts areas areas/registers areas/division party activities fieldwork points \
	volunteering cases cases/open311 cases/indicators dashboard linli
messages: install
	for app in $(I18N_APPS); do \
	  (cd $$app && $(abspath $(PY)) $(CURDIR)/manage.py makemessages -l zh_Hans -l en --no-obsolete -i tests \
	    $$(for d in */locale; do [ -d "$$d" ] && echo "-i $${d%/locale}"; done) -v 0) || exit 1; done
	$(PY) manage.py compilemessages -v 0

clean:
	rm -rf $(VENV) var staticfiles
