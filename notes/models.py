from django.conf import settings
from django.db import models

from companies.models import TenantModel


class CandidateNote(TenantModel):
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="notes")
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resume", "-created_at"], name="note_resume_time")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def was_edited(self) -> bool:
        return bool(self.created_at and self.updated_at and (self.updated_at - self.created_at).total_seconds() > 1)
