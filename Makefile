# Wandelnetz: `make run` for a local demo, `make test` for the whole suite.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON ?= python3.11
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
MANAGE := $(UV) run --frozen python manage.py
PYTEST_ARGS ?=
# The SQLite run never inherits a PostgreSQL DATABASE_URL; `make test` runs PostgreSQL after it.
# The main runs use the default in-process cache; `test-redis` runs the cache tests on Redis,
# serially, since they clear the shared cache.
SQLITE_ENV := env -u DATABASE_URL -u REDIS_URL DATA_DIR=$(CURDIR)/var/test-sqlite

.PHONY: install run test test-sqlite test-postgres test-redis lint messages bench clean

install: ## Build the virtual environment from uv.lock
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --quiet --user uv
	$(UV) sync --frozen
	mkdir -p var

run: install ## Migrate, load the demo world and serve on http://127.0.0.1:$(PORT)
	mkdir -p "$${DATA_DIR:-var}"
	DEBUG=$${DEBUG:-1} $(MANAGE) migrate --no-input
	DEBUG=$${DEBUG:-1} $(MANAGE) load_demo_world
	DEBUG=$${DEBUG:-1} $(MANAGE) schedule_periodic_tasks
	@# The task worker (mails, reminders, calendar imports) runs beside the server and stops with it.
	DEBUG=$${DEBUG:-1} $(MANAGE) db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install ## The suite on SQLite, and again on PostgreSQL when DATABASE_URL points there
	$(MAKE) test-sqlite
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) test-postgres; \
	else echo "DATABASE_URL does not point at PostgreSQL: PostgreSQL run not requested."; fi
	@if [[ -n "$${REDIS_URL:-}" ]]; then $(MAKE) test-redis; \
	else echo "REDIS_URL is not set: the cache tests ran with the in-process cache only."; fi

test-sqlite:
	mkdir -p var/test-sqlite
	$(SQLITE_ENV) $(UV) run --frozen pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-postgres:
	@test -n "$${DATABASE_URL:-}" || { echo "test-postgres needs DATABASE_URL"; exit 2; }
	env -u REDIS_URL DATA_DIR=$(CURDIR)/var/test-postgres $(UV) run --frozen pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-redis: ## The tests that depend on the cache backend, against Redis (REDIS_URL)
	mkdir -p var/test-redis
	@test -n "$${REDIS_URL:-}" || { echo "test-redis needs REDIS_URL"; exit 2; }
	env -u DATABASE_URL DATA_DIR=$(CURDIR)/var/test-redis $(UV) run --frozen pytest $(PYTEST_ARGS) \
		wandelnetz/core/tests/test_page_cache.py wandelnetz/accounts/tests/test_sign_in_throttling.py

lint: install ## ruff, mypy, migrations check
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	SECRET_KEY=lint $(UV) run --frozen mypy wandelnetz
	SECRET_KEY=lint $(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=lint $(UV) run --frozen python -m wandelnetz.core.check_catalogues

messages: install ## Update and compile the translation catalogues
	cd wandelnetz && SECRET_KEY=messages $(UV) run --frozen python ../manage.py makemessages -l de -l en --no-obsolete --add-location file
	cd wandelnetz && SECRET_KEY=messages $(UV) run --frozen python ../manage.py compilemessages

bench: install ## Benchmarks (see docs/benchmarks.md)
	$(UV) run --frozen python -m bench.run

clean:
	rm -rf var/test-sqlite var/test-postgres var/test-redis
