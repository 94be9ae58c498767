"""Request ids and request logs: one id per request, echoed, logged, and carried into tasks."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
from types import SimpleNamespace

import pytest

from config import requestlog
from config.tests.env_settings import settings_under

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_generated_request_id(client, api_client):
    portal = client.get("/accounts/login/")
    api = api_client.get("/api/v1/health")
    for response in (portal, api):
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert portal["X-Request-ID"] != api["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client):
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a.01").get("X-Request-ID") == "lb-7f3a.01"
    forged = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" level=ERROR forged')["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)
    too_long = client.get("/accounts/login/", HTTP_X_REQUEST_ID="a" * 65)["X-Request-ID"]
    assert too_long != "a" * 65


def test_each_request_is_logged_with_duration_user_and_company(recruiter_api, recruiter, caplog):
    with caplog.at_level(logging.INFO, logger="shortlist.request"):
        response = recruiter_api.get("/api/v1/jobs", HTTP_X_REQUEST_ID="trace-me")
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "shortlist.request"]
    assert (record.method, record.route, record.status) == ("GET", "api/v1/jobs/?$", 200)
    assert record.duration_ms >= 0
    # The JWT user is known only inside DRF; the log still names them.
    assert record.user_id == str(recruiter.pk)
    assert record.company_id == str(recruiter.company_id)
    assert record.request_id == "trace-me"


def test_anonymous_requests_are_logged_without_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="shortlist.request"):
        client.get("/api/v1/jobs")
    [record] = [r for r in caplog.records if r.name == "shortlist.request"]
    assert record.status == 401 and record.user_id is None and record.company_id is None
    assert record.levelno == logging.WARNING


def test_json_lines_carry_the_request_id_and_the_extra_fields():
    config = requestlog.logging_config(log_format="json", level="INFO")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    config["root"] = {"handlers": [], "level": "WARNING"}
    config["loggers"] = {"json.test": {"handlers": ["console"], "level": "INFO", "propagate": False}}
    config["disable_existing_loggers"] = False
    before = logging.getLogger("json.test").handlers[:]
    logging.config.dictConfig(config)
    try:
        token = requestlog.request_id_var.set("req-42")
        try:
            logging.getLogger("json.test").info("GET /x 200", extra={"status": 200, "duration_ms": 3.5})
        finally:
            requestlog.request_id_var.reset(token)
        logging.getLogger("json.test").info("outside")
    finally:
        logging.getLogger("json.test").handlers[:] = before
    first, second = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["request_id"] == "req-42" and first["status"] == 200 and first["duration_ms"] == 3.5
    assert first["level"] == "INFO" and first["logger"] == "json.test" and first["message"] == "GET /x 200"
    assert second["request_id"] == "-"


def test_production_logs_json_and_development_plain_text():
    production = settings_under(DEBUG="0", SECRET_KEY="x" * 50)
    development = settings_under(DEBUG="1")
    assert production["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert development["LOGGING"]["handlers"]["console"]["formatter"] == "plain"
    assert (
        settings_under(DEBUG="0", SECRET_KEY="x" * 50, LOG_FORMAT="plain")["LOGGING"]["handlers"]["console"][
            "formatter"
        ]
        == "plain"
    )


def test_the_request_id_travels_in_the_task_message_and_is_restored_in_the_worker():
    headers: dict = {}
    token = requestlog.request_id_var.set("req-from-upload")
    try:
        requestlog.on_before_task_publish(headers=headers)
    finally:
        requestlog.request_id_var.reset(token)
    assert headers == {requestlog.TASK_HEADER: "req-from-upload"}

    # In the worker, custom headers are attributes of the task's request.
    task = SimpleNamespace(request=SimpleNamespace(**headers))
    assert requestlog.current_request_id() is None
    requestlog.on_task_prerun(task_id="t1", task=task)
    assert requestlog.current_request_id() == "req-from-upload"
    requestlog.on_task_postrun(task_id="t1")
    assert requestlog.current_request_id() is None


def test_a_task_without_the_header_keeps_the_surrounding_id():
    # Eager mode: the task runs inside the request and simply keeps its id.
    token = requestlog.request_id_var.set("req-eager")
    try:
        requestlog.on_task_prerun(task_id="t2", task=SimpleNamespace(request=SimpleNamespace()))
        assert requestlog.current_request_id() == "req-eager"
        requestlog.on_task_postrun(task_id="t2")
        assert requestlog.current_request_id() == "req-eager"
    finally:
        requestlog.request_id_var.reset(token)


SECRET = "s3cr3t-token-that-must-never-be-logged"


def _logged_text(records) -> str:
    """Everything a handler could write: the message and every extra field."""
    return "\n".join(f"{r.getMessage()} {r.__dict__}" for r in records)


@pytest.mark.parametrize(
    "path, route",
    [
        (f"/s/{SECRET}/", "s/<str:token>/"),
        (f"/s/{SECRET}/file", "s/(?P<token>[^/]+)/file/?$"),
        (f"/api/v1/shared/{SECRET}", "api/v1/shared/(?P<token>[^/]+)/?$"),
        (f"/accounts/invitation/{SECRET}/", "accounts/invitation/<str:token>/"),
        (f"/accounts/password/reset/MQ/{SECRET}/", "accounts/password/reset/<uidb64>/<token>/"),
    ],
)
def test_link_tokens_never_reach_the_log_only_the_route_does(client, caplog, path, route):
    with caplog.at_level(logging.DEBUG):
        client.get(path)
    [record] = [r for r in caplog.records if r.name == "shortlist.request"]
    assert record.route == route
    assert SECRET not in _logged_text(caplog.records)


def test_an_unresolved_path_is_not_logged_either(client, caplog):
    with caplog.at_level(logging.DEBUG):
        assert client.get(f"/no/such/{SECRET}").status_code == 404
    [record] = [r for r in caplog.records if r.name == "shortlist.request"]
    assert record.route == "-"
    assert SECRET not in _logged_text(caplog.records)


def test_djangos_error_log_names_the_route_not_the_path(rf):
    from django.urls import resolve

    request = rf.get(f"/s/{SECRET}/")
    request.resolver_match = resolve(request.path)
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Internal Server Error", request.path), None
    )
    record.request = request
    requestlog.RoutePathFilter().filter(record)
    assert record.getMessage() == "Internal Server Error: s/<str:token>/"
