import uuid

from django.db import models

from companies.tenancy import TenantQuerySet


class CompanyQuerySet(models.QuerySet):
    def for_company(self, company) -> "CompanyQuerySet":
        return self.none() if company is None else self.filter(pk=company.pk)


class Company(models.Model):
    """The tenant: every other row of Shortlist belongs to exactly one company."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Not unique: tenants are told apart by id, and a registration must not confirm
    # that some other company already uses a name.
    name = models.CharField(max_length=200)
    # How long candidate data is kept, in days; 0 keeps it until someone deletes it.
    retention_days = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base of every company-owned row: UUID key, the owning company, timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
