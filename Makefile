# The project's vocabulary. `make help` lists it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= uv
UV_VERSION := 0.13.8

.PHONY: help install run test test-fast lint bench docs contracts check-uv system-tools

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

check-uv:
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet "uv==$(UV_VERSION)"

install: check-uv ## Build the environment from uv.lock (nothing is installed by hand)
	$(UV) sync --frozen --all-packages

run: install ## Bring the platform up: infrastructure check, migrations, demo data, all services
	WIR_ENV=$${WIR_ENV:-local} $(UV) run wir run

#: program:Debian package of the system tools some tests drive.
SYSTEM_TOOLS := chromium:chromium pdftoppm:poppler-utils

system-tools: ## Install what some tests drive, where missing: Chromium (browser tests) and pdftoppm (PDF pages)
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing"; apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "not installed:$$missing (apt-get install them as root; the tests that drive them are skipped, and fail under CI=true)"; fi

test: install system-tools ## Run every test (lint, contracts, kit, services, end-to-end) against real PostgreSQL and RabbitMQ
	$(MAKE) --no-print-directory lint
	$(UV) run python contracts/tools/snapshot.py --check
	$(UV) run pytest

test-fast: ## Unit tests only (no database or broker)
	$(UV) run pytest contracts/tests $(wildcard services/*/tests/unit) tests/architecture

lint: ## ruff (lint + format check), mypy strict, import boundaries
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy contracts/src $(wildcard services/*/src)
	$(UV) run lint-imports

bench: install ## Print figures: kit event hop vs raw aio-pika + asyncpg; PDF render; end-to-end registrations; matching's assignment; interpreting's bookings under load; the web app's person and search pages
	$(UV) run python tests/bench/event_hop.py
	$(UV) run python services/competence/benchmarks/pdf_render.py
	$(UV) run python tests/bench/e2e_registration.py
	$(UV) run python services/matching/benchmarks/assignment.py
	$(UV) run python services/interpreting/benchmarks/assignment.py
	$(UV) run python tests/bench/web_pages.py

docs: install ## Write OpenAPI and AsyncAPI documents of every installed service to docs/api
	$(UV) run wir docs --out docs/api

contracts: install ## Regenerate the contracts' JSON Schema snapshots and golden examples
	$(UV) run python contracts/tools/snapshot.py
