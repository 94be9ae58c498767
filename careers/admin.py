"""A company's careers page settings (address, logo, colours) in the Django admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careers.models import CareersSite, ScreeningQuestion
from companies.admin import CompanyScopedAdmin
from companies.tenancy import company_of


@admin.register(CareersSite)
class CareersSiteAdmin(CompanyScopedAdmin):
    list_display = ["slug", "published", "brand_colour", "updated_at"]
    readonly_fields = ["created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One careers page per company: a company admin adds it once, then edits it.
        if not super().has_add_permission(request):
            return False
        if request.user.is_superuser:
            return True
        return not CareersSite.objects.for_company(company_of(request.user)).exists()


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(CompanyScopedAdmin):
    list_display = ["text", "job", "kind", "required", "knockout_answer", "position"]
    list_filter = ["kind", "required"]
    readonly_fields = ["created_at", "updated_at"]
