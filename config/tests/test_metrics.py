"""/metrics: Prometheus text with request, task, backlog and process metrics, behind METRICS_TOKEN."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.tests.worker_helpers import SHARED_REDIS_URL, flush_redis, publishing_to, redis_answers
from resumes.tests.factories import SAMPLE_TEXT

pytestmark = pytest.mark.django_db


def _sample(body: str, name: str, **labels) -> float | None:
    for line in body.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        match = re.match(r"^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(match.group(4))
    return None


@pytest.fixture
def open_metrics(settings):
    settings.DEBUG = True
    settings.METRICS_TOKEN = ""


def test_metrics_show_requests_processes_and_the_backlog(client, open_metrics):
    client.get("/api/v1/health")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert (
        _sample(body, "django_http_requests_latency_seconds_by_view_method_count", view="api:health", method="GET") >= 1
    )
    assert _sample(body, "django_http_responses_total_by_status_total", status="200") >= 1
    assert _sample(body, "process_resident_memory_bytes") > 0
    assert _sample(body, "process_cpu_seconds_total") is not None
    assert _sample(body, "shortlist_oldest_pending_resume_seconds") == 0.0


def test_a_task_run_is_counted_and_timed(recruiter_api, client, open_metrics, django_capture_on_commit_callbacks):
    before = client.get("/metrics").content.decode()
    labels = {"task": "resumes.tasks.ingest_resume", "state": "SUCCESS"}
    count = _sample(before, "shortlist_celery_tasks_total", **labels) or 0.0
    with django_capture_on_commit_callbacks(execute=True):
        upload = recruiter_api.post(
            "/api/v1/resumes/upload",
            {"files": [SimpleUploadedFile("m.txt", SAMPLE_TEXT.encode(), content_type="text/plain")]},
            format="multipart",
        )
    assert upload.status_code == 201
    after = client.get("/metrics").content.decode()
    assert _sample(after, "shortlist_celery_tasks_total", **labels) == count + 1
    assert _sample(after, "shortlist_celery_task_duration_seconds_count", task="resumes.tasks.ingest_resume") >= 1


def test_queue_depth_gauge_reads_the_broker(client, open_metrics):
    if not redis_answers(SHARED_REDIS_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (.ci/run starts it).")
    flush_redis(SHARED_REDIS_URL)
    try:
        with publishing_to(SHARED_REDIS_URL):
            from config.tasks import reconcile

            reconcile.delay()
            reconcile.delay()
            body = client.get("/metrics").content.decode()
    finally:
        flush_redis(SHARED_REDIS_URL)
    # Queued outside any task: the interactive queue; every other queue is reported too.
    assert _sample(body, "shortlist_celery_queue_depth", queue="interactive") == 2.0
    assert _sample(body, "shortlist_celery_queue_depth", queue="bulk.0") == 0.0


def test_in_eager_mode_there_is_no_queue_depth(client, open_metrics):
    body = client.get("/metrics").content.decode()
    assert _sample(body, "shortlist_celery_queue_depth") is None


def test_without_a_token_metrics_are_closed_in_production(client, settings):
    settings.DEBUG = False
    settings.METRICS_TOKEN = ""
    response = client.get("/metrics")
    assert response.status_code == 401
    assert b"process_cpu" not in response.content


def test_a_token_is_required_when_configured(client, settings):
    settings.DEBUG = True
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-scrape-token").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200 and b"process_cpu_seconds_total" in response.content
