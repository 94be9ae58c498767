"""How tasks fail: one policy for every task (config.celery_app.Task): transient
errors are retried with a growing delay for long enough to outlive a restart of
minutes, without touching the database on the way; permanent ones never. Every
task is acknowledged late, prefetched one at a time and time-limited; beat's
reconciliation sweep picks up what a fault left behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from config.celery_app import app
from jobs.models import EmbeddingStatus, JobDescription
from jobs.tests.factories import JobFactory
from resumes import extraction
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import SAMPLE_TEXT, ResumeFactory

pytestmark = pytest.mark.django_db


def test_celery_runs_tasks_so_a_lost_worker_loses_nothing(settings):
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    # Recovery in a minute or two, not a quarter of an hour: a claim is a short
    # lease its task renews (so a live task is never taken for a dead one) and the
    # sweep runs every half minute.
    assert settings.SHORTLIST_LEASE_SECONDS <= 60 and settings.SHORTLIST_SWEEP_INTERVAL <= 60
    assert settings.SHORTLIST_STUCK_AFTER.total_seconds() <= 120
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule == {
        "config.tasks.reconcile",
        "config.tasks.purge_expired_candidates",
        "integrations.tasks.purge_audit_log",
        "messaging.tasks.requeue_stale_messages",
    }
    # What a worker or beat imports at start-up (autodiscovery) registers every scheduled task.
    app.loader.import_default_modules()
    assert schedule <= set(app.tasks)


def _upload(api, name, data):
    response = api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile(name, data, content_type="text/plain")]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return Resume.objects.get(pk=response.json()["results"][0]["id"])


@pytest.fixture
def countdowns(monkeypatch):
    """The delays the ingest task asks for when it retries itself."""
    from resumes.tasks import ingest_resume

    asked: list[int] = []
    original = ingest_resume.retry

    def spy(*args, **kwargs):
        asked.append(kwargs.get("countdown"))
        return original(*args, **kwargs)

    monkeypatch.setattr(ingest_resume, "retry", spy)
    return asked


def test_a_transient_extraction_error_is_retried_with_backoff_then_left_failed(
    recruiter_api, monkeypatch, countdowns, django_capture_on_commit_callbacks
):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        raise extraction.OCRUnavailableError("Tesseract is not installed.")

    monkeypatch.setattr(extraction, "extract_text", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        resume = _upload(recruiter_api, "ocr.txt", SAMPLE_TEXT.encode())
    resume.refresh_from_db()
    assert len(calls) == 4  # the first run and three retries, no more
    assert countdowns == [10, 20, 40]
    assert resume.status == ResumeStatus.FAILED and "Tesseract" in resume.error
    assert resume.attempts == 1  # the retries continued the task's one claim


def test_a_permanent_error_is_recorded_once_and_never_retried(
    recruiter_api, monkeypatch, countdowns, django_capture_on_commit_callbacks
):
    calls = []

    def corrupt(*args, **kwargs):
        calls.append(1)
        raise extraction.CorruptDocumentError("The PDF is damaged.")

    monkeypatch.setattr(extraction, "extract_text", corrupt)
    with django_capture_on_commit_callbacks(execute=True):
        resume = _upload(recruiter_api, "broken.txt", SAMPLE_TEXT.encode())
    resume.refresh_from_db()
    assert calls == [1] and countdowns == []
    assert resume.status == ResumeStatus.FAILED and resume.error == "The PDF is damaged."


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_retries_transient_errors_long_enough_to_outlive_a_restart():
    from django.db import InterfaceError
    from kombu.exceptions import OperationalError as BrokerError

    not_retried = {"config.tasks.reconcile"}  # periodic: the next beat is its retry
    tasks = _our_tasks()
    assert "resumes.tasks.ingest_resume" in tasks and "matching.tasks.match_resume_to_job" in tasks
    for name, task in tasks.items():
        if name in not_retried:
            continue
        assert set(task.autoretry_for) >= {OperationalError, InterfaceError, BrokerError, OSError}, name
        assert FileNotFoundError in task.dont_autoretry_for, name
        # Celery doubles the delay from retry_backoff up to retry_backoff_max; our
        # jitter keeps at least half of each: the least the retries can wait in all.
        delays = [min(task.retry_backoff * 2**n, task.retry_backoff_max) for n in range(task.max_retries)]
        assert task.retry_backoff_max <= 60, name
        assert sum(delays) / 2 >= 10 * 60, (name, sum(delays))


def test_no_task_writes_its_own_retry():
    """Outages retry through autoretry_for, expected failures through Task.retry_doubling:
    one style, so a change of jitter or counting reaches every task."""
    from pathlib import Path

    from django.conf import settings

    modules = list(Path(settings.BASE_DIR).glob("*/tasks.py"))
    assert len(modules) >= 5
    assert [str(path.relative_to(settings.BASE_DIR)) for path in modules if ".retry(" in path.read_text()] == []


@pytest.fixture
def asked_delays(monkeypatch):
    """The delays tasks really ask Celery for, after jitter."""
    import celery

    delays: list[float] = []
    original = celery.Task.retry

    def spy(self, *args, **kwargs):
        delays.append(kwargs.get("countdown"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(celery.Task, "retry", spy)
    return delays


def test_matching_retries_database_errors_for_minutes_and_bugs_never(monkeypatch, asked_delays):
    from matching import services, tasks

    calls = []

    def down(**kwargs):
        calls.append(1)
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(services, "match_resume_to_job", down)
    result = tasks.match_resume_to_job.apply(args=["r", "j"])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert len(calls) == 1 + tasks.match_resume_to_job.max_retries == 25
    assert all(0 < delay <= 60 for delay in asked_delays)
    assert sum(asked_delays) >= 10 * 60  # no restart of a few minutes outlasts it

    calls.clear()

    def bug(**kwargs):
        calls.append(1)
        raise ValueError("a bug is not retried")

    monkeypatch.setattr(services, "match_resume_to_job", bug)
    assert tasks.match_resume_to_job.apply(args=["r", "j"]).failed()
    assert calls == [1]


class DatabaseOutage:
    """Every statement this process sends fails as if the server were restarting,
    while `down`; the statements tried meanwhile are kept. (Savepoint bookkeeping
    passes, so the test's own transaction survives.)"""

    def __init__(self):
        self.down = False
        self.tried: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if self.down and not sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.tried.append(sql)
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, params, many, context)


