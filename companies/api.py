"""The DRF side of the one tenancy mechanism."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.exceptions import NotFound

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


class CompanyScopedReadOnlyViewSet(CompanyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
