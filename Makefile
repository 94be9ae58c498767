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

.PHONY: install lock run test test-fast migrate demo worker beat bench lint clean

# torch's CPU build comes first, on its own, so that nothing later asks PyPI for
# torch (PyPI's Linux torch is the multi-GB CUDA build). pip takes it from PyTorch's
# CPU index, or, where that index cannot be reached, from a wheel folder pip is
# configured with (PIP_FIND_LINKS); either way its hash must match the lock.
TORCH_INDEX_URL ?= https://download.pytorch.org/whl/cpu
PIP_VERSION := 26.3
$(VENV)/.installed: requirements/torch.txt requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet --require-hashes --no-deps --index-url $(TORCH_INDEX_URL) -r requirements/torch.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

# Re-resolve requirements/*.in into the hashed locks (after editing a .in file).
# The locks are for Linux x86_64 and CPython 3.11, as the image and CI run; versions
# already locked are kept unless the .in file asks otherwise (delete a line of the
# lock to let it move). uv is pinned in dev.in.
UV := $(VENV)/bin/uv
LOCK_TORCH_SOURCE ?= $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url $(TORCH_INDEX_URL) --index-strategy unsafe-best-match)
LOCK := $(UV) pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 $(LOCK_TORCH_SOURCE)
lock:
	test -x $(UV) || $(MAKE) install
	$(LOCK) requirements/base.in -o requirements/base.txt
	$(LOCK) --constraint requirements/base.txt requirements/dev.in -o requirements/dev.txt
	# torch's own entry, for the first install step.
	awk '/^torch==/{p=1} p&&/^ *#/{exit} p' requirements/base.txt > requirements/torch.txt

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data

# The web server with a Celery worker and beat beside it, as production runs them:
# the broker is REDIS_URL, or else the embedded Valkey in var/broker (started by
# the first of them to load the settings, shared by all three, left running like
# the embedded PostgreSQL). Ctrl-C stops web, worker and beat.
run: demo
	@mkdir -p var
	@echo "Portal: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs/)"
	@echo "Broker: $${REDIS_URL:-the embedded Valkey in var/broker}; starting a Celery worker and beat"
	@trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	  $(CELERY) worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY) & worker=$$!; \
	  $(CELERY) beat --loglevel INFO --schedule var/celerybeat-schedule & beat=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

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

# ruff (mistakes, import order, modern syntax), ruff format's layout, and mypy with
# django-stubs; settings in pyproject.toml. `ruff format .` and `ruff check --fix .` fix most.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy .

# Everything but the slow browser and worker tests.
test-fast: install
	$(PY) -m pytest -m "not browser and not worker" $(PYTEST_ARGS)

clean:
	rm -rf var/media var/staticfiles
