"""The Celery app. Its broker is REDIS_URL, or the embedded Valkey (config/embedded_broker.py).

Signal handlers connected here run in every process that publishes or runs
tasks: the request id travels in a message header, and task counts and
durations feed the Prometheus metrics of the process that ran the task.
"""

import os
import random
import threading

import celery
from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _transient_errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import ConnectionError as StorageConnectionError, HTTPClientError as StorageHTTPError
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError

    # The object store (SHORTLIST_S3_BUCKET) unreachable or cut off mid-answer is an outage
    # like the database's; its refusals (403, a missing bucket) are not, and are never retried.
    return (
        OperationalError,
        InterfaceError,
        BrokerError,
        RedisConnectionError,
        RedisTimeoutError,
        OSError,
        StorageConnectionError,
        StorageHTTPError,
    )


class Task(celery.Task):
    """The one retry policy of every Shortlist task (tasks declare none of their own).

    Transient errors (the database, the broker, Redis or the object store unreachable, an I/O error)
    are retried with exponential backoff capped at a minute, for long enough to
    outlive a restart of minutes: 24 retries wait between 10 and 20 minutes in all.
    Anything else is a bug or a permanent fault and is never retried. The retry
    path touches no database: during an outage it could not, and the task would
    die instead of being retried. A failure a task expects (a webhook receiver down)
    is retried through `final_attempt` and `retry_doubling` below.
    """

    autoretry_for = _transient_errors()
    # A missing or unreadable file does not come back by waiting.
    dont_autoretry_for = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)
    max_retries = 24
    retry_backoff = 2
    retry_backoff_max = 60
    # Celery's own jitter is "full" (anywhere from 0 to the delay), which could spend
    # the retries in seconds; retry() below keeps at least half of each delay.
    retry_jitter = False

    def retry(
        self, args=None, kwargs=None, exc=None, throw=True, eta=None, countdown=None, max_retries=None, **options
    ):
        if countdown:
            countdown = countdown / 2 + random.uniform(0, countdown / 2)
        return super().retry(
            args=args,
            kwargs=kwargs,
            exc=exc,
            throw=throw,
            eta=eta,
            countdown=countdown,
            max_retries=max_retries,
            **options,
        )

    # A failure a task expects is not an outage and is retried by these two, never by a
    # hand-written retry(): a webhook receiver that answered 500 (integrations), a document
    # OCR cannot read yet (resumes). Each has its own first delay and number of attempts,
    # read from the settings when the task runs, and its last attempt acts differently (the
    # delivery is failed and counted against its endpoint; the extraction is left failed).
    # autoretry_for cannot say that: it has one delay and one count per task, fixed when the
    # task is registered, and never tells a run that it is the last. The attempts count
    # every retry of the run, the transient ones above too.

    def final_attempt(self, attempts: int) -> bool:
        """Whether this run is the last of `attempts` (the first run and its retries)."""
        return (self.request.retries or 0) + 1 >= attempts

    def retry_doubling(self, error: Exception, *, first_delay: float):
        """The retry of an expected failure, for the task to raise: after `first_delay`
        seconds, doubling with each retry (and jittered as every retry, above)."""
        return self.retry(exc=error, countdown=first_delay * 2 ** (self.request.retries or 0))


app = Celery("shortlist", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Cross-cutting periodic tasks (retention) live in config/tasks.py.
app.autodiscover_tasks(["config"])


@signals.setup_logging.connect
def _use_django_logging(**kwargs):
    # Connected, so Celery leaves logging alone: Django's LOGGING (JSON lines
    # with the request id) applies to workers and beat too.
    pass


@signals.before_task_publish.connect
def _publish_request_id(headers=None, **kwargs):
    from config import requestlog

    requestlog.on_before_task_publish(headers=headers)


@signals.task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    from config import metrics, requestlog

    requestlog.on_task_prerun(task_id=task_id, task=task)
    metrics.on_task_prerun(task_id=task_id, task=task)


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    from config import metrics, requestlog

    metrics.on_task_postrun(task_id=task_id, task=task, state=state)
    requestlog.on_task_postrun(task_id=task_id)


@signals.task_retry.connect
def _task_retried(sender=None, **kwargs):
    from config import metrics

    metrics.on_task_retry(sender=sender)


def _metrics_port() -> int:
    from django.conf import settings

    return settings.CELERY_METRICS_PORT


@signals.worker_ready.connect
def _serve_worker_metrics(sender=None, **kwargs):
    # A solo or threads pool runs tasks in this process; a prefork pool's
    # children serve their own (below) unless multiprocess mode aggregates them.
    port = _metrics_port()
    pool = type(getattr(sender, "pool", None)).__module__ if sender is not None else ""
    if port and (os.environ.get("PROMETHEUS_MULTIPROC_DIR") or "prefork" not in pool):
        from config import metrics

        metrics.start_worker_exporter(port)


@signals.worker_process_init.connect
def _serve_child_metrics(**kwargs):
    from billiard.process import current_process

    child = current_process()
    port = _metrics_port()
    # The solo pool sends this signal too, from the main process (served above).
    if port and child.name != "MainProcess" and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from config import metrics

        metrics.start_worker_exporter(port + 1 + (getattr(child, "index", 0) or 0))


# Set while no warm-up runs in this process; a task waits for it (see below).
_warmed_up = threading.Event()
_warmed_up.set()
WARM_UP_WAIT_SECONDS = 300


@signals.worker_process_init.connect
def _warm_up_matching(**kwargs):
    # The skill matcher compiles in 1–3 s and the model loads in about 1 s: pay
    # that when a worker process starts, not in the first recruiter's upload. In a
    # thread, because a process that takes too long to initialise is killed.
    import logging

    def warm_up():
        try:
            from matching import embeddings, skills

            skills.extract_skills("warm up")
            embeddings.encode(["warm up"])
        except Exception:  # a warm-up must never stop a worker; the first task loads instead
            logging.getLogger(__name__).warning("matching warm-up failed", exc_info=True)
        finally:
            _warmed_up.set()

    _warmed_up.clear()
    threading.Thread(target=warm_up, name="matching-warm-up", daemon=True).start()


@signals.task_prerun.connect
def _wait_for_warm_up(**kwargs):
    # A task that arrives during the warm-up would load the same things; it waits
    # instead of running beside it, so native libraries never see the two threads'
    # first use overlap (a worker once hung on CI when they did).
    _warmed_up.wait(timeout=WARM_UP_WAIT_SECONDS)
