from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from companies.models import TenantModel
from messaging import merge


class TemplateKind(models.TextChoices):
    INVITATION = "invitation", "Interview invitation"
    REJECTION = "rejection", "Rejection"
    CUSTOM = "custom", "Custom"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class EmailTemplate(TenantModel):
    """A company's wording for an email to candidates, with merge fields (messaging/merge.py)."""

    kind = models.CharField(max_length=20, choices=TemplateKind.choices, default=TemplateKind.CUSTOM)
    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=200, help_text="Merge fields such as {job_title} are filled in when sent.")
    body = models.TextField(
        help_text="Plain text. Merge fields such as {candidate_first_name} are filled in when sent."
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="email_template_name_per_company")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The admin's form, the portal's form and the services all come through here.
        allow_interview = self.kind == TemplateKind.INVITATION
        errors = {
            field: problems
            for field in ("subject", "body")
            if (problems := merge.check_fields(getattr(self, field), allow_interview=allow_interview))
        }
        if errors:
            raise ValidationError(errors)


class CandidateMessage(TenantModel):
    """One email to one candidate, from the moment it is written until the mail server took it."""

    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="messages")
    # The history stays when a job or template is deleted: what was sent is in the row itself.
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    template = models.ForeignKey(
        EmailTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=TemplateKind.choices, default=TemplateKind.CUSTOM)
    to = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # Files sent with the message (an interview's .ics): [{filename, content_type, content}], text only.
    attachments = models.JSONField(default=list, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["resume", "-created_at"], name="message_resume_time"),
            models.Index(fields=["status", "created_at"], name="message_status_time"),
        ]

    def __str__(self) -> str:
        return self.subject
