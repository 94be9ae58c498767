"""Limits and security headers: per-user API throttling, the Content Security Policy
(which the portal's templates must be able to keep), frame denial, nosniff, and the
production cookie and transport settings."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from config.tests.env_settings import settings_under
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.fixture
def tiny_user_rate(monkeypatch):
    # DRF binds the rates when the throttle class is defined, so patch them there.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "3/min"})


def test_the_api_is_throttled_per_user_by_default(recruiter_api, outsider_api, tiny_user_rate):
    codes = [recruiter_api.get("/api/v1/jobs").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    limited = recruiter_api.get("/api/v1/resumes")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "throttled" in limited.json()["detail"].lower()
    # Another user has their own budget.
    assert outsider_api.get("/api/v1/jobs").status_code == 200


def test_the_default_throttle_is_the_user_rate_throttle():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == ["rest_framework.throttling.UserRateThrottle"]
    for scope in ("login", "register", "shared", "user"):
        assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/health", "/api/v1/docs/", "/admin/login/", "/metrics"])
def test_every_response_has_the_security_headers(client, path, settings):
    settings.DEBUG = True  # /metrics open
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Security-Policy"] == STRICT_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_portal_pages_carry_the_policy(recruiter_client, recruiter):
    job = JobFactory(company=recruiter.company)
    for path in ("/", f"/jobs/{job.pk}/", "/jobs/", "/candidates/"):
        response = recruiter_client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == STRICT_CSP


def test_a_path_can_get_its_own_policy(client, settings):
    settings.CONTENT_SECURITY_POLICY_OVERRIDES = {
        "/api/v1/docs/": "default-src 'self'; style-src 'self' 'unsafe-inline'"
    }
    assert "unsafe-inline" in client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert client.get("/accounts/login/")["Content-Security-Policy"] == STRICT_CSP


class _InlineCode(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def _inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.problems


def test_swagger_ui_is_served_without_inline_script(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert _inline_code(html) == []
    assert re.search(r'<script src="[^"]*swagger-ui-bundle\.js"', html)


def _project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / "templates"] + [path for path in base.glob("*/templates") if ".venv" not in path.parts]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_project_template_has_inline_script_style_or_handlers():
    templates = _project_templates()
    assert len(templates) > 5
    problems = {}
    for path in templates:
        # Template tags are not HTML: drop comments, stand a placeholder in for the rest.
        markup = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S)
        markup = re.sub(r"\{[%{#].*?[%}#]\}", "tag", markup)
        found = _inline_code(markup)
        if found:
            problems[str(path.relative_to(settings.BASE_DIR))] = found
    assert problems == {}


def test_production_settings_secure_cookies_and_transport():
    production = settings_under(DEBUG="0", SECRET_KEY="x" * 50)
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] and production["X_FRAME_OPTIONS"] == "DENY"
    assert production["CONTENT_SECURITY_POLICY"] == STRICT_CSP
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production["MIDDLEWARE"]
    # WhiteNoise must come right after SecurityMiddleware (its documented place).
    middleware = production["MIDDLEWARE"]
    assert (
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
        == middleware.index("django.middleware.security.SecurityMiddleware") + 1
    )
