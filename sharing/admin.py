"""Shared links in the Django admin: review and revoke. Links are created in the
portal or API, the only place their one-time token can be shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from companies.admin import CompanyScopedAdmin
from sharing.models import SharedLink


@admin.register(SharedLink)
class SharedLinkAdmin(CompanyScopedAdmin):
    list_display = ["resume", "job", "link_active", "expires_at", "revoked_at", "view_count", "created_by"]
    list_filter = ["show_contact", "allow_download", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "job__title"]
    exclude = ["token_hash"]
    readonly_fields = [
        "resume", "job", "created_by", "expires_at", "show_contact", "allow_download",
        "revoked_at", "view_count", "last_viewed_at", "created_at", "updated_at",
    ]
    list_select_related = ["resume", "job", "created_by"]
    actions = ["revoke"]

    @admin.display(boolean=True, description="Active")
    def link_active(self, obj: SharedLink) -> bool:
        return obj.is_active

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected links")
    def revoke(self, request, queryset):
        # TODO(lead): call the sharing service's revoke once sharing/services.py exists.
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} link(s) revoked.", messages.SUCCESS)
