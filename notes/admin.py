from __future__ import annotations

from django.contrib import admin

from companies.admin import CompanyScopedAdmin
from notes.models import CandidateNote


@admin.register(CandidateNote)
class CandidateNoteAdmin(CompanyScopedAdmin):
    list_display = ["short_body", "resume", "job", "author", "created_at"]
    list_filter = [("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["body", "resume__candidate_name", "author__full_name"]
    autocomplete_fields = ["resume", "job"]
    readonly_fields = ["author", "created_at", "updated_at"]
    list_select_related = ["resume", "job", "author"]

    @admin.display(description="Note")
    def short_body(self, obj: CandidateNote) -> str:
        return str(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
