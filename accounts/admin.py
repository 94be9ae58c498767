"""Users and invitations in the Django admin, scoped to the administrator's company."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts import services
from accounts.forms import AdminLoginForm
from accounts.models import Invitation, SignInFailure, User
from companies.admin import CompanyScopedAdmin

# simplejwt's blacklist tables list every company's users and tokens: not for the
# company-scoped admin (logout, rotation and revocation manage them).
admin.site.unregister(OutstandingToken)
admin.site.unregister(BlacklistedToken)

# The admin's own sign-in counts failures with the portal and the API: one limit.
admin.site.login_form = AdminLoginForm


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(CompanyScopedAdmin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ["email", "full_name", "role", "is_active", "last_login", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    ordering = ["full_name", "email"]
    readonly_fields = ["is_staff", "last_login", "created_at", "updated_at"]
    filter_horizontal = ["groups", "user_permissions"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]}),
    ]
    company_admin_fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff"]}),
        ("Dates", {"fields": ["last_login", "created_at", "updated_at"]}),
    ]
    superuser_fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "company", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("company")
        if not request.user.is_superuser:
            # A superuser attached to a company is still not the company's to edit.
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            if request.user.is_superuser:
                return [(None, {"classes": ["wide"], "fields": [*self.add_fieldsets[0][1]["fields"], "company"]})]
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.company_admin_fieldsets


@admin.register(Invitation)
class InvitationAdmin(CompanyScopedAdmin):
    """Invitations are issued from the portal's Team page, where the one-time link
    is shown; here they can be reviewed and revoked."""

    list_display = ["email", "role", "invitation_status", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = [
        "email",
        "role",
        "invited_by",
        "expires_at",
        "accepted_at",
        "accepted_user",
        "revoked_at",
        "created_at",
        "updated_at",
    ]
    actions = ["revoke"]

    @admin.display(description="Status")
    def invitation_status(self, obj: Invitation) -> str:
        return obj.status

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected pending invitations")
    def revoke(self, request, queryset):
        count = 0
        for invitation in queryset:
            if invitation.is_usable:
                services.invitation_revoke(invitation=invitation, revoked_by=request.user)
                count += 1
        self.message_user(request, f"{count} invitation(s) revoked.", messages.SUCCESS)


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    """Failed sign-ins of an (account, address) pair, hashed: no company, so superusers
    only. Deleting a row lifts its pause at once."""

    list_display = ["key", "failures", "last_failure_at", "locked_until"]
    readonly_fields = ["key", "failures", "last_failure_at", "locked_until"]
    ordering = ["-last_failure_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
