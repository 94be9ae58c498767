"""Candidate email through a real SMTP server on loopback (config/tests/mail_fixtures.py)."""

import importlib
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from companies.queues import INTERACTIVE, bulk_queue
from companies.tests.factories import CompanyFactory
from jobs.tests.factories import JobFactory
from messaging import services, tasks
from messaging.models import CandidateMessage, EmailTemplate, MessageStatus, TemplateKind
from messaging.tests.factories import EmailTemplateFactory
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(company: Any) -> Any:
    return JobFactory(company=company, title="Data Engineer")


@pytest.fixture
def ada(company: Any, job: Any) -> Any:
    return ResumeFactory(company=company, job=job, candidate_name="Ada Lovelace", email="ada@example.org")


@pytest.fixture
def template(company: Any) -> Any:
    return EmailTemplateFactory(company=company, name="Next steps", subject="{job_title} at {company_name}")


@pytest.fixture
def queues(monkeypatch: Any) -> Any:
    """The queue each send task was published to (the task still runs, eagerly)."""
    published = []
    original = tasks.send_candidate_message.apply_async

    def record(*args: Any, **kwargs: Any) -> Any:
        published.append(kwargs.get("queue"))
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks.send_candidate_message, "apply_async", record)
    return published


def _body(message: Any, subtype: Any = "plain") -> Any:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_payload(decode=True).decode()
    raise AssertionError(f"no text/{subtype} part")


# --- Templates ---------------------------------------------------------------------------


def test_every_new_company_gets_the_default_templates() -> None:
    company = CompanyFactory()
    templates = EmailTemplate.objects.filter(company=company)
    assert sorted(templates.values_list("kind", flat=True)) == ["custom", "invitation", "rejection"]
    for template in templates:
        template.full_clean()  # the defaults pass their own validation
    assert services.templates_seed(company=company) == []  # safe to run twice


def test_the_data_migration_seeds_existing_companies() -> None:
    company = CompanyFactory()
    EmailTemplate.objects.filter(company=company).delete()
    EmailTemplateFactory(company=company, name="Rejection", kind="rejection", subject="Our own")
    migration = importlib.import_module("messaging.migrations.0002_seed_default_templates")
    migration.seed(apps, None)
    names = dict(EmailTemplate.objects.filter(company=company).values_list("name", "subject"))
    assert set(names) == {"Interview invitation", "Rejection", "Follow-up"}
    assert names["Rejection"] == "Our own"  # a company's own wording is kept


