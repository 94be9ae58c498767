# Shortlist: `make run` serves the portal on the embedded defaults, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
CELERY := $(VENV)/bin/celery -A config
WORKER_CONCURRENCY ?= 2
BENCH_ARGS ?=

.PHONY: install run test test-fast migrate demo worker beat bench lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data

# With REDIS_URL set, a Celery worker and beat run beside the web server (stopped
# with it); without it, tasks run eagerly inside the web process.
run: demo
	@echo "Portal: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs/)"
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting a Celery worker and beat beside the web server"; \
	  trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	  $(CELERY) worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY) & worker=$$!; \
	  $(CELERY) beat --loglevel INFO --schedule var/celerybeat-schedule & beat=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	else \
	  echo "REDIS_URL is unset: tasks run eagerly in the web process"; \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	fi

# One more worker (on this or another machine: same REDIS_URL, DATABASE_URL and media storage).
worker: install
	$(CELERY) worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY)

# Exactly one beat for the whole installation.
beat: install
	@mkdir -p var
	$(CELERY) beat --loglevel INFO --schedule var/celerybeat-schedule

# Load benchmark of the ranked-candidates API and the job page under gunicorn (about 3 minutes).
bench: install
	$(PY) bench/load.py $(BENCH_ARGS)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Everything but the slow browser and worker tests.
test-fast: install
	$(PY) -m pytest -m "not browser and not worker" $(PYTEST_ARGS)

clean:
	rm -rf var/media var/staticfiles
