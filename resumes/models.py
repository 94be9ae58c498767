import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from pgvector.django import HnswIndex, VectorField

from companies.models import TenantModel
from jobs.models import EducationLevel
from jobs.vectors import EMBEDDING_DIMENSIONS


class ResumeStatus(models.TextChoices):
    PENDING = "pending", "Queued"
    PROCESSING = "processing", "Processing"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    TXT = "txt", "Plain text"


def resume_upload_path(instance: "Resume", filename: str) -> str:
    # Never the uploaded name as a path: a generated name under the company's folder.
    return f"resumes/{instance.company_id}/{uuid.uuid4().hex}.{instance.file_kind or 'bin'}"


class Resume(TenantModel):
    # The uploaded document, stored under a generated name; its own name is data.
    original_filename = models.CharField(max_length=255)
    file = models.FileField(upload_to=resume_upload_path, max_length=255)
    file_kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    file_size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The job the resume was uploaded for, if any: it is matched to it once processed.
    job = models.ForeignKey("jobs.JobDescription", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Jobs the same file was uploaded for again before it was processed: matched with `job`.
    also_for_job_ids = ArrayField(models.UUIDField(), default=list, blank=True)
    # The bulk upload (several files or a ZIP) this resume came in, for its progress panel.
    upload_batch = models.UUIDField(null=True, blank=True, db_index=True)

    status = models.CharField(max_length=20, choices=ResumeStatus.choices, default=ResumeStatus.PENDING)
    error = models.TextField(blank=True)
    # The failure is in the file itself (password-protected, damaged, empty): a retry
    # would read the same bytes, so only a new upload helps.
    failure_permanent = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    # When its ingest task was last queued (upload, retry, sweep): the sweep queues
    # a pending resume again only once this is SHORTLIST_STUCK_AFTER old.
    queued_at = models.DateTimeField(default=timezone.now)
    # The processing claim: the task that holds it (its retries continue it) and
    # the lease it renews while it runs (a lapsed lease means its worker died).
    claimed_by = models.CharField(max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    # What extraction and parsing found.
    content = models.TextField(blank=True)
    extraction_method = models.CharField(max_length=20, blank=True)
    text_quality = models.FloatField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    candidate_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    links = models.JSONField(default=dict, blank=True)
    location = models.CharField(max_length=200, blank=True)
    # The latest role as the resume names it ("Senior Data Analyst"): tells list rows apart.
    current_title = models.CharField(max_length=100, blank=True)
    sections = models.JSONField(default=dict, blank=True)
    years_experience = models.FloatField(null=True, blank=True)
    education_level = models.CharField(
        max_length=20, choices=EducationLevel.choices, default=EducationLevel.NONE, blank=True
    )
    # [{name, category, start, end, line, count}], and the names alone for filters.
    extracted_skills = models.JSONField(default=list, blank=True)
    skill_names = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    # Another resume of the same company with the same email: a possible duplicate candidate.
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when this candidate was merged into another (merging/services.py): the row
    # stays, with its file, as an archived record of the kept candidate, hidden
    # from lists and searches. Deleting the kept candidate deletes it too.
    merged_into = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="merged_records"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    embedding_model = models.CharField(max_length=100, blank=True)
    embedded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["company", "sha256"], name="resume_unique_file"),
        ]
        indexes = [
            models.Index(fields=["company", "-created_at"], name="resume_company_uploaded"),
            models.Index(fields=["company", "status"], name="resume_company_status"),
            models.Index(fields=["company", "email"], name="resume_company_email"),
            models.Index(fields=["status", "updated_at"], name="resume_status_updated"),
            GinIndex(fields=["skill_names"], name="resume_skill_names"),
            HnswIndex(
                name="resume_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.candidate_name or self.original_filename

    @property
    def display_name(self) -> str:
        return self.candidate_name or self.original_filename

    @property
    def retryable(self) -> bool:
        """A failure that processing again could cure (not one in the file itself)."""
        return self.status == ResumeStatus.FAILED and not self.failure_permanent

    # The order a reader expects, whatever order the resume used; others follow.
    SECTION_ORDER = ("summary", "experience", "education", "skills", "projects", "certifications", "languages")

    @property
    def ordered_sections(self) -> list[tuple[str, str]]:
        """Sections in reading order, without the contact block (shown in the header)."""
        sections = {name: text for name, text in (self.sections or {}).items() if name != "contact"}
        known = [(name, sections.pop(name)) for name in self.SECTION_ORDER if name in sections]
        return known + list(sections.items())
