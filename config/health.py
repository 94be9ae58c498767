"""What `GET /api/v1/health` checks, also read by the metrics: database, cache,
broker, embedding model, queue depth and the oldest waiting resume.

Every check is cheap and bounded in time (short socket timeouts), and none loads
the embedding model: a probe must never cost what it measures.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class Check:
    ok: bool
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"ok": self.ok, **self.detail}


def _failure(error: Exception) -> dict:
    # Public endpoint: the kind of error, never hosts, paths or credentials.
    return {"error": type(error).__name__}


def check_database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any driver error means "down"
        return Check(False, _failure(error))
    return Check(True, {"latency_ms": round((time.perf_counter() - started) * 1000, 1)})


def check_cache() -> Check:
    from django.core.cache import cache

    backend = "redis" if settings.REDIS_URL else "local-memory"
    key, token = "health:probe", uuid.uuid4().hex
    try:
        # django-redis swallows connection errors (IGNORE_EXCEPTIONS), so an
        # unreachable Redis shows up as a value that did not come back.
        cache.set(key, token, 10)
        ok = cache.get(key) == token
    except Exception as error:  # noqa: BLE001
        return Check(False, {"backend": backend, **_failure(error)})
    return Check(ok, {"backend": backend} if ok else {"backend": backend, "error": "unreachable"})


def broker_is_eager() -> bool:
    from config.celery_app import app

    return bool(app.conf.task_always_eager)


def _broker_connection():
    from config.celery_app import app

    # Bounded: a dead broker must answer the probe in about a second.
    return app.connection_for_read(
        connect_timeout=1, transport_options={"socket_timeout": 1, "socket_connect_timeout": 1}
    )


def _queue_depths() -> dict[str, int]:
    from amqp.exceptions import ChannelError

    depths = {}
    with _broker_connection() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
        # Every queue workers consume (interactive, the bulk shards, maintenance).
        for queue in settings.CELERY_TASK_QUEUES:
            try:
                # A passive declare answers the message count on Redis and AMQP alike.
                depths[queue.name] = int(
                    conn.default_channel.queue_declare(queue=queue.name, passive=True).message_count
                )
            except ChannelError:
                depths[queue.name] = 0  # the broker answers, but nothing declared the queue yet: nothing waits
    return depths


def _queue_depth() -> int:
    return sum(_queue_depths().values())


def queue_depths() -> dict[str, int] | None:
    """Messages waiting per Celery queue, or None without a broker (eager) or when unreachable."""
    if broker_is_eager():
        return None
    try:
        return _queue_depths()
    except Exception:  # noqa: BLE001
        logger.debug("queue depth unavailable", exc_info=True)
        return None


def queue_depth() -> int | None:
    """Messages waiting in all Celery queues, or None without a broker (eager) or when unreachable."""
    depths = queue_depths()
    return None if depths is None else sum(depths.values())


def check_broker() -> tuple[Check, int | None]:
    if broker_is_eager():
        return Check(True, {"mode": "eager"}), None
    try:
        depth = _queue_depth()
    except Exception as error:  # noqa: BLE001
        return Check(False, {"mode": "broker", **_failure(error)}), None
    return Check(True, {"mode": "broker"}), depth


def check_model() -> Check:
    """Whether this process has the model loaded, and whether the packaged files are there to load it."""
    from matching import embeddings

    try:
        embeddings.model_path()
        present = True
    except Exception:  # noqa: BLE001 - missing package or files
        present = False
    loaded = any(getattr(embedder, "_loaded", False) for embedder in list(embeddings._embedders.values()))
    return Check(
        present,
        {
            "name": embeddings.MODEL_NAME,
            "backend": embeddings.configured_backend(),
            "loaded": loaded,
            "files_present": present,
        },
    )


def oldest_pending_age() -> float | None:
    """Seconds since the longest-waiting pending resume (of any company) was queued."""
    from resumes.models import Resume, ResumeStatus

    oldest = (
        Resume.objects.filter(status=ResumeStatus.PENDING)
        .order_by("updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    return None if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())


def check_queue(depth: int | None) -> Check:
    try:
        age = oldest_pending_age()
    except Exception as error:  # noqa: BLE001 - the database check reports the cause
        return Check(False, {"depth": depth, **_failure(error)})
    # A backlog may legitimately take a while; this long means no worker takes work.
    limit = settings.SHORTLIST_MAX_QUEUE_WAIT.total_seconds()
    ok = age is None or age <= limit
    return Check(ok, {"depth": depth, "oldest_pending_seconds": None if age is None else round(age, 1)})


def check_work() -> Check:
    """Work a fault left behind that the reconciliation sweep should already have
    repaired: resumes stuck pending or processing (a killed worker's lapsed claim)
    and processed resumes missing their vectors or a match row. Anything counted
    here has outlived two sweeps, so no beat or no worker is running."""
    from datetime import timedelta

    from matching.selectors import invariant_violations
    from resumes.selectors import resumes_stuck

    overdue_by = timedelta(seconds=2 * settings.SHORTLIST_SWEEP_INTERVAL)
    try:
        stuck = resumes_stuck(overdue_by=overdue_by)
        settled_before = timezone.now() - settings.SHORTLIST_STUCK_AFTER - overdue_by
        missing = invariant_violations(settled_before=settled_before, limit=WORK_REPORT_LIMIT)
    except Exception as error:  # noqa: BLE001 - the database check reports the cause
        return Check(False, _failure(error))
    detail = {
        "stuck_pending": stuck["pending"],
        "stuck_processing": stuck["processing"],
        "missing_vectors": sum(1 for v in missing if v.kind == "vectors"),
        "missing_matches": sum(1 for v in missing if v.kind == "match"),
    }
    return Check(not any(detail.values()), detail)


# Violations counted at most (a probe stays cheap however much is broken).
WORK_REPORT_LIMIT = 1000


def health_report(*, scope: str = "all") -> tuple[bool, dict]:
    """(healthy, report). scope="web" checks only what serving pages needs (database, cache)."""
    parts: dict[str, Check] = {"database": check_database(), "cache": check_cache()}
    if scope != "web":
        parts["broker"], depth = check_broker()
        parts["model"] = check_model()
        parts["queue"] = check_queue(depth)
        parts["work"] = check_work()
    failing = sorted(name for name, check in parts.items() if not check.ok)
    report = {
        "status": "ok" if not failing else "failing",
        "failing": failing,
        **{name: check.as_dict() for name, check in parts.items()},
    }
    return not failing, report
