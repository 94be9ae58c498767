"""Interactive work has its own queue, read first; bulk ingestion is shared between
companies (companies/queues.py, config/queues.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from companies import queues
from config.queues import InteractiveFirstCycle, route_task
from resumes import services
from resumes.tests.factories import SAMPLE_TEXT


def _text(name: str, n: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"{SAMPLE_TEXT}\nReference {name} {n}\n".encode(), content_type="text/plain")


@pytest.fixture
def published(monkeypatch):
    """The queue each ingest is sent to, instead of running it."""
    from resumes.tasks import ingest_resume

    sent: list[str] = []
    monkeypatch.setattr(ingest_resume, "apply_async", lambda args, queue=None, **kw: sent.append(queue))
    return sent


def test_a_single_upload_is_interactive(company, recruiter, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_upload(company=company, user=recruiter, files=[_text("one.txt")])
    assert published == [queues.INTERACTIVE]


def test_several_files_go_to_the_companys_bulk_shard(company, recruiter, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_upload(company=company, user=recruiter, files=[_text("a.txt"), _text("b.txt")])
    assert published == [queues.bulk_queue(company.pk)] * 2
    assert published[0].startswith(queues.BULK_PREFIX)


def test_a_zip_of_several_resumes_is_bulk(company, recruiter, published, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"r{n}.txt", f"{SAMPLE_TEXT}\nReference {n}\n")
    upload = SimpleUploadedFile("batch.zip", buffer.getvalue(), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_upload(company=company, user=recruiter, files=[upload])
    assert published == [queues.bulk_queue(company.pk)] * 3


def test_a_recruiters_retry_is_interactive_and_the_sweeps_requeue_is_bulk(
    company, recruiter, published, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from resumes.models import Resume, ResumeStatus
    from resumes.tests.factories import ResumeFactory

    failed = ResumeFactory(company=company, status=ResumeStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_retry(resume=failed, user=recruiter)
    assert published == [queues.INTERACTIVE]

    published.clear()
    settings.SHORTLIST_STUCK_AFTER = timedelta(seconds=0)
    Resume.objects.filter(pk=failed.pk).update(status=ResumeStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.resumes_requeue_stuck()
    assert published == [queues.bulk_queue(company.pk)]


def test_companies_spread_over_the_bulk_shards(settings):
    import uuid

    settings.SHORTLIST_BULK_QUEUES = 8
    shards = {queues.bulk_queue(uuid.uuid4()) for _ in range(200)}
    assert shards == {f"bulk.{n}" for n in range(8)}
    company = uuid.uuid4()
    assert queues.bulk_queue(company) == queues.bulk_queue(str(company))  # stable across processes


def test_workers_read_interactive_first_and_the_others_in_turn():
    cycle = InteractiveFirstCycle()
    cycle.update(["bulk.0", "bulk.1", "interactive", "maintenance"])
    assert cycle.consume(4) == ["interactive", "bulk.0", "bulk.1", "maintenance"]
    # bulk.0 was served: it goes to the back, and interactive stays in front.
    cycle.rotate("bulk.0")
    assert cycle.consume(4) == ["interactive", "bulk.1", "maintenance", "bulk.0"]
    cycle.rotate("interactive")
    assert cycle.consume(4)[0] == "interactive"


def test_every_worker_consumes_every_queue_and_periodic_work_is_maintenance(settings):
    from config.celery_app import app

    names = [queue.name for queue in app.conf.task_queues]
    assert names[0] == queues.INTERACTIVE and queues.MAINTENANCE in names
    assert sum(name.startswith(queues.BULK_PREFIX) for name in names) == settings.SHORTLIST_BULK_QUEUES
    assert app.conf.task_default_queue == queues.INTERACTIVE
    assert {entry["options"]["queue"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} == {queues.MAINTENANCE}


def test_outside_a_task_the_default_queue_applies():
    assert route_task("matching.tasks.rematch_job", ("1",), {}, {}) is None
    assert route_task("matching.tasks.rematch_job", ("1",), {}, {"queue": "bulk.3"}) is None


# --- A real worker on the embedded broker -------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_another_companys_single_upload_is_not_starved_by_a_bulk_backlog(
    tmp_path, company, other_company, recruiter_api, outsider_api
):
    """Company A's bulk upload is queued before B's single upload and C's small bulk
    one; one worker then processes them one at a time. B's resume is among the first
    processed and C's are done long before A's backlog drains. On one FIFO queue,
    B and C would come after all of A's."""
    from accounts.tests.factories import UserFactory
    from companies.tests.factories import CompanyFactory
    from config import embedded_broker
    from config.tests.worker_helpers import Worker, publishing_to, wait_for_worker
    from conftest import _api_client_for
    from resumes.models import Resume, ResumeStatus

    a_backlog = 12
    a_company = company
    # A third company whose bulk work hashes to another shard than A's.
    c_company = CompanyFactory(name="Initech")
    while queues.bulk_queue(c_company.pk) == queues.bulk_queue(a_company.pk):
        c_company = CompanyFactory(name=f"Initech {c_company.pk}")
    c_api = _api_client_for(UserFactory(company=c_company, role="recruiter", email="carol@initech.test"))

    broker_dir = tmp_path / "broker"
    url = embedded_broker.embedded_redis_url(broker_dir)
    try:
        with publishing_to(url):
            # Queued while no worker runs: the backlog is in place before anything is taken.
            for api, names in (
                (recruiter_api, [f"a{n}.txt" for n in range(a_backlog)]),
                (outsider_api, ["b.txt"]),
                (c_api, ["c0.txt", "c1.txt", "c2.txt"]),
            ):
                response = api.post(
                    "/api/v1/resumes/upload", {"files": [_text(name) for name in names]}, format="multipart"
                )
                assert response.status_code == 201, response.content
        worker = Worker(broker_url=url, logdir=tmp_path).start()
        try:
            wait_for_worker(
                worker,
                lambda: Resume.objects.filter(status=ResumeStatus.PROCESSED).count() == a_backlog + 4,
                timeout=240,
                message="every resume to be processed",
            )
        finally:
            worker.stop()
    finally:
        embedded_broker.stop_embedded_broker(broker_dir)

    # One solo worker: processed_at is the order the work was taken in.
    order = list(Resume.objects.order_by("processed_at").values_list("company__name", flat=True))
    a_name, c_name = a_company.name, c_company.name
    b_position = order.index(other_company.name)
    assert order[:b_position].count(a_name) <= 1, order
    last_c = max(i for i, name in enumerate(order) if name == c_name)
    assert order[:last_c].count(a_name) <= a_backlog // 2, order
    assert order[-1] == a_name
