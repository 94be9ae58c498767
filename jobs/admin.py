"""Jobs in the Django admin. Saves go through jobs.services, so an admin edit is
normalized, validated and re-matched exactly like a portal or API edit."""

from __future__ import annotations

from django.contrib import admin

from companies.admin import CompanyScopedAdmin
from companies.tenancy import company_of
from jobs.models import JobDescription, JobStatus


@admin.register(JobDescription)
class JobDescriptionAdmin(CompanyScopedAdmin):
    list_display = ["title", "status", "location", "employment_type", "embedding_status", "created_at"]
    list_filter = ["status", "employment_type", "embedding_status"]
    search_fields = ["title", "hiring_company", "location", "description"]
    date_hierarchy = "created_at"
    exclude = ["embedding"]
    readonly_fields = [
        "created_by",
        "closed_at",
        "embedding_status",
        "embedding_model",
        "embedded_hash",
        "embedded_at",
        "matching_error",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        from jobs import services  # lazily: the admin loads before every app is ready

        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            job = services.job_update(job=obj, user=request.user, **fields)
        else:
            company = obj.company if request.user.is_superuser else company_of(request.user)
            job = services.job_create(company=company, created_by=request.user, **fields)
        if "status" in form.cleaned_data and form.cleaned_data["status"] != job.status:
            if form.cleaned_data["status"] == JobStatus.CLOSED:
                job = services.job_close(job=job, user=request.user)
            else:
                job = services.job_reopen(job=job, user=request.user)
        # The admin goes on with `obj` (messages, log entry, redirect): give it the saved row.
        obj.__dict__.update({k: v for k, v in job.__dict__.items() if k != "_state"})
        obj._state.adding = False

    def delete_model(self, request, obj):
        from jobs import services

        services.job_delete(job=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        from jobs import services

        for job in queryset:
            services.job_delete(job=job, user=request.user)
