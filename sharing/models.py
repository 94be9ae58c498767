from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models import TenantModel


class SharedLink(TenantModel):
    """A public, expiring link to one candidate. Only the token's SHA-256 is stored."""

    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="shared_links")
    job = models.ForeignKey(
        "jobs.JobDescription", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    show_contact = models.BooleanField(default=False)
    allow_download = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resume", "-created_at"], name="link_resume_time")]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
