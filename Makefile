# Newsroom: the quick start is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AXE := var/node/node_modules/axe-core/axe.min.js
MO := locale/zh_Hans/LC_MESSAGES/django.mo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-core bench clean stack stack-stop

install: $(STAMP) $(AXE) $(MO)

# The zh_Hans catalog, compiled whenever it changes (needs GNU gettext's msgfmt).
$(MO): locale/zh_Hans/LC_MESSAGES/django.po $(STAMP)
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=var

# axe-core for the browser tests' accessibility checks, from the npm registry.
$(AXE):
	@if command -v npm >/dev/null; then npm install --silent --prefix var/node --no-save axe-core@4; \
	else echo "npm not found: accessibility checks in the browser tests will be skipped"; fi

# Reinstall whenever the declared dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds
	$(PY) manage.py ensure_admin
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The core alone: its tests with the five capability apps (search, epaper,
# api, planning, desk) removed from INSTALLED_APPS (newsroom/settings/test_core.py).
test-core: install
	$(PY) -m pytest -n 2 --dist loadfile --ds=newsroom.settings.test_core tests/articles $(PYTEST_ARGS)

bench: install
	$(PY) -m bench $(BENCH_ARGS)

# The production layout on loopback: PostgreSQL + streaming replica, Redis,
# two gunicorn app servers and Varnish (deploy/stack.sh, docs/operations.md).
stack: install
	deploy/stack.sh start

stack-stop:
	deploy/stack.sh stop

clean:
	rm -rf $(VENV) var .pytest_cache
