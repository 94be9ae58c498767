"""The hiring pipeline: a company's stages and each candidate's progress in one job.

A MatchResult says how well a resume fits a job (scoring only); a Candidacy says
where the candidate stands in that job's hiring process, and its StageChanges say
who moved them when, so the time spent in every stage can be measured.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from companies.models import TenantModel


class StageKind(models.TextChoices):
    """What a stage means to Shortlist, whatever the company calls it.

    The kind, never the name, decides how a stage reads in the API's statuses
    (pipeline/status.py), what counts as a decision and what analytics count as hired.
    """

    APPLIED = "applied", "New (where candidates arrive)"
    SCREEN = "screen", "Screening"
    ACTIVE = "active", "In process"
    HIRED = "hired", "Outcome: hired"
    REJECTED = "rejected", "Outcome: rejected"
    WITHDRAWN = "withdrawn", "Outcome: withdrawn"


OUTCOME_KINDS = (StageKind.HIRED, StageKind.REJECTED, StageKind.WITHDRAWN)

# The pipeline every new company starts with (and the data migration gave existing ones).
DEFAULT_STAGES = (
    ("Applied", StageKind.APPLIED),
    ("Screen", StageKind.SCREEN),
    ("Interview", StageKind.ACTIVE),
    ("Offer", StageKind.ACTIVE),
    ("Hired", StageKind.HIRED),
    ("Rejected", StageKind.REJECTED),
    ("Withdrawn", StageKind.WITHDRAWN),
)


class Stage(TenantModel):
    """One step of a pipeline: the company's (job empty) or one job's own, which then replaces it."""

    job = models.ForeignKey(
        "jobs.JobDescription",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stages",
        help_text="Empty: a stage of the company's pipeline. Set: the job uses its own stages instead.",
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=StageKind.choices, default=StageKind.ACTIVE)
    position = models.PositiveIntegerField(default=0, help_text="Stages are shown in this order.")

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["company", "job", "name"], name="stage_unique_name", nulls_distinct=False),
        ]
        indexes = [models.Index(fields=["company", "job", "position"], name="stage_pipeline_order")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_outcome(self) -> bool:
        return self.kind in OUTCOME_KINDS


class CandidacySource(models.TextChoices):
    UPLOAD = "upload", "Uploaded for the job"
    APPLICATION = "application", "Applied on the careers page"
    TALENT_POOL = "talent_pool", "Added from the talent pool"
    API = "api", "Added through the API"


class Candidacy(TenantModel):
    """A candidate's progress in one job."""

    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="candidacies")
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="candidacies")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="candidacies")
    rejection_reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=20, choices=CandidacySource.choices, default=CandidacySource.UPLOAD)
    stage_entered_at = models.DateTimeField(default=timezone.now)
    stage_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "candidacies"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "resume"], name="candidacy_unique_job_resume"),
        ]
        indexes = [
            models.Index(fields=["job", "stage"], name="candidacy_job_stage"),
            models.Index(fields=["resume"], name="candidacy_resume"),
        ]

    def __str__(self) -> str:
        return f"{self.resume} for {self.job}: {self.stage}"


class StageChange(TenantModel):
    """A candidate entering a stage: who moved them (empty: Shortlist itself), when, and why.

    The first row of a candidacy has no from_stage (the candidate arrived); the time
    spent in a stage is the gap to the next row.
    """

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["candidacy", "at"], name="stagechange_candidacy_at")]

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"