def test_an_unknown_merge_field_is_refused_when_saving(recruiter: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.template_create(user=recruiter, name="Oops", kind="custom", subject="Hi", body="Dear {candidat_name}")
    assert "{candidat_name}" in refused.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as refused:
        services.template_create(user=recruiter, name="No", kind="rejection", subject="At {interview_time}", body="x")
    assert "invitation" in refused.value.message_dict["subject"][0]
    assert not EmailTemplate.objects.filter(name__in=["Oops", "No"]).exists()


def test_a_hiring_manager_may_not_edit_templates(hiring_manager: Any, template: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.template_create(user=hiring_manager, name="Mine", kind="custom", subject="Hi", body="Hi")
    with pytest.raises(PermissionDenied):
        services.template_update(template=template, user=hiring_manager, subject="Changed")


# --- Sending -----------------------------------------------------------------------------


def test_merge_fields_are_filled_and_read_back_from_the_server(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, queues: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    [received] = smtp.messages
    assert received["To"] == "ada@example.org"
    assert received["Subject"] == "Data Engineer at Acme Recruiting"
    assert received["Reply-To"] == "bob@acme.test"
    assert "Acme Recruiting" in received["From"]
    assert received["Message-ID"] == f"<candidate-message-{message.pk}@127.0.0.1>"
    text = _body(received)
    assert (
        text.startswith("Dear Ada,")
        and "applying to Acme Recruiting" in text
        and text.rstrip().endswith("Bob Recruiter")
    )
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 1, "")
    assert message.sent_at is not None and message.sent_by == recruiter and message.template == template
    assert queues == [INTERACTIVE]


def test_many_candidates_wait_in_the_companys_bulk_queue(
    recruiter: Any,
    company: Any,
    job: Any,
    ada: Any,
    template: Any,
    smtp: Any,
    queues: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    grace = ResumeFactory(company=company, candidate_name="Grace Hopper", email="grace@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.email_candidates(user=recruiter, job=job, resumes=[ada, grace], template=template)
    assert sorted(m["To"] for m in smtp.messages) == ["ada@example.org", "grace@example.org"]
    assert {_body(m).splitlines()[0] for m in smtp.messages} == {"Dear Ada,", "Dear Grace,"}
    assert queues == [bulk_queue(company.pk)] * 2
    assert {m.status for m in CandidateMessage.objects.filter(pk__in=[m.pk for m in sent])} == {"sent"}


def test_the_html_part_escapes_the_candidates_data(
    recruiter: Any, company: Any, job: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resume = ResumeFactory(company=company, candidate_name="<b>Mallory</b> Evil", email="m@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.email_candidates(user=recruiter, job=job, resumes=[resume], template=template)
    html = _body(smtp.messages[0], "html")
    assert "<b>Mallory</b>" not in html and "&lt;b&gt;Mallory&lt;/b&gt;" in html


def test_nothing_is_sent_until_the_transaction_commits(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    assert len(callbacks) == 1 and smtp.messages == []


def test_a_candidate_without_an_address_is_recorded_not_sent(
    recruiter: Any, company: Any, job: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nobody = ResumeFactory(company=company, email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[nobody], template=template)
    assert callbacks == [] and smtp.messages == []
    assert message.status == MessageStatus.FAILED and "no email address" in message.error


def test_a_refused_then_accepted_message_is_sent_exactly_once(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    smtp.refuse = 1  # the first DATA answered 451, the retry accepted
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    assert smtp.refused == 1 and len(smtp.envelopes) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 2, "")
    # A second delivery of the task (a worker lost its acknowledgement) sends nothing again.
    assert tasks.send_candidate_message.delay(str(message.pk)).get() == "sent"
    assert len(smtp.envelopes) == 1
    message.refresh_from_db()
    assert message.attempts == 2


def test_a_server_that_hangs_times_out_and_the_retry_sends_once(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_TIMEOUT = 1
    smtp.refuse, smtp.stall = 1, 3.0  # the first DATA gets no answer within the timeout
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert smtp.refused == 1 and len(smtp.envelopes) == 1


def test_a_permanent_refusal_fails_without_retrying(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    smtp.refuse, smtp.refusal = 5, "550 5.1.1 No such mailbox"
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    message.refresh_from_db()
    assert smtp.refused == 1 and smtp.envelopes == []
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "No such mailbox" in message.error


def test_a_server_that_never_answers_fails_the_message_after_the_retries(
    recruiter: Any, job: Any, ada: Any, template: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == tasks.send_candidate_message.max_retries + 1
    assert "ConnectionRefusedError" in message.error


def test_a_one_off_message_fills_merge_fields_too(
    recruiter: Any, job: Any, ada: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = services.email_candidate(
            user=recruiter, resume=ada, job=job, subject="Quick question", body="Hi {candidate_first_name}, call me?"
        )
    assert message.kind == TemplateKind.CUSTOM and message.template is None
    assert _body(smtp.messages[0]).startswith("Hi Ada, call me?")


def test_a_field_that_cannot_be_filled_is_an_error_before_anything_is_written(
    recruiter: Any, company: Any, job: Any, ada: Any, smtp: Any
) -> None:
    invitation = EmailTemplate.objects.get(company=company, kind="invitation")
    with pytest.raises(ValidationError, match="interview_time"):
        services.email_candidates(user=recruiter, job=job, resumes=[ada], template=invitation)
    with pytest.raises(ValidationError, match="job_title"):
        services.email_candidate(user=recruiter, resume=ada, job=None, subject="{job_title}", body="x")
    with pytest.raises(ValueError, match="rejection_reason"):
        services.email_candidates(
            user=recruiter, job=job, resumes=[ada], template=invitation, extra_context={"rejection_reason": "x"}
        )
    assert CandidateMessage.objects.count() == 0


def test_a_hiring_manager_may_not_send(hiring_manager: Any, job: Any, ada: Any, template: Any, smtp: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.email_candidates(user=hiring_manager, job=job, resumes=[ada], template=template)
    with pytest.raises(PermissionDenied):
        services.email_candidate(user=hiring_manager, resume=ada, job=job, subject="Hi", body="Hi")
    assert CandidateMessage.objects.count() == 0


def test_another_companys_rows_are_refused(
    recruiter: Any, job: Any, ada: Any, template: Any, other_company: Any
) -> None:
    foreign_template = EmailTemplateFactory(company=other_company)
    foreign_resume = ResumeFactory(company=other_company)
    with pytest.raises(PermissionDenied):
        services.email_candidates(user=recruiter, job=job, resumes=[ada], template=foreign_template)
    with pytest.raises(PermissionDenied):
        services.email_candidates(user=recruiter, job=job, resumes=[ada, foreign_resume], template=template)
    with pytest.raises(PermissionDenied):
        services.email_candidates(
            user=recruiter, job=JobFactory(company=other_company), resumes=[ada], template=template
        )
    outsider = UserFactory(company=other_company, role="admin")
    with pytest.raises(PermissionDenied):
        services.email_candidate(user=outsider, resume=ada, job=None, subject="Hi", body="Hi")
    assert CandidateMessage.objects.count() == 0


def test_the_sweep_sends_what_lost_its_task_and_gives_up_after_a_day(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost both tasks
        [lost] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
        old = services.email_candidate(user=recruiter, resume=ada, job=job, subject="Old", body="Old news")
    now = timezone.now()
    CandidateMessage.objects.filter(pk=lost.pk).update(updated_at=now - timedelta(minutes=31))
    CandidateMessage.objects.filter(pk=old.pk).update(
        created_at=now - timedelta(days=2), updated_at=now - timedelta(days=2)
    )
    fresh = services.email_candidate(user=recruiter, resume=ada, job=job, subject="Fresh", body="Just queued")
    assert tasks.requeue_stale_messages.delay().get() == {"requeued": 1, "expired": 1}
    assert [m["Subject"] for m in smtp.messages] == ["Data Engineer at Acme Recruiting"]
    statuses = dict(CandidateMessage.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "sent", old.pk: "failed", fresh.pk: "queued"}
    assert CandidateMessage.objects.get(pk=old.pk).error == services.GAVE_UP


def test_background_work_sends_as_the_company(
    job: Any, ada: Any, template: Any, smtp: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from companies.roles import SYSTEM

    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.email_candidates(user=SYSTEM, job=job, resumes=[ada], template=template)
    [received] = smtp.messages
    assert received["Reply-To"] is None and _body(received).rstrip().endswith("Acme Recruiting")
    assert message.sent_by is None
    assert services.email_candidates(user=SYSTEM, job=job, resumes=[], template=template) == []


def test_the_task_reports_what_it_did(
    recruiter: Any, job: Any, ada: Any, template: Any, smtp: Any, caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="messaging.services")
    with django_capture_on_commit_callbacks(execute=False):
        [message] = services.email_candidates(user=recruiter, job=job, resumes=[ada], template=template)
    assert tasks.send_candidate_message.apply(args=[str(message.pk)]).get() == "sent"
    assert tasks.send_candidate_message.apply(args=[str(message.pk)]).get() == "sent"
    assert len(smtp.envelopes) == 1
    [record] = [r for r in caplog.records if r.name == "messaging.services"]
    assert record.getMessage() == "candidate email sent" and record.candidate_message == str(message.pk)
