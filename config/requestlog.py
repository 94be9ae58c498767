"""Request ids and request logs.

Every request gets an id (the caller's `X-Request-ID` when it is sane, else a new
one) that is returned in the response, stamped on every log record written while
the request runs, and carried into the Celery tasks it queues (a message header
set on publish, restored before the task runs), so one id ties a click to the
ingest and matching it caused.

This module imports nothing from Django at import time: the logging config loads
its filter before the apps are ready.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar, Token

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

HEADER = "X-Request-ID"
TASK_HEADER = "shortlist_request_id"
# An id from outside is logged and echoed: keep it short and free of anything
# that could forge a log line or a header.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

logger = logging.getLogger("shortlist.request")


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    return value if value and _SANE_ID.match(value) else new_request_id()


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record (`-` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or "-"
        return True


def _route(request) -> str:
    """The URL pattern that answered (`s/<str:token>/`), never the path itself:
    shared-link, invitation and password-reset paths carry secrets. A path that
    matched no pattern is not logged at all (`-`), for the same reason."""
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else "-"


class RoutePathFilter(logging.Filter):
    """Django's own request logs (`django.request`, `django.server`) name the path:
    replace it by the route, as the request log does."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            record.args = tuple(_route(request) if arg == path else arg for arg in record.args)
        return True


class RequestLogMiddleware:
    """Assigns the request id and logs one line per request with its duration and route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            self._log(request, response.status_code, started)
            return response
        except Exception:
            # Django turns exceptions into 500 responses before this point; this
            # only runs when something below the handler itself fails.
            self._log(request, 500, started)
            raise
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 and status != 404 else logging.INFO
        route = _route(request)
        logger.log(
            level,
            "%s %s %s",
            request.method,
            route,
            status,
            extra={
                "method": request.method,
                "route": route,
                "view": getattr(getattr(request, "resolver_match", None), "view_name", None),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": str(user.pk) if authenticated else None,
                "company_id": str(user.company_id) if authenticated and getattr(user, "company_id", None) else None,
            },
        )


# --- Celery: the id travels with the task message ---------------------------------


def on_before_task_publish(headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, Token[str | None]] = {}


def on_task_prerun(task_id=None, task=None, **kwargs) -> None:
    # Eager tasks run inside the request and already see its id; a worker's
    # task finds it among the message headers (protocol 2 puts custom headers
    # on the request context).
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(accepted_request_id(request_id))


def on_task_postrun(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id_var.reset(token)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING dict: JSON lines in production, plain text while developing."""
    formatter = "json" if log_format == "json" else "plain"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "config.requestlog.RequestIdFilter"},
            "route_not_path": {"()": "config.requestlog.RoutePathFilter"},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "pgserver": {"level": "WARNING"},
            "django.db.backends": {"level": "WARNING"},
            # The request middleware logs every request itself, with more fields.
            # runserver's own lines carry the raw request line (tokens included).
            "django.server": {"level": "CRITICAL"},
            "django.request": {"level": "ERROR", "filters": ["route_not_path"]},
        },
    }
