"""The admin side of the one tenancy mechanism.

Company administrators (role admin, hence staff) see and edit only their own
company's rows; superusers see everything.
"""

from __future__ import annotations

from django.contrib import admin

from companies.models import Company
from companies.roles import can
from companies.tenancy import company_of


def may_use_admin(user) -> bool:
    """Superusers and, for their own company, the roles companies.roles allows `admin_site`."""
    return can(user, "admin_site")


class CompanyScopedAdmin(admin.ModelAdmin):
    # Set on models whose rows have no `company` of their own.
    company_scope_field = "company"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.for_company(company_of(request.user))

    # Superusers see every company's rows, so they get the company as a column and
    # a filter; company admins never do (the filter would list other tenants).
    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if request.user.is_superuser and self.company_scope_field == "company":
            columns.append("company")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser and self.company_scope_field == "company":
            filters.append("company")
        return filters

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.company_scope_field == "company":
            exclude.append("company")
        return exclude

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related._default_manager, "for_company"):
            kwargs["queryset"] = related._default_manager.for_company(company_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related._default_manager, "for_company"):
            kwargs["queryset"] = related._default_manager.for_company(company_of(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and self.company_scope_field == "company":
            obj.company = company_of(request.user)
        super().save_model(request, obj, form, change)

    # Company admins hold no Django model permissions; their role is the permission.
    def has_module_permission(self, request):
        return may_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return may_use_admin(request.user)

    def has_add_permission(self, request):
        return may_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return may_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_use_admin(request.user)


@admin.register(Company)
class CompanyAdmin(CompanyScopedAdmin):
    list_display = ["name", "retention_days", "created_at"]
    search_fields = ["name"]
    company_scope_field = "pk"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
