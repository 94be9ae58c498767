"""The DRF side of the one tenancy mechanism."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError as DjangoValidationError
from django.http import HttpRequest
from rest_framework import routers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from companies.models import Company
from companies.permissions import RolePermission  # noqa: F401 - the API side, importable from here too
from companies.tenancy import company_of


def request_company(request: HttpRequest | Request) -> Company:
    """The company of the request's user; a user without one finds nothing (404)."""
    company: Company | None = company_of(request.user)
    if company is None:
        raise NotFound("Your account does not belong to a company.")
    return company


class CompanyScopedViewSetMixin:
    """Every queryset goes through `for_company`; creation stamps the user's company.

    Another company's object is therefore simply not in the queryset: a 404.
    """

    def get_company(self):
        return request_company(self.request)

    def get_queryset(self):
        return super().get_queryset().for_company(self.get_company())

    def perform_create(self, serializer):
        serializer.save(company=self.get_company())


class CompanyScopedModelViewSet(CompanyScopedViewSetMixin, viewsets.ModelViewSet):
    pass


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Services raise Django's errors; every API view answers them the same way.

    DRF already maps Django's PermissionDenied (403) and Http404 (404). A Django
    ValidationError becomes a 400 with field errors under their fields and errors
    about the whole request (`__all__`, or no field at all) under `detail`, the key
    DRF's own errors use.
    """
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(_validation_detail(exc))
    return exception_handler(exc, context)


def _validation_detail(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"detail": " ".join(error.messages)}
    errors = dict(error.message_dict)
    whole = errors.pop(NON_FIELD_ERRORS, None)
    return {"detail": " ".join(whole), **errors} if whole else errors


class OptionalSlashRouter(routers.SimpleRouter):
    """Routes that answer with and without a trailing slash (`/api/v1/jobs` and `/api/v1/jobs/`)."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"
