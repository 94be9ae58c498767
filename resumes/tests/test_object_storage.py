"""Uploaded files on S3-compatible object storage: a real server process on loopback
(moto's, config/tests/s3_fixtures.py), the default storage pointed at a bucket on it
through the same environment variables an operator sets. Nothing goes to MEDIA_ROOT;
every read, download and deletion goes through the bucket."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resumes.models import Resume, ResumeStatus
from resumes.tests.documents import RESUME_TEXT, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(api, name: str, data: bytes) -> Resume:
    response = api.post("/api/v1/resumes/upload", {"files": [SimpleUploadedFile(name, data)]}, format="multipart")
    assert response.status_code == 201, response.content
    return Resume.objects.get(pk=response.json()["results"][0]["id"])


def _local_files(settings_or_root) -> list[Path]:
    root = Path(getattr(settings_or_root, "MEDIA_ROOT", settings_or_root))
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_an_upload_is_stored_in_the_bucket_and_ingested_from_it(recruiter_api, company, s3_server, s3_bucket, settings):
    pdf = make_pdf(RESUME_TEXT)
    resume = _upload(recruiter_api, "maria.pdf", pdf)

    assert resume.file.name.startswith(f"resumes/{company.pk}/")
    assert s3_server.keys(s3_bucket) == [resume.file.name]
    assert s3_server.read(s3_bucket, resume.file.name) == pdf
    # Ingestion (eager here, a worker on another host in production) read the object back.
    assert resume.status == ResumeStatus.PROCESSED, resume.error
    assert resume.email == "maria.garcia@example.org"
    assert "Maria Garcia" in resume.content
    assert _local_files(settings) == []


def test_the_recruiter_downloads_the_bytes_through_django(recruiter_api, recruiter_client, s3_server, s3_bucket):
    pdf = make_pdf(RESUME_TEXT)
    resume = _upload(recruiter_api, "maria.pdf", pdf)

    api_download = recruiter_api.get(f"/api/v1/resumes/{resume.pk}/file")
    assert api_download.status_code == 200
    assert b"".join(api_download.streaming_content) == pdf
    assert api_download["Content-Disposition"].startswith('attachment; filename="maria.pdf"')
    assert int(api_download["Content-Length"]) == len(pdf)

    portal_download = recruiter_client.get(reverse("resumes:download", kwargs={"pk": resume.pk}))
    assert portal_download.status_code == 200
    assert b"".join(portal_download.streaming_content) == pdf
    # Streamed by Django, never a redirect to a bucket URL that would skip the role check.
    assert "Location" not in portal_download


def test_a_hiring_manager_cannot_download_the_original(recruiter_api, manager_api, s3_bucket):
    resume = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
    assert manager_api.get(f"/api/v1/resumes/{resume.pk}").status_code == 200
    assert manager_api.get(f"/api/v1/resumes/{resume.pk}/file").status_code == 403


def test_another_companys_file_is_404(recruiter_api, outsider_api, outsider_client, s3_server, s3_bucket):
    resume = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
    assert outsider_api.get(f"/api/v1/resumes/{resume.pk}/file").status_code == 404
    assert outsider_client.get(reverse("resumes:download", kwargs={"pk": resume.pk})).status_code == 404
    assert outsider_api.delete(f"/api/v1/resumes/{resume.pk}").status_code == 404
    assert s3_server.keys(s3_bucket) == [resume.file.name]


def test_deleting_the_candidate_deletes_the_object(recruiter_api, s3_server, s3_bucket):
    kept = _upload(recruiter_api, "kept.txt", RESUME_TEXT.replace("Maria", "Eve").encode())
    deleted = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
    assert s3_server.keys(s3_bucket) == sorted([kept.file.name, deleted.file.name])

    assert recruiter_api.delete(f"/api/v1/resumes/{deleted.pk}").status_code == 204
    assert s3_server.keys(s3_bucket) == [kept.file.name]


def test_erasure_by_retention_deletes_the_object(recruiter_api, company, s3_server, s3_bucket, settings):
    from datetime import timedelta

    from django.utils import timezone

    from resumes.retention import candidates_purge

    settings.SHORTLIST_RETENTION_DAYS = 10
    resume = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
    Resume.objects.filter(pk=resume.pk).update(created_at=timezone.now() - timedelta(days=11))

    candidates_purge()
    assert not Resume.objects.filter(pk=resume.pk).exists()
    assert s3_server.keys(s3_bucket) == []


def test_a_missing_object_fails_the_resume_with_a_reason(recruiter_api, company, s3_server, s3_bucket):
    from resumes.services import resume_process

    resume = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
    s3_server.client().delete_object(Bucket=s3_bucket, Key=resume.file.name)
    Resume.objects.filter(pk=resume.pk).update(status=ResumeStatus.PENDING)

    processed = resume_process(resume_id=resume.pk)
    assert processed is not None and processed.status == ResumeStatus.FAILED
    assert "stored file is missing" in processed.error


def _configure(settings, environment: dict[str, str]) -> None:
    from config.tests.env_settings import settings_under

    configured = settings_under(**environment)
    settings.STORAGES = configured["STORAGES"]
    settings.SHORTLIST_S3_BUCKET = configured["SHORTLIST_S3_BUCKET"]


def test_storage_check_creates_the_bucket_and_leaves_nothing_behind(s3_server, settings):
    from io import StringIO

    from django.core.management import call_command

    bucket = f"created-{s3_server.create_bucket()}"
    _configure(settings, s3_server.environment(bucket))
    out = StringIO()
    call_command("storage_check", "--create-bucket", stdout=out)
    assert f"Created the bucket '{bucket}'" in out.getvalue()
    assert "can be written, read and deleted" in out.getvalue()
    assert bucket in [entry["Name"] for entry in s3_server.client().list_buckets()["Buckets"]]
    assert s3_server.keys(bucket) == []
    # Private: its one grant is to its owner, none to AllUsers or AuthenticatedUsers groups.
    grants = s3_server.client().get_bucket_acl(Bucket=bucket)["Grants"]
    assert grants and all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_storage_check_fails_on_a_bucket_it_cannot_reach(s3_server, settings):
    from django.core.management import CommandError, call_command

    _configure(settings, s3_server.environment("no-such-bucket"))
    with pytest.raises(CommandError, match="no-such-bucket"):
        call_command("storage_check")


def test_storage_check_of_the_local_folder(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("storage_check", stdout=out)
    assert f"folder {settings.MEDIA_ROOT} can be written" in out.getvalue()
    assert _local_files(settings) == []


def test_storage_check_refuses_to_create_a_bucket_without_a_name(settings):
    from django.core.management import CommandError, call_command

    settings.SHORTLIST_S3_BUCKET = ""
    with pytest.raises(CommandError, match="SHORTLIST_S3_BUCKET is not set"):
        call_command("storage_check", "--create-bucket")


@pytest.mark.worker
def test_a_worker_on_another_host_ingests_from_the_bucket(recruiter_api, s3_server, s3_bucket, tmp_path, settings):
    """A real Celery worker process whose own media folder is elsewhere and empty: it
    can only have read the upload from the bucket, over HTTP, as a worker host does."""
    from config.tests.worker_helpers import (
        SHARED_REDIS_URL,
        Worker,
        flush_redis,
        publishing_to,
        redis_answers,
        wait_for_worker,
    )

    if not redis_answers(SHARED_REDIS_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (.ci/run starts it).")
    flush_redis(SHARED_REDIS_URL)
    elsewhere = tmp_path / "the-worker-hosts-own-disk"
    worker = Worker(
        broker_url=SHARED_REDIS_URL, logdir=tmp_path, MEDIA_ROOT=str(elsewhere), **s3_server.environment(s3_bucket)
    ).start()
    try:
        with publishing_to(SHARED_REDIS_URL):
            response = recruiter_api.post(
                "/api/v1/resumes/upload",
                {"files": [SimpleUploadedFile("maria.txt", RESUME_TEXT.encode(), content_type="text/plain")]},
                format="multipart",
            )
        assert response.status_code == 201, response.content
        resume = Resume.objects.get(pk=response.json()["results"][0]["id"])
        assert resume.status == ResumeStatus.PENDING  # nothing ran in this process
        wait_for_worker(
            worker,
            lambda: Resume.objects.values_list("status", flat=True).get(pk=resume.pk) == ResumeStatus.PROCESSED,
            timeout=240,
            message="the worker to ingest the resume from the bucket",
        )
    finally:
        worker.stop()
        flush_redis(SHARED_REDIS_URL)
    resume.refresh_from_db()
    assert resume.email == "maria.garcia@example.org"
    assert s3_server.keys(s3_bucket) == [resume.file.name]
    assert _local_files(elsewhere) == []
    assert _local_files(settings) == []


def test_a_store_that_went_away_is_an_outage_to_retry_not_a_failed_resume(recruiter_api, settings, tmp_path):
    """Its own server, stopped after the upload: ingestion meets a connection error, which
    the tasks' retry policy retries; the resume is not failed, and processes once it is back."""
    from config.celery_app import Task
    from config.tests.env_settings import settings_under
    from config.tests.s3_fixtures import S3Server
    from resumes.services import resume_process

    server = S3Server().start()
    try:
        bucket = server.create_bucket()
        settings.STORAGES = settings_under(**server.environment(bucket))["STORAGES"]
        resume = _upload(recruiter_api, "maria.txt", RESUME_TEXT.encode())
        data = server.read(bucket, resume.file.name)
    finally:
        server.stop()
    Resume.objects.filter(pk=resume.pk).update(status=ResumeStatus.PENDING)

    with pytest.raises(Task.autoretry_for) as raised:
        resume_process(resume_id=resume.pk, claimed_by="ingest-task-1")
    assert not isinstance(raised.value, Task.dont_autoretry_for)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSING and not resume.error

    back = S3Server().start()  # the store is back (at a new address, with the object restored)
    try:
        bucket = back.create_bucket()
        back.client().put_object(Bucket=bucket, Key=resume.file.name, Body=data)
        settings.STORAGES = settings_under(**back.environment(bucket))["STORAGES"]
        # The task's retry continues its claim.
        processed = resume_process(resume_id=resume.pk, claimed_by="ingest-task-1", retry=True)
    finally:
        back.stop()
    assert processed is not None and processed.status == ResumeStatus.PROCESSED


def test_a_shared_link_that_includes_the_file_streams_it_from_the_bucket(client, recruiter, recruiter_api, s3_bucket):
    from sharing.services import shared_link_create

    pdf = make_pdf(RESUME_TEXT)
    resume = _upload(recruiter_api, "maria.pdf", pdf)
    with_file = shared_link_create(resume=resume, user=recruiter, allow_download=True)
    without = shared_link_create(resume=resume, user=recruiter)

    response = client.get(f"/s/{with_file.token}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert client.get(f"/s/{without.token}/file").status_code == 404
