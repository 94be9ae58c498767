"""The one tenancy mechanism.

Every company-owned queryset exposes `for_company(company)`. The portal
helpers, the DRF base viewset and the admin base class all go through it, so
"not found" and "belongs to another company" are the same 404 everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404


class TenantQuerySet(models.QuerySet):
    def for_company(self, company) -> TenantQuerySet:
        if company is None:
            return self.none()
        return self.filter(company=company)


def company_of(user) -> Any:
    """The company a signed-in user works for, or None (anonymous, superuser without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "company", None)


def get_for_company_or_404(queryset_or_model, company, **lookups):
    """One row of `company`; a missing row and another company's row are the same 404."""
    if isinstance(queryset_or_model, type):
        queryset = queryset_or_model._default_manager.all()
    else:
        queryset = queryset_or_model
    try:
        return queryset.for_company(company).get(**lookups)
    except (queryset.model.DoesNotExist, ValidationError, ValueError) as error:
        # A malformed UUID in the URL is "not found" too, never a 500.
        raise Http404("Not found.") from error
