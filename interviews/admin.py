from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from companies.admin import CompanyScopedAdmin
from interviews import services
from interviews.models import Interview, InterviewFeedback, InterviewStatus


class InterviewFeedbackInline(admin.TabularInline):
    model = InterviewFeedback
    extra = 0
    fields = ["interviewer", "rating", "recommendation", "comments"]
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
                self.message_user(request, f"{interview}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR)
        if changed:
            self.message_user(request, f"{changed} interview(s) now {InterviewStatus(status).label.lower()}.", messages.SUCCESS)

    @admin.action(description="Mark the selected interviews completed")
    def mark_completed(self, request, queryset):
        self._set_status(request, queryset, InterviewStatus.COMPLETED)

    @admin.action(description="Cancel the selected interviews")
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, InterviewStatus.CANCELLED)


@admin.register(InterviewFeedback)
class InterviewFeedbackAdmin(CompanyScopedAdmin):
    list_display = ["interview", "interviewer", "rating", "recommendation", "created_at"]
    list_filter = ["recommendation", "rating"]
    search_fields = ["interview__resume__candidate_name", "interviewer__full_name", "comments"]
    list_select_related = ["interview", "interviewer"]
    readonly_fields = ["created_at", "updated_at"]
