import re
from collections.abc import Callable
from email.message import Message
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import User
from careers.models import Application, ApplicationStatus, CareersSite, ScreeningQuestion, SelfIdentification
from careers.tests.factories import CareersSiteFactory
from companies.models import Company
from config.tests.mail_fixtures import Inbox
from jobs.models import JobDescription
from jobs.tests.factories import JobFactory
from resumes.models import Resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(company: Company) -> CareersSite:
    site: CareersSite = CareersSiteFactory(company=company, slug="acme")
    return site


@pytest.fixture
def job(site: CareersSite) -> JobDescription:
    job: JobDescription = JobFactory(company=site.company, title="Data engineer")
    return job


def _form(pdf: SimpleUploadedFile | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": "Maria Garcia",
        "email": "maria@example.org",
        "phone": "+1 617 555 0199",
        "resume": pdf,
        "consent": "on",
    }
    data.update(extra)
    return data


def _apply(
    client: Client, job: JobDescription, data: dict[str, Any], capture: DjangoCaptureOnCommitCallbacks
) -> Any:  # the test client's response
    with capture(execute=True):
        return client.post(f"/careers/acme/jobs/{job.pk}/apply/", data)


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _withdraw_link(message: Message) -> str:
    found = re.search(r"http://\S+/careers/withdraw/\S+/", _body(message))
    assert found is not None
    return found.group(0)


