from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from messaging.models import CandidateMessage, EmailTemplate
from messaging.tests.factories import CandidateMessageFactory, EmailTemplateFactory
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(company: Any) -> Any:
    return JobFactory(company=company, title="Data Engineer")


@pytest.fixture
def ada(company: Any, job: Any) -> Any:
    return ResumeFactory(company=company, job=job, candidate_name="Ada Lovelace", email="ada@example.org")


def test_the_candidate_page_loads_the_email_panel(recruiter_client: Any, ada: Any, job: Any) -> None:
    html = recruiter_client.get(f"/candidates/{ada.pk}/?job={job.pk}").content.decode()
    assert f'hx-get="/email/candidates/{ada.pk}/?job={job.pk}"' in html


def test_the_panel_shows_the_history_and_the_form(recruiter_client: Any, ada: Any, job: Any) -> None:
    CandidateMessageFactory(resume=ada, job=job, subject="Earlier note", status="sent")
    html = recruiter_client.get(f"/email/candidates/{ada.pk}/?job={job.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Earlier note" in html and "Email candidate" in html
    assert f'<option value="{job.pk}" selected>' in html
    assert "Interview invitation" in html  # the company's templates to choose from


def test_sending_a_template_from_the_panel(
    recruiter_client: Any, company: Any, ada: Any, job: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    template = EmailTemplate.objects.get(company=company, kind="rejection")
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            f"/email/candidates/{ada.pk}/", {"job": job.pk, "template": template.pk}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    [received] = smtp.messages
    assert received["Subject"] == "Your application for Data Engineer at Acme Recruiting"
    html = response.content.decode()
    assert "queued for ada@example.org" in html and "Your application for Data Engineer" in html
    assert CandidateMessage.objects.get().template == template


def test_a_custom_message_needs_a_subject_and_body(recruiter_client: Any, ada: Any) -> None:
    response = recruiter_client.post(f"/email/candidates/{ada.pk}/", {"subject": "", "body": ""})
    assert response.status_code == 400
    assert "Write a subject and a message" in response.content.decode()
    assert CandidateMessage.objects.count() == 0


def test_the_preview_fills_the_merge_fields(recruiter_client: Any, company: Any, ada: Any, job: Any) -> None:
    template = EmailTemplate.objects.get(company=company, kind="rejection")
    html = recruiter_client.post(
        f"/email/candidates/{ada.pk}/preview/", {"job": job.pk, "template": template.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="email-preview"' in html and "<html" not in html
    assert "Dear Ada," in html and "Data Engineer" in html and "{candidate_first_name}" not in html
    custom = recruiter_client.post(
        f"/email/candidates/{ada.pk}/preview/", {"subject": "Hi", "body": "Hello {candidate_first_name} <b>"}
    ).content.decode()
    assert "Hello Ada &lt;b&gt;" in custom
    missing = recruiter_client.post(
        f"/email/candidates/{ada.pk}/preview/", {"subject": "Hi", "body": "At {interview_time}"}
    ).content.decode()
    assert "cannot be filled" in missing
    assert CandidateMessage.objects.count() == 0


def test_a_hiring_manager_reads_the_history_but_may_not_send(
    client: Any, hiring_manager: Any, ada: Any, company: Any
) -> None:
    client.force_login(hiring_manager)
    CandidateMessageFactory(resume=ada, subject="Earlier note")
    html = client.get(f"/email/candidates/{ada.pk}/").content.decode()
    assert "Earlier note" in html and "Send email" not in html
    template = EmailTemplate.objects.filter(company=company)[0]
    assert client.post(f"/email/candidates/{ada.pk}/", {"template": template.pk}).status_code == 403
    assert client.post(f"/email/candidates/{ada.pk}/preview/", {"template": template.pk}).status_code == 403
    assert client.get("/email/templates/").status_code == 403
    assert CandidateMessage.objects.count() == 1


def test_another_companys_candidate_and_template_are_not_found(
    recruiter_client: Any, ada: Any, other_company: Any
) -> None:
    foreign = ResumeFactory(company=other_company)
    assert recruiter_client.get(f"/email/candidates/{foreign.pk}/").status_code == 404
    assert recruiter_client.post(f"/email/candidates/{foreign.pk}/", {"subject": "Hi", "body": "Hi"}).status_code == 404
    foreign_template = EmailTemplateFactory(company=other_company)
    response = recruiter_client.post(f"/email/candidates/{ada.pk}/", {"template": foreign_template.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert recruiter_client.get(f"/email/templates/{foreign_template.pk}/").status_code == 404
    assert recruiter_client.post(f"/email/templates/{foreign_template.pk}/delete/").status_code == 404
    assert CandidateMessage.objects.count() == 0


def test_templates_are_edited_in_the_portal(recruiter_client: Any, company: Any) -> None:
    listing = recruiter_client.get("/email/templates/").content.decode()
    assert "Interview invitation" in listing and "{candidate_first_name}" in listing
    bad = recruiter_client.post(
        "/email/templates/new/", {"name": "Nudge", "kind": "custom", "subject": "Hi", "body": "Dear {candidat_name}"}
    )
    assert bad.status_code == 400 and "Unknown merge field {candidat_name}" in bad.content.decode()
    good = recruiter_client.post(
        "/email/templates/new/", {"name": "Nudge", "kind": "custom", "subject": "Hi", "body": "Dear {candidate_name}"}
    )
    assert good.status_code == 302
    template = EmailTemplate.objects.get(company=company, name="Nudge")
    duplicate = recruiter_client.post(
        f"/email/templates/{template.pk}/", {"name": "Rejection", "kind": "custom", "subject": "Hi", "body": "x"}
    )
    assert duplicate.status_code == 400  # the company already has a template of that name
    edited = recruiter_client.post(
        f"/email/templates/{template.pk}/", {"name": "Nudge", "kind": "custom", "subject": "Hello", "body": "x"}
    )
    assert edited.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Hello"
    assert recruiter_client.post(f"/email/templates/{template.pk}/delete/").status_code == 302
    assert not EmailTemplate.objects.filter(pk=template.pk).exists()
