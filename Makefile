# Concord: `make run` serves the demo site, `make test` lints and runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# make run PORT=8101: the port served, and the address e-mails link to and seed_demo prints.
PORT ?= 8000

.PHONY: run test install lint format clean

$(STAMP): pyproject.toml
	bash deploy/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# What every manage.py command reads in a plain shell (config/settings.py; the environment wins): DEBUG=true and a
# signing key of this checkout's own. Written once, never over an existing .env; never on a server (deploy/README.md).
.env:
	@key=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') && umask 077 && printf '%s\n' \
	  '# Development settings, written once by make install; config/settings.py reads them, the environment wins.' \
	  'DEBUG=true' "SECRET_KEY=$$key" > $@.new && mv $@.new $@ && echo "Wrote $@: DEBUG=true and a new SECRET_KEY"

install: $(STAMP) .env
	bash deploy/compile-messages.sh

# E-mails link to the port served, unless the environment or the env file names another SITE_URL.
SITE_URL_IN_ENV_FILE := $(shell grep -Eqs '^\s*(export\s+)?SITE_URL\s*=' '$(or $(CONCORD_ENV_FILE),.env)' && echo yes)
ifeq ($(origin SITE_URL)$(SITE_URL_IN_ENV_FILE),undefined)
run: export SITE_URL = http://127.0.0.1:$(PORT)
endif
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --numprocesses=auto --dist=loadgroup

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
