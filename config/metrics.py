"""Prometheus metrics: `/metrics` on the web tier, task metrics wherever tasks run.

- Requests (counts, latencies by view, method and status) come from
  django-prometheus's middleware.
- Celery task counts and durations are recorded by signal handlers in the
  process that runs the task: the web process in eager mode, the worker
  otherwise. A worker exposes its own with CELERY_METRICS_PORT.
- Queue depth and the oldest pending resume are read when Prometheus scrapes.
- Process CPU and memory: prometheus_client's process collector (default registry).

Metrics are per process. Several gunicorn workers or prefork children each keep
their own unless PROMETHEUS_MULTIPROC_DIR names a shared folder (prometheus_client's
multiprocess mode), which the exports below then aggregate.
"""

from __future__ import annotations

import hmac
import logging
import os
import time

import prometheus_client
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

TASKS = Counter(
    "shortlist_celery_tasks_total",
    "Celery tasks finished, by task name and final state.",
    ["task", "state"],
)
TASK_DURATION = Histogram(
    "shortlist_celery_task_duration_seconds",
    "Run time of Celery tasks, by task name.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
TASK_RETRIES = Counter("shortlist_celery_task_retries_total", "Celery task retries, by task name.", ["task"])

_started: dict[str, float] = {}


def on_task_prerun(task_id=None, task=None, **kwargs) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def on_task_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None) if task_id else None
    name = getattr(task, "name", "unknown")
    TASKS.labels(task=name, state=state or "UNKNOWN").inc()
    if started is not None:
        TASK_DURATION.labels(task=name).observe(time.perf_counter() - started)


def on_task_retry(sender=None, **kwargs) -> None:
    TASK_RETRIES.labels(task=getattr(sender, "name", "unknown")).inc()


class BacklogCollector:
    """Queue depth and the oldest pending resume, measured at scrape time."""

    def collect(self):
        from config import health

        depth = GaugeMetricFamily(
            "shortlist_celery_queue_depth",
            "Messages waiting in each Celery queue (absent in eager mode).",
            labels=["queue"],
        )
        try:
            values = health.queue_depths()
        except Exception:  # noqa: BLE001 - a scrape must not fail on a broker outage
            values = None
        for queue, value in (values or {}).items():
            depth.add_metric([queue], value)
        yield depth
        oldest = GaugeMetricFamily(
            "shortlist_oldest_pending_resume_seconds", "Age of the longest-waiting pending resume (0 when none wait)."
        )
        try:
            oldest.add_metric([], health.oldest_pending_age() or 0.0)
        except Exception:  # noqa: BLE001
            logger.debug("oldest pending resume unavailable", exc_info=True)
        yield oldest


_backlog_collector = BacklogCollector()


def registry_for_export() -> prometheus_client.CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def _authorized(request) -> bool:
    from django.conf import settings

    token = settings.METRICS_TOKEN
    if not token:
        # Without a token the metrics are open only while developing.
        return settings.DEBUG
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def metrics_view(request):
    from django.http import HttpResponse

    if not _authorized(request):
        response = HttpResponse("Metrics need a bearer token (METRICS_TOKEN).\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = registry_for_export()
    # The backlog is read once per scrape, by the process answering it.
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(_BacklogRegistry())
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)


class _BacklogRegistry:
    """A one-collector registry, so the backlog query never runs on a worker's exporter."""

    def collect(self):
        return _backlog_collector.collect()


def start_worker_exporter(port: int) -> None:
    """Serve this worker's task metrics on `port` (CELERY_METRICS_PORT)."""
    try:
        prometheus_client.start_http_server(port, registry=registry_for_export())
        logger.info("task metrics on port %s", port)
    except OSError:
        logger.warning("could not serve task metrics on port %s", port, exc_info=True)