def test_the_form_shows_the_consent_notice_with_the_retention_period(
    client: Client, job: JobDescription, site: CareersSite
) -> None:
    site.company.retention_days = 180
    site.company.save()
    page = client.get(f"/careers/acme/jobs/{job.pk}/apply/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "for 180 days" in text
    assert 'name="website"' in text  # the honeypot
    assert page["Cache-Control"] == "no-store, private"


def test_an_application_becomes_a_candidate_for_the_job_with_a_confirmation(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    response = _apply(
        client, job, _form(pdf_resume(), utm_source="newsletter", ref="FRIEND42"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.job == job and application.status == ApplicationStatus.RECEIVED
    assert (application.utm_source, application.referral_code) == ("newsletter", "FRIEND42")
    resume = Resume.objects.get(pk=application.resume_id)
    assert resume.company == job.company and resume.job == job and resume.uploaded_by is None
    candidacy = job.candidacies.get(resume=resume)
    assert (candidacy.source, candidacy.stage.name) == ("application", "Applied")
    [message] = smtp.messages
    assert message["To"] == "maria@example.org"
    assert "Data engineer" in message["Subject"]
    assert "/careers/withdraw/" in _withdraw_link(message)


def test_a_utm_source_and_referral_code_follow_the_candidate_to_the_recruiter(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    recruiter: User,
) -> None:
    tracked = "?utm_source=newsletter&amp;ref=FRIEND42"
    listing = client.get("/careers/acme/?utm_source=newsletter&ref=FRIEND42").content.decode()
    assert f'href="/careers/acme/jobs/{job.pk}/{tracked}"' in listing
    job_page = client.get(f"/careers/acme/jobs/{job.pk}/?utm_source=newsletter&ref=FRIEND42").content.decode()
    assert f'href="/careers/acme/jobs/{job.pk}/apply/{tracked}"' in job_page
    # The cached pages everyone else gets carry no one's campaign.
    assert "FRIEND42" not in client.get("/careers/acme/").content.decode()
    assert "FRIEND42" not in client.get(f"/careers/acme/jobs/{job.pk}/").content.decode()

    form = client.get(f"/careers/acme/jobs/{job.pk}/apply/?utm_source=newsletter&ref=FRIEND42").content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(utm_source|ref)" value="([^"]*)"', form))
    assert hidden == {"utm_source": "newsletter", "ref": "FRIEND42"}
    _apply(client, job, _form(pdf_resume(), **hidden), django_capture_on_commit_callbacks)
    application = Application.objects.get()
    assert (application.utm_source, application.referral_code) == ("newsletter", "FRIEND42")

    client.force_login(recruiter)
    candidate_page = client.get(f"/candidates/{application.resume_id}/").content.decode()
    assert f'hx-get="/candidates/{application.resume_id}/applications/"' in candidate_page
    panel = client.get(f"/candidates/{application.resume_id}/applications/", HTTP_HX_REQUEST="true").content.decode()
    assert "Careers page (utm_source: newsletter, referral code: FRIEND42)" in panel
    assert "Data engineer" in panel


def test_an_application_without_a_campaign_shows_the_careers_page_as_its_source(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    recruiter: User,
) -> None:
    _apply(client, job, _form(pdf_resume()), django_capture_on_commit_callbacks)
    application = Application.objects.get()
    client.force_login(recruiter)
    panel = client.get(f"/candidates/{application.resume_id}/applications/").content.decode()
    assert '<span class="application-source">Careers page</span>' in panel


def test_a_knock_out_answer_rejects_with_a_kind_email(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    question = ScreeningQuestion.objects.create(
        company=job.company, job=job, text="Do you have a work permit?", knockout_answer="no"
    )
    ScreeningQuestion.objects.create(
        company=job.company, job=job, text="Notice period?", kind="short_text", required=False
    )
    field = f"question_{question.pk.hex}"
    _apply(client, job, _form(pdf_resume(), **{field: "no"}), django_capture_on_commit_callbacks)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.KNOCKED_OUT
    assert application.answers[0] == {"question_id": str(question.pk), "question": question.text, "answer": "no"}
    candidacy = job.candidacies.get(resume=application.resume)
    assert (candidacy.stage.name, candidacy.rejection_reason) == (
        "Rejected",
        "Knock-out answer to a screening question",
    )
    assert candidacy.stage_changes.get(from_stage__isnull=False).by is None  # the system
    [message] = smtp.messages
    body = _body(message)
    assert "will not take your application further" in body and "Thank you" in body


def test_a_required_question_must_be_answered(
    client: Client, job: JobDescription, pdf_resume: Callable[..., SimpleUploadedFile]
) -> None:
    ScreeningQuestion.objects.create(company=job.company, job=job, text="Do you have a work permit?")
    response = client.post(f"/careers/acme/jobs/{job.pk}/apply/", _form(pdf_resume()))
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_the_honeypot_stores_nothing_but_looks_like_success(
    client: Client, job: JobDescription, pdf_resume: Callable[..., SimpleUploadedFile]
) -> None:
    response = client.post(f"/careers/acme/jobs/{job.pk}/apply/", _form(pdf_resume(), website="http://spam.example"))
    assert response.status_code == 302
    assert Application.objects.count() == 0 and Resume.objects.count() == 0


def test_a_bad_file_gets_the_uploads_reason_on_the_form(client: Client, job: JobDescription) -> None:
    exe = SimpleUploadedFile("cv.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = client.post(f"/careers/acme/jobs/{job.pk}/apply/", _form(exe))
    assert response.status_code == 400
    errors = response.context["form"].errors["resume"]
    assert errors and errors[0]
    assert errors[0] in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.parametrize("same", ["email", "file"])
def test_a_second_application_to_the_same_job_is_merged(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    same: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _apply(client, job, _form(pdf_resume()), django_capture_on_commit_callbacks)
    if same == "email":
        second = _form(pdf_resume(name="other.pdf", text="Maria Garcia\nA different resume\nPython"), cover_letter="Hi")
    else:
        second = _form(pdf_resume(), email="maria.other@example.org", cover_letter="Hi")
    assert _apply(client, job, second, django_capture_on_commit_callbacks).status_code == 302
    application = Application.objects.get()
    assert application.submissions == 2 and application.cover_letter == "Hi"
    assert Resume.objects.count() == 1


def test_applications_are_rate_limited_per_address(
    client: Client, job: JobDescription, pdf_resume: Callable[..., SimpleUploadedFile], settings: Settings
) -> None:
    from django.core.cache import cache

    cache.clear()
    rate = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["careers_apply"].split("/")[0])
    for _ in range(rate):
        client.post(f"/careers/acme/jobs/{job.pk}/apply/", {"email": "not an email"})
    response = client.post(f"/careers/acme/jobs/{job.pk}/apply/", _form(pdf_resume()))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Application.objects.count() == 0


def test_the_withdraw_link_erases_the_candidate(
    client: Client,
    job: JobDescription,
    pdf_resume: Callable[..., SimpleUploadedFile],
    smtp: Inbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _apply(client, job, _form(pdf_resume(), gender="woman"), django_capture_on_commit_callbacks)
    assert SelfIdentification.objects.count() == 1
    link = _withdraw_link(smtp.messages[0]).split("127.0.0.1:8000", 1)[-1]
    page = client.get(link)
    assert page.status_code == 200 and "Withdraw and erase my data" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    assert Application.objects.count() == 0
    assert Resume.objects.count() == 0
    assert SelfIdentification.objects.count() == 0
    assert client.get(link).status_code == 404


def test_a_tampered_withdraw_link_is_refused(client: Client) -> None:
    assert client.get("/careers/withdraw/not-a-token/").status_code == 404
    assert client.post("/careers/withdraw/not-a-token/").status_code == 404


def test_the_job_page_links_to_the_form(client: Client, job: JobDescription) -> None:
    assert f'href="/careers/acme/jobs/{job.pk}/apply/"' in client.get(f"/careers/acme/jobs/{job.pk}/").content.decode()
