"""Upload several files to a job in real Chromium and watch the batch's progress go live."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD
from jobs.tests.factories import JobFactory
from resumes import services
from resumes.models import Resume
from resumes.tests.documents import RESUME_TEXT, make_docx, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_upload_several_files_and_watch_them_reach_processed(live_server, page, recruiter, company, monkeypatch):
    # Hold the queue like a busy worker would, so the page has to poll for the result.
    queued = []
    monkeypatch.setattr(services, "_queue_ingest", lambda resume_id, **_: queued.append(resume_id))
    job = JobFactory(company=company, title="Backend Engineer")
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")

    page.set_input_files(
        "#upload-files",
        files=[
            {"name": "maria.pdf", "mimeType": "application/pdf", "buffer": make_pdf(RESUME_TEXT)},
            {
                "name": "ann.docx",
                "mimeType": "application/octet-stream",
                "buffer": make_docx("Ann Lee\nann@example.com\nSkills\nPython, SQL"),
            },
            {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64},
        ],
    )
    page.click("form[data-dropzone] button[type=submit]")
    # A bulk upload: the refused file has its row, the accepted ones one progress panel.
    rows = page.locator("#upload-results .upload-row")
    expect(rows).to_have_count(1)
    expect(rows.filter(has_text="photo.png")).to_contain_text("Accepted types are PDF")
    progress = page.locator("#upload-results .batch-progress")
    expect(progress).to_contain_text("0 of 2 processed; 2 waiting")

    # The worker gets to them; the panel updates by itself (htmx polling) and stops when done.
    assert len(queued) == 2
    services.resume_process(resume_id=queued[0])
    expect(progress).to_contain_text("1 of 2 processed; 1 waiting", timeout=15_000)
    services.resume_process(resume_id=queued[1])
    expect(progress).to_contain_text("2 of 2 processed. Done.", timeout=15_000)
    expect(progress).to_have_attribute("data-done", "true")
    assert Resume.objects.filter(company=company, status="processed").count() == 2

    # The ranked candidates panel of the job shows them once scored.
    page.reload()
    expect(page.locator("#candidates .candidate-row")).to_have_count(2)
    expect(page.locator("#candidates")).to_contain_text(re.compile("Maria Garcia"))


def test_choosing_files_then_clicking_upload_sends_one_upload(live_server, page, recruiter, company, monkeypatch):
    # The new user's path: pick files, then click Upload. It used to upload on the pick
    # and again, empty, on the click ("Choose at least one file." above the successes).
    monkeypatch.setattr(services, "_queue_ingest", lambda resume_id, **_: None)
    job = JobFactory(company=company, title="Backend Engineer")
    sign_in(page, live_server, recruiter)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    uploads = []
    page.on(
        "request",
        lambda request: (
            uploads.append(request) if request.method == "POST" and request.url.endswith("/upload/") else None
        ),
    )

    page.set_input_files(
        "#upload-files",
        files=[
            {"name": "maria.pdf", "mimeType": "application/pdf", "buffer": make_pdf(RESUME_TEXT)},
            {
                "name": "ann.docx",
                "mimeType": "application/octet-stream",
                "buffer": make_docx("Ann Lee\nann@example.com"),
            },
        ],
    )
    page.click("form[data-dropzone] button[type=submit]")
    expect(page.locator("#upload-results .batch-progress")).to_contain_text("0 of 2 processed")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#upload-results")).not_to_contain_text("Choose at least one file.")
    assert len(uploads) == 1
    assert Resume.objects.filter(company=company).count() == 2

    # Clicking Upload again with nothing chosen asks for files in the browser, sending nothing.
    page.click("form[data-dropzone] button[type=submit]")
    assert page.locator("#upload-files").evaluate("input => input.validity.valueMissing")
    page.wait_for_load_state("networkidle")
    assert len(uploads) == 1
