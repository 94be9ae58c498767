"""The pipeline in the Django admin, scoped to the administrator's company.

Stages are the company's to edit: rename, reorder (position), add, and give a job
stages of its own. A stage someone is or was in cannot be deleted (its history would
go) nor change its kind (what it means would change under its candidates): the admin
says so instead. Candidacies change stage through the same service as
the portal and the API, which records the history; the history itself is read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from companies.admin import CompanyScopedAdmin
from pipeline import services
from pipeline.models import Candidacy, Stage, StageChange


class StageForm(forms.ModelForm):  # type: ignore[type-arg]
    def clean_kind(self) -> str:
        # The reason by the field, before anything is saved (stage_save checks it again).
        kind: str = self.cleaned_data["kind"]
        refusal = services.stage_kind_change_refusal(self.instance, kind)
        if refusal:
            raise ValidationError(refusal)
        return kind

    def clean_job(self) -> Any:
        job = self.cleaned_data.get("job")
        refusal = services.stage_job_change_refusal(self.instance, job.pk if job is not None else None)
        if refusal:
            raise ValidationError(refusal)
        return job


@admin.register(Stage)
class StageAdmin(CompanyScopedAdmin):
    form = StageForm
    list_display = ["name", "kind", "position", "job"]
    list_editable = ["position"]
    list_filter = ["kind", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "job__title"]
    list_select_related = ["job"]
    ordering = ["job", "position"]
    fields = ["name", "kind", "position", "job"]

    def save_model(self, request: Any, obj: Any, form: Any, change: Any) -> None:
        self.scope_to_company(request, obj)
        services.stage_save(user=request.user, stage=obj)

    def delete_view(self, request: Any, object_id: str, extra_context: Any = None) -> Any:
        self._require_visible(request, object_id)
        stage = self.get_object(request, object_id)
        refusal = services.stage_delete_refusal(stage) if stage is not None else ""
        if stage is not None and refusal:
            # Refused before the confirmation page, with the reason (Django's own page
            # would only list "protected related objects").
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:pipeline_stage_change", args=[stage.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request: Any) -> Any:
        # Django's bulk delete would stop at "protected related objects": ours deletes
        # the stages nobody is or was in and says why it kept each of the others.
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (  # type: ignore[assignment]
                StageAdmin.delete_unused,
                "delete_selected",
                "Delete selected stages (those not in use)",
            )
        return actions

    def delete_unused(self, request: Any, queryset: Any) -> None:
        deleted = 0
        for stage in queryset:
            try:
                services.stage_delete(user=request.user, stage=stage)
                deleted += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if deleted:
            self.message_user(request, f"{deleted} stage{'s' if deleted != 1 else ''} deleted.", messages.SUCCESS)

    def delete_model(self, request: Any, obj: Any) -> None:
        services.stage_delete(user=request.user, stage=obj)


class StageChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StageChange
    fk_name = "candidacy"
    fields = ["at", "from_stage", "to_stage", "by", "reason"]
    readonly_fields = ["at", "from_stage", "to_stage", "by", "reason"]
    extra = 0
    can_delete = False
    ordering = ["at"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Candidacy)
class CandidacyAdmin(CompanyScopedAdmin):
    list_display = ["resume", "job", "stage", "source", "stage_entered_at"]
    list_filter = ["source", "stage__kind", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "resume__email", "job__title"]
    list_select_related = ["resume", "job", "stage"]
    fields = ["job", "resume", "stage", "rejection_reason", "source", "stage_entered_at", "stage_changed_by"]
    readonly_fields = ["job", "resume", "source", "stage_entered_at", "stage_changed_by"]
    inlines = [StageChangeInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "stage" and field is not None:
            candidacy = (
                self.get_object(request, request.resolver_match.kwargs.get("object_id"))
                if request.resolver_match
                else None
            )
            if candidacy is not None:
                from pipeline.selectors import pipeline_stages

                field.queryset = Stage.objects.filter(pk__in=[s.pk for s in pipeline_stages(job=candidacy.job)])
        return field

    def save_model(self, request: Any, obj: Any, form: Any, change: Any) -> None:
        # Through the service: role-checked, the history recorded, the ranking re-learnt.
        stage = form.cleaned_data["stage"]
        reason = form.cleaned_data.get("rejection_reason", "")
        services.candidacy_move(user=request.user, candidacy=obj, stage=stage, reason=reason)


@admin.register(StageChange)
class StageChangeAdmin(CompanyScopedAdmin):
    list_display = ["candidacy", "from_stage", "to_stage", "by", "at", "reason"]
    list_filter = ["to_stage__kind"]
    search_fields = ["candidacy__resume__candidate_name", "candidacy__job__title"]
    list_select_related = ["candidacy__resume", "candidacy__job", "from_stage", "to_stage", "by"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
