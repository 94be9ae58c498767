"""Interview invitations: the candidate is emailed the invitation template with the
.ics attached, through messaging (the one way candidate mail is sent), read back
from a real SMTP server on loopback."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from interviews import services
from interviews.models import Interview
from messaging.models import CandidateMessage, EmailTemplate
from messaging.tests.factories import EmailTemplateFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def invitation(company):
    return EmailTemplate.objects.get(company=company, kind="invitation")


def _parts(message):
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    [ics] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return text, ics


def _schedule(recruiter, candidate, job, **extra):
    return services.interview_schedule(
        resume=candidate,
        job=job,
        user=recruiter,
        interview_type="video",
        scheduled_at=datetime(2030, 3, 4, 10, 0, tzinfo=BERLIN),
        timezone="Europe/Berlin",
        duration_minutes=90,
        meeting_link="https://meet.example.com/ada",
        notes="Ask about the payments outage (internal)",
        **extra,
    )


def test_the_invitation_carries_the_ics(
    recruiter, hiring_manager, candidate, job, invitation, smtp, django_capture_on_commit_callbacks
):
    candidate.email = "ada@example.org"
    candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        interview = _schedule(recruiter, candidate, job, interviewers=[hiring_manager], email_template=invitation)
    [received] = smtp.messages
    assert received["To"] == "ada@example.org"
    assert received["Subject"] == "Interview for Backend Engineer at Acme Recruiting"
    text, ics = _parts(received)
    assert "Dear Ada," in text and "video interview" in text
    assert "When: Monday, March 4, 2030 at 10:00 CET (Europe/Berlin)" in text
    assert "Duration: 1 h 30 min" in text and "Where: https://meet.example.com/ada" in text
    assert ics.get_filename() == "interview-20300304-1000.ics"
    event = icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2030, 3, 4, 10, 0, tzinfo=BERLIN)
    assert str(event["summary"]) == "Video interview: Backend Engineer at Acme Recruiting"
    # The candidate's copy keeps the team's notes and addresses to the team.
    assert "payments outage" not in str(event["description"]) and "attendee" not in event
    message = CandidateMessage.objects.get()
    assert (message.kind, message.status, message.template) == ("invitation", "sent", invitation)
    assert message.attachments[0]["filename"] == "interview-20300304-1000.ics"
    assert Interview.objects.get() == interview


def test_without_the_option_no_email(recruiter, candidate, job, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(recruiter, candidate, job)
    assert smtp.messages == [] and CandidateMessage.objects.count() == 0


def test_only_an_invitation_template_is_sent_with_an_interview(recruiter, candidate, job, company):
    rejection = EmailTemplate.objects.get(company=company, kind="rejection")
    with pytest.raises(ValidationError):
        _schedule(recruiter, candidate, job, email_template=rejection)
    assert not Interview.objects.exists() and not CandidateMessage.objects.exists()


def test_the_portal_form_emails_the_candidate(
    recruiter_client, candidate, job, invitation, smtp, django_capture_on_commit_callbacks
):
    candidate.email = "ada@example.org"
    candidate.save()
    html = recruiter_client.get(f"/interviews/candidates/{candidate.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Email the candidate an invitation" in html
    data = {
        "job": job.pk,
        "interview_type": "phone",
        "start": "2030-03-04T10:00",
        "timezone": "Europe/Berlin",
        "duration_minutes": 30,
        "email_candidate": "on",
        "email_template": invitation.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(f"/interviews/candidates/{candidate.pk}/", data, HTTP_HX_REQUEST="true")
    assert "The invitation is on its way" in response.content.decode()
    [received] = smtp.messages
    text, ics = _parts(received)
    assert "phone interview" in text and "Where: to be confirmed" in text
    assert ics.get_content_type() == "text/calendar"


def test_the_api_emails_the_default_invitation(recruiter_api, candidate, job, smtp, django_capture_on_commit_callbacks):
    candidate.email = "ada@example.org"
    candidate.save()
    body = {
        "resume_id": str(candidate.pk),
        "job_id": str(job.pk),
        "interview_type": "video",
        "scheduled_at": "2030-03-04T10:00",
        "timezone": "Europe/Berlin",
        "email_candidate": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_api.post("/api/v1/interviews", body, format="json")
    assert response.status_code == 201, response.json()
    [received] = smtp.messages
    assert received["Subject"].startswith("Interview for Backend Engineer")
    assert _parts(received)[1].get_filename().endswith(".ics")


def test_the_api_refuses_another_companys_template(recruiter_api, candidate, job, other_company, smtp):
    foreign = EmailTemplateFactory(company=other_company, kind="invitation")
    body = {
        "resume_id": str(candidate.pk),
        "job_id": str(job.pk),
        "interview_type": "video",
        "scheduled_at": "2030-03-04T10:00",
        "timezone": "Europe/Berlin",
        "email_candidate": True,
        "email_template_id": str(foreign.pk),
    }
    assert recruiter_api.post("/api/v1/interviews", body, format="json").status_code == 404
    assert not Interview.objects.exists() and smtp.messages == []
