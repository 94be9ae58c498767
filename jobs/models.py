from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from pgvector.django import HnswIndex, VectorField

from companies.models import TenantModel
from jobs.vectors import EMBEDDING_DIMENSIONS


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"


class Workplace(models.TextChoices):
    ON_SITE = "on_site", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class JobStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EducationLevel(models.TextChoices):
    NONE = "", "Not required"
    HIGH_SCHOOL = "high_school", "High school"
    ASSOCIATE = "associate", "Associate degree"
    BACHELORS = "bachelors", "Bachelor's degree"
    MASTERS = "masters", "Master's degree"
    PHD = "phd", "Doctorate"


class EmbeddingStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


def skill_list_field(help_text: str = ""):
    return ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text=help_text)


class JobDescription(TenantModel):
    title = models.CharField(max_length=200)
    # The hiring company's name as shown to candidates (an agency may recruit for clients).
    hiring_company = models.CharField(max_length=200, blank=True)
    description = models.TextField()
    requirements = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    salary_range = models.CharField(max_length=100, blank=True)
    # Shown and filtered on the public careers page.
    department = models.CharField(max_length=100, blank=True)
    workplace = models.CharField(max_length=10, choices=Workplace.choices, default=Workplace.ON_SITE)
    # The last day applications are taken (schema.org validThrough); blank means open-ended.
    valid_through = models.DateField(null=True, blank=True)
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME)
    skills_required = skill_list_field()
    skills_nice_to_have = skill_list_field()
    must_have_skills = skill_list_field("Required skills a candidate must show (gates).")
    min_years_experience = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    education_level = models.CharField(
        max_length=20, choices=EducationLevel.choices, default=EducationLevel.NONE, blank=True
    )
    similarity_weight = models.FloatField(default=0.6, validators=[MinValueValidator(0), MaxValueValidator(1)])
    skills_weight = models.FloatField(default=0.4, validators=[MinValueValidator(0), MaxValueValidator(1)])
    # What a recruiter looks for beyond skills, in their own words:
    # [{"text": "led a team of five or more", "kind": "must" | "nice", "weight": 1-5}].
    # Part of the job's content (its hash, its re-matching), written through jobs.services.
    criteria = models.JSONField(default=list, blank=True)
    learn_from_decisions = models.BooleanField(
        default=True,
        help_text="Re-rank the candidates not yet decided from the ones you shortlisted or rejected.",
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    embedding_model = models.CharField(max_length=100, blank=True)
    embedding_status = models.CharField(max_length=20, choices=EmbeddingStatus.choices, default=EmbeddingStatus.PENDING)
    # Hash of the text and skills that were last embedded and matched.
    embedded_hash = models.CharField(max_length=64, blank=True)
    embedded_at = models.DateTimeField(null=True, blank=True)
    matching_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["company", "status", "-created_at"], name="job_company_status"),
            GinIndex(fields=["skills_required"], name="job_skills_required"),
            HnswIndex(
                name="job_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == JobStatus.OPEN

    def matching_text(self) -> str:
        """The text that describes the job for embedding: title, description, requirements."""
        return "\n\n".join(part for part in (self.title, self.description, self.requirements) if part)
