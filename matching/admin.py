"""Matching data in the Django admin: scores, explanations, chunks and the status
history are computed, so they are read-only; a candidate's status can be changed,
through the same service as the portal and API (which records the history)."""

from __future__ import annotations

from django.contrib import admin

from companies.admin import CompanyScopedAdmin
from matching.models import EmbeddingCacheEntry, MatchResult, ResumeChunk, StatusChange


class ReadOnlyScopedAdmin(CompanyScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchResult)
class MatchResultAdmin(CompanyScopedAdmin):
    list_display = ["resume", "job", "match_score", "skills_score", "similarity_score", "status", "source", "scored_at"]
    list_filter = ["status", "source", "meets_all_gates", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "resume__email", "job__title"]
    list_select_related = ["resume", "job"]
    ordering = ["-match_score"]
    fields = [
        "job", "resume", "status", "source", "match_score", "similarity_score", "skills_score",
        "experience_score", "education_score", "confidence_score", "meets_all_gates", "gates",
        "matched_skills", "missing_skills", "additional_skills", "key_strengths", "explanation",
        "explanation_data", "skill_matches", "status_updated_at", "status_updated_by", "scored_at",
        "created_at", "updated_at",
    ]
    # Everything but the status is computed by matching.
    readonly_fields = [name for name in fields if name != "status"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        from matching.services import candidate_set_status  # records the StatusChange

        candidate_set_status(match=obj, status=form.cleaned_data["status"], user=request.user)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyScopedAdmin):
    list_display = ["match", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["match__resume__candidate_name", "match__job__title"]
    list_select_related = ["match__resume", "match__job", "changed_by"]


@admin.register(ResumeChunk)
class ResumeChunkAdmin(ReadOnlyScopedAdmin):
    list_display = ["resume", "ordinal", "section", "embedding_model"]
    list_filter = ["section", "embedding_model"]
    search_fields = ["resume__candidate_name", "text"]
    exclude = ["embedding"]
    list_select_related = ["resume"]


@admin.register(EmbeddingCacheEntry)
class EmbeddingCacheEntryAdmin(admin.ModelAdmin):
    """Shared by every company (a text's vector is the same for all), so it has no
    company and is not CompanyScopedAdmin: superusers only, read-only."""

    list_display = ["key", "model_name", "created_at"]
    list_filter = ["model_name"]
    search_fields = ["key"]
    exclude = ["vector"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
