"""GET /api/v1/health: public, cheap, 200 when every part works, 503 naming the failing parts."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from config import health
from config.tests.env_settings import settings_under
from config.tests.worker_helpers import SHARED_REDIS_URL, flush_redis, free_port, publishing_to, redis_answers
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import ResumeFactory

URL = "/api/v1/health"

pytestmark = pytest.mark.django_db


def test_healthy_answers_200_with_every_part(api_client):
    response = api_client.get(URL)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["database"]["ok"] and body["cache"]["ok"]
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert body["queue"]["depth"] is None and body["queue"]["oldest_pending_seconds"] is None
    model = body["model"]
    assert model["files_present"] is True and model["name"] == "all-MiniLM-L6-v2"
    assert isinstance(model["loaded"], bool)
    assert body["work"] == {
        "ok": True,
        "stuck_pending": 0,
        "stuck_processing": 0,
        "missing_vectors": 0,
        "missing_matches": 0,
    }
    assert response["Cache-Control"] == "no-store"


def test_the_probe_never_loads_the_model(api_client, monkeypatch):
    from matching import embeddings

    monkeypatch.setattr(embeddings, "_embedders", {})
    assert api_client.get(URL).json()["model"]["loaded"] is False
    assert embeddings._embedders == {}


def test_missing_model_files_fail_the_model_part(api_client, monkeypatch):
    from matching import embeddings

    def missing():
        raise embeddings.EmbeddingError("gone")

    monkeypatch.setattr(embeddings, "model_path", missing)
    response = api_client.get(URL)
    assert response.status_code == 503
    assert response.json()["failing"] == ["model"]
    assert response.json()["model"]["files_present"] is False


def test_an_unreachable_broker_fails_fast_with_503(api_client):
    started = time.monotonic()
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        response = api_client.get(URL)
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["broker"]["ok"] is False and body["broker"]["error"]
    # Public: the kind of error, never the address.
    assert "127.0.0.1" not in response.content.decode()


def test_queue_depth_comes_from_the_real_broker(api_client):
    if not redis_answers(SHARED_REDIS_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (.ci/run starts it).")
    flush_redis(SHARED_REDIS_URL)
    try:
        with publishing_to(SHARED_REDIS_URL):
            from config.tasks import reconcile

            for _ in range(3):
                reconcile.delay()
            response = api_client.get(URL)
    finally:
        flush_redis(SHARED_REDIS_URL)
    assert response.status_code == 200, response.json()
    assert response.json()["broker"] == {"ok": True, "mode": "broker"}
    assert response.json()["queue"]["depth"] == 3


def test_an_unreachable_cache_fails_the_cache_part(api_client, settings):
    settings.CACHES = settings_under(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")["CACHES"]
    settings.REDIS_URL = "redis://unused"
    response = api_client.get(URL)
    assert response.status_code == 503
    assert "cache" in response.json()["failing"]
    assert response.json()["cache"]["backend"] == "redis"


def test_a_database_error_fails_the_database_part(api_client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = api_client.get(URL)
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


def test_a_resume_waiting_past_the_longest_wait_fails_the_queue(api_client, settings):
    settings.SHORTLIST_MAX_QUEUE_WAIT = timedelta(minutes=30)
    waiting = ResumeFactory(status=ResumeStatus.PENDING)
    Resume.objects.filter(pk=waiting.pk).update(updated_at=timezone.now() - timedelta(minutes=20))
    response = api_client.get(URL)
    assert response.status_code == 200
    assert 1190 < response.json()["queue"]["oldest_pending_seconds"] < 1300

    Resume.objects.filter(pk=waiting.pk).update(updated_at=timezone.now() - timedelta(minutes=31))
    response = api_client.get(URL)
    assert response.status_code == 503
    assert response.json()["failing"] == ["queue"]


def test_a_resume_a_killed_worker_left_processing_fails_the_work_part(api_client, settings):
    # Its lease lapsed longer ago than two sweeps: no sweep (beat) is running.
    dead = ResumeFactory(status=ResumeStatus.PROCESSING)
    live = ResumeFactory(status=ResumeStatus.PROCESSING)
    lapsed = settings.SHORTLIST_LEASE_SECONDS + 2 * settings.SHORTLIST_SWEEP_INTERVAL + 5
    Resume.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=lapsed))
    Resume.objects.filter(pk=live.pk).update(heartbeat_at=timezone.now())
    response = api_client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["failing"] == ["work"]
    assert body["work"]["stuck_processing"] == 1 and body["work"]["stuck_pending"] == 0

    Resume.objects.filter(pk=dead.pk).update(status=ResumeStatus.PROCESSED)
    Resume.objects.filter(pk=dead.pk).delete()
    assert api_client.get(URL).status_code == 200


def test_a_resume_whose_task_was_lost_and_never_queued_again_fails_the_work_part(api_client, settings):
    waiting = ResumeFactory(status=ResumeStatus.PENDING)
    overdue = settings.SHORTLIST_STUCK_AFTER + timedelta(seconds=2 * settings.SHORTLIST_SWEEP_INTERVAL + 5)
    Resume.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - overdue)
    response = api_client.get(URL)
    assert response.status_code == 503
    assert response.json()["work"]["stuck_pending"] == 1


def test_a_processed_resume_without_its_vectors_or_match_fails_the_work_part(api_client, settings):
    from jobs.tests.factories import JobFactory

    job = JobFactory()
    resume = ResumeFactory(company=job.company, job=job, status=ResumeStatus.PROCESSED)
    # Just processed: its match task may still be on the way.
    assert api_client.get(URL).status_code == 200

    overdue = settings.SHORTLIST_STUCK_AFTER + timedelta(seconds=2 * settings.SHORTLIST_SWEEP_INTERVAL + 5)
    Resume.objects.filter(pk=resume.pk).update(updated_at=timezone.now() - overdue)
    response = api_client.get(URL)
    assert response.status_code == 503
    work = response.json()["work"]
    assert work["missing_vectors"] == 1 and work["missing_matches"] == 1


def test_web_scope_checks_only_what_a_web_node_needs(api_client):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        full = api_client.get(URL)
        web = api_client.get(URL, {"scope": "web"})
    assert full.status_code == 503
    assert web.status_code == 200
    assert set(web.json()) == {"status", "failing", "database", "cache"}


def test_health_is_public_and_never_throttled(api_client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "2/min"})
    codes = {api_client.get(URL).status_code for _ in range(5)}
    assert codes == {200}
