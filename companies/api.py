"""The DRF side of the one tenancy mechanism."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import routers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from companies.permissions import RolePermission  # noqa: F401 - the API side, importable from here too
from companies.tenancy import company_of


class CompanyScopedViewSetMixin:
    """Every queryset goes through `for_company`; creation stamps the user's company.

    Another company's object is therefore simply not in the queryset: a 404.
    """

    def get_company(self):
        company = company_of(self.request.user)
        if company is None:
            raise NotFound("Your account does not belong to a company.")
        return company

    def get_queryset(self):
        return super().get_queryset().for_company(self.get_company())

    def perform_create(self, serializer):
        serializer.save(company=self.get_company())


class CompanyScopedModelViewSet(CompanyScopedViewSetMixin, viewsets.ModelViewSet):
    pass



def call_service(function, **kwargs):
    """Run a service from an API view, turning Django's errors into API errors (403/400)."""
    try:
        return function(**kwargs)
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise ValidationError(detail) from error


class OptionalSlashRouter(routers.SimpleRouter):
    """Routes that answer with and without a trailing slash (`/api/v1/jobs` and `/api/v1/jobs/`)."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"
