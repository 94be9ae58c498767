"""API keys and the audit log in the Django admin, for company administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from companies.admin import CompanyScopedAdmin
from companies.roles import can
from integrations import keys, webhooks
from integrations.models import ApiKey, AuditEntry, WebhookDelivery, WebhookEndpoint, WebhookEvent


@admin.register(ApiKey)
class ApiKeyAdmin(CompanyScopedAdmin):
    list_display = ["name", "prefix", "access", "resources", "key_active", "last_used_at", "created_by", "created_at"]
    list_filter = ["access"]
    search_fields = ["name", "prefix"]
    fields = ["name", "access", "resources", "prefix", "created_by", "revoked_at", "last_used_at", "created_at"]
    readonly_fields = ["prefix", "created_by", "revoked_at", "last_used_at", "created_at"]
    actions = ["revoke"]

    @admin.display(boolean=True, description="Active")
    def key_active(self, obj: ApiKey) -> bool:
        return obj.is_active

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A key's scope is fixed once issued: an integration's reach never grows silently.
        if obj is not None:
            return [*self.readonly_fields, "name", "access", "resources"]
        return list(self.readonly_fields)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "manage_integrations") and super().has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the row keeps the key's history

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        if request.user.is_superuser and request.user.company_id is None:
            raise PermissionDenied("Keys are made by a company's administrator.")
        issued = keys.api_key_create(
            user=request.user, name=obj.name, access=obj.access, resources=list(obj.resources or [])
        )
        # The admin goes on with `obj` (history, redirect): make it the row the service made.
        obj.__dict__.update(issued.api_key.__dict__)
        self.message_user(
            request,
            f"API key created. Copy it now, it will not be shown again: {issued.key}",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request: Any, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset:
            keys.api_key_revoke(api_key=api_key, user=request.user)
        self.message_user(request, f"{queryset.count()} key(s) revoked.", messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(CompanyScopedAdmin):
    """Read-only: the log is append-only."""

    list_display = ["created_at", "actor_label", "action", "target_type", "target_label", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_label", "target_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "data",
        "ip_address",
    ]
    exclude = ["actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(CompanyScopedAdmin):
    list_display = ["url", "events", "is_active", "consecutive_failures", "disabled_at", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url"]
    fields = ["url", "events", "is_active", "secret", "consecutive_failures", "disabled_at", "created_by"]
    readonly_fields = ["secret", "consecutive_failures", "disabled_at", "created_by"]
    actions = ["switch_on"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "manage_integrations") and super().has_module_permission(request)

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "events":
            # Tick boxes rather than a comma-separated list of event names.
            from django import forms

            return forms.TypedMultipleChoiceField(
                choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple, required=True
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if change:
            if obj.is_active and obj.disabled_at is not None:
                obj.disabled_at, obj.consecutive_failures = None, 0
            super().save_model(request, obj, form, change)
            return
        if request.user.is_superuser and request.user.company_id is None:
            raise PermissionDenied("Endpoints are registered by a company's administrator.")
        endpoint = webhooks.webhook_endpoint_create(user=request.user, url=obj.url, events=list(obj.events))
        # The admin goes on with `obj` (history, redirect): make it the row the service made.
        obj.__dict__.update(endpoint.__dict__)

    @admin.action(description="Switch the selected endpoints on again")
    def switch_on(self, request: Any, queryset: QuerySet[WebhookEndpoint]) -> None:
        count = queryset.update(is_active=True, disabled_at=None, consecutive_failures=0)
        self.message_user(request, f"{count} endpoint(s) switched on.", messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(CompanyScopedAdmin):
    """The delivery log: read-only, with a replay action."""

    list_display = ["created_at", "event", "endpoint", "status", "attempts", "response_code", "last_attempt_at"]
    list_filter = ["status", "event"]
    search_fields = ["endpoint__url", "event", "response_excerpt"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_code",
        "response_excerpt",
        "error",
        "body",
        "last_attempt_at",
        "delivered_at",
        "created_at",
    ]
    actions = ["replay"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "manage_integrations") and super().has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Replay the selected deliveries")
    def replay(self, request: Any, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset.select_related("endpoint"):
            webhooks.webhook_replay(delivery=delivery, user=request.user)
        self.message_user(request, f"{queryset.count()} deliveries queued again.", messages.SUCCESS)
