"""API keys for integrations and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from companies.models import Company, TenantModel
from companies.roles import READ_ACTIONS
from companies.tenancy import TenantQuerySet
from integrations.egress import validate_public_url

# The API's collections a key may be limited to: the first segment of its paths
# under /api/v1/. A new collection must be added here (the key matrix test says so).
API_RESOURCES = {
    "auth": "the signed-in principal and the team",
    "jobs": "jobs, their ranked candidates and analytics",
    "resumes": "candidates: files, matches, notes, exports",
    "matching": "semantic search",
    "interviews": "interviews, feedback and calendars",
    "notes": "notes",
    "shared-links": "shared candidate links",
    "email-templates": "candidate email templates",
    "analytics": "the company's analytics",
    "api-keys": "API keys (never usable with a key)",
}
# What a key may never do, whatever its scope: make more keys or use the admin.
_NEVER_WITH_A_KEY = frozenset({"manage_integrations", "admin_site"})


class Access(models.TextChoices):
    READ_ONLY = "read_only", "Read only"
    READ_WRITE = "read_write", "Read and write"


class ApiKey(TenantModel):
    """A credential for an integration. Only a hash is stored; the key is shown once."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.READ_ONLY)
    resources = ArrayField(
        models.CharField(max_length=30, choices=[(name, name) for name in API_RESOURCES]),
        default=list,
        blank=True,
        help_text="Only these API collections; empty means all of them.",
    )
    # The key acts for this administrator: never more than their role allows.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def permits(self, *, action: str, path: str | None = None) -> bool:
        """Whether this key's scope covers `action` (companies.roles) on the API `path`."""
        if action in _NEVER_WITH_A_KEY:
            return False
        if self.access == Access.READ_ONLY and action not in READ_ACTIONS:
            return False
        if path is not None and self.resources:
            return resource_of(path) in self.resources
        return True


def resource_of(path: str) -> str | None:
    """The API collection of a request path: `/api/v1/jobs/<id>/candidates` -> `jobs`."""
    prefix = "/api/v1/"
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :].split("/", 1)[0] or None


class AuditQuerySet(TenantQuerySet["AuditEntry"]):
    # Append-only: the ORM's bulk writes refuse; the database refuses too (migration 0002).
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only; old entries go by audit_purge().")


class AuditEntry(models.Model):
    """Who did what and when. Never changed; removed only by the retention purge."""

    id = models.BigAutoField(primary_key=True)
    # No foreign-key constraints: the log outlives the company, the person and the
    # row it names, until its own retention removes it.
    company = models.ForeignKey(
        Company, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True, help_text="Who, as they were named then")
    action = models.CharField(max_length=50, db_index=True)
    target_type = models.CharField(max_length=50, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "-created_at"])]
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class WebhookEvent(models.TextChoices):
    CANDIDATE_CREATED = "candidate.created", "Candidate created"
    STAGE_CHANGED = "candidate.stage_changed", "Stage changed"
    INTERVIEW_SCHEDULED = "interview.scheduled", "Interview scheduled"
    INTERVIEW_COMPLETED = "interview.completed", "Interview completed"
    APPLICATION_RECEIVED = "application.received", "Application received"
    CANDIDATE_ERASED = "candidate.erased", "Candidate erased"
    CANDIDATE_MERGED = "candidate.merged", "Candidates merged"


class WebhookEndpoint(TenantModel):
    """A company's receiver: the URL, the events it wants and the secret deliveries are signed with."""

    url = models.URLField(max_length=500, validators=[validate_public_url])
    events = ArrayField(models.CharField(max_length=40, choices=WebhookEvent.choices), default=list)
    secret = models.CharField(max_length=64, editable=False, help_text="Signs every delivery (HMAC-SHA256)")
    is_active = models.BooleanField(default=True)
    # Deliveries that ran out of attempts in a row; reset by any success.
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["url"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(TenantModel):
    """One event for one endpoint: its body (fixed once made, so a replay sends the same
    bytes with a fresh signature), and the last answer it got."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"
