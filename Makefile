# Two commands do everything: `make run` and `make test`. Each sets itself
# up on a fresh machine (virtualenv, dependencies, database, browser).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liv_site
HOST ?= 127.0.0.1
PORT ?= 8000

# Production-like values for `check --deploy`; nothing here is a secret
# (check connects to neither the cache nor the mail server).
DEPLOY_CHECK_ENV := DEBUG=0 SECRET_KEY=deploy-check-$(shell date +%s)-not-a-real-key-0123456789abcdef \
	ALLOWED_HOSTS=health.example.org SITE_URL=https://health.example.org \
	DATABASE_URL=$(TEST_DATABASE_URL) CACHE_URL=redis://127.0.0.1:6379/0 \
	EMAIL_URL=smtp://mail.example.org:587 ADMIN_URL=staff-desk/

# The suite runs with production settings (DEBUG off, hashed static files);
# only the HTTPS redirect is off, as the test server speaks plain HTTP.
# The tests use real Redis (one database number of its own: the suite
# clears it before each test). Two-factor sign-in for Site admins, required
# by default with DEBUG off, is off so the admin tests can sign in as a
# superuser; tests/staff/test_two_factor.py turns it on where it tests it.
TEST_CACHE_URL ?= redis://127.0.0.1:6379/5
TEST_ENV := DATABASE_URL=$(or $(DATABASE_URL),$(TEST_DATABASE_URL)) \
	CACHE_URL=$(TEST_CACHE_URL) \
	SECRET_KEY=test-only-key-not-secret-0123456789abcdefghijklmnop \
	DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	REQUIRE_2FA_FOR_SITE_ADMINS=0

.PHONY: run test lint format check-postgres browser gettext makemessages messages static \
	migrations-check upgrade-check deploy-check pytest audit clean release release-files serve smoke \
	bench bench-newsletter cluster-smoke

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# axe-core and the Nu Html Checker, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## run: the site with demo content at http://$(HOST):$(PORT) (SQLite unless DATABASE_URL is set)
run: $(VENV)/.installed-run messages
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 $(MANAGE) ensure_local_admin
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## test: lint, migrations check, deploy check, and the whole suite on PostgreSQL
test: lint check-postgres migrations-check upgrade-check deploy-check browser messages static smoke \
	node_modules/.installed pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-postgres: $(VENV)/.installed-dev
	@$(TEST_ENV) $(PY) scripts/check_postgres.py

migrations-check: $(VENV)/.installed-dev
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

## upgrade-check: a database built at FROM (default HEAD~1) migrates here and loses nothing
upgrade-check: $(VENV)/.installed-dev messages static
	$(TEST_ENV) $(PY) scripts/upgrade_check.py --from $(or $(FROM),HEAD~1)

deploy-check: $(VENV)/.installed-dev messages
	$(DEPLOY_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING

browser:
	@scripts/ensure_chromium.sh

gettext:
	@scripts/ensure_gettext.sh

# The .mo catalogs are built from the committed .po files, never committed
# (docs/deployment.md says why). makemessages/compilemessages walk the whole
# tree; the ignores keep them out of third-party code.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tools --ignore=staticfiles

## makemessages: add new interface strings to the .po files (then translate them)
makemessages: $(VENV)/.installed-run gettext
	DEBUG=1 $(MANAGE) makemessages -l tr -l ar -l ru -l de $(I18N_IGNORE) --ignore=tests

## messages: compile the interface translations (locale/*/LC_MESSAGES/django.po)
messages: $(VENV)/.installed-run gettext
	DEBUG=1 $(MANAGE) compilemessages $(I18N_IGNORE) --verbosity 0

# Collected (hashed, compressed: a minute and more) only when a static file
# or the installed packages changed since the last time. DEBUG=1 only
# spares it a SECRET_KEY: what is collected doesn't depend on it.
STATIC_MANIFEST := staticfiles/staticfiles.json
$(STATIC_MANIFEST): $(shell find static -type f) $(VENV)/.installed-run
	DEBUG=1 $(MANAGE) collectstatic --no-input --verbosity 0
	touch $@

static: $(STATIC_MANIFEST)

pytest: $(VENV)/.installed-dev node_modules/.installed messages
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# What every serving machine builds from the checkout: the translation
# catalogs, then the static files. Both skip what is up to date.
release-files: $(VENV)/.installed-run messages $(STATIC_MANIFEST)

## release: once per release, from one machine with the production environment:
## translations, static files, migrations (docs/deployment.md)
release: release-files
	$(MANAGE) migrate --no-input

## serve: production serving with gunicorn (settings from the environment only)
serve: release-files
	$(MANAGE) check --deploy --fail-level WARNING
	$(VENV)/bin/gunicorn -c gunicorn.conf.py liv_site.wsgi

## smoke: a fresh release served as `make serve` does, crawled in every language
smoke: $(VENV)/.installed-dev gettext
	$(PY) scripts/smoke.py

## bench: generated content in PostgreSQL, gunicorn + Redis, wrk at 32 connections
bench: $(VENV)/.installed-run
	@scripts/ensure_wrk.sh
	$(PY) scripts/bench.py

## bench-newsletter: one digest to SUBSCRIBERS readers by two db_workers through an aiosmtpd sink
SUBSCRIBERS ?= 10000
bench-newsletter: $(VENV)/.installed-dev
	$(PY) scripts/bench_newsletter.py --subscribers $(SUBSCRIBERS)

## cluster-smoke: two gunicorn instances, one PostgreSQL and Redis; an edit shows on both at once
cluster-smoke: $(VENV)/.installed-dev static
	$(TEST_ENV) $(VENV)/bin/pytest -q tests/delivery/test_cluster.py

tools/audit/node_modules/.installed: tools/audit/package.json tools/audit/package-lock.json
	cd tools/audit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## audit: Lighthouse (mobile) scores for each page type on a production-like server
audit: $(VENV)/.installed-dev browser node_modules/.installed tools/audit/node_modules/.installed
	$(PY) scripts/audit.py

clean:
	rm -rf $(VENV) node_modules tools/audit/node_modules staticfiles .pytest_cache .ruff_cache
