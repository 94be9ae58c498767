"""Resumes in the Django admin: review, correct contact details, retry, delete.

Uploads happen in the portal or API (validation, storage, the ingest pipeline), so
there is no "add" here; extracted and computed data is read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from companies.admin import CompanyScopedAdmin
from resumes.models import Resume


@admin.register(Resume)
class ResumeAdmin(CompanyScopedAdmin):
    list_display = ["display_name", "email", "status", "file_kind", "original_filename", "created_at"]
    list_filter = ["status", "file_kind", "education_level"]
    search_fields = ["candidate_name", "email", "original_filename", "phone"]
    date_hierarchy = "created_at"
    exclude = ["embedding"]
    readonly_fields = [
        "original_filename",
        "file",
        "file_kind",
        "file_size",
        "sha256",
        "uploaded_by",
        "job",
        "status",
        "error",
        "attempts",
        "processing_started_at",
        "processed_at",
        "failed_at",
        "content",
        "extraction_method",
        "text_quality",
        "page_count",
        "sections",
        "years_experience",
        "extracted_skills",
        "skill_names",
        "duplicate_of",
        "embedding_model",
        "embedded_at",
        "created_at",
        "updated_at",
    ]
    actions = ["retry"]

    @admin.display(description="Candidate", ordering="candidate_name")
    def display_name(self, obj: Resume) -> str:
        return obj.display_name

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry processing of the selected resumes")
    def retry(self, request, queryset):
        from resumes import services

        permanent = 0
        for resume in queryset:
            try:
                services.resume_retry(resume=resume, user=request.user)
            except ValidationError:
                permanent += 1
        self.message_user(request, "Failed or stuck resumes were queued again.", messages.SUCCESS)
        if permanent:
            self.message_user(
                request, f"{permanent} failed for good (the file itself): upload a corrected file.", messages.WARNING
            )

    def delete_model(self, request, obj):
        from resumes import services

        services.resume_delete(resume=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        from resumes import services

        for resume in queryset:
            services.resume_delete(resume=resume, user=request.user)
