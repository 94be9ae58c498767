"""A candidate applies from the public careers page in real Chromium with a real PDF,
reads the confirmation from a real SMTP server on loopback, and the recruiter sees
the scored candidate; the careers pages (JSON-LD included) keep the strict CSP."""

import json
import time
from collections.abc import Callable
from email.message import Message

import pytest
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD
from careers.tests.factories import CareersSiteFactory
from companies.models import Company
from config.tests.mail_fixtures import Inbox
from jobs.tests.factories import JobFactory
from resumes.tests.documents import RESUME_TEXT, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _wait_for(condition: Callable[[], object], *, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_apply_from_the_careers_page_and_the_recruiter_sees_the_scored_candidate(
    live_server: LiveServer, page: Page, smtp: Inbox, recruiter: User, company: Company
) -> None:
    # Applying stores, extracts, parses and scores the PDF in the request here (eager tasks);
    # on a loaded machine that takes longer than the default 10 s.
    page.set_default_timeout(60_000)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    CareersSiteFactory(company=company, slug="acme")
    job = JobFactory(company=company, title="Backend Engineer", department="Engineering")

    page.goto(f"{live_server.url}/careers/acme/")
    page.get_by_role("link", name="Backend Engineer").click()
    posting = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert posting["@type"] == "JobPosting" and posting["title"] == "Backend Engineer"

    page.get_by_role("link", name="Apply for this job").click()
    page.get_by_label("Full name").fill("Maria Garcia")
    page.get_by_label("Email").fill("maria.garcia@example.org")
    page.set_input_files(
        "#id_resume", files=[FilePayload(name="maria.pdf", mimeType="application/pdf", buffer=make_pdf(RESUME_TEXT))]
    )
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()

    _wait_for(lambda: smtp.messages, timeout=60)
    [message] = smtp.messages
    assert message["To"] == "maria.garcia@example.org" and "Backend Engineer" in message["Subject"]
    assert "/careers/withdraw/" in _body(message)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", recruiter.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    row = page.locator("#candidates .candidate-row", has_text="Maria Garcia")
    expect(row).to_have_count(1, timeout=60_000)
    expect(row).to_contain_text("Why this score?")  # scored like any upload
    # The application is a candidacy in the job's first stage, from the careers page.
    from pipeline.models import Candidacy, CandidacySource

    candidacy = Candidacy.objects.select_related("stage").get(job=job, resume__email="maria.garcia@example.org")
    assert candidacy.source == CandidacySource.APPLICATION
    assert candidacy.stage.name == "Applied"  # the company's default pipeline starts there
    assert violations == []
