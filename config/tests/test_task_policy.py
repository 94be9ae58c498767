"""How tasks fail: transient errors are retried a bounded number of times with a
growing delay, permanent ones never; every task is acknowledged late, prefetched
one at a time and time-limited; beat's sweeps pick up what waited too long."""

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
    # The claim treats a resume as abandoned only once no task could still be running it.
    assert settings.SHORTLIST_STUCK_AFTER.total_seconds() > app.conf.task_time_limit
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule == {
        "resumes.tasks.requeue_stuck_resumes",
        "matching.tasks.requeue_stuck_jobs",
        "config.tasks.purge_expired_candidates",
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
    assert resume.attempts == 4


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


def test_matching_retries_database_errors_a_bounded_number_of_times(monkeypatch):
    from matching import services, tasks

    calls = []

    def down(**kwargs):
        calls.append(1)
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(services, "match_resume_to_job", down)
    result = tasks.match_resume_to_job.apply(args=["r", "j"])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert len(calls) == 4

    calls.clear()

    def bug(**kwargs):
        calls.append(1)
        raise ValueError("a bug is not retried")

    monkeypatch.setattr(services, "match_resume_to_job", bug)
    assert tasks.match_resume_to_job.apply(args=["r", "j"]).failed()
    assert calls == [1]


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


def test_the_resume_sweep_requeues_a_resume_that_waited_too_long(settings, company, django_capture_on_commit_callbacks):
    from resumes.tasks import requeue_stuck_resumes

    waiting = ResumeFactory(company=company, status=ResumeStatus.PENDING)
    Resume.objects.filter(pk=waiting.pk).update(updated_at=timezone.now() - settings.SHORTLIST_STUCK_AFTER * 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_resumes.apply().get() == 1
    waiting.refresh_from_db()
    assert waiting.status == ResumeStatus.PROCESSED
