"""The admin side of the one tenancy mechanism.

Company administrators (role admin, hence staff) see and edit only their own
company's rows; superusers see everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404

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
        self.scope_to_company(request, obj)
        super().save_model(request, obj, form, change)

    def scope_to_company(self, request, obj) -> None:
        """A company admin's row is their company's (an admin saving through a service calls this first)."""
        if not request.user.is_superuser and self.company_scope_field == "company":
            obj.company = company_of(request.user)

    def _require_visible(self, request, object_id) -> None:
        # Before any permission check: a read-only admin would otherwise answer 403 to
        # another company's row, where every other route answers 404.
        from django.contrib.admin.utils import unquote

        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404("Not found.")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._require_visible(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the admin index with "doesn't exist"; another company's
        # row is simply not found here, as in the portal and the API.
        raise Http404("Not found.")

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
