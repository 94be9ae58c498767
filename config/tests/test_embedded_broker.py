"""Without REDIS_URL, Shortlist runs as production does: tasks go through a broker
(the embedded Valkey in var/broker) to a real worker, never inside the request."""

from __future__ import annotations

import pytest

from config import embedded_broker
from config.tests.env_settings import settings_under


@pytest.fixture
def data_dir(tmp_path):
    yield tmp_path
    embedded_broker.stop_embedded_broker(tmp_path / "broker")


def test_default_settings_are_not_eager_and_use_the_embedded_broker(data_dir):
    configured = settings_under(SHORTLIST_TESTING=None, CELERY_TASK_ALWAYS_EAGER=None, SHORTLIST_DATA_DIR=str(data_dir))

    assert configured["CELERY_TASK_ALWAYS_EAGER"] is False
    socket = embedded_broker.socket_path(data_dir / "broker")
    assert configured["CELERY_BROKER_URL"] == f"redis+socket://{socket}?virtual_host=0"
    # The cache shares the server, and the server answers.
    assert configured["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert configured["CACHES"]["default"]["LOCATION"] == f"unix://{socket}?db=0"
    assert embedded_broker.answers(socket)


def test_a_second_process_joins_the_running_server(data_dir):
    broker_dir = data_dir / "broker"
    first = embedded_broker.embedded_redis_url(broker_dir)
    pid = (broker_dir / "valkey.pid").read_text()

    assert embedded_broker.embedded_redis_url(broker_dir) == first
    assert (broker_dir / "valkey.pid").read_text() == pid


def test_queued_messages_survive_a_restart_of_the_server(data_dir):
    import redis

    broker_dir = data_dir / "broker"
    client = redis.Redis.from_url(embedded_broker.embedded_redis_url(broker_dir))
    client.lpush("queue", "task")
    client.close()

    assert embedded_broker.stop_embedded_broker(broker_dir)
    assert not embedded_broker.answers(embedded_broker.socket_path(broker_dir))
    client = redis.Redis.from_url(embedded_broker.embedded_redis_url(broker_dir))
    assert client.rpop("queue") == b"task"
    client.close()


def test_tests_ask_for_eager_tasks_explicitly():
    assert settings_under(CELERY_TASK_ALWAYS_EAGER="1")["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings_under(CELERY_TASK_ALWAYS_EAGER=None)["CELERY_TASK_ALWAYS_EAGER"] is False


def test_a_long_checkout_path_still_gets_a_socket_that_fits(tmp_path):
    deep = tmp_path / ("x" * 120) / "broker"
    assert len(str(embedded_broker.socket_path(deep))) <= 100


def test_unix_socket_urls_are_spelled_for_kombu():
    assert embedded_broker.celery_broker_url("unix:///run/v.sock?db=3") == "redis+socket:///run/v.sock?virtual_host=3"
    assert embedded_broker.celery_broker_url("redis://h:6379/0") == "redis://h:6379/0"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_embedded_broker_processes_an_upload(data_dir, tmp_path, recruiter_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from config.tests.worker_helpers import Worker, publishing_to, wait_for_worker
    from resumes.models import Resume, ResumeStatus
    from resumes.tests.factories import SAMPLE_TEXT

    url = embedded_broker.embedded_redis_url(data_dir / "broker")
    worker = Worker(broker_url=url, logdir=tmp_path).start()
    try:
        with publishing_to(url):
            response = recruiter_api.post(
                "/api/v1/resumes/upload",
                {"files": [SimpleUploadedFile("jane.txt", SAMPLE_TEXT.encode(), content_type="text/plain")]},
                format="multipart",
            )
        assert response.status_code == 201, response.content
        [result] = response.json()["results"]
        # Queued, not run inside the request.
        assert result["status"] == "pending"
        wait_for_worker(
            worker,
            lambda: Resume.objects.filter(pk=result["id"], status=ResumeStatus.PROCESSED).exists(),
            # The solo worker loads the model first; on a machine shared with other
            # test runs that alone can take minutes.
            timeout=240,
            message="the worker to process the upload",
        )
    finally:
        worker.stop()
