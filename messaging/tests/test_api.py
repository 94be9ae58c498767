from typing import Any

import pytest

from jobs.tests.factories import JobFactory
from messaging.models import CandidateMessage, EmailTemplate
from messaging.tests.factories import EmailTemplateFactory
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(company: Any) -> Any:
    return JobFactory(company=company, title="Data Engineer")


@pytest.fixture
def ada(company: Any, job: Any) -> Any:
    return ResumeFactory(company=company, job=job, candidate_name="Ada Lovelace", email="ada@example.org")


def test_templates_are_listed_for_the_company_only(manager_api: Any, company: Any, other_company: Any) -> None:
    EmailTemplateFactory(company=other_company, name="Globex secret")
    response = manager_api.get("/api/v1/email-templates")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert sorted(names) == ["Follow-up", "Interview invitation", "Rejection"]
    invitations = manager_api.get("/api/v1/email-templates?kind=invitation").json()["results"]
    assert [row["kind"] for row in invitations] == ["invitation"]
    assert "interview_time" in invitations[0]["merge_fields"]


def test_sending_a_template_through_the_api(
    recruiter_api: Any, company: Any, ada: Any, job: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    template = EmailTemplate.objects.get(company=company, kind="rejection")
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_api.post(
            f"/api/v1/resumes/{ada.pk}/emails", {"template_id": str(template.pk), "job_id": str(job.pk)}, format="json"
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "queued" and body["to"] == "ada@example.org" and body["template_id"] == str(template.pk)
    [received] = smtp.messages
    assert received["Subject"] == "Your application for Data Engineer at Acme Recruiting"
    history = recruiter_api.get(f"/api/v1/resumes/{ada.pk}/emails").json()["results"]
    assert [(row["status"], row["attempts"]) for row in history] == [("sent", 1)]


def test_a_one_off_message_through_the_api(
    recruiter_api: Any, ada: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_api.post(
            f"/api/v1/resumes/{ada.pk}/emails", {"subject": "Hello", "body": "Hi {candidate_first_name}"}, format="json"
        )
    assert response.status_code == 201
    assert smtp.messages[0].get_payload(0).get_payload(decode=True).decode().startswith("Hi Ada")
    missing = recruiter_api.post(f"/api/v1/resumes/{ada.pk}/emails", {"subject": "Hello"}, format="json")
    assert missing.status_code == 400 and "template_id" in missing.json()
    unknown = recruiter_api.post(f"/api/v1/resumes/{ada.pk}/emails", {"subject": "Hi", "body": "{nope}"}, format="json")
    assert unknown.status_code == 400 and "{nope}" in unknown.json()["body"][0]


def test_another_companys_template_or_candidate_is_404(recruiter_api: Any, ada: Any, other_company: Any) -> None:
    foreign_template = EmailTemplateFactory(company=other_company)
    foreign_resume = ResumeFactory(company=other_company)
    response = recruiter_api.post(
        f"/api/v1/resumes/{ada.pk}/emails", {"template_id": str(foreign_template.pk)}, format="json"
    )
    assert response.status_code == 404
    response = recruiter_api.post(
        f"/api/v1/resumes/{foreign_resume.pk}/emails", {"subject": "Hi", "body": "Hi"}, format="json"
    )
    assert response.status_code == 404
    assert recruiter_api.get(f"/api/v1/resumes/{foreign_resume.pk}/emails").status_code == 404
    assert CandidateMessage.objects.count() == 0


def test_a_hiring_manager_may_read_but_not_send(manager_api: Any, ada: Any, company: Any) -> None:
    template = EmailTemplate.objects.filter(company=company)[0]
    assert manager_api.get(f"/api/v1/resumes/{ada.pk}/emails").status_code == 200
    response = manager_api.post(f"/api/v1/resumes/{ada.pk}/emails", {"template_id": str(template.pk)}, format="json")
    assert response.status_code == 403
    assert CandidateMessage.objects.count() == 0


def test_the_schema_describes_the_endpoints() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/email-templates" in schema["paths"] or "/api/v1/email-templates/" in schema["paths"]
    emails = next(path for path in schema["paths"] if path.startswith("/api/v1/resumes/{resume_id}/emails"))
    assert {"get", "post"} <= set(schema["paths"][emails])


def test_a_bad_kind_is_a_400_naming_it(manager_api: Any) -> None:
    response = manager_api.get("/api/v1/email-templates?kind=bogus")
    assert response.status_code == 400 and "kind" in response.json()
