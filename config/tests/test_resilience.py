"""A Redis outage under the cache never breaks a page: django-redis answers misses
(IGNORE_EXCEPTIONS, as configured in settings) and every page still renders."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import DEFAULT_PASSWORD
from config.tests.env_settings import settings_under
from config.tests.worker_helpers import free_port
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory
from resumes.models import ResumeStatus
from resumes.tests.factories import SAMPLE_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    # The cache exactly as production configures it for this REDIS_URL.
    settings.CACHES = settings_under(REDIS_URL=dead)["CACHES"]
    # Matching keeps its embedding cache in Redis whenever REDIS_URL is set.
    settings.REDIS_URL = dead
    cache.set("probe", "value")
    assert cache.get("probe") is None, "the cache should be unreachable"
    return dead


def test_portal_pages_render_while_the_cache_is_down(cache_down, recruiter_client, recruiter):
    match = MatchResultFactory(job=JobFactory(company=recruiter.company))
    for path in (
        "/",
        "/jobs/",
        f"/jobs/{match.job_id}/",
        f"/matching/jobs/{match.job_id}/candidates/",
        "/candidates/",
        f"/candidates/{match.resume_id}/",
        "/matching/search/?q=python",
    ):
        assert recruiter_client.get(path).status_code == 200, path


def test_the_api_and_its_throttles_work_while_the_cache_is_down(cache_down, recruiter_api, recruiter):
    match = MatchResultFactory(job=JobFactory(company=recruiter.company))
    for path in ("/api/v1/jobs", f"/api/v1/jobs/{match.job_id}/candidates", "/api/v1/analytics/overview"):
        assert recruiter_api.get(path).status_code == 200, path
    assert recruiter_api.post("/api/v1/matching/search", {"query": "python django"}).status_code == 200


def test_sign_in_works_while_the_cache_is_down(cache_down, client, recruiter):
    # Sign-in throttling and lockout counters live in the cache.
    wrong = client.post("/accounts/login/", {"username": recruiter.email, "password": "nope"})
    assert wrong.status_code == 200
    right = client.post("/accounts/login/", {"username": recruiter.email, "password": DEFAULT_PASSWORD})
    assert right.status_code == 302
    login = client.post(
        "/api/v1/auth/login", {"email": recruiter.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    assert login.status_code == 200 and login.json()["access"]


def test_an_upload_is_processed_while_the_cache_is_down(cache_down, recruiter_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_api.post(
            "/api/v1/resumes/upload",
            {"files": [SimpleUploadedFile("c.txt", SAMPLE_TEXT.encode(), content_type="text/plain")]},
            format="multipart",
        )
    assert response.status_code == 201
    resume_id = response.json()["results"][0]["id"]
    detail = recruiter_api.get(f"/api/v1/resumes/{resume_id}").json()
    assert detail["status"] == ResumeStatus.PROCESSED and "Python" in [s["name"] for s in detail["extracted_skills"]]


def test_health_reports_the_cache_and_still_answers(cache_down, api_client):
    response = api_client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
