from django.contrib.postgres.fields import ArrayField
from django.db import models
from pgvector.django import HnswIndex, VectorField

from companies.models import TenantModel
from jobs.vectors import EMBEDDING_DIMENSIONS


class MatchSource(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded for this job"
    SUGGESTED = "suggested", "Suggested from the talent pool"
    ADDED = "added", "Added by a recruiter"


class MatchResult(TenantModel):
    """A resume scored against a job. Scores are stored on a 0–100 scale.

    Scoring only: where the candidate stands in the job's hiring process is their
    pipeline.Candidacy, so rematching never touches a recruiter's decision."""

    job = models.ForeignKey("jobs.JobDescription", on_delete=models.CASCADE, related_name="matches")
    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="matches")
    source = models.CharField(max_length=20, choices=MatchSource.choices, default=MatchSource.UPLOADED)

    match_score = models.FloatField(default=0)
    similarity_score = models.FloatField(default=0)
    skills_score = models.FloatField(default=0)
    experience_score = models.FloatField(null=True, blank=True)
    education_score = models.FloatField(null=True, blank=True)
    confidence_score = models.FloatField(default=0)

    explanation = models.TextField(blank=True)
    # The structured explanation the portal and API render: parts, evidence lines, gates.
    explanation_data = models.JSONField(default=dict, blank=True)
    key_strengths = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    matched_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    missing_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    additional_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    skill_matches = models.JSONField(default=list, blank=True)
    gates = models.JSONField(default=list, blank=True)
    meets_all_gates = models.BooleanField(default=True)

    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-match_score"]
        constraints = [
            models.UniqueConstraint(fields=["job", "resume"], name="match_unique_job_resume"),
        ]
        indexes = [
            models.Index(fields=["job", "-match_score"], name="match_job_score"),
            models.Index(fields=["resume"], name="match_resume"),
            # Counts a job's applicants (its ranked list's `count`) from the index
            # alone, without reading the wide rows: 10,000 rows in ~0.7 ms, not ~2.3.
            models.Index(
                fields=["job", "company"], condition=~models.Q(source="suggested"), name="match_job_applicants"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resume} for {self.job}: {self.match_score:.0f}"

    @property
    def status(self) -> str:
        """The API's status of the candidate, read from their candidacy's stage
        (selectors.with_candidacy annotates it on lists; otherwise one query).
        pipeline/status.py maps one onto the other."""
        from pipeline.status import status_of

        if not hasattr(self, "stage_kind"):
            candidacies = self.resume.candidacies.filter(job_id=self.job_id)  # type: ignore[attr-defined]
            return status_of(candidacies.values_list("stage__kind", flat=True).first())
        return status_of(self.stage_kind)

    @property
    def status_choices(self):
        from pipeline.status import CandidateStatus

        return CandidateStatus.choices

    def get_status_display(self) -> str:
        from pipeline.status import CandidateStatus

        return CandidateStatus(self.status).label


class ResumeChunk(TenantModel):
    """One embedded piece of a resume (a section or a window of it)."""

    resume = models.ForeignKey("resumes.Resume", on_delete=models.CASCADE, related_name="chunks")
    ordinal = models.PositiveIntegerField()
    section = models.CharField(max_length=50, blank=True)
    text = models.TextField()
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS)
    embedding_model = models.CharField(max_length=100)

    class Meta:
        ordering = ["resume", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["resume", "ordinal"], name="chunk_unique_ordinal"),
        ]
        indexes = [
            models.Index(fields=["company"], name="chunk_company"),
            HnswIndex(
                name="chunk_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]


class EmbeddingCacheEntry(models.Model):
    """A text encoded once: keyed by sha256 of the model name and the exact text."""

    key = models.CharField(max_length=64, primary_key=True)
    model_name = models.CharField(max_length=100)
    vector = VectorField(dimensions=EMBEDDING_DIMENSIONS)
    created_at = models.DateTimeField(auto_now_add=True)
