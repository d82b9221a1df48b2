# The few commands a newcomer needs. `make run` to try Doorway, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/doorway
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test worker beat bench lint format install install-dev css lighthouse

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve Doorway on http://127.0.0.1:$(PORT) (SQLite and in-process tasks unless DATABASE_URL/REDIS_URL are set).
## PORT reaches the settings too: the links Doorway prints and mails point at the same port.
run: export PORT := $(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## Every check: lint, format, migrations, and the test suite on PostgreSQL, Redis and Chromium
## (started or installed first when the machine has them but they are stopped or missing).
test: export DATABASE_URL ?= $(TEST_DATABASE_URL)
test: export REDIS_URL ?= $(TEST_REDIS_URL)
test: install-dev
	@$(PY) bin/check-services
	@bin/check-browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest --cov=screening --cov-branch --cov-fail-under=100 $(PYTEST_ARGS)

## The Celery worker and scheduler, for DATABASE_URL/REDIS_URL mode.
worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule=/tmp/doorway-celerybeat-schedule

## The benchmark on the real stack (fresh doorway_bench database, gunicorn, one Celery worker):
## prints a table and writes bench/results.json. BENCH_DATABASE_URL / BENCH_REDIS_URL override.
bench: install-dev
	@$(PY) -m bench.run

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Lighthouse's mobile scores for the main pages under production settings (gunicorn, WhiteNoise):
## prints them with every audit that fell short. Needs Node.js, npm and Chromium; about 10 minutes.
lighthouse: install-dev
	cd tools/lighthouse && npm ci --no-audit --no-fund
	$(PY) tools/lighthouse/run.py

## Rebuild static/css/bootstrap.min.css, Bootstrap trimmed to the classes the pages use
## (needs Node.js and npm; the result is committed, so `make run` and `make test` do not).
css: install-dev
	cd static-src && npm ci --no-audit --no-fund
	node static-src/build-css.mjs \
		"$$($(PY) -c 'import crispy_bootstrap5, os; print(os.path.dirname(crispy_bootstrap5.__file__))')" \
		"$$($(PY) -c 'import django, os; print(os.path.dirname(django.__file__))')"
