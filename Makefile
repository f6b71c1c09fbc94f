# The README's commands. Everything runs in ./.venv, created on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check bench reliability

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The task worker (search index, e-mail) runs beside the server and stops with
# it; supervise_worker starts it again, saying so, whenever it ends.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py supervise_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rewrite the code as ruff wants it: the formatter, then the fixable lint rules
# (import order and the like). What remains is for a person to fix.
format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# What CI checks beside the tests: migrations for every model change, ruff, and
# Django's system checks, also the deployment ones (--deploy) with production
# settings as the README's production environment gives them (nothing is
# contacted; the variables that would loosen them are left out).
CHECK_DEPLOY_ENV := env -u SECURE_SSL_REDIRECT -u SECURE_HSTS_SECONDS \
	-u SECURE_HSTS_INCLUDE_SUBDOMAINS -u SESSION_COOKIE_SECURE -u CSRF_COOKIE_SECURE \
	DEBUG=false SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=careers.example.com DATABASE_URL=postgres://careers@127.0.0.1:5432/careers \
	REDIS_URL=redis://127.0.0.1:6379/0 SECURE_HSTS_PRELOAD=true
check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(CHECK_DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The API speed benchmark against the shipped server (gunicorn cms.wsgi with
# gunicorn.conf.py; BENCH_ARGS such as --cold, --scale, --redis or
# --database-url URL go to it), then the import benchmark on 200 postings.
bench: install
	$(BIN)/python -m bench.api_speed $(BENCH_ARGS)
	$(BIN)/python -m bench.import_postings --count 200

# The reliability tests (bench/reliability/, run as modules: see bench/harness.py),
# in order. Each one starts and stops its own servers (nginx among them) and
# databases; all of them run, and the target fails if any of them failed.
RELIABILITY_TESTS := two_servers slow_clients schemathesis_run postgres_outage redis_outage application_load
reliability: install
	@status=0; for test in $(RELIABILITY_TESTS); do \
		echo "== bench/reliability/$$test.py"; \
		$(BIN)/python -m bench.reliability.$$test || status=1; \
	done; exit $$status
