"""The strict Content-Security-Policy holds in a real browser: the portal, Swagger UI
and the admin render and work without one violation."""

from __future__ import annotations

import pytest

from accounts.tests.factories import DEFAULT_PASSWORD
from jobs.tests.factories import JobFactory
from matching.tests.factories import MatchResultFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    found: list[str] = []
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    return found


def _sign_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_portal_pages_keep_the_policy(live_server, page, violations, recruiter, company):
    job = JobFactory(company=company, title="Backend Engineer")
    match = MatchResultFactory(job=job, company=company, missing_skills=["Kubernetes"])
    other = JobFactory(company=company, title="Data Analyst")
    _sign_in(page, live_server, recruiter)
    assert page.locator("svg.score-chart rect").count() == 10

    # Picking another job swaps the analytics through htmx (a script-driven request).
    assert "Backend Engineer" in page.locator("#job-analytics h2").first.inner_text()
    page.select_option("#job-select", str(other.pk))
    # A locator wait (page.wait_for_function would eval a string, which the policy forbids).
    page.locator("#job-analytics h2", has_text="Data Analyst").first.wait_for()
    assert page.locator("svg.score-chart").count() == 0  # nobody applied to it yet

    for path in (
        "/jobs/",
        f"/jobs/{job.pk}/",
        f"/candidates/{match.resume_id}/",
        "/candidates/",
        "/matching/search/?q=python",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_swagger_ui_renders_under_the_policy(live_server, page, violations):
    page.goto(live_server.url + "/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Shortlist API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 20
    assert violations == []


def test_the_admin_works_under_the_policy(live_server, page, violations, admin_user, company):
    admin_user.is_staff = True
    admin_user.save()
    JobFactory(company=company, title="Backend Engineer")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", admin_user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/jobs/jobdescription/")
    page.wait_for_load_state("networkidle")
    page.click("text=Backend Engineer")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=title]").input_value() == "Backend Engineer"
    assert violations == []
