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
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SHORTLIST_TESTING", "CELERY_TASK_ALWAYS_EAGER",
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
