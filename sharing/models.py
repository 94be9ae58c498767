from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models import TenantModel


class SharedLink(TenantModel):
    """A public, expiring link to one candidate. Only the token's SHA-256 is stored."""

    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="shared_links")
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
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

    def __str__(self) -> str:
        return f"Link to {self.resume}" + (f" for {self.job}" if self.job_id else "")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"


class ViewKind(models.TextChoices):
    PAGE = "page", "Public page"
    API = "api", "API"
    DOWNLOAD = "download", "File download"


class SharedLinkView(TenantModel):
    """One opening of a shared link, for the candidate's timeline. Nothing about the
    visitor is kept: a shared link goes to people without an account, and their
    address or browser is none of our business."""

    link = models.ForeignKey(SharedLink, on_delete=models.CASCADE, related_name="views")
    kind = models.CharField(max_length=10, choices=ViewKind.choices, default=ViewKind.PAGE)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["link", "-created_at"], name="link_view_time")]
