from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from companies.admin import CompanyScopedAdmin
from interviews import services
from interviews.models import Competency, Interview, InterviewFeedback, InterviewStatus, ScorecardRating


class InterviewFeedbackInline(admin.TabularInline):
    model = InterviewFeedback
    extra = 0
    fields = ["interviewer", "recommendation", "comments", "rating"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class InterviewAdminForm(forms.ModelForm):
    # Meeting links are typed without a scheme more often than not; assume https.
    meeting_link = forms.URLField(assume_scheme="https", required=False, max_length=500)

    class Meta:
        model = Interview
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resume") and cleaned.get("job"):
            services.interview_check_schedulable(resume=cleaned["resume"], job=cleaned["job"])
        return cleaned


@admin.register(Interview)
class InterviewAdmin(CompanyScopedAdmin):
    form = InterviewAdminForm
    list_display = ["__str__", "resume", "job", "status", "duration_minutes", "scheduled_at"]
    list_filter = ["status", "interview_type", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "job__title", "location"]
    date_hierarchy = "scheduled_at"
    autocomplete_fields = ["resume", "job"]
    filter_horizontal = ["interviewers"]
    # Status changes go through the service (only valid transitions), via the actions.
    readonly_fields = ["status", "rescheduled_to", "created_by", "sequence", "created_at", "updated_at"]
    list_select_related = ["resume", "job"]
    inlines = [InterviewFeedbackInline]
    actions = ["mark_completed", "mark_cancelled"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if change:
            # Calendar clients apply an update only when SEQUENCE grows.
            obj.sequence += 1
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        changed = 0
        for interview in queryset:
            try:
                services.interview_set_status(interview=interview, user=request.user, status=status)
                changed += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"{interview}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if changed:
            self.message_user(
                request, f"{changed} interview(s) now {InterviewStatus(status).label.lower()}.", messages.SUCCESS
            )

    @admin.action(description="Mark the selected interviews completed")
    def mark_completed(self, request, queryset):
        self._set_status(request, queryset, InterviewStatus.COMPLETED)

    @admin.action(description="Cancel the selected interviews")
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, InterviewStatus.CANCELLED)


class ScorecardRatingInline(admin.TabularInline):
    model = ScorecardRating
    extra = 0
    fields = ["competency", "rating"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InterviewFeedback)
class InterviewFeedbackAdmin(CompanyScopedAdmin):
    """Scorecards, read-only: they are submitted by interviewers (portal or API), once."""

    list_display = ["interview", "job", "interviewer", "recommendation", "created_at"]
    list_filter = ["recommendation", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "job__title", "interviewer__full_name", "comments"]
    list_select_related = ["interview", "job", "interviewer"]
    fields = [
        "interview",
        "job",
        "resume",
        "interviewer",
        "recommendation",
        "comments",
        "rating",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [ScorecardRatingInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Competency)
class CompetencyAdmin(CompanyScopedAdmin):
    """A job's competencies. Removing one archives it (past scorecards keep it), so
    there is no delete; the portal's list editor is the quicker way to change many."""

    list_display = ["name", "job", "position", "archived_at"]
    list_filter = [("job", admin.RelatedOnlyFieldListFilter), ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "job__title"]
    list_select_related = ["job"]
    autocomplete_fields = ["job"]
    fields = ["job", "name", "position", "archived_at"]
    actions = ["archive", "restore"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # A competency that is rated stays on the job it was rated for.
        return ["job"] if obj is not None else []

    @admin.action(description="Archive the selected competencies (past scorecards keep them)")
    def archive(self, request, queryset):
        changed = queryset.filter(archived_at__isnull=True).update(
            archived_at=timezone.now(), updated_at=timezone.now()
        )
        self.message_user(request, f"{changed} competenc{'y' if changed == 1 else 'ies'} archived.", messages.SUCCESS)

    @admin.action(description="Restore the selected competencies")
    def restore(self, request, queryset):
        changed = queryset.filter(archived_at__isnull=False).update(archived_at=None, updated_at=timezone.now())
        self.message_user(request, f"{changed} competenc{'y' if changed == 1 else 'ies'} restored.", messages.SUCCESS)


@admin.register(ScorecardRating)
class ScorecardRatingAdmin(CompanyScopedAdmin):
    """Scorecard lines, read-only (submitted with their scorecard): for filtering by competency."""

    list_display = ["competency", "rating", "feedback"]
    list_filter = ["rating", ("competency__job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["competency__name", "feedback__resume__candidate_name"]
    list_select_related = ["competency", "feedback__interviewer"]
    fields = ["feedback", "competency", "rating", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
