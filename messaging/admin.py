from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from companies.admin import CompanyScopedAdmin
from companies.tenancy import company_of
from messaging import merge
from messaging.models import CandidateMessage, EmailTemplate


@admin.register(EmailTemplate)
class EmailTemplateAdmin(CompanyScopedAdmin):
    list_display = ["name", "kind", "subject", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "subject", "body"]
    readonly_fields = ["created_at", "updated_at"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        fields = ", ".join(f"{{{name}}}" for name in merge.FIELDS)
        form.base_fields["body"].help_text = f"Plain text. Merge fields: {fields}."
        own_company = company_of(request.user)

        class TemplateForm(form):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                # The form leaves `company` out for company admins, so Django skips the
                # (company, name) constraint: checked here, or a duplicate is a 500.
                cleaned: dict[str, Any] = super().clean()
                company = cleaned.get("company") or own_company
                others = EmailTemplate.objects.filter(company=company, name=(cleaned.get("name") or "").strip())
                if self.instance.pk:
                    others = others.exclude(pk=self.instance.pk)
                if company is not None and others.exists():
                    self.add_error("name", "Your company already has a template of this name.")
                return cleaned

        return TemplateForm


@admin.register(CandidateMessage)
class CandidateMessageAdmin(CompanyScopedAdmin):
    """The record of what was sent: read only (emails are sent from the portal and the API)."""

    list_display = ["subject", "resume", "job", "to", "status", "attempts", "sent_by", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to", "resume__candidate_name"]
    list_select_related = ["resume", "job", "sent_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