# Autocommit, as in a worker: a failed statement must not poison a test transaction.
@pytest.mark.django_db(transaction=True)
def test_an_ingest_that_loses_the_database_is_retried_without_touching_it_then_finishes(company, monkeypatch):
    from django.db import connection

    from matching.models import MatchResult
    from resumes import parsing
    from resumes.tasks import ingest_resume

    job = JobFactory(company=company)
    resume = ResumeFactory(company=company, job=job, status=ResumeStatus.PENDING)
    outage = DatabaseOutage()
    runs_while_down = []

    # The database goes away in the middle of the task, after the claim.
    original_parse = parsing.parse_resume

    def parse_then_lose_the_database(*args, **kwargs):
        outage.down = True
        return original_parse(*args, **kwargs)

    monkeypatch.setattr(parsing, "parse_resume", parse_then_lose_the_database)

    # It comes back after three retries (eager mode runs them at once).
    original_retry = ingest_resume.retry

    def retry(*args, **kwargs):
        runs_while_down.append(1)
        if len(runs_while_down) == 3:
            outage.down = False
            monkeypatch.setattr(parsing, "parse_resume", original_parse)
        return original_retry(*args, **kwargs)

    monkeypatch.setattr(ingest_resume, "retry", retry)

    with connection.execute_wrapper(outage):
        result = ingest_resume.apply(args=[str(resume.pk)])

    assert result.successful(), result.traceback
    assert result.result == ResumeStatus.PROCESSED
    # Between meeting the outage and each retry, nothing but the next run's
    # claim went to the database: no failure was written, no row was read.
    assert len(outage.tried) == 1 + 2, outage.tried
    # The first is the read that met the outage (the duplicate lookup after parsing);
    # then only each retry's claim. No failure was recorded on the way.
    assert outage.tried[0].lstrip().upper().startswith("SELECT"), outage.tried[0]
    assert all(sql.startswith("UPDATE") for sql in outage.tried[1:])
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSED and resume.error == ""
    assert resume.attempts == 1  # one claim, continued by its retries
    assert resume.embedding is not None
    assert MatchResult.objects.filter(job=job, resume=resume).exists()


def test_the_job_sweep_requeues_only_jobs_whose_embedding_waited_too_long(settings, company, monkeypatch):
    from matching import services, tasks

    settings.SHORTLIST_STUCK_AFTER = timedelta(minutes=15)
    queued: list[str] = []
    monkeypatch.setattr(tasks.rematch_job, "delay", lambda job_id: queued.append(job_id))
    stuck = JobFactory(company=company, embedding_status=EmbeddingStatus.PENDING)
    fresh = JobFactory(company=company, embedding_status=EmbeddingStatus.PENDING)
    done = JobFactory(company=company, embedding_status=EmbeddingStatus.READY)
    long_ago = timezone.now() - timedelta(minutes=20)
    JobDescription.objects.filter(pk__in=[stuck.pk, done.pk]).update(updated_at=long_ago)

    assert services.jobs_requeue_stuck() == 1
    assert queued == [str(stuck.pk)]
    # Touched: the next sweep waits another period before queuing it again.
    assert services.jobs_requeue_stuck() == 0
    assert fresh.pk not in queued and done.pk not in queued


def test_the_job_sweep_survives_a_broker_outage(settings, company, monkeypatch):
    from matching import services, tasks

    def broker_down(job_id):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.rematch_job, "delay", broker_down)
    job = JobFactory(company=company, embedding_status=EmbeddingStatus.PENDING)
    JobDescription.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert services.jobs_requeue_stuck() == 1  # logged, retried by the next sweep


def test_the_sweep_requeues_a_resume_whose_task_was_lost(settings, company, django_capture_on_commit_callbacks):
    from config.tasks import reconcile

    waiting = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    Resume.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - settings.SHORTLIST_STUCK_AFTER * 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile.apply().get()["resumes_requeued"] == 1
    waiting.refresh_from_db()
    assert waiting.status == ResumeStatus.PROCESSED
