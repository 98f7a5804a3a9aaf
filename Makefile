# ThinkTank: the two commands of the README, and a few helpers.
#   make run   installs and serves the app on embedded defaults at http://127.0.0.1:8000
#   make test  installs everything and runs the whole test suite (what .ci/run calls)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1

.PHONY: run test install services system-packages lint migrate demo clean lock bench

# Every install (make run, make test, CI, the Dockerfile) takes its versions from constraints.txt, so
# a new release of a dependency cannot change behaviour behind our back; `make lock` renews it.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo "ThinkTank on http://127.0.0.1:8000 (demo logins above; Ctrl-C stops it)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install system-packages services
	$(BIN)/python -m pytest --create-db $(PYTEST_ARGS)

services:
	@bash .ci/services.sh

system-packages:
	@bash .ci/system-packages.sh

lint: install
	$(BIN)/ruff check .

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate

demo: install
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Re-resolve every dependency within pyproject.toml's bounds and pin the result (needs the network).
lock:
	$(PYTHON) -m venv /tmp/thinktank-piptools && /tmp/thinktank-piptools/bin/pip install --quiet pip-tools
	/tmp/thinktank-piptools/bin/pip-compile --quiet --upgrade --all-extras --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file constraints.txt pyproject.toml

# Every benchmark, with the figures of docs/performance.md (minutes; needs PostgreSQL and Redis,
# creates and drops its own databases, uses Redis database 13; run it on a quiet machine).
bench: install services
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	-$(BIN)/python bench/screen.py ../shared/groundrules/dev_v2.jsonl bench/data/screen_v3_check_en.jsonl \
		bench/data/screen_v3_check_ml.jsonl bench/data/screen_v4_final_holdout_en.jsonl bench/data/screen_v4_final_holdout_ml.jsonl \
		bench/data/screen_v5_sealed_holdout_en.jsonl bench/data/screen_v5_sealed_holdout_ml.jsonl
	-$(BIN)/python bench/screen_adversarial.py
	-$(BIN)/python bench/fanout.py --participants 1000 --servers 2 --storm 10 --rate 2 --duration 10 --max-p95 0
	-$(BIN)/python bench/fanout.py --participants 2000 --servers 2 --rate 2 --duration 30 --max-p95 250
	-$(BIN)/python bench/fanout.py --participants 3000 --servers 2 --rate 2 --duration 30 --max-p95 250 \
		--profile $${TMPDIR:-/tmp}/thinktank-fanout-3000.txt
	-$(BIN)/python bench/reload.py --ideas 1000
