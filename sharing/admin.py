"""Shared links in the Django admin: review and revoke. Links are created in the
portal or API, the only place their one-time token can be shown."""

from __future__ import annotations

from django.contrib import admin, messages

from companies.admin import CompanyScopedAdmin
from sharing.models import SharedLink, SharedLinkView
from sharing.services import shared_links_revoke


@admin.register(SharedLink)
class SharedLinkAdmin(CompanyScopedAdmin):
    list_display = ["resume", "job", "link_active", "expires_at", "revoked_at", "view_count", "created_by"]
    list_filter = ["show_contact", "allow_download", ("job", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["resume__candidate_name", "job__title"]
    exclude = ["token_hash"]
    readonly_fields = [
        "resume",
        "job",
        "created_by",
        "expires_at",
        "show_contact",
        "allow_download",
        "revoked_at",
        "view_count",
        "last_viewed_at",
        "created_at",
        "updated_at",
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
        count = shared_links_revoke(queryset=queryset, user=request.user)
        self.message_user(request, f"{count} link(s) revoked.", messages.SUCCESS)


@admin.register(SharedLinkView)
class SharedLinkViewAdmin(CompanyScopedAdmin):
    """The visit log behind each link's view count: read-only."""

    list_display = ["link", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["link", "link__resume", "link__job"]
    readonly_fields = ["link", "kind", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
