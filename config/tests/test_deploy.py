"""The deployment contract: migrations match the models, and production settings
pass Django's deployment checks. Each check runs manage.py in a subprocess with
its own environment, exactly as an operator would."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "shortlist.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://shortlist.example.com",
    "SITE_URL": "https://shortlist.example.com",
}


# Set by the test session (the browser fixtures, conftest), never by an operator.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SHORTLIST_TESTING",
    "CELERY_TASK_ALWAYS_EAGER",
}


def _manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_migrations_match_the_models():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_passes_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2():
    # The settings module itself: tests may swap in a fast hasher through the settings fixture.
    import config.settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_refuses_to_start_with_a_misspelt_boolean():
    result = _manage("check", **{**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "flase"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_SSL_REDIRECT='flase' is not a boolean" in result.stderr


def test_compose_publishes_only_the_proxy_that_num_proxies_trusts():
    """NUM_PROXIES=1 trusts one X-Forwarded-For hop: that holds only if no client
    can reach the app except through that one proxy."""
    import yaml

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["web"]["environment"]["NUM_PROXIES"].endswith(":-1}")
    caddyfile = (settings.BASE_DIR / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile
    assert not any(line.strip().startswith("log") for line in caddyfile.splitlines())


# What the header of docker-compose.yml tells an operator to set for the `scale` profile.
SCALE_ENV = {
    "SHORTLIST_S3_BUCKET": "shortlist",
    "SHORTLIST_S3_ENDPOINT_URL": "http://minio:9000",
    "SHORTLIST_S3_ADDRESSING_STYLE": "path",
    "AWS_ACCESS_KEY_ID": "shortlist",
    "AWS_SECRET_ACCESS_KEY": "a-long-random-secret",
}
APP_SERVICES = {"migrate", "web", "worker", "beat", "storage", "worker-2"}


def _compose() -> dict:
    import yaml

    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())["services"]


def _interpolate(value: str, operator_env: dict[str, str]) -> str:
    """Compose's `${NAME:-default}` / `${NAME:?message}` for one value, as `docker compose` reads it."""
    import re

    def replace(match: re.Match) -> str:
        name, operator, default = match[1], match[2] or "", match[3] or ""
        return operator_env.get(name) or (default if operator == ":-" else "")

    return re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", replace, value)


def test_the_default_stack_is_unchanged_by_the_scale_profile():
    services = _compose()
    profiled = {name for name, service in services.items() if service.get("profiles")}
    assert profiled == {"minio", "storage", "worker-2"}
    assert all(services[name]["profiles"] == ["scale"] for name in profiled)
    # Without the profile, files stay in the media volume that web and the worker share.
    for name in ("web", "worker"):
        assert "media:/data/media" in services[name]["volumes"]
        assert _interpolate(services[name]["environment"]["SHORTLIST_S3_BUCKET"], {}) == ""


def test_the_scale_profile_runs_two_workers_and_an_s3_store_sharing_nothing_else():
    services = _compose()
    workers = [name for name, service in services.items() if "worker" in service.get("command", [])]
    assert sorted(workers) == ["worker", "worker-2"]
    assert services["minio"]["image"].startswith("minio/minio:")
    assert "ports" not in services["minio"]  # files leave it only through Django
    # Every app container gets the storage settings from the operator's environment.
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        for variable in SCALE_ENV:
            assert environment[variable] == f"${{{variable}:-}}", (name, variable)
        assert _interpolate(environment["REDIS_URL"], SCALE_ENV) == "redis://redis:6379/0"
    # The second worker, beat and the storage check mount nothing: database, broker and bucket only.
    for name in ("worker-2", "beat", "storage"):
        assert services[name]["volumes"] == [], name
    # MinIO's root user is the app's key pair.
    minio_env = {key: _interpolate(value, SCALE_ENV) for key, value in services["minio"]["environment"].items()}
    assert (minio_env["MINIO_ROOT_USER"], minio_env["MINIO_ROOT_PASSWORD"]) == (
        SCALE_ENV["AWS_ACCESS_KEY_ID"],
        SCALE_ENV["AWS_SECRET_ACCESS_KEY"],
    )


def test_the_scale_profile_checks_the_bucket_before_web_and_workers_start():
    services = _compose()
    assert "storage_check --create-bucket" in " ".join(services["storage"]["command"])
    assert services["storage"]["depends_on"] == {"minio": {"condition": "service_healthy"}}
    assert services["worker-2"]["depends_on"]["storage"] == {"condition": "service_completed_successfully"}
    for name in ("web", "worker"):
        # Only when the profile is on: without it there is no `storage` to wait for.
        assert services[name]["depends_on"]["storage"] == {
            "condition": "service_completed_successfully",
            "required": False,
        }


def test_the_scale_profile_environment_puts_files_in_minio():
    from config.tests.env_settings import settings_under

    web = _compose()["web"]["environment"]
    environment = {key: _interpolate(str(value), {**SCALE_ENV, "SECRET_KEY": "x" * 50}) for key, value in web.items()}
    environment.pop("DATABASE_URL")  # needs POSTGRES_PASSWORD; parsed, never reached, either way
    storage = settings_under(**environment)["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["addressing_style"]) == (
        "shortlist",
        "http://minio:9000",
        "path",
    )
