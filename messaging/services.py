"""Every write of candidate email: templates, composing messages, sending them.

One way to send candidate mail: a CandidateMessage row is written in the
caller's transaction, and a task (messaging.tasks) sends it after the commit
through Django's email backend. The row is the history (the candidate's
timeline shows it) and the claim that makes sending safe to run twice: a
message already marked sent is never sent again.

Who may do what (companies.roles): `email_candidates` sends, administrators and
recruiters; `manage_email_templates` edits the company's templates.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from companies.models import Company
from companies.queues import INTERACTIVE, bulk_queue
from companies.roles import SYSTEM, person, require
from jobs.models import JobDescription
from messaging import merge
from messaging.defaults import DEFAULT_TEMPLATES
from messaging.models import CandidateMessage, EmailTemplate, MessageStatus, TemplateKind
from resumes.models import Resume

logger = logging.getLogger(__name__)

NO_ADDRESS = "The candidate has no email address: nothing was sent."
MAX_SUBJECT, MAX_BODY = 200, 20_000
# A queued message untouched this long lost its task (a broker outage): queue it again.
# Longer than the retry policy's 10-20 minutes, so a message still being retried is left alone
# (queuing it twice would be harmless anyway: the row lock sends it once).
STALE_AFTER = timedelta(minutes=30)
# A message that could not be sent for a day is not sent at all: its news may be old.
GIVE_UP_AFTER = timedelta(days=1)
GAVE_UP = "Not sent within a day (the mail server or the workers were unreachable); send it again if it still applies."


# --- Templates ---------------------------------------------------------------------------


def templates_seed(*, company: Company) -> list[EmailTemplate]:
    """The default templates (messaging/defaults.py) a company lacks, by name; safe to run twice."""
    existing = set(EmailTemplate.objects.filter(company=company).values_list("name", flat=True))
    return EmailTemplate.objects.bulk_create(
        [EmailTemplate(company=company, **fields) for fields in DEFAULT_TEMPLATES if fields["name"] not in existing]
    )


def _template_save(template: EmailTemplate) -> EmailTemplate:
    template.name = (template.name or "").strip()
    template.subject = " ".join((template.subject or "").split())
    template.full_clean()  # merge fields (EmailTemplate.clean) and the unique name
    template.save()
    return template


@transaction.atomic
def template_create(*, user: Any, name: str, kind: str, subject: str, body: str) -> EmailTemplate:
    require(user, "manage_email_templates")
    return _template_save(EmailTemplate(company=user.company, name=name, kind=kind, subject=subject, body=body))


@transaction.atomic
def template_update(*, template: EmailTemplate, user: Any, **fields: str) -> EmailTemplate:
    require(user, "manage_email_templates")
    _require_company(user, template.company_id)
    unknown = set(fields) - {"name", "kind", "subject", "body"}
    if unknown:
        raise ValidationError({"detail": [f"These cannot be changed: {', '.join(sorted(unknown))}."]})
    for name, value in fields.items():
        setattr(template, name, value)
    return _template_save(template)


@transaction.atomic
def template_delete(*, template: EmailTemplate, user: Any) -> None:
    require(user, "manage_email_templates")
    _require_company(user, template.company_id)
    template.delete()


# --- Composing ---------------------------------------------------------------------------


def _require_company(user: Any, company_id: Any) -> None:
    if getattr(user, "company_id", None) != company_id:
        raise PermissionDenied("Only members of the candidate's company can do this.")


def merge_values(
    *,
    resume: Resume,
    job: JobDescription | None,
    sender: Any,
    extra: dict[str, str] | None = None,
    company: Company | None = None,
) -> dict[str, str]:
    """The value of every merge field known for this candidate, job and sender (`company`: the resume's, if known)."""
    company = company or resume.company
    name = resume.candidate_name.strip() or "candidate"
    values = {
        "candidate_name": name,
        "candidate_first_name": merge.first_name(resume.candidate_name) or name,
        "company_name": company.name,
        "sender_name": (getattr(sender, "full_name", "") or getattr(sender, "email", "")) or company.name,
        "sender_email": getattr(sender, "email", "") or "",
    }
    if job is not None:
        values["job_title"] = job.title
    for key, value in (extra or {}).items():
        if key not in merge.FIELDS:
            # A caller's typo, not a user's: fail loudly.
            raise ValueError(f"Unknown merge field {key!r}; see messaging.merge.FIELDS")
        values[key] = str(value)
    return values


def message_preview(
    *,
    resume: Resume,
    job: JobDescription | None,
    sender: Any,
    subject: str,
    body: str,
    extra_context: dict[str, str] | None = None,
    company: Company | None = None,
) -> tuple[str, str]:
    """The subject and body as the candidate will read them; ValidationError for a field that cannot be filled."""
    values = merge_values(resume=resume, job=job, sender=sender, extra=extra_context, company=company)
    problems = {
        field: merge.check_fields(text)
        for field, text in (("subject", subject), ("body", body))
        if merge.check_fields(text)
    }
    if problems:
        raise ValidationError(problems)
    missing = merge.missing_fields(subject + "\n" + body, values)
    if missing:
        why = "without a job" if "job_title" in missing else "without an interview"
        raise ValidationError(
            f"{', '.join(f'{{{n}}}' for n in missing)} cannot be filled in an email sent {why}. "
            "Choose another template or remove the field."
        )
    return merge.render_subject(subject, values), merge.render(body, values).strip()


def _queue(messages: Sequence[CandidateMessage], *, company_id: Any) -> None:
    from messaging.tasks import send_candidate_message

    # A single email is someone waiting at the screen; many wait their company's turn.
    queue = INTERACTIVE if len(messages) <= 1 else bulk_queue(company_id)

    def publisher(message_id: str) -> Callable[[], None]:
        return lambda: send_candidate_message.apply_async(args=[message_id], queue=queue)

    for message in messages:
        if message.status == MessageStatus.QUEUED:
            transaction.on_commit(publisher(str(message.pk)))


def _compose(
    *,
    user: Any,
    job: JobDescription | None,
    resumes: Iterable[Resume],
    template: EmailTemplate | None,
    subject: str,
    body: str,
    kind: str,
    extra_context: dict[str, str] | None,
    attachments: Sequence[dict[str, str]] = (),
) -> list[CandidateMessage]:
    require(user, "email_candidates")
    resumes = list(resumes)
    if not resumes:
        return []
    company = resumes[0].company
    # One company's rows only, and (unless background work sends) the sender's own company.
    if user is not SYSTEM:
        _require_company(user, company.pk)
    if any(row is not None and row.company_id != company.pk for row in (job, template, *resumes)):
        raise PermissionDenied("Only one company's candidates, job and template go in one email.")
    if len(subject) > MAX_SUBJECT or not subject.strip():
        raise ValidationError({"subject": [f"Write a subject of at most {MAX_SUBJECT} characters."]})
    if len(body) > MAX_BODY or not body.strip():
        raise ValidationError({"body": [f"Write a message of at most {MAX_BODY:,} characters."]})
    messages = []
    for resume in resumes:
        rendered_subject, rendered_body = message_preview(
            resume=resume,
            job=job,
            sender=user,
            subject=subject,
            body=body,
            extra_context=extra_context,
            company=company,
        )
        address = (resume.email or "").strip()
        messages.append(
            CandidateMessage(
                company_id=resume.company_id,
                resume=resume,
                job=job,
                template=template,
                kind=kind,
                to=address,
                subject=rendered_subject,
                body=rendered_body,
                attachments=list(attachments),
                sent_by=person(user),
                # Recorded, so the timeline and the caller see why this one was not sent.
                status=MessageStatus.QUEUED if address else MessageStatus.FAILED,
                error="" if address else NO_ADDRESS,
            )
        )
    CandidateMessage.objects.bulk_create(messages)
    _queue(messages, company_id=company.pk)
    return messages


@transaction.atomic
def email_candidates(
    *,
    user: Any,
    job: JobDescription | None,
    resumes: Iterable[Resume],
    template: EmailTemplate,
    extra_context: dict[str, str] | None = None,
) -> list[CandidateMessage]:
    """Email `template` to each of `resumes` about `job`: one message per candidate, sent after the commit.

    Role-checked (`email_candidates`); the rows are written in the caller's
    transaction and the sending is queued on its commit (interactive for one
    candidate, the company's bulk queue for more). A candidate without an email
    address gets a message marked failed with the reason, never an error for all.
    `extra_context` fills further merge fields (messaging.merge.FIELDS), e.g. the interview's.
    Raises ValidationError when a field of the template cannot be filled.
    """
    return _compose(
        user=user,
        job=job,
        resumes=resumes,
        template=template,
        subject=template.subject,
        body=template.body,
        kind=template.kind,
        extra_context=extra_context,
    )


@transaction.atomic
def email_candidate(
    *, user: Any, resume: Resume, job: JobDescription | None, subject: str, body: str
) -> CandidateMessage:
    """A one-off message written for one candidate (merge fields allowed)."""
    [message] = _compose(
        user=user,
        job=job,
        resumes=[resume],
        template=None,
        subject=subject,
        body=body,
        kind=TemplateKind.CUSTOM,
        extra_context=None,
    )
    return message


@transaction.atomic
def email_invitation(
    *,
    user: Any,
    resume: Resume,
    job: JobDescription,
    template: EmailTemplate,
    interview_values: dict[str, str],
    calendar_file: tuple[str, str],
) -> CandidateMessage:
    """An interview invitation (interviews.services calls it): the template with the interview's fields and its .ics."""
    filename, content = calendar_file
    [message] = _compose(
        user=user,
        job=job,
        resumes=[resume],
        template=template,
        subject=template.subject,
        body=template.body,
        kind=TemplateKind.INVITATION,
        extra_context=interview_values,
        attachments=[{"filename": filename, "content_type": "text/calendar; method=PUBLISH", "content": content}],
    )
    return message


# --- Sending -----------------------------------------------------------------------------


def _permanent(error: Exception) -> bool:
    """A refusal that waiting will not change (5xx: no such mailbox, message rejected)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _email(message: CandidateMessage) -> EmailMultiAlternatives:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    host = urlsplit(settings.SITE_URL).hostname or "shortlist.local"
    sender = message.sent_by
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        # The company's name on the envelope's address; replies reach the person who wrote.
        from_email=formataddr((message.company.name, address or "no-reply@localhost")),
        to=[message.to],
        reply_to=[sender.email] if sender is not None and sender.email else None,
        # The same id on every attempt: a mail system that got it once can tell a repeat.
        headers={"Message-ID": f"<candidate-message-{message.pk}@{host}>"},
    )
    email.attach_alternative(merge.as_html(message.body), "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    return email


def message_send(*, message_id: str) -> str:
    """Send one queued message; returns its status. Safe to run twice and concurrently.

    The row is locked while the mail server takes the message, so a second
    delivery of the task waits and then finds it sent. A transient failure (the
    server unreachable, a 4xx answer) is recorded and raised again for the task's
    retry policy; a permanent refusal (5xx) marks the message failed.
    """
    failure: Exception | None = None
    with transaction.atomic():
        message = (
            CandidateMessage.objects.select_for_update(of=("self",))
            .select_related("company", "sent_by")
            .filter(pk=message_id)
            .first()
        )
        if message is None:  # the candidate was deleted meanwhile
            return "gone"
        if message.status != MessageStatus.QUEUED:
            return message.status
        message.attempts += 1
        try:
            _email(message).send(fail_silently=False)
        except OSError as error:  # smtplib's errors are OSErrors, like a refused connection
            message.error = f"{type(error).__name__}: {error}"[:1000]
            if _permanent(error):
                message.status = MessageStatus.FAILED
            else:
                failure = error
        else:
            message.status, message.sent_at, message.error = MessageStatus.SENT, timezone.now(), ""
        message.save(update_fields=["attempts", "status", "sent_at", "error", "updated_at"])
    if failure is not None:
        # Outside the transaction, so the attempt stays recorded.
        raise failure
    # ("message" is a LogRecord attribute of its own: another key.)
    logger.info(
        "candidate email %s", message.status, extra={"candidate_message": message_id, "attempts": message.attempts}
    )
    return message.status


def message_give_up(*, message_id: str, reason: str) -> None:
    """The retries are spent: the message is failed, with the last reason."""
    CandidateMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.FAILED, error=reason[:1000], updated_at=timezone.now()
    )


def messages_requeue_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Beat's sweep: queue again what lost its task, give up on what waited a day."""
    from messaging.tasks import send_candidate_message

    now = now or timezone.now()
    queued = CandidateMessage.objects.filter(status=MessageStatus.QUEUED)
    expired = queued.filter(created_at__lt=now - GIVE_UP_AFTER).update(
        status=MessageStatus.FAILED, error=GAVE_UP, updated_at=now
    )
    stale = list(queued.filter(updated_at__lt=now - STALE_AFTER).values_list("pk", "company_id")[:1000])
    for message_id, company_id in stale:
        # Touched, so the next sweep leaves it to this task for another STALE_AFTER.
        CandidateMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(updated_at=now)
        send_candidate_message.apply_async(args=[str(message_id)], queue=bulk_queue(company_id))
    return {"requeued": len(stale), "expired": expired}
