# Shelf: `make dev` runs the whole app locally, `make test` runs every test.
# Both install whatever is missing first (Debian packages, the virtualenv).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := redis-server postgresql chromium fonts-liberation2 libpango-1.0-0 \
	libpangoft2-1.0-0 libharfbuzz-subset0
PYTEST_ARGS ?=

export SHOPIFY_API_KEY ?= shelf-dev-key
export SHOPIFY_API_SECRET ?= shelf-dev-secret-0123456789abcdef0123
export PORT ?= 8080
export SANDBOX_PORT ?= 8081
export SHOPIFY_APP_URL ?= http://localhost:$(PORT)
export SHOPIFY_ADMIN_ORIGIN ?= http://127.0.0.1:$(SANDBOX_PORT)
export REDIS_URL ?= redis://127.0.0.1:6379/0
export SHELF_DEV_LOGIN ?= 1
# Catalog emails go to the local mail catcher (Procfile.dev `mail`): instance/mail/*.eml.
export SMTP_URL ?= smtp://127.0.0.1:1025
export SHELF_MAIL_FROM ?= Shelf <catalogs@localhost>
# Every dev process writes its metrics here (GET /metrics with the dev token); text logs.
# Only `make dev` exports the directory: tests keep metrics in-process.
DEV_METRICS_DIR ?= $(CURDIR)/instance/metrics
export SHELF_METRICS_TOKEN ?= dev-metrics-token
export SHELF_LOG_FORMAT ?= text

.PHONY: setup system-packages dev test test-sqlite test-postgres lint format clean

setup: system-packages $(STAMP)

system-packages:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing="$$missing fonts-liberation2"; \
	for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

dev: export PROMETHEUS_MULTIPROC_DIR ?= $(DEV_METRICS_DIR)
dev: setup
	@# Metrics of a previous run would be added to this one's; every process needs the directory.
	rm -rf "$(PROMETHEUS_MULTIPROC_DIR)" && mkdir -p "$(PROMETHEUS_MULTIPROC_DIR)"
	$(VENV)/bin/flask --app app db upgrade
	$(VENV)/bin/flask --app app catalogs seed-demo "$${SHELF_DEV_SHOP:-shelf-dev.myshopify.com}"
	@# honcho gives every process its own PORT, so the web port travels as SHELF_WEB_PORT.
	SHELF_WEB_PORT=$(PORT) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start -f Procfile.dev

# The two passes run side by side: most of their time is spent waiting on workers,
# Redis, the sandbox and the browser, not on a core. The PostgreSQL pass's output
# follows the SQLite pass's; either failing fails the run.
test: setup
	@pg_log=$$(mktemp); \
	$(MAKE) --no-print-directory test-postgres > "$$pg_log" 2>&1 & pg_pid=$$!; \
	$(MAKE) --no-print-directory test-sqlite; sqlite_status=$$?; \
	wait $$pg_pid; pg_status=$$?; \
	echo "== PostgreSQL pass (exit $$pg_status) =="; cat "$$pg_log"; rm -f "$$pg_log"; \
	[ $$sqlite_status = 0 ] && [ $$pg_status = 0 ]

test-sqlite:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Everything that touches the database again, against a throwaway PostgreSQL
# server on a spare port (unit tests and the browser never reach the database).
test-postgres:
	@url=$$(scripts/pg-test-server start) && \
	SHELF_TEST_DATABASE_URL="$$url" $(VENV)/bin/pytest -m "not browser" tests/integration tests/e2e $(PYTEST_ARGS); \
	status=$$?; scripts/pg-test-server stop; exit $$status

lint: setup
	$(VENV)/bin/ruff check .

format: setup
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
