"""Matching data in the Django admin: scores, explanations and chunks are computed,
so they are read-only. A candidate's stage is changed on their candidacy (pipeline)."""

from __future__ import annotations

from django.contrib import admin

from companies.admin import CompanyScopedAdmin
from matching.models import EmbeddingCacheEntry, MatchResult, ResumeChunk


class ReadOnlyScopedAdmin(CompanyScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchResult)
class MatchResultAdmin(ReadOnlyScopedAdmin):
    list_display = ["resume", "job", "match_score", "skills_score", "similarity_score", "source", "scored_at"]
    list_filter = ["source", "meets_all_gates", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "resume__email", "job__title"]
    list_select_related = ["resume", "job"]
    ordering = ["-match_score"]
    fields = [
        "job",
        "resume",
        "source",
        "match_score",
        "similarity_score",
        "skills_score",
        "experience_score",
        "education_score",
        "confidence_score",
        "meets_all_gates",
        "gates",
        "matched_skills",
        "missing_skills",
        "additional_skills",
        "key_strengths",
        "explanation",
        "explanation_data",
        "skill_matches",
        "scored_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [str(name) for name in fields]


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
