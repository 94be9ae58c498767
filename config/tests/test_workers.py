"""Real Celery workers against real Redis and the test database: nothing is lost.

Each test starts `celery worker -P solo` subprocesses (with the real embedding
model) and drives them through the API, as a recruiter's upload would.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.tests.worker_helpers import (
    SHARED_REDIS_URL,
    DatabaseProxy,
    RedisServer,
    Worker,
    flush_redis,
    free_port,
    publishing_to,
    redis_answers,
    wait_for,
    wait_for_worker,
)
from matching.models import MatchResult, ResumeChunk
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import SAMPLE_TEXT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# The sweep's settings for the workers of these tests: seconds, not minutes.
FAST_SWEEP = {
    "SHORTLIST_STUCK_AFTER_SECONDS": "2",
    "SHORTLIST_SWEEP_INTERVAL_SECONDS": "1",
    "SHORTLIST_LEASE_SECONDS": "3",
}


@pytest.fixture
def shared_redis():
    if not redis_answers(SHARED_REDIS_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (.ci/run starts it).")
    flush_redis(SHARED_REDIS_URL)
    yield SHARED_REDIS_URL
    flush_redis(SHARED_REDIS_URL)


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(**kwargs) -> Worker:
        worker = Worker(logdir=tmp_path, **kwargs).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _upload(api, name: str, text: str = SAMPLE_TEXT, **extra):
    response = api.post(
        "/api/v1/resumes/upload",
        {"files": [SimpleUploadedFile(name, text.encode(), content_type="text/plain")], **extra},
        format="multipart",
        HTTP_X_REQUEST_ID="req-" + name.split(".")[0],
    )
    assert response.status_code == 201, response.content
    [result] = response.json()["results"]
    return Resume.objects.get(pk=result["id"]), result


def _status(resume) -> str:
    return Resume.objects.values_list("status", flat=True).get(pk=resume.pk)


def _json_lines(log: str) -> list[dict]:
    lines = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return lines


def _finished_ingests(log: str) -> list[str]:
    """Return values of the ingest tasks a worker finished ('processed', 'None', ...)."""
    return [
        line["data"]["return_value"]
        for line in _json_lines(log)
        if line.get("logger") == "celery.app.trace"
        and "data" in line
        and line["data"].get("name") == "resumes.tasks.ingest_resume"
        and "return_value" in line["data"]
    ]


def test_upload_is_processed_and_matched_by_a_real_worker(shared_redis, workers, recruiter_api, recruiter, company):
    from jobs.services import job_create

    metrics_port = free_port()
    worker = workers(broker_url=shared_redis, CELERY_METRICS_PORT=str(metrics_port))
    with publishing_to(shared_redis):
        job = job_create(
            company=company,
            created_by=recruiter,
            title="Backend Engineer",
            description="Build Django REST APIs on PostgreSQL; Python every day.",
            skills_required=["Python", "Django", "PostgreSQL", "Kubernetes"],
        )
        resume, result = _upload(recruiter_api, "jane.txt", job_id=str(job.pk))
    # The request returned before any processing: the worker does it.
    assert result["status"] == "pending"

    wait_for_worker(
        worker,
        lambda: MatchResult.objects.filter(job=job, resume=resume).exists(),
        timeout=120,
        message="the worker to process and match the resume",
    )
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSED and resume.attempts == 1
    assert "Python" in resume.skill_names and resume.embedding is not None
    assert ResumeChunk.objects.filter(resume=resume).exists()
    match = MatchResult.objects.get(job=job, resume=resume)
    assert match.match_score > 0 and "Kubernetes" in match.missing_skills

    # The request id of the upload followed it into the worker's task logs.
    traced = [line for line in _json_lines(worker.log()) if line.get("request_id") == "req-jane"]
    assert any("ingest_resume" in line["message"] for line in traced), worker.log()[-3000:]
    assert any("match_resume_to_job" in line["message"] for line in traced)

    # The worker's own task metrics.
    body = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
    assert 'shortlist_celery_tasks_total{state="SUCCESS",task="resumes.tasks.ingest_resume"} 1.0' in body
    assert 'shortlist_celery_task_duration_seconds_count{task="matching.tasks.match_resume_to_job"}' in body


def test_a_worker_killed_mid_task_loses_nothing_and_the_resume_is_processed_once(shared_redis, workers, recruiter_api):
    slow = workers(
        broker_url=shared_redis, app="config.tests.slow_worker", SHORTLIST_TEST_INGEST_DELAY="120", **FAST_SWEEP
    )
    with publishing_to(shared_redis):
        resume, _ = _upload(recruiter_api, "killed.txt")

    # The slow worker claims the resume, then sits in the middle of the task.
    wait_for(lambda: _status(resume) == ResumeStatus.PROCESSING, timeout=30, message="the claim")
    slow.kill()
    assert Resume.objects.values_list("attempts", flat=True).get(pk=resume.pk) == 1

    # The killed worker never acknowledged its message. Redis gives it back after
    # the visibility timeout (an hour in production); do now what that does.
    with publishing_to(shared_redis) as app:
        with app.connection_for_write(transport_options={"visibility_timeout": 0}) as conn:
            assert conn.default_channel.client.hlen("unacked") == 1
            conn.default_channel.qos.restore_visible(num=100, interval=1)
            assert conn.default_channel.client.hlen("unacked") == 0

    # Another worker, with beat's sweep on: it gets the redelivered message and,
    # once the killed claim's lease has lapsed, maybe the sweep's new one too.
    # The claim lets exactly one of them finish the resume.
    rescuer = workers(broker_url=shared_redis, beat=True, **FAST_SWEEP)
    wait_for_worker(rescuer, lambda: _status(resume) == ResumeStatus.PROCESSED, timeout=240, message="recovery")
    wait_for(lambda: _finished_ingests(rescuer.log()), timeout=30, message="the finished ingest in the log")

    resume.refresh_from_db()
    assert resume.status == ResumeStatus.PROCESSED
    assert resume.attempts == 2  # the killed claim and the one that finished
    finished = _finished_ingests(rescuer.log())
    assert finished.count("'processed'") == 1, finished
    assert set(finished) <= {"'processed'", "None"}, finished
    chunks = list(ResumeChunk.objects.filter(resume=resume).values_list("ordinal", flat=True))
    assert chunks and len(chunks) == len(set(chunks))


def test_an_upload_during_a_redis_outage_is_kept_and_processed_when_redis_returns(
    tmp_path, workers, recruiter_api, settings
):
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    try:
        with publishing_to(redis_server.url):
            redis_server.stop()
            started = time.monotonic()
            resume, result = _upload(recruiter_api, "outage.txt")
            assert time.monotonic() - started < 15
        # The file and the row are kept; the resume waits.
        assert result["status"] == "pending"
        resume.refresh_from_db()
        assert resume.status == ResumeStatus.PENDING and resume.attempts == 0
        assert (settings.MEDIA_ROOT / resume.file.name).read_bytes() == SAMPLE_TEXT.encode()

        redis_server.start()
        worker = workers(broker_url=redis_server.url, beat=True, **FAST_SWEEP)
        wait_for(
            lambda: _status(resume) == ResumeStatus.PROCESSED,
            timeout=90,
            message=f"the sweep to queue the resume again\n{worker.log()[-3000:]}",
        )
        resume.refresh_from_db()
        assert resume.attempts == 1 and resume.candidate_name == "Jane Smith"
    finally:
        redis_server.stop()


def test_a_database_restart_mid_ingest_ends_with_every_resume_processed_and_matched(
    shared_redis, workers, recruiter_api, recruiter, company
):
    from jobs.services import job_create
    from matching.selectors import invariant_violations

    proxy = DatabaseProxy()
    try:
        # Slow enough (a second an ingest) that the outage lands in the middle of the work.
        worker = workers(
            broker_url=shared_redis,
            app="config.tests.slow_worker",
            beat=True,
            DATABASE_URL=proxy.url,
            SHORTLIST_TEST_INGEST_DELAY="1",
            **FAST_SWEEP,
        )
        with publishing_to(shared_redis):
            job = job_create(
                company=company,
                created_by=recruiter,
                title="Backend Engineer",
                description="Python, Django and PostgreSQL every day.",
                skills_required=["Python", "Django"],
            )
            resumes = [
                _upload(
                    recruiter_api, f"r{n}.txt", SAMPLE_TEXT.replace("Jane Smith", f"Jane Smith{n}"), job_id=str(job.pk)
                )[0]
                for n in range(6)
            ]
        wait_for(
            lambda: Resume.objects.filter(pk__in=[r.pk for r in resumes], status=ResumeStatus.PROCESSING).exists(),
            timeout=60,
            message=f"the first claim\n{worker.log()[-3000:]}",
        )
        proxy.outage()
        # What the worker sees of a restart: dropped connections, then refusals, for
        # as long as it takes the tasks that met it to be retried (and fail) twice.
        wait_for(lambda: worker.log().count("Retry in") >= 2, timeout=60, message=f"retries\n{worker.log()[-3000:]}")
        proxy.restore()

        def settled():
            ids = [r.pk for r in resumes]
            done = Resume.objects.filter(pk__in=ids, status=ResumeStatus.PROCESSED).count() == len(ids)
            return done and MatchResult.objects.filter(job=job, resume_id__in=ids).count() == len(ids)

        wait_for(settled, timeout=120, message=f"every resume processed and matched\n{worker.log()[-4000:]}")
    finally:
        proxy.close()

    assert invariant_violations() == []
    assert not Resume.objects.filter(status=ResumeStatus.FAILED).exists()
    for resume in resumes:
        ordinals = list(ResumeChunk.objects.filter(resume=resume).values_list("ordinal", flat=True))
        assert ordinals and len(ordinals) == len(set(ordinals))
