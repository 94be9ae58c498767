from typing import Any

import pytest

from messaging.models import EmailTemplate
from messaging.tests.factories import CandidateMessageFactory, EmailTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Any, admin_user: Any) -> Any:
    client.force_login(admin_user)
    return client


def test_templates_in_the_admin_are_the_companys_and_validated(
    admin_client: Any, company: Any, other_company: Any
) -> None:
    EmailTemplateFactory(company=other_company, name="Globex secret")
    listing = admin_client.get("/admin/messaging/emailtemplate/").content.decode()
    assert "Interview invitation" in listing and "Globex secret" not in listing
    data = {"kind": "custom", "name": "Admin made", "subject": "Hi", "body": "Dear {candidat_name}"}
    refused = admin_client.post("/admin/messaging/emailtemplate/add/", data)
    assert refused.status_code == 200 and "Unknown merge field {candidat_name}" in refused.content.decode()
    data["body"] = "Dear {candidate_name}"
    assert admin_client.post("/admin/messaging/emailtemplate/add/", data).status_code == 302
    assert EmailTemplate.objects.get(name="Admin made").company == company
    data["name"] = "Rejection"  # a default template's name
    duplicate = admin_client.post("/admin/messaging/emailtemplate/add/", data)
    assert duplicate.status_code == 200 and "already has a template of this name" in duplicate.content.decode()
    assert EmailTemplate.objects.filter(company=company, name="Rejection").count() == 1


def test_messages_are_a_read_only_record(admin_client: Any, company: Any, other_company: Any) -> None:
    mine = CandidateMessageFactory(resume__company=company, subject="Our message")
    theirs = CandidateMessageFactory(resume__company=other_company, subject="Their message")
    listing = admin_client.get("/admin/messaging/candidatemessage/").content.decode()
    assert "Our message" in listing and "Their message" not in listing
    assert admin_client.get("/admin/messaging/candidatemessage/add/").status_code == 403
    assert admin_client.get(f"/admin/messaging/candidatemessage/{mine.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/messaging/candidatemessage/{theirs.pk}/change/").status_code == 404
