# `make run` starts the bot (BOT_TOKEN in the environment or .env); `make test` runs the tests twice,
# side by side: on SQLite, and on the local PostgreSQL and Redis, which that run requires.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider --durations=12
TEST_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

# Reinstall only when pyproject.toml changed since the last install (a stamp file per extra).
define install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test $(VENV)/.installed$(2) -nt pyproject.toml || { $(PIP) install -e "$(1)" && touch $(VENV)/.installed$(2); }
endef

.PHONY: run test

run:
	$(call install,.,-run)
	@$(BIN)/python -m bot

# The two runs share nothing (a temporary SQLite file per test; the PostgreSQL database and Redis
# index below), so they run side by side, one per core; the SQLite run's output follows the other's.
test:
	$(call install,.[test],-test)
	@log=$$(mktemp); \
	env -u TEST_DATABASE_URL -u TEST_REDIS_URL -u REQUIRE_SERVICES $(PYTEST) >"$$log" 2>&1 & sqlite=$$!; \
	echo "== PostgreSQL + Redis =="; \
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) REQUIRE_SERVICES=1 $(PYTEST); services=$$?; \
	wait $$sqlite; local=$$?; \
	echo "== SQLite =="; cat "$$log"; rm -f "$$log"; \
	echo "SQLite: exit $$local; PostgreSQL + Redis: exit $$services"; \
	test $$local -eq 0 -a $$services -eq 0
